from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SpInterventionReviewObservation(models.Model):
    """What a worker showed on the job, noted at the review of an intervention.

    The skills seen at work feed the worker's integration pathway. These notes
    are personal data of an insertion employee: HR officers (CIP) alone read
    them, never the farm, the portal or the supervisors without HR rights.
    """

    _name = "sp.intervention.review.observation"
    _description = "Observation of a Worker on the Job"
    _order = "review_id, employee_id, id"

    review_id = fields.Many2one(
        "sp.intervention.review",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="review_id.company_id", store=True, index=True)
    intervention_id = fields.Many2one(
        related="review_id.intervention_id", store=True, string="Intervention"
    )
    date = fields.Date(related="review_id.date", store=True)
    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, ondelete="cascade"
    )
    skill_ids = fields.Many2many("hr.skill", string="Skills Seen on the Job")
    note = fields.Text()

    _employee_uniq = models.Constraint(
        "unique(review_id, employee_id)",
        "A worker has a single observation per review.",
    )

    @api.constrains("review_id", "employee_id")
    def _check_employee_on_crew(self):
        for observation in self:
            if (
                observation.employee_id
                not in observation.review_id.intervention_id.worker_line_ids.employee_id
            ):
                raise ValidationError(
                    _(
                        "%(employee)s did not work on %(intervention)s: only its "
                        "workers are observed in its review.",
                        employee=observation.employee_id.name,
                        intervention=observation.review_id.intervention_id.name,
                    )
                )
