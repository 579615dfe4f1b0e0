"""The farm now gets its completed review by e-mail, sent by a cron. The reviews
completed before the upgrade were sent by hand or not at all: they are marked as
sent, so that the upgrade does not e-mail every farm its past reviews."""

from openupgradelib import openupgrade


def migrate(cr, version):
    table = "sp_intervention_review"
    if not openupgrade.table_exists(cr, table) or openupgrade.column_exists(
        cr, table, "farm_sent"
    ):
        return
    openupgrade.logged_query(cr, f"ALTER TABLE {table} ADD COLUMN farm_sent boolean")
    openupgrade.logged_query(cr, f"UPDATE {table} SET farm_sent = (state = 'done')")
