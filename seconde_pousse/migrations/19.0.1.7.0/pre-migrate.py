"""19.0.1.7.0: the absence a supervisor records on a crew line is a short choice,
and its free text becomes a detail for the CIP only.

Before the ORM loads the new selection (it would empty the values it no longer
knows): excused becomes notified, unexcused not notified. The free-text note
(``absence_reason``, read by every planner) moves to ``absence_detail``, which
the CIP group alone reads: it often held health information.

A database may come from a version before the choice existed (19.0.1.3.0 and
older have no ``absence_type``): then only the note moves, and the ORM computes
the choice of each absent line.
"""

from openupgradelib import openupgrade

TABLE = "sp_intervention_worker"


def migrate(cr, version):
    if not openupgrade.table_exists(cr, TABLE):
        return
    if openupgrade.column_exists(cr, TABLE, "absence_type"):
        openupgrade.logged_query(
            cr,
            f"""
            UPDATE {TABLE}
               SET absence_type = CASE absence_type
                       WHEN 'excused' THEN 'notified'
                       WHEN 'unexcused' THEN 'not_notified'
                   END
             WHERE absence_type IN ('excused', 'unexcused')
            """,
        )
    if openupgrade.column_exists(
        cr, TABLE, "absence_reason"
    ) and not openupgrade.column_exists(cr, TABLE, "absence_detail"):
        openupgrade.rename_columns(cr, {TABLE: [("absence_reason", "absence_detail")]})
        openupgrade.logged_query(
            cr,
            """
            UPDATE ir_model_fields
               SET name = 'absence_detail'
             WHERE model = 'sp.intervention.worker' AND name = 'absence_reason'
            """,
        )
        openupgrade.logged_query(
            cr,
            """
            UPDATE ir_model_data
               SET name = 'field_sp_intervention_worker__absence_detail'
             WHERE module = 'seconde_pousse'
               AND name = 'field_sp_intervention_worker__absence_reason'
            """,
        )
