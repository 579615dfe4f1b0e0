from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_datetime

from .booking import exclusion_constraint, existing_key, first_clash, settle_constraints

# Bookings compare as in the exclusion constraint below, so that its GiST index serves them.
BOOKED_PERIOD = "tsrange({0}.planned_start, {0}.planned_end, '[)')"
# Rows with no period, or a backwards one (refused in Python with a clear message), book nobody.
IS_BOOKING = "({0}.state != 'cancelled' AND {0}.planned_start < {0}.planned_end)"


def _clash_message(env, diagnostics):
    return env["sp.intervention.worker"]._clash_message_from_diagnostics(diagnostics)


class SpInterventionWorker(models.Model):
    """One person of the crew on an intervention, with planned and worked hours.

    The supervisor has a line too (role ``supervisor``), kept in step with the
    intervention's ``supervisor_id``: a person is booked once, whatever the
    role. These lines are the single source of the hours worked, for invoicing
    the farm and for the integration pathway of each employee.
    """

    _name = "sp.intervention.worker"
    _description = "Intervention Worker"
    _order = "intervention_id, role desc, id"
    _rec_name = "employee_id"

    intervention_id = fields.Many2one(
        "sp.intervention", string="Intervention", required=True, index=True, ondelete="cascade",
    )
    employee_id = fields.Many2one("hr.employee", string="Employee", required=True, index=True, ondelete="restrict")
    role = fields.Selection(
        [("worker", "Worker"), ("supervisor", "Supervisor")], required=True, default="worker", readonly=True,
    )
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

    # Both deferred: _check_crew speaks first, then settles them (see booking.py).
    _employee_uniq = models.Constraint(
        "UNIQUE(intervention_id, employee_id) DEFERRABLE INITIALLY DEFERRED",
        "This person is already on the crew of this intervention.",
    )
    _no_double_booking = models.Constraint(
        exclusion_constraint("sp_intervention_worker", "employee_id", "planned_start", "planned_end",
                             IS_BOOKING.format("sp_intervention_worker")),
        _clash_message,
    )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.intervention_id._sync_calendar_events()
        return lines

    def write(self, vals):
        result = super().write(vals)
        if "employee_id" in vals:
            self.intervention_id._sync_calendar_events()
        return result

    def unlink(self):
        interventions = self.intervention_id
        result = super().unlink()
        interventions.exists()._sync_calendar_events()
        return result

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

    @api.constrains("intervention_id")
    def _check_intervention_open(self):
        cancelled = self.intervention_id.filtered(lambda i: i.state == "cancelled")
        if cancelled:
            raise ValidationError(_(
                "%(intervention)s is cancelled: no one can be added to its crew.",
                intervention=cancelled[0].name,
            ))

    @api.constrains("intervention_id", "employee_id")
    def _check_crew(self):
        """A person is once on a crew, and on no other intervention at the same time.

        Also run by the intervention when its dates or state change.
        """
        if not self:
            return
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
        if clash := first_clash(self, "employee_id", "planned_start", "planned_end", IS_BOOKING):
            line, other = clash
            raise ValidationError(self._clash_message(line.employee_id, other))
        settle_constraints(self, "employee_uniq", "no_double_booking")

    def _clash_message(self, employee, other_line):
        intervention = other_line.intervention_id
        tz = self.env.context.get("tz") or self.env.user.tz
        return _(
            "%(person)s is already booked on %(intervention)s (%(farm)s) from %(start)s to %(end)s.",
            person=employee.name, intervention=intervention.name, farm=intervention.farm_id.name,
            start=format_datetime(self.env, intervention.planned_start, tz=tz, dt_format="short"),
            end=format_datetime(self.env, intervention.planned_end, tz=tz, dt_format="short"),
        )

    @api.model
    def _clash_message_from_diagnostics(self, diagnostics):
        """The message of the exclusion constraint, when PostgreSQL had the last word."""
        key = existing_key(diagnostics)
        if not key:
            return _("This person is already booked on another intervention at that time.")
        employee_id, start, end = key
        other = self.sudo().search([
            ("employee_id", "=", employee_id), ("state", "!=", "cancelled"),
            ("planned_start", "=", start), ("planned_end", "=", end),
        ], limit=1)
        return self._clash_message(other.employee_id, other)
