from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

SEQUENCE_CODE = "sp.intervention"


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
        compute="_compute_farm_contact_id", store=True, readonly=False,
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
    supervisor_id = fields.Many2one(
        "hr.employee", string="Supervisor", tracking=True, index=True,
        help="The technical supervisor (encadrant technique) who leads the team on the farm.",
    )
    worker_line_ids = fields.One2many(
        "sp.intervention.worker", "intervention_id", string="Workers", copy=True,
    )
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
        return super().create(vals_list)

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
            if not intervention.supervisor_id:
                raise UserError(_("Choose the supervisor of %(name)s before confirming it.", name=intervention.name))
            if not intervention.worker_line_ids:
                raise UserError(_("Add at least one worker to %(name)s before confirming it.", name=intervention.name))
        self.state = "confirmed"

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
