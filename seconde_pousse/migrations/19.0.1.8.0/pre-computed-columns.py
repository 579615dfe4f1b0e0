"""A database from before invoicing (19.0.1.4.0 and older) has no expected amount.

The ORM would compute the new stored column while it creates it, before the
addon's data (its products and pricelists) exist, and the upgrade would stop
there. The column is created empty (NULL) here; the post-migration computes it
once the data is loaded.
"""

from openupgradelib import openupgrade


def migrate(cr, version):
    if openupgrade.table_exists(
        cr, "sp_intervention"
    ) and not openupgrade.column_exists(cr, "sp_intervention", "amount_to_invoice"):
        openupgrade.logged_query(
            cr, "ALTER TABLE sp_intervention ADD COLUMN amount_to_invoice numeric"
        )
