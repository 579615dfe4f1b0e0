"""19.0.1.7.0: the absence a supervisor records on a crew line is a short choice,
and its free text becomes a detail for the CIP only.

Before the ORM loads the new selection (it would empty the values it no longer
knows): excused becomes notified, unexcused not notified. The free-text note
(``absence_reason``, read by every planner) moves to ``absence_detail``, which
the CIP group alone reads: it often held health information.
"""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE sp_intervention_worker
           SET absence_type = CASE absence_type
                   WHEN 'excused' THEN 'notified'
                   WHEN 'unexcused' THEN 'not_notified'
               END
         WHERE absence_type IN ('excused', 'unexcused')
        """
    )
    cr.execute(
        """
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'sp_intervention_worker'
           AND column_name = 'absence_reason'
        """
    )
    if not cr.fetchone():
        return
    cr.execute(
        """
        ALTER TABLE sp_intervention_worker
            RENAME COLUMN absence_reason TO absence_detail;
        UPDATE ir_model_fields
           SET name = 'absence_detail'
         WHERE model = 'sp.intervention.worker' AND name = 'absence_reason';
        UPDATE ir_model_data
           SET name = 'field_sp_intervention_worker__absence_detail'
         WHERE module = 'seconde_pousse'
           AND name = 'field_sp_intervention_worker__absence_reason';
        """
    )
