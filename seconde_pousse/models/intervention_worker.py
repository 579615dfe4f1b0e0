from collections import defaultdict
from datetime import timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

# Who may be on a crew: the people who work on the farms.
FIELD_ROLES = ("insertion", "supervisor")
# Interventions whose attendees' hours are worked hours, and in the ledger.
WORKED_STATES = ("done", "reviewed", "invoiced")
# What a supervisor records of an absence: a short choice, nothing about health.
ABSENCE_TYPES = [
    ("notified", "Notified"),
    ("not_notified", "Not notified"),
    ("late", "Late"),
    ("left_early", "Left early"),
]
ABSENT_TYPES = ("notified", "not_notified")
# Attended, with fewer hours than planned: the gap is an absence in the ledger.
PARTIAL_TYPES = ("late", "left_early")
# The crew line's fields the hours ledger reads.
LEDGER_FIELDS = {
    "employee_id",
    "attended",
    "absence_type",
    "hours_worked",
    "planned_hours",
}
# The work entry types of the ledger, by what the crew line says.
LEDGER_TYPES = {
    "worked": "seconde_pousse.sp_work_entry_type_intervention",
    "notified": "seconde_pousse.sp_work_entry_type_absence_notified",
    "not_notified": "seconde_pousse.sp_work_entry_type_absence_not_notified",
    "partial": "seconde_pousse.sp_work_entry_type_partial_absence",
}


class SpInterventionWorker(models.Model):
    """One person of the crew on an intervention, with planned and worked hours.

    The supervisor has a line too (role ``supervisor``), kept in step with the
    intervention's ``supervisor_id``: a person is booked once, whatever the
    role. These lines are the single source of the hours worked, for invoicing
    the farm and for the integration pathway of each employee.
    """

    _name = "sp.intervention.worker"
    _inherit = ["sp.booking.mixin", "sp.invoice.lock.mixin", "sp.referent.mixin"]
    _sp_referent_fields = ("absence_detail",)
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
    # The hours billed come from these: fixed while an invoice holds the job.
    _sp_invoice_locked_fields = frozenset({"intervention_id", "role", *LEDGER_FIELDS})

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
        help="Defaults to the working hours of the intervention: its schedule's "
        "hours between its start and end, without the night, the lunch break and "
        "public holidays.",
    )
    attended = fields.Boolean(
        string="Present",
        default=True,
        help="Everyone is expected; the supervisor marks who did not come.",
    )
    absence_type = fields.Selection(
        ABSENCE_TYPES,
        string="Absence",
        compute="_compute_absence_type",
        store=True,
        readonly=False,
        help="Absent: notified or not. Present: late or left early, with the hours "
        "actually worked. Any detail goes to the CIP, never here.",
    )
    # Free text about an absence ends up holding health information (a doctor's
    # appointment, an illness): the person's referent CIP(s) only, not the
    # supervisors, even those who are HR officers to note the skills observed at
    # reviews, nor the other CIPs.
    absence_detail = fields.Text(
        groups="seconde_pousse.group_sp_cip",
        copy=False,
        help="For the CIP only: the detail of an absence, if the person gave one.",
    )
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
        lines._sp_update_ledger(lines._sp_ledger_keys())
        return lines

    def write(self, vals):
        ledger = LEDGER_FIELDS & vals.keys()
        keys = self._sp_ledger_keys() if ledger else set()
        result = super().write(vals)
        if "employee_id" in vals:
            self.intervention_id._sync_calendar_events_of_crew()
        if ledger:
            self._sp_update_ledger(keys | self._sp_ledger_keys())
        return result

    def unlink(self):
        interventions = self.intervention_id
        keys = self._sp_ledger_keys()
        by_intervention = self._sp_ledger_keys_by_intervention()
        result = super().unlink()
        interventions.exists()._sync_calendar_events_of_crew()
        self.env["sp.intervention.worker"]._sp_update_ledger(keys, by_intervention)
        return result

    @api.depends("employee_id.name", "farm_id.name", "farm_id.city")
    def _compute_calendar_label(self):
        for line in self:
            farm = line.farm_id
            where = f"{farm.name} ({farm.city})" if farm.city else farm.name
            line.calendar_label = f"{line.employee_id.name} · {where}"

    @api.depends("intervention_id.working_hours")
    def _compute_planned_hours(self):
        for line in self:
            line.planned_hours = line.intervention_id.working_hours

    @api.depends("attended")
    def _compute_absence_type(self):
        # Absent: notified or not (not, until told otherwise). Present: late or left
        # early only.
        for line in self:
            if line.attended and line.absence_type in ABSENT_TYPES:
                line.absence_type = False
            elif not line.attended and line.absence_type not in ABSENT_TYPES:
                line.absence_type = "not_notified"

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
        self.write({"attended": False, "absence_type": "not_notified"})
        return True

    @api.constrains("attended", "absence_type")
    def _check_absence_type(self):
        for line in self:
            if line.attended and line.absence_type in ABSENT_TYPES:
                raise ValidationError(
                    _(
                        "%(employee)s is marked present on %(intervention)s: an "
                        "absence notified or not is for someone who did not come.",
                        employee=line.employee_id.name,
                        intervention=line.intervention_id.name,
                    )
                )
            if not line.attended and line.absence_type in PARTIAL_TYPES:
                raise ValidationError(
                    _(
                        "%(employee)s is marked absent on %(intervention)s: late or "
                        "left early is for someone who came.",
                        employee=line.employee_id.name,
                        intervention=line.intervention_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # The hours ledger (work entries)
    # ------------------------------------------------------------------
    def _sp_ledger_days(self):
        """The local days the line covers, in the person's working time zone."""
        self.ensure_one()
        employee = self.employee_id.sudo()
        tz = pytz.timezone(employee.resource_calendar_id.tz or employee.tz or "UTC")
        start = pytz.utc.localize(self.planned_start).astimezone(tz).date()
        stop = pytz.utc.localize(self.planned_end - timedelta(microseconds=1))
        stop = stop.astimezone(tz).date()
        return [start + timedelta(days=n) for n in range((stop - start).days + 1)]

    def _sp_ledger_keys(self):
        """The (employee, day) of the ledger these lines fill: those of jobs done."""
        return {
            (line.employee_id.id, day)
            for line in self
            if line.intervention_id.state in WORKED_STATES and line.planned_start
            for day in line._sp_ledger_days()
        }

    @api.model
    def _sp_ledger_entries(self, employees, date_from, date_to, overrides):
        """Add to ``overrides`` the entries of the crew lines of jobs done.

        Present: the hours worked, as "Intervention en exploitation"; late or left
        early, the hours short of the planned ones as a partial absence. Absent:
        the planned hours as an absence, notified or not. A job over several days
        spreads its hours evenly over them.
        """
        lines = self.sudo().search(
            [
                ("employee_id", "in", employees.ids),
                ("intervention_id.state", "in", WORKED_STATES),
                ("planned_start", "<", date_to + timedelta(days=2)),
                ("planned_end", ">", date_from - timedelta(days=1)),
            ]
        )
        if not lines:
            return overrides
        types = {kind: self.env.ref(xmlid) for kind, xmlid in LEDGER_TYPES.items()}
        for line in lines:
            days = [d for d in line._sp_ledger_days() if date_from <= d <= date_to]
            if not days:
                continue
            count = len(line._sp_ledger_days())
            if line.attended:
                entries = [(types["worked"], line.hours_worked)]
                if line.absence_type in PARTIAL_TYPES:
                    short = max(line.planned_hours - line.hours_worked, 0.0)
                    entries.append((types["partial"], short))
            else:
                kind = (
                    line.absence_type
                    if line.absence_type in ABSENT_TYPES
                    else ("not_notified")
                )
                entries = [(types[kind], line.planned_hours)]
            for day in days:
                key = (line.employee_id.id, day)
                overrides[key] += [
                    (work_entry_type, hours / count)
                    for work_entry_type, hours in entries
                ]
        return overrides

    def _sp_ledger_keys_by_intervention(self):
        by_intervention = defaultdict(set)
        for line in self:
            if line.planned_start:
                by_intervention[line.intervention_id] |= {
                    (line.employee_id.id, day) for day in line._sp_ledger_days()
                }
        return by_intervention

    def _sp_update_ledger(self, keys, by_intervention=None):
        """Regenerate the ledger's days ``keys`` after a change of these lines; a
        closed month keeps its hours, and the intervention says so."""
        closed = self.env["hr.work.entry"]._sp_regenerate(keys)
        if not closed:
            return
        if by_intervention is None:
            by_intervention = self._sp_ledger_keys_by_intervention()
        employees = self.env["hr.employee"].sudo().browse({k[0] for k in closed})
        names = {employee.id: employee.name for employee in employees}
        for intervention, line_keys in by_intervention.items():
            keys_closed = closed & line_keys
            if not keys_closed or not intervention.exists():
                continue
            people = ", ".join(sorted({names[k[0]] for k in keys_closed}))
            days = ", ".join(
                format_date(self.env, d) for d in sorted({k[1] for k in keys_closed})
            )
            intervention.message_post(
                body=_(
                    "The hours of %(people)s on %(days)s were not carried to the hours "
                    "ledger: HR has closed that month. Tell HR if they must be "
                    "corrected.",
                    people=people,
                    days=days,
                ),
                subtype_xmlid="mail.mt_note",
            )

    @api.constrains("planned_hours", "hours_worked")
    def _check_hours(self):
        # At most 24 hours a day: a job over several days holds more.
        for line in self:
            dated = line.planned_start and line.planned_end
            days = len(line._sp_ledger_days()) if dated else 1
            for hours in (line.planned_hours, line.hours_worked):
                if not 0 <= hours <= 24 * days:
                    raise ValidationError(
                        _(
                            "%(employee)s on %(intervention)s: hours must be between 0 "
                            "and %(max)s, not %(hours)s.",
                            employee=line.employee_id.name,
                            intervention=line.intervention_id.name,
                            hours=hours,
                            max=24 * days,
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
