"""19.0.1.1.0: supervisors are booked like workers, through a crew line of their own."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["sp.intervention"].search(
        [("supervisor_id", "!=", False)]
    )._sync_supervisor_lines()
