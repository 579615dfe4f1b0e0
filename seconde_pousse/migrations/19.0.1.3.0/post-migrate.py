"""19.0.1.3.0: every intervention done has its review.

Interventions marked done before reviews existed got theirs from the overdue
reminder; the reminder now only reminds, so they get them here, once.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    done = env["sp.intervention"].search([("state", "=", "done")])
    env["sp.intervention.review"]._open_for(done)
