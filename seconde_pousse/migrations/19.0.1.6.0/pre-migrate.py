"""19.0.1.6.0: crew lines say themselves whether they are released (cancelled job),
instead of copying every state of their intervention.

Before the ORM adds the new exclusion constraint (on ``released``), the column
must hold the truth: the lines of cancelled interventions are released.
"""


def migrate(cr, version):
    cr.execute(
        """
        ALTER TABLE sp_intervention_worker ADD COLUMN IF NOT EXISTS released boolean;
        UPDATE sp_intervention_worker line
           SET released = (intervention.state = 'cancelled')
          FROM sp_intervention intervention
         WHERE intervention.id = line.intervention_id
        """
    )
