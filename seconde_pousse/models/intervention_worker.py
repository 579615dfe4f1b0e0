from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# Who may be on a crew: the people who work on the farms.
FIELD_ROLES = ("insertion", "supervisor")
# Interventions whose attendees' hours are worked hours.
WORKED_STATES = ("done", "reviewed", "invoiced")


class SpInterventionWorker(models.Model):
    """One person of the crew on an intervention, with planned and worked hours.

    The supervisor has a line too (role ``supervisor``), kept in step with the
    intervention's ``supervisor_id``: a person is booked once, whatever the
    role. These lines are the single source of the hours worked, for invoicing
    the farm and for the integration pathway of each employee.
    """

    _name = "sp.intervention.worker"
    _inherit = ["sp.booking.mixin"]
    _description = "Intervention Worker"
    _order = "intervention_id, role desc, id"
    _rec_name = "employee_id"
    _booking_resource = "employee_id"
    _booking_start = "planned_start"
    _booking_stop = "planned_end"
    _booking_settled_constraints = ("employee_uniq", "no_double_booking")
    # Written by the intervention when it is cancelled or back from cancelled only:
    # planning and confirming a week costs its crew lines nothing.
    _booking_released_field = "released"

    intervention_id = fields.Many2one(
        "sp.intervention",
        required=True,
        index=True,
        ondelete="cascade",
    )
    employee_id = fields.Many2one(
        "hr.employee",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('company_id', 'in', (company_id, False))]",
    )
    role = fields.Selection(
        [("worker", "Worker"), ("supervisor", "Supervisor")],
        required=True,
        default="worker",
        readonly=True,
    )
    # Copies of the intervention's, written with the line itself (precompute): the
    # booking constraint and the hours reports read them without a join.
    company_id = fields.Many2one(
        related="intervention_id.company_id", store=True, index=True, precompute=True
    )
    farm_id = fields.Many2one(
        related="intervention_id.farm_id", store=True, string="Farm", precompute=True
    )
    state = fields.Selection(
        related="intervention_id.state", string="Intervention Status"
    )
    released = fields.Boolean(
        readonly=True,
        copy=False,
        help="The intervention is cancelled: this person is free again.",
    )
    planned_start = fields.Datetime(
        related="intervention_id.planned_start", store=True, precompute=True
    )
    planned_end = fields.Datetime(
        related="intervention_id.planned_end", store=True, precompute=True
    )
    planned_hours = fields.Float(
        compute="_compute_planned_hours",
        store=True,
        readonly=False,
        precompute=True,
        digits=(4, 2),
        help="Defaults to the planned duration of the intervention.",
    )
    attended = fields.Boolean(
        string="Present",
        default=True,
        help="Everyone is expected; the supervisor marks who did not come.",
    )
    absence_type = fields.Selection(
        [("excused", "Excused"), ("unexcused", "Unexcused")],
        string="Absence",
    )
    absence_reason = fields.Char(string="Absence Note")
    # Who works where, in the crew calendar: the person, then the farm and its town.
    calendar_label = fields.Char(compute="_compute_calendar_label")
    hours_worked = fields.Float(
        compute="_compute_hours_worked",
        store=True,
        readonly=False,
        precompute=True,
        digits=(4, 2),
        help="Empty until the job is done; then the planned hours of each attendee, "
        "as the supervisor corrects them. 0 for an absentee.",
    )

    # Deferred like the booking's exclusion: _check_crew speaks first, then settles
    # both.
    _employee_uniq = models.Constraint(
        "UNIQUE(intervention_id, employee_id) DEFERRABLE INITIALLY DEFERRED",
        "This person is already on the crew of this intervention.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.intervention_id._sync_calendar_events_of_crew()
        return lines

    def write(self, vals):
        result = super().write(vals)
        if "employee_id" in vals:
            self.intervention_id._sync_calendar_events_of_crew()
        return result

    def unlink(self):
        interventions = self.intervention_id
        result = super().unlink()
        interventions.exists()._sync_calendar_events_of_crew()
        return result

    @api.depends("employee_id.name", "farm_id.name", "farm_id.city")
    def _compute_calendar_label(self):
        for line in self:
            farm = line.farm_id
            where = f"{farm.name} ({farm.city})" if farm.city else farm.name
            line.calendar_label = f"{line.employee_id.name} · {where}"

    @api.depends("intervention_id.planned_duration")
    def _compute_planned_hours(self):
        for line in self:
            line.planned_hours = min(line.intervention_id.planned_duration, 24.0)

    @api.depends("attended")
    def _compute_hours_worked(self):
        # An absentee worked no hours. The attendees' hours come when the job is
        # done (``sp.intervention._fill_hours_worked``): hours not yet worked are not
        # hours worked, for the reports of hours and the pathways' ledger.
        for line in self:
            if not line.attended:
                line.hours_worked = 0.0
            elif not line.hours_worked and line.intervention_id.state in WORKED_STATES:
                line.hours_worked = line.planned_hours

    def action_mark_present(self):
        self.write({"attended": True, "absence_type": False})
        return True

    def action_mark_absent(self):
        self.write({"attended": False, "absence_type": "unexcused"})
        return True

    @api.constrains("planned_hours", "hours_worked")
    def _check_hours(self):
        for line in self:
            for hours in (line.planned_hours, line.hours_worked):
                if not 0 <= hours <= 24:
                    raise ValidationError(
                        _(
                            "%(employee)s on %(intervention)s: hours must be between 0 "
                            "and 24, not %(hours)s.",
                            employee=line.employee_id.name,
                            intervention=line.intervention_id.name,
                            hours=hours,
                        )
                    )

    @api.constrains("intervention_id")
    def _check_intervention_open(self):
        cancelled = self.intervention_id.filtered(lambda i: i.state == "cancelled")
        if cancelled:
            raise ValidationError(
                _(
                    "%(intervention)s is cancelled: no one can be added to its crew.",
                    intervention=cancelled[0].name,
                )
            )

    @api.constrains("employee_id", "intervention_id")
    def _check_field_staff(self):
        """Field staff of the intervention's company only.

        One pass over the lines, as the system: planners read employees through
        their public profile, and a batch of a week holds hundreds of lines.
        """
        for line in self.sudo():
            employee = line.employee_id
            if employee.sp_role not in FIELD_ROLES:
                raise ValidationError(
                    _(
                        "%(employee)s is not an insertion employee nor a technical "
                        "supervisor, "
                        "and cannot be on the crew of %(intervention)s.",
                        employee=employee.name,
                        intervention=line.intervention_id.name,
                    )
                )
            if employee.company_id and employee.company_id != line.company_id:
                raise ValidationError(
                    _(
                        "%(employee)s works for %(company)s and cannot be on the crew "
                        "of %(intervention)s, an intervention of %(other)s.",
                        employee=employee.name,
                        company=employee.company_id.name,
                        intervention=line.intervention_id.name,
                        other=line.company_id.name,
                    )
                )

    @api.constrains("intervention_id", "employee_id")
    def _check_crew(self):
        """A person is once on a crew, and on no other intervention at the same time.

        Also run by the intervention when its dates or state change.
        """
        if not self:
            return
        duplicates = self._read_group(
            [("intervention_id", "in", self.intervention_id.ids)],
            ["intervention_id", "employee_id"],
            ["__count"],
            having=[("__count", ">", 1)],
        )
        if duplicates:
            intervention, employee, _count = duplicates[0]
            raise ValidationError(
                _(
                    "%(employee)s is already on the crew of %(intervention)s.",
                    employee=employee.name,
                    intervention=intervention.name,
                )
            )
        self._check_booking()

    def _booking_clash_message(self, other):
        intervention = other.intervention_id
        return _(
            "%(person)s is already booked on %(intervention)s (%(farm)s) from "
            "%(start)s to %(end)s.",
            person=other.employee_id.name,
            intervention=intervention.name,
            farm=intervention.farm_id.name,
            start=self._booking_format(intervention.planned_start),
            end=self._booking_format(intervention.planned_end),
        )

    @api.model
    def _booking_clash_fallback_message(self):
        return _("This person is already booked on another intervention at that time.")

    def _clash_descriptions(self):
        """One line per booking of ``self`` in the way of a series."""
        descriptions = []
        for line in self:  # not a comprehension: _() finds the language in this frame
            descriptions.append(
                _(
                    "%(person)s is already on %(intervention)s",
                    person=line.employee_id.name,
                    intervention=line.intervention_id.display_name,
                )
            )
        return descriptions
