from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .intervention_review import REVIEW_STATES
from .intervention_worker import BOOKED_PERIOD, IS_BOOKING

SEQUENCE_CODE = "sp.intervention"
# States in which an intervention holds a calendar event for its crew.
CALENDAR_STATES = ("confirmed", "in_progress", "done", "reviewed", "invoiced")


class SpIntervention(models.Model):
    """A job a Seconde Pousse team does on a member farm.

    It starts as a farm's request, gets dates, a supervisor (encadrant
    technique) and a crew, is carried out, then reviewed with the farmer and
    invoiced. Its worker lines are the single source of the hours worked.
    """

    _name = "sp.intervention"
    _description = "Farm Intervention"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "planned_start desc, id desc"

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default=lambda self: self.env._("New"),
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company,
    )
    farm_id = fields.Many2one(
        "res.partner", string="Farm", required=True, index=True, tracking=True,
        domain=[("sp_is_farm", "=", True)],
    )
    farm_contact_id = fields.Many2one(
        "res.partner", string="Farm Contact",
        compute="_compute_farm_contact_id", store=True, readonly=False, copy=True,
        domain="['|', ('id', '=', farm_id), ('parent_id', '=', farm_id)]",
    )
    farm_city = fields.Char(related="farm_id.city", string="Commune")
    requested_date_from = fields.Date(string="Requested From")
    requested_date_to = fields.Date(string="Requested Until")
    task_type_ids = fields.Many2many("sp.task.type", string="Tasks")
    description = fields.Html(help="What the farm asks for: crops, plots, quantities, equipment on site.")
    workers_needed = fields.Integer(string="Workers Needed", default=1)
    planned_start = fields.Datetime(tracking=True, copy=False)
    planned_end = fields.Datetime(tracking=True, copy=False)
    planned_duration = fields.Float(
        string="Duration (h)", compute="_compute_planned_duration", store=True,
    )
    actual_start = fields.Datetime(readonly=True, copy=False)
    actual_end = fields.Datetime(readonly=True, copy=False)
    team_id = fields.Many2one("sp.team", string="Team", tracking=True, check_company=True)
    supervisor_id = fields.Many2one(
        "hr.employee", string="Supervisor", tracking=True, index=True,
        compute="_compute_supervisor_id", store=True, readonly=False, copy=True,
        domain=[("sp_role", "=", "supervisor")],
        help="The technical supervisor (encadrant technique) who leads the team on the farm.",
    )
    worker_line_ids = fields.One2many(
        "sp.intervention.worker", "intervention_id", string="Workers", copy=True,
        domain=[("role", "=", "worker")],
    )
    crew_line_ids = fields.One2many(
        "sp.intervention.worker", "intervention_id", string="Crew and Supervisor",
        help="Every person booked on the intervention, the supervisor included.",
    )
    # Computed lists of people point at public profiles: planners are not HR officers.
    employee_ids = fields.Many2many(
        "hr.employee.public", string="People", compute="_compute_employee_ids", search="_search_employee_ids",
        help="The supervisor and the workers, to find a person's interventions.",
    )
    available_employee_ids = fields.Many2many(
        "hr.employee.public", string="Free in this Period", compute="_compute_availability",
        help="Field staff who are on no other intervention during the planned period.",
    )
    busy_employee_ids = fields.Many2many(
        "hr.employee.public", string="Booked Elsewhere", compute="_compute_availability",
    )
    time_off_warning = fields.Char(compute="_compute_time_off_warning")
    calendar_event_id = fields.Many2one("calendar.event", string="Calendar Event", readonly=True, copy=False)
    recurrence_id = fields.Many2one("sp.intervention.recurrence", string="Series", readonly=True, copy=False, index="btree_not_null")
    worker_count = fields.Integer(string="Crew Size", compute="_compute_hours", store=True)
    planned_hours = fields.Float(string="Planned Hours", compute="_compute_hours", store=True)
    hours_worked = fields.Float(string="Hours Worked", compute="_compute_hours", store=True)
    state = fields.Selection(
        [
            ("draft", "Request"),
            ("planned", "Planned"),
            ("confirmed", "Confirmed"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("reviewed", "Reviewed"),
            ("invoiced", "Invoiced"),
            ("cancelled", "Cancelled"),
        ],
        default="draft", required=True, readonly=True, copy=False, index=True,
        tracking=True, group_expand=True,
    )
    color = fields.Integer()
    review_ids = fields.One2many("sp.intervention.review", "intervention_id", string="Reviews")
    review_id = fields.Many2one("sp.intervention.review", string="Review", compute="_compute_review_id")
    review_state = fields.Selection(REVIEW_STATES, string="Review Status", compute="_compute_review_id")

    @api.depends("name", "farm_id.name")
    def _compute_display_name(self):
        # The calendar and the links show which farm the job is for.
        for intervention in self:
            farm = intervention.farm_id.name
            intervention.display_name = f"{intervention.name} · {farm}" if farm else intervention.name

    @api.depends("review_ids.state")
    def _compute_review_id(self):
        for intervention in self:
            intervention.review_id = intervention.review_ids[:1]
            intervention.review_state = intervention.review_id.state

    @api.depends("team_id")
    def _compute_supervisor_id(self):
        for intervention in self.filtered("team_id.supervisor_id"):
            intervention.supervisor_id = intervention.team_id.supervisor_id

    @api.depends("crew_line_ids.employee_id")
    def _compute_employee_ids(self):
        Public = self.env["hr.employee.public"]
        for intervention in self:
            intervention.employee_ids = Public.browse(intervention.crew_line_ids.employee_id.ids)

    def _search_employee_ids(self, operator, value):
        return [("crew_line_ids.employee_id", operator, value)]

    @api.depends("planned_start", "planned_end", "company_id")
    def _compute_availability(self):
        Public = self.env["hr.employee.public"]
        dated = self.filtered(lambda i: i.planned_start and i.planned_end)
        (self - dated).available_employee_ids = (self - dated).busy_employee_ids = Public
        field_staff = Public.search([
            ("sp_role", "in", ("insertion", "supervisor")), ("company_id", "in", dated.company_id.ids),
        ]) if dated else Public
        for intervention in dated:
            staff = field_staff.filtered(lambda employee: employee.company_id == intervention.company_id)
            busy = Public.browse(self._booked_employees(
                intervention.planned_start, intervention.planned_end, intervention._origin).ids)
            intervention.busy_employee_ids = busy & staff
            intervention.available_employee_ids = staff - busy

    @api.depends("planned_start", "planned_end", "crew_line_ids.employee_id")
    def _compute_time_off_warning(self):
        for intervention in self:
            people = intervention.crew_line_ids.employee_id
            away = intervention._employees_on_time_off(people) if people else people
            intervention.time_off_warning = _(
                "Time off during this intervention: %(people)s.", people=", ".join(away.mapped("name")),
            ) if away else False

    @api.model
    def _booked_employees(self, start, end, exclude=None):
        """Employees booked on a non-cancelled intervention overlapping [start, end).

        One indexed query whatever the number of existing bookings.
        """
        self.env["sp.intervention.worker"].flush_model(["employee_id", "planned_start", "planned_end", "state"])
        self.env.cr.execute(SQL(
            f"""SELECT DISTINCT line.employee_id FROM sp_intervention_worker line
                 WHERE {BOOKED_PERIOD.format('line')} && tsrange(%s, %s, '[)') AND {IS_BOOKING.format('line')}
                   AND line.intervention_id != ALL(%s)""",
            start, end, list((exclude or self.browse()).ids) or [0],
        ))
        return self.env["hr.employee"].browse(employee_id for (employee_id,) in self.env.cr.fetchall())

    def _employees_on_time_off(self, employees):
        """Who of ``employees`` has time off during the planned period (names only, no reason)."""
        self.ensure_one()
        if not (self.planned_start and self.planned_end):
            return employees.browse()
        leaves = self.env["resource.calendar.leaves"].sudo().search([
            ("resource_id", "in", employees.sudo().resource_id.ids),
            ("date_from", "<", self.planned_end), ("date_to", ">", self.planned_start),
        ])
        return employees.filtered(lambda e: e.sudo().resource_id in leaves.resource_id)

    @api.depends("farm_id")
    def _compute_farm_contact_id(self):
        for intervention in self:
            contact = intervention.farm_contact_id
            if not contact or contact.commercial_partner_id != intervention.farm_id:
                intervention.farm_contact_id = intervention.farm_id.child_ids[:1] or intervention.farm_id

    @api.depends("planned_start", "planned_end")
    def _compute_planned_duration(self):
        for intervention in self:
            start, end = intervention.planned_start, intervention.planned_end
            intervention.planned_duration = (end - start).total_seconds() / 3600 if start and end and end > start else 0.0

    @api.depends("worker_line_ids.planned_hours", "worker_line_ids.hours_worked")
    def _compute_hours(self):
        for intervention in self:
            lines = intervention.worker_line_ids
            intervention.worker_count = len(lines)
            intervention.planned_hours = sum(lines.mapped("planned_hours"))
            intervention.hours_worked = sum(lines.mapped("hours_worked"))

    @api.constrains("planned_start", "planned_end")
    def _check_planned_dates(self):
        for intervention in self:
            if intervention.planned_start and intervention.planned_end and intervention.planned_end <= intervention.planned_start:
                raise ValidationError(_(
                    "The planned end of %(name)s must come after its planned start.", name=intervention.name,
                ))

    @api.constrains("requested_date_from", "requested_date_to")
    def _check_requested_window(self):
        for intervention in self:
            if intervention.requested_date_from and intervention.requested_date_to \
                    and intervention.requested_date_to < intervention.requested_date_from:
                raise ValidationError(_(
                    "The requested window of %(name)s ends before it starts.", name=intervention.name,
                ))

    @api.constrains("planned_start", "planned_end")
    def _check_crew_bookings(self):
        # A state change books or frees people only out of "cancelled": see action_reset_draft.
        self.crew_line_ids._check_crew()

    @api.constrains("supervisor_id")
    def _check_supervisor_role(self):
        for intervention in self.filtered("supervisor_id"):
            if intervention.supervisor_id.sudo().sp_role != "supervisor":
                raise ValidationError(_(
                    "%(person)s is not a technical supervisor and cannot lead %(name)s.",
                    person=intervention.supervisor_id.name, name=intervention.name,
                ))

    @api.onchange("team_id")
    def _onchange_team_id(self):
        if self.team_id:
            self.worker_line_ids = [Command.clear(), *self.team_id._worker_line_commands()]

    @api.constrains("workers_needed")
    def _check_workers_needed(self):
        if any(intervention.workers_needed < 0 for intervention in self):
            raise ValidationError(_("The number of workers needed cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        new = self.env._("New")
        to_name = [vals for vals in vals_list if vals.get("name", new) == new]
        for vals, name in zip(to_name, self._next_names(len(to_name))):
            vals["name"] = name
        teams = self.env["sp.team"].browse(vals["team_id"] for vals in vals_list if vals.get("team_id"))
        for vals in vals_list:
            if vals.get("team_id") and "worker_line_ids" not in vals:
                vals["worker_line_ids"] = teams.browse(vals["team_id"])._worker_line_commands()
        interventions = super().create(vals_list)
        interventions._sync_supervisor_lines()
        interventions._sync_calendar_events()
        return interventions

    def write(self, vals):
        result = super().write(vals)
        if "supervisor_id" in vals or "team_id" in vals or vals.get("state") == "draft":
            self._sync_supervisor_lines()
        if {"state", "planned_start", "planned_end", "supervisor_id", "team_id", "farm_id"} & vals.keys():
            self._sync_calendar_events()
        if vals.get("state") == "done":
            self.env["sp.intervention.review"]._open_for(self)
        return result

    def _sync_supervisor_lines(self):
        """Keep one crew line for the supervisor, so that they are booked like the workers."""
        Line = self.env["sp.intervention.worker"]
        lines = self.crew_line_ids.filtered(lambda line: line.role == "supervisor")
        current = {line.intervention_id: line for line in lines}
        stale, to_create = Line, []
        for intervention in self:
            line = current.get(intervention)
            if line and line.employee_id != intervention.supervisor_id:
                stale |= line
                line = None
            if not line and intervention.supervisor_id and intervention.state != "cancelled":
                to_create.append({
                    "intervention_id": intervention.id,
                    "employee_id": intervention.supervisor_id.id,
                    "role": "supervisor",
                })
        stale.unlink()
        Line.create(to_create)

    def _sync_calendar_events(self):
        """A confirmed intervention keeps one calendar event for its crew; others have none."""
        keep = self.filtered(lambda i: i.state in CALENDAR_STATES and i.planned_start and i.planned_end)
        dropped = (self - keep).filtered("calendar_event_id")
        events = dropped.calendar_event_id
        dropped.calendar_event_id = False
        events.sudo().unlink()
        Event = self.env["calendar.event"].sudo()
        for intervention in keep:
            values = intervention._calendar_event_values()
            event = intervention.calendar_event_id.sudo()
            if not event:
                intervention.calendar_event_id = Event.create(values)
            elif event.start != values["start"] or event.stop != values["stop"] or event.name != values["name"] \
                    or set(event.partner_ids.ids) != set(values["partner_ids"][0][2]):
                event.write(values)  # only on a real change: a state change alone leaves the event be

    def _calendar_event_values(self):
        self.ensure_one()
        organizer = self.supervisor_id.user_id or self.env.user
        return {
            "name": self.display_name,
            "start": self.planned_start,
            "stop": self.planned_end,
            "duration": self.planned_duration,  # else the calendar keeps the old duration on a move
            "user_id": organizer.id,
            "partner_ids": [Command.set(self.crew_line_ids.employee_id.user_id.partner_id.ids)],
            "location": self.farm_id._display_address(without_company=True).replace("\n", ", "),
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
        }

    def _next_names(self, count):
        """Draw ``count`` references of the intervention sequence in one query.

        ``ir.sequence.next_by_code`` costs a query per record; batch creation
        (recurring series, imports) must not.
        """
        if not count:
            return []
        sequence = self.env["ir.sequence"].sudo().search(
            [("code", "=", SEQUENCE_CODE), ("company_id", "in", [self.env.company.id, False])],
            order="company_id", limit=1,
        )
        if not sequence:
            raise UserError(_("The sequence of interventions is missing; ask an administrator to restore it."))
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence.next_by_id() for _i in range(count)]
        self.env.cr.execute(
            "SELECT nextval(%s) FROM generate_series(1, %s)", ["ir_sequence_%03d" % sequence.id, count],
        )
        return [sequence.get_next_char(number) for (number,) in self.env.cr.fetchall()]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_engaged(self):
        if self.env.user.has_group("seconde_pousse.group_sp_manager"):
            return
        engaged = self.filtered(lambda i: i.state not in ("draft", "cancelled"))
        if engaged:
            raise UserError(_(
                "Only requests and cancelled interventions can be deleted; ask a manager to delete %(names)s.",
                names=", ".join(engaged.mapped("name")),
            ))

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _check_state(self, allowed, message):
        """Refuse the transition for interventions outside ``allowed`` states.

        ``message`` is a translated text with ``%(name)s`` and ``%(state)s``.
        """
        for intervention in self:
            if intervention.state not in allowed:
                raise UserError(message % {"name": intervention.name, "state": intervention._state_label()})

    def action_plan(self):
        self._check_state(("draft",), _("Only a request can be planned: %(name)s is “%(state)s”."))
        for intervention in self:
            if not (intervention.planned_start and intervention.planned_end):
                raise UserError(_(
                    "Set the planned start and end of %(name)s before planning it.", name=intervention.name,
                ))
        self.state = "planned"

    def action_confirm(self):
        self._check_state(("planned",), _("Only a planned intervention can be confirmed: %(name)s is “%(state)s”."))
        for intervention in self:
            intervention._check_crew_composition()
        self.state = "confirmed"

    def _check_crew_composition(self):
        """A supervisor, a crew within the team's bounds and the association's maximum, nobody archived."""
        self.ensure_one()
        if not self.supervisor_id:
            raise UserError(_("Choose the supervisor of %(name)s before confirming it.", name=self.name))
        if not self.worker_line_ids:
            raise UserError(_("Add at least one worker to %(name)s before confirming it.", name=self.name))
        maximum = self.env["sp.team"]._default_max_workers()
        minimum = 1
        if self.team_id:
            minimum, maximum = self.team_id.min_workers, min(self.team_id.max_workers, maximum)
        count = len(self.worker_line_ids)
        if count > maximum:
            raise UserError(_(
                "%(name)s has %(count)s workers: remove %(extra)s, at most %(max)s can go with one supervisor.",
                name=self.name, count=count, extra=count - maximum, max=maximum,
            ))
        if count < minimum:
            raise UserError(_(
                "%(name)s has %(count)s workers: add %(missing)s, the team %(team)s needs at least %(min)s.",
                name=self.name, count=count, missing=minimum - count, team=self.team_id.name, min=minimum,
            ))
        archived = self.crew_line_ids.employee_id.filtered(lambda employee: not employee.active)
        if archived:
            raise UserError(_(
                "%(name)s cannot be confirmed with people who have left: %(people)s.",
                name=self.name, people=", ".join(archived.mapped("name")),
            ))

    def action_start(self):
        self._check_state(("confirmed",), _("Only a confirmed intervention can be started: %(name)s is “%(state)s”."))
        self.write({"state": "in_progress", "actual_start": fields.Datetime.now()})

    def action_done(self):
        self._check_state(("in_progress",), _("Only an intervention in progress can be marked as done: %(name)s is “%(state)s”."))
        for intervention in self:
            if not any(intervention.worker_line_ids.mapped("attended")):
                raise UserError(_(
                    "Tick who attended %(name)s before marking it as done.", name=intervention.name,
                ))
        self.write({"state": "done", "actual_end": fields.Datetime.now()})

    def action_open_review(self):
        """The review with the farmer, opened when the intervention was done."""
        self.ensure_one()
        self._check_state(
            ("done", "reviewed", "invoiced"), _("%(name)s is “%(state)s”: its review comes once it is done."),
        )
        review = self.review_id or self.env["sp.intervention.review"]._open_for(self)
        return review.get_formview_action()

    def action_cancel(self):
        self._check_state(
            ("draft", "planned", "confirmed", "in_progress"),
            _("%(name)s is “%(state)s” and can no longer be cancelled."),
        )
        self.state = "cancelled"

    def action_reset_draft(self):
        self._check_state(
            ("planned", "confirmed", "cancelled"),
            _("Only a planned, confirmed or cancelled intervention can go back to request: %(name)s is “%(state)s”."),
        )
        self.state = "draft"
        self.crew_line_ids._check_crew()  # back from cancelled, the crew is booked again
