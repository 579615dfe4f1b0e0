"""The expected amount of the jobs of a database from before invoicing, computed
now that the products and pricelists it reads are loaded (see the pre-migration,
which left it NULL: a computed amount is never NULL)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute("SELECT id FROM sp_intervention WHERE amount_to_invoice IS NULL")
    interventions = env["sp.intervention"].browse(row[0] for row in cr.fetchall())
    if interventions:
        env.add_to_compute(interventions._fields["amount_to_invoice"], interventions)
        interventions.flush_recordset(["amount_to_invoice"])
