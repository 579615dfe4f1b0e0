"""19.0.1.6.0: crew lines say themselves whether they are released (cancelled job),
instead of copying every state of their intervention.

Before the ORM adds the new exclusion constraint (on ``released``), the column
must hold the truth: the lines of cancelled interventions are released.
"""

from openupgradelib import openupgrade


def migrate(cr, version):
    if not openupgrade.table_exists(cr, "sp_intervention_worker"):
        return
    if not openupgrade.column_exists(cr, "sp_intervention_worker", "released"):
        openupgrade.logged_query(
            cr, "ALTER TABLE sp_intervention_worker ADD COLUMN released boolean"
        )
    openupgrade.logged_query(
        cr,
        """
        UPDATE sp_intervention_worker line
           SET released = (intervention.state = 'cancelled')
          FROM sp_intervention intervention
         WHERE intervention.id = line.intervention_id
        """,
    )
