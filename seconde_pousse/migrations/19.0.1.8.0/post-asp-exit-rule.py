"""19.0.1.8.0: an exit counts as the ASP counts it, (exit - hiring) x 0.0328767
months > 2.65, no longer counting both ends (an exit 80 days after hiring no
longer counts): the stored rule of the exited pathways is computed again."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    pathways = env["sp.pathway"].search([("state", "=", "exited")])
    env.add_to_compute(pathways._fields["counts_as_exit"], pathways)
    env.flush_all()
