"""19.0.1.1.0: field staff have a role (supervisor, insertion employee), and only
they can be on a crew.

A database of 19.0.1.0.0 has no roles yet: the people who lead jobs become
supervisors and the people on crews insertion employees, before the ORM and the
data (which check crews) meet them.
"""

from openupgradelib import openupgrade


def migrate(cr, version):
    if not openupgrade.table_exists(cr, "sp_intervention"):
        return
    if not openupgrade.column_exists(cr, "hr_employee", "sp_role"):
        openupgrade.logged_query(
            cr, "ALTER TABLE hr_employee ADD COLUMN sp_role varchar"
        )
    openupgrade.logged_query(
        cr,
        """
        UPDATE hr_employee SET sp_role = 'supervisor'
         WHERE sp_role IS NULL
           AND id IN (SELECT supervisor_id FROM sp_intervention)
        """,
    )
    openupgrade.logged_query(
        cr,
        """
        UPDATE hr_employee SET sp_role = 'insertion'
         WHERE sp_role IS NULL
           AND id IN (SELECT employee_id FROM sp_intervention_worker)
        """,
    )
