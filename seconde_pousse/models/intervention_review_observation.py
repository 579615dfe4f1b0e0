from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError


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
    validated_date = fields.Date(readonly=True, copy=False)
    validated_by_id = fields.Many2one("res.users", readonly=True, copy=False)

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

    def action_validate(self):
        """The CIP confirms the skills seen on the job: each becomes a skill of
        the employee (hr_skills), at its type's default level, once."""
        if not self.env.user.has_group("seconde_pousse.group_sp_cip"):
            raise AccessError(_("Only a CIP validates the skills seen on the job."))
        to_validate = self.filtered(lambda o: not o.validated_date)
        current = self.env["hr.employee.skill"].search(
            [
                ("employee_id", "in", to_validate.employee_id.ids),
                ("skill_id", "in", to_validate.skill_ids.ids),
            ]
        )
        known = {(skill.employee_id, skill.skill_id) for skill in current}
        vals_list = []
        for observation in to_validate:
            for skill in observation.skill_ids:
                if (observation.employee_id, skill) in known:
                    continue
                known.add((observation.employee_id, skill))
                skill_type = skill.skill_type_id
                level = skill_type.skill_level_ids.filtered(
                    "default_level"
                ) or skill_type.skill_level_ids.sorted("level_progress")
                vals_list.append(
                    {
                        "employee_id": observation.employee_id.id,
                        "skill_id": skill.id,
                        "skill_type_id": skill_type.id,
                        "skill_level_id": level[:1].id,
                    }
                )
        self.env["hr.employee.skill"].create(vals_list)
        to_validate.write(
            {
                "validated_date": fields.Date.context_today(self),
                "validated_by_id": self.env.user.id,
            }
        )
        return True
