"""19.0.1.4.0: hours not yet worked are not hours worked.

Crew lines used to get their planned hours as hours worked from the day they
were booked; only the jobs done keep them now.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    lines = env["sp.intervention.worker"].search(
        [
            ("state", "not in", ("done", "reviewed", "invoiced")),
            ("hours_worked", "!=", 0),
        ]
    )
    lines.hours_worked = 0.0
    # The crews' calendar events no longer add a "Meeting" activity to the job.
    meeting_types = env["mail.activity.type"].search([("category", "=", "meeting")])
    env["mail.activity"].search(
        [
            ("res_model", "=", "sp.intervention"),
            ("activity_type_id", "in", meeting_types.ids),
            ("calendar_event_id", "!=", False),
        ]
    ).unlink()
