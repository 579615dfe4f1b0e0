from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SpInterventionWorker(models.Model):
    """One person of the crew on an intervention, with planned and worked hours.

    These lines are the single source of the hours worked, for invoicing the
    farm and for the integration pathway of each employee.
    """

    _name = "sp.intervention.worker"
    _description = "Intervention Worker"
    _order = "intervention_id, id"
    _rec_name = "employee_id"

    intervention_id = fields.Many2one(
        "sp.intervention", string="Intervention", required=True, index=True, ondelete="cascade",
    )
    employee_id = fields.Many2one("hr.employee", string="Employee", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="intervention_id.company_id", store=True, index=True)
    farm_id = fields.Many2one(related="intervention_id.farm_id", store=True, string="Farm")
    state = fields.Selection(related="intervention_id.state", store=True, string="Intervention Status")
    planned_start = fields.Datetime(related="intervention_id.planned_start", store=True)
    planned_end = fields.Datetime(related="intervention_id.planned_end", store=True)
    planned_hours = fields.Float(
        compute="_compute_planned_hours", store=True, readonly=False, digits=(4, 2),
        help="Defaults to the planned duration of the intervention.",
    )
    attended = fields.Boolean(default=True)
    absence_reason = fields.Char()
    hours_worked = fields.Float(
        compute="_compute_hours_worked", store=True, readonly=False, digits=(4, 2),
        help="Defaults to the planned hours for an attendee, 0 for an absentee.",
    )

    # Deferred so that the Python check below names the person first; the
    # index still settles two planners adding the same person concurrently.
    _employee_uniq = models.Constraint(
        "UNIQUE(intervention_id, employee_id) DEFERRABLE INITIALLY DEFERRED",
        "This person is already on the crew of this intervention.",
    )

    @api.depends("intervention_id.planned_duration")
    def _compute_planned_hours(self):
        for line in self:
            line.planned_hours = min(line.intervention_id.planned_duration, 24.0)

    @api.depends("attended", "planned_hours")
    def _compute_hours_worked(self):
        for line in self:
            line.hours_worked = line.planned_hours if line.attended else 0.0

    @api.constrains("planned_hours", "hours_worked")
    def _check_hours(self):
        for line in self:
            for hours in (line.planned_hours, line.hours_worked):
                if not 0 <= hours <= 24:
                    raise ValidationError(_(
                        "%(employee)s on %(intervention)s: hours must be between 0 and 24, not %(hours)s.",
                        employee=line.employee_id.name, intervention=line.intervention_id.name, hours=hours,
                    ))

    @api.constrains("intervention_id", "employee_id")
    def _check_employee_once(self):
        duplicates = self._read_group(
            [("intervention_id", "in", self.intervention_id.ids)],
            ["intervention_id", "employee_id"], ["__count"], having=[("__count", ">", 1)],
        )
        if duplicates:
            intervention, employee, _count = duplicates[0]
            raise ValidationError(_(
                "%(employee)s is already on the crew of %(intervention)s.",
                employee=employee.name, intervention=intervention.name,
            ))

    @api.constrains("intervention_id")
    def _check_intervention_open(self):
        cancelled = self.intervention_id.filtered(lambda i: i.state == "cancelled")
        if cancelled:
            raise ValidationError(_(
                "%(intervention)s is cancelled: no one can be added to its crew.",
                intervention=cancelled[0].name,
            ))
