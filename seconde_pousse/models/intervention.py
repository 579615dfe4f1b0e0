from datetime import datetime, timedelta

import pytz
from markupsafe import escape
from psycopg2.errors import LockNotAvailable, SerializationFailure

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_date, formatLang, plaintext2html

from . import working_time
from .account_move import CARRIED_OVER
from .booking_mixin import planning_tz
from .intervention_review import REVIEW_STATES
from .intervention_worker import WORKED_STATES
from .res_partner import PRICING_MODES

SEQUENCE_CODE = "sp.intervention"
STATES = [
    ("draft", "Request"),
    ("planned", "Planned"),
    ("confirmed", "Confirmed"),
    ("in_progress", "In Progress"),
    ("done", "Done"),
    ("reviewed", "Reviewed"),
    ("invoiced", "Invoiced"),
    ("cancelled", "Cancelled"),
]
# States in which an intervention holds a calendar event for its crew.
CALENDAR_STATES = ("confirmed", "in_progress", "done", "reviewed", "invoiced")
# States in which a new team proposes its members as the crew.
CREW_OPEN_STATES = ("draft", "planned", "confirmed")
# What a calendar event shows: a write of one of these re-syncs it, once.
CALENDAR_FIELDS = {
    "state",
    "planned_start",
    "planned_end",
    "supervisor_id",
    "team_id",
    "farm_id",
    "worker_line_ids",
    "crew_line_ids",
}
# Closed states whose kanban column is folded when empty.
FOLDED_WHEN_EMPTY = ("cancelled", "invoiced")
# States whose occurrences a series edit no longer touches.
SETTLED_STATES = ("in_progress", "done", "reviewed", "invoiced", "cancelled")
# Crew lines write their intervention's calendar event, unless the intervention
# itself is being written: then it syncs once, at the end of its create or write.
SYNC_LATER = "sp_calendar_sync_later"
# Set by a caller that sends the crews one message for many bookings (a series).
DIGEST = "sp_bookings_digest"
# The planners' activity for a farm's request sent from the portal.
REQUEST_ACTIVITY = "seconde_pousse.mail_activity_type_farm_request"
CONFIRMED_TEMPLATE = "seconde_pousse.mail_template_intervention_confirmed"
REQUEST_TEMPLATE = "seconde_pousse.mail_template_intervention_request"
NOTIFY_CRON = "seconde_pousse.ir_cron_notify_farms"
# The subtype of the e-mails written for the farm: its contact gets them, the staff
# who follow the job see them in the chatter without an e-mail copy.
FARM_MAIL = "seconde_pousse.mt_farm_mail"
# A job the confirmation cron found busy is tried again this many minutes later.
NOTIFY_RETRY_MINUTES = 5
# Bounds of a request from the portal: what a farm may ask for in one form.
PORTAL_MAX_TEXT = 5000
PORTAL_MAX_EVERY_WEEKS = 52
PORTAL_MAX_DAYS_AHEAD = 366
# How a job is priced: the billing group's alone, to read and to write.
PRICE_FIELDS = ("pricing_mode", "flat_fee", "billable", "not_billable_reason")
BILLING_GROUP = "seconde_pousse.group_sp_billing"
# The product that bills a piece of equipment lent, by its usage unit.
EQUIPMENT_PRODUCTS = {
    "hours": "seconde_pousse.product_equipment_hour",
    "days": "seconde_pousse.product_equipment_day",
    "kilometres": "seconde_pousse.product_equipment_km",
    "hectares": "seconde_pousse.product_equipment_hectare",
}


class SpIntervention(models.Model):
    """A job a Seconde Pousse team does on a member farm.

    It starts as a farm's request, gets dates, a supervisor (encadrant
    technique) and a crew, is carried out, then reviewed with the farmer and
    invoiced. Its worker lines are the single source of the hours worked.
    """

    _name = "sp.intervention"
    _description = "Farm Intervention"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "sp.invoice.lock.mixin",
    ]
    _order = "planned_start desc, id desc"
    _check_company_auto = True
    # The farm writes to the staff from its portal page, where it reads only.
    _mail_post_access = "read"
    # What its invoice line bills: fixed while an invoice holds the job.
    _sp_invoice_locked_fields = frozenset(
        {
            "farm_id",
            "company_id",
            "planned_start",
            "planned_end",
            "task_type_ids",
            "team_id",
            "supervisor_id",
            "worker_line_ids",
            "crew_line_ids",
            *PRICE_FIELDS,
        }
    )

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    farm_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        tracking=True,
        domain=[("sp_is_farm", "=", True)],
        check_company=True,
    )
    farm_contact_id = fields.Many2one(
        "res.partner",
        check_company=True,
        compute="_compute_farm_contact_id",
        store=True,
        readonly=False,
        copy=True,
        domain="['|', ('id', '=', farm_id), ('parent_id', '=', farm_id)]",
    )
    farm_city = fields.Char(related="farm_id.city", string="Commune")
    farm_access_notes = fields.Text(related="farm_id.sp_access_notes")
    requested_date_from = fields.Date(string="Requested From")
    requested_date_to = fields.Date(string="Requested Until")
    requested_every_weeks = fields.Integer(
        string="Regular Need (every N weeks)",
        help="The farm asks for this job again every N weeks: plan it, then Repeat "
        "it with this period. Zero for a one-off job.",
    )
    farm_equipment_note = fields.Text(
        string="Equipment the Farm Lends",
        help="What the farm can lend for the job, as it wrote it in its request.",
    )
    # What the farm reads of the team: a first name and a number, never the people.
    supervisor_first_name = fields.Char(
        string="Supervisor (first name)", compute="_compute_portal_team"
    )
    crew_size = fields.Integer(
        string="Workers on the Job", compute="_compute_portal_team"
    )
    cancel_reason = fields.Text(
        string="Why Cancelled",
        copy=False,
        tracking=True,
        help="Shown to the farm on its portal: why its request or job was cancelled.",
    )
    early_start_reason = fields.Text(
        string="Why Started Before Its Day",
        copy=False,
        readonly=True,
        help="A coordinator started the job before its planned day, for this reason.",
    )
    farm_notified = fields.Boolean(
        string="Farm Told of the Confirmation",
        copy=False,
        help="The farm got the e-mail with the dates and the supervisor of the "
        "confirmed job.",
    )
    task_type_ids = fields.Many2many("sp.task.type", string="Tasks")
    description = fields.Html(
        help="What the farm asks for: crops, plots, quantities, equipment on site."
    )
    workers_needed = fields.Integer(default=1)
    planned_start = fields.Datetime(tracking=True, copy=False)
    planned_end = fields.Datetime(tracking=True, copy=False)
    planned_duration = fields.Float(
        string="Duration",
        compute="_compute_planned_duration",
        store=True,
    )
    # Working time: what the crew works between the start and the end (the night,
    # the lunch break and public holidays are not worked), per person.
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Schedule",
        compute="_compute_resource_calendar_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        help="The crew's working days and hours, lunch break and public holidays: "
        "they give the job's working hours. The company's by default.",
    )
    hours_per_day = fields.Float(
        digits=(4, 2),
        help="For a job whose days are longer or shorter than the schedule's: each "
        "working day of the job then counts these hours. Empty: the schedule's.",
    )
    working_hours = fields.Float(
        compute="_compute_working_time",
        store=True,
        digits=(6, 2),
        help="Hours each person works on the job, from the working schedule: the "
        "planned hours of the crew and the hours billed.",
    )
    working_days = fields.Integer(
        string="Days", compute="_compute_working_time", store=True
    )
    working_half_days = fields.Integer(
        string="Half-Days",
        compute="_compute_working_time",
        store=True,
        help="Days of at most 4 working hours.",
    )
    actual_start = fields.Datetime(readonly=True, copy=False)
    actual_end = fields.Datetime(readonly=True, copy=False)
    # People and teams are for the staff: the farm's portal user reads the
    # supervisor's first name and the crew size through the portal pages only.
    team_id = fields.Many2one(
        "sp.team", tracking=True, check_company=True, groups="base.group_user"
    )
    supervisor_id = fields.Many2one(
        "hr.employee",
        tracking=True,
        index=True,
        compute="_compute_supervisor_id",
        store=True,
        readonly=False,
        copy=True,
        domain=[("sp_role", "=", "supervisor")],
        check_company=True,
        groups="base.group_user",
        help=(
            "The technical supervisor (encadrant technique) who leads the team on the "
            "farm."
        ),
    )
    worker_line_ids = fields.One2many(
        "sp.intervention.worker",
        "intervention_id",
        string="Workers",
        copy=True,
        domain=[("role", "=", "worker")],
        groups="base.group_user",
    )
    crew_line_ids = fields.One2many(
        "sp.intervention.worker",
        "intervention_id",
        string="Crew and Supervisor",
        groups="base.group_user",
        help="Every person booked on the intervention, the supervisor included.",
    )
    # Computed lists of people point at public profiles: planners are not HR officers.
    employee_ids = fields.Many2many(
        "hr.employee.public",
        string="People",
        compute="_compute_employee_ids",
        search="_search_employee_ids",
        groups="base.group_user",
        help="The supervisor and the workers, to find a person's interventions.",
    )
    available_employee_ids = fields.Many2many(
        "hr.employee.public",
        string="Free in this Period",
        compute="_compute_availability",
        groups="base.group_user",
        help="Field staff who are on no other intervention during the planned period.",
    )
    busy_employee_ids = fields.Many2many(
        "hr.employee.public",
        string="Booked Elsewhere",
        compute="_compute_availability",
        groups="base.group_user",
    )
    time_off_warning = fields.Char(
        compute="_compute_time_off_warning", groups="base.group_user"
    )
    calendar_event_id = fields.Many2one(
        "calendar.event", readonly=True, copy=False, groups="base.group_user"
    )
    recurrence_id = fields.Many2one(
        "sp.intervention.recurrence",
        string="Series",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    worker_count = fields.Integer(
        string="Crew Size", compute="_compute_hours", store=True
    )
    planned_hours = fields.Float(compute="_compute_hours", store=True)
    hours_worked = fields.Float(compute="_compute_hours", store=True)
    state = fields.Selection(
        STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        group_expand=True,
    )
    color = fields.Integer()
    review_ids = fields.One2many(
        "sp.intervention.review", "intervention_id", string="Reviews"
    )
    review_id = fields.Many2one("sp.intervention.review", compute="_compute_review_id")
    review_state = fields.Selection(
        REVIEW_STATES, string="Review Status", compute="_compute_review_id"
    )
    equipment_ids = fields.Many2many(
        "maintenance.equipment",
        string="Equipment Needed",
        domain=[("sp_lendable", "=", True)],
        check_company=True,
    )
    loan_ids = fields.One2many("sp.equipment.loan", "intervention_id", string="Loans")
    loan_count = fields.Integer(compute="_compute_loan_count")
    equipment_to_reserve = fields.Boolean(compute="_compute_equipment_to_reserve")
    field_note = fields.Text(
        string="Note from the Field",
        groups="base.group_user",
        help="What the supervisor notes on the day: work done, weather, incidents.",
    )
    photo_ids = fields.Many2many(
        "ir.attachment",
        "sp_intervention_photo_rel",
        string="Photos",
        groups="base.group_user",
        help="Photos taken on the farm on the day.",
    )
    # Billing: how the job is priced, and the invoice lines that bill it.
    # Accounting's alone (field groups, and _check_price_rights says it in words):
    # computed after the creation, as the system, for a supervisor creates jobs
    # without reading their price; a copy (a series) gets them from its source in
    # the repeat wizard.
    pricing_mode = fields.Selection(
        PRICING_MODES,
        string="Pricing",
        compute="_compute_pricing",
        store=True,
        readonly=False,
        copy=False,
        tracking=True,
        groups=BILLING_GROUP,
    )
    flat_fee = fields.Float(
        digits="Product Price",
        compute="_compute_pricing",
        store=True,
        readonly=False,
        copy=False,
        groups=BILLING_GROUP,
    )
    billable = fields.Boolean(
        default=True, copy=False, tracking=True, groups=BILLING_GROUP
    )
    not_billable_reason = fields.Char(
        string="Why not Billable", copy=False, tracking=True, groups=BILLING_GROUP
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_to_invoice = fields.Monetary(
        string="Expected Amount",
        compute="_compute_amount_to_invoice",
        store=True,
        groups="seconde_pousse.group_sp_show_prices,seconde_pousse.group_sp_billing",
        help="Untaxed amount the pricing gives for this job, before invoicing.",
    )
    invoice_line_ids = fields.One2many(
        "account.move.line", "sp_intervention_id", string="Invoice Lines", copy=False
    )
    invoice_ids = fields.Many2many(
        "account.move", string="Invoices", compute="_compute_invoice_ids"
    )
    draft_invoice_id = fields.Many2one(
        "account.move",
        string="On Draft Invoice",
        compute="_compute_draft_invoice_id",
        store=True,
        help="The draft invoice that already bills this job: post or cancel it.",
    )
    invoice_count = fields.Integer(compute="_compute_invoice_ids")
    # The calendar's event: farm first, then the town and the crew against the need;
    # hatched while not confirmed, struck out when cancelled (as time off does).
    calendar_label = fields.Char(compute="_compute_calendar_label")
    is_hatched = fields.Boolean(compute="_compute_calendar_label")
    is_striked = fields.Boolean(compute="_compute_calendar_label")

    @api.depends("name", "farm_id.name")
    def _compute_display_name(self):
        # The calendar and the links show which farm the job is for.
        for intervention in self:
            farm = intervention.farm_id.name
            intervention.display_name = (
                f"{intervention.name} · {farm}" if farm else intervention.name
            )

    @api.depends("farm_id")
    def _compute_pricing(self):
        for intervention in self:
            farm = intervention.farm_id.commercial_partner_id
            intervention.pricing_mode = farm.sp_pricing_mode or "worker_hour"
            intervention.flat_fee = farm.sp_flat_fee

    @api.depends("invoice_line_ids.move_id")
    def _compute_invoice_ids(self):
        for intervention in self:
            intervention.invoice_ids = intervention.invoice_line_ids.move_id
            intervention.invoice_count = len(intervention.invoice_ids)

    @api.depends("invoice_line_ids.sp_billing_key", "invoice_line_ids.parent_state")
    def _compute_draft_invoice_id(self):
        for intervention in self:
            intervention.draft_invoice_id = intervention.invoice_line_ids.filtered(
                lambda line: line.sp_billing_key and line.parent_state == "draft"
            ).move_id[:1]

    # Prices and the "bill the supervisor" setting trigger it too (see
    # _sp_recompute_amounts_to_invoice).
    @api.depends(
        "state",
        "pricing_mode",
        "flat_fee",
        "billable",
        "crew_line_ids.hours_worked",
        "crew_line_ids.attended",
        "working_days",
        "working_half_days",
        "loan_ids.usage",
        "loan_ids.state",
        "farm_id.specific_property_product_pricelist",
        "farm_id.free_member",
        "farm_id.member_line_ids.state",
        "farm_id.member_line_ids.date_cancel",
    )
    def _compute_amount_to_invoice(self):
        prices = {}
        for intervention in self:
            # Jobs not done have no hours worked yet: nothing to expect.
            billed = intervention.billable and intervention.state in WORKED_STATES
            lines = intervention._invoice_line_values(prices=prices) if billed else []
            intervention.amount_to_invoice = sum(
                values["quantity"] * values["price_unit"] for values in lines
            )

    @api.constrains("billable", "not_billable_reason")
    def _check_not_billable_reason(self):
        # Also when a supervisor creates a job (the default is checked): as the
        # system, who reads the billing fields.
        for intervention in self.sudo():
            reason = (intervention.not_billable_reason or "").strip()
            if not intervention.billable and not reason:
                raise ValidationError(
                    _(
                        "Say why %(name)s is not billable (a free first trial, for "
                        "instance).",
                        name=intervention.name,
                    )
                )

    def _check_price_rights(self, fnames):
        """Only accounting prices a job: its pricing, flat fee and whether it is
        billed (the fields' groups say it too; this says it in words)."""
        if (
            set(PRICE_FIELDS) & set(fnames)
            and not self.env.su
            and not self.env.user.has_group(BILLING_GROUP)
        ):
            raise AccessError(
                _(
                    "Only accounting (the Billing group) sets how an intervention "
                    "is priced and whether it is billed."
                )
            )

    def _invoice_line_values(self, with_section=False, prices=None):
        """The invoice lines (``account.move.line`` values) that bill this job.

        ``prices``, a dict the caller may share between jobs, caches unit prices.

        Its main line carries the billing key: an intervention is on one invoice
        at a time (see ``account.move.line``).
        """
        self.ensure_one()
        # The job's company, whoever computes it: the stored amount_to_invoice is
        # recomputed in any flush, in the env (company, currency) of whoever flushes.
        self = self.with_company(self.company_id)  # noqa: PLW0642
        env = self.env
        lines = []

        # Unit prices, shared by the caller across the jobs of a batch: one lookup
        # per pricelist and product (the pricelists have no quantity breaks).
        prices = {} if prices is None else prices
        if "member_pricelist" not in prices:
            prices["member_pricelist"] = env["res.config.settings"]._sp_setting(
                "sp_member_pricelist_id"
            )
        # The members' prices if the farm is a member on the day of the job.
        pricelist = self.farm_id.commercial_partner_id._sp_pricelist_on(
            self._local_day(), prices["member_pricelist"]
        )

        def add(product, quantity, name, price=None, **values):
            if price is None:
                key = (pricelist.id, product.id, env.company.id)
                if key not in prices:
                    prices[key] = pricelist._get_product_price(product, 1.0)
                price = prices[key]
            lines.append(
                {
                    "product_id": product.id,
                    "name": name,
                    "quantity": quantity,
                    "price_unit": price,
                    "sp_intervention_id": self.id,
                    **values,
                }
            )

        # The farm reads its invoice in its own language, whoever makes it.
        text = self.with_context(lang=self.farm_id.lang or env.lang).env
        day = format_date(text, self.planned_start.date()) if self.planned_start else ""
        if with_section:
            lines.append(
                {
                    "display_type": "line_section",
                    "name": f"{self.name} · {day}",
                    "sp_intervention_id": self.id,
                }
            )
        present = self.worker_line_ids.filtered("attended")
        billed = present
        bill_supervisor = env["res.config.settings"]._sp_setting("sp_bill_supervisor")
        if bill_supervisor:
            billed |= (self.crew_line_ids - self.worker_line_ids).filtered("attended")
        hours = sum(billed.mapped("hours_worked"))
        heading = text._(
            "%(reference)s of %(day)s: %(tasks)s",
            reference=self.name,
            day=day,
            tasks=", ".join(self.task_type_ids.with_env(text).mapped("name")) or "-",
        )
        crew = self._crew_present_text(text, len(present), bill_supervisor)
        key = {"sp_billing_main": True}
        mode = self.pricing_mode
        if mode == "worker_hour":
            add(
                env.ref("seconde_pousse.product_worker_hour"),
                hours,
                f"{heading} ({self._hours_text(text, billed, crew)})",
                **key,
            )
        elif mode in ("half_day", "day"):
            days, half_days = self.working_days, self.working_half_days
            if mode == "day":
                # Billed by the day: every day worked is a day.
                days, half_days = days + half_days, 0
            periods = self._days_text(text, days, half_days)
            name = f"{heading} ({periods}, {crew})"
            if days or not half_days:
                add(env.ref("seconde_pousse.product_team_day"), days, name, **key)
                key = {}
            if half_days:
                product = env.ref("seconde_pousse.product_team_half_day")
                add(product, half_days, name, **key)
        else:
            flat = env.ref("seconde_pousse.product_flat_fee")
            add(flat, 1.0, f"{heading} ({crew})", price=self.flat_fee, **key)
        # Equipment lent to the farm for the job, by its use in its own unit;
        # borrowed is not billed. A job whose equipment is not back is held.
        for loan in self.loan_ids.filtered(
            lambda loan: loan.direction == "lend"
            and loan.state == "returned"
            and loan.usage
        ):
            product = env.ref(EQUIPMENT_PRODUCTS[loan.usage_unit or "hours"])
            name = text._(
                "%(equipment)s lent for %(reference)s (%(loan)s)",
                equipment=loan.equipment_id.name,
                reference=self.name,
                loan=loan.name,
            )
            add(product, loan.usage, name)
        return lines

    def _local_day(self):
        """The day of the job where it happens (its company's time zone), the
        same whoever asks."""
        self.ensure_one()
        if not self.planned_start:
            return fields.Date.context_today(self)
        company = self.company_id
        tz = company.resource_calendar_id.tz or company.partner_id.tz or "UTC"
        return (
            pytz.utc.localize(self.planned_start).astimezone(pytz.timezone(tz)).date()
        )

    def _sp_billed_interventions(self):
        return self

    @api.model
    def _crew_present_text(self, text, count, with_supervisor):
        """ "3 workers present", singular or plural, in the env ``text``'s language."""
        if count == 1:
            words = text._("1 worker present")
        else:
            words = text._("%(count)s workers present", count=count)
        if with_supervisor:
            words = text._("%(workers)s and the supervisor", workers=words)
        return words

    @api.model
    def _hours_text(self, text, lines, crew):
        """How the hours billed add up: "8 h × 3 workers present" when all worked
        the same hours, else "22.5 h worked by 3 workers present"."""
        hours = set(lines.mapped("hours_worked"))

        def amount(value):  # 8 h, 7,50 h
            return formatLang(text, value, digits=0 if value.is_integer() else 2)

        if len(hours) == 1:
            return text._(
                "%(hours)s h × %(crew)s", hours=amount(hours.pop()), crew=crew
            )
        return text._(
            "%(hours)s h worked by %(crew)s",
            hours=amount(sum(lines.mapped("hours_worked"))),
            crew=crew,
        )

    @api.model
    def _days_text(self, text, days, half_days):
        """ "2 days", "1 day and 1 half-day", singular or plural."""
        parts = []
        if days or not half_days:
            parts.append(
                text._("1 day") if days == 1 else text._("%(count)s days", count=days)
            )
        if half_days:
            parts.append(
                text._("1 half-day")
                if half_days == 1
                else text._("%(count)s half-days", count=half_days)
            )
        if len(parts) == 2:
            return text._(
                "%(days)s and %(half_days)s", days=parts[0], half_days=parts[1]
            )
        return parts[0]

    @api.model
    def _sp_recompute_amounts_to_invoice(self):
        """The expected amounts of the jobs still to bill, again: a price or the
        "bill the supervisor" setting changed, which no field dependency sees."""
        jobs = self.sudo().search([("state", "in", ("done", "reviewed"))])
        self.env.add_to_compute(self._fields["amount_to_invoice"], jobs)
        return True

    def _invoicing_holds(self):
        """{intervention: why it cannot be billed yet}: equipment lent for the job
        that is not back (its use is billed, and known on return)."""
        holds = {}
        for loan in self.loan_ids.filtered(
            lambda loan: loan.direction == "lend" and loan.state in ("reserved", "out")
        ):
            if loan.state == "out":
                reason = _(
                    "%(equipment)s is not back (%(loan)s): record its return",
                    equipment=loan.equipment_id.name,
                    loan=loan.name,
                )
            else:
                reason = _(
                    "%(equipment)s was reserved (%(loan)s) but never checked out: "
                    "record its check-out and return, or cancel the reservation",
                    equipment=loan.equipment_id.name,
                    loan=loan.name,
                )
            holds.setdefault(loan.intervention_id, []).append(reason)
        return {job: "; ".join(reasons) for job, reasons in holds.items()}

    def _action_invoiced(self):
        """Its invoice is posted: the job is billed."""
        self.filtered(lambda i: i.state == "reviewed")._set_state("invoiced")

    def _action_billable_again(self):
        """Its invoice was cancelled, deleted or credited in full: the job is to
        bill again, unless an invoice still holds it (a partial credit note, an
        invoice reset to draft, the corrected draft of a reversal)."""
        invoiced = self.filtered(lambda i: i.state == "invoiced")
        if not invoiced or self.env.context.get(CARRIED_OVER):
            return
        held = (
            self.env["account.move.line"]
            .sudo()
            .search([("sp_billing_key", "in", invoiced.ids)])
            .sp_billing_key
        )
        (invoiced - held)._set_state("reviewed")

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", self.invoice_ids.ids)]
        action["context"] = {"create": False}
        return action

    @api.depends(
        "farm_id.name", "farm_id.city", "worker_count", "workers_needed", "state"
    )
    def _compute_calendar_label(self):
        for intervention in self:
            parts = [intervention.farm_id.name, intervention.farm_id.city]
            crew = f"{intervention.worker_count}/{intervention.workers_needed}"
            intervention.calendar_label = " · ".join(filter(None, [*parts, crew]))
            intervention.is_hatched = intervention.state in ("draft", "planned")
            intervention.is_striked = intervention.state == "cancelled"

    @api.depends("equipment_ids", "loan_ids.state", "loan_ids.equipment_id")
    def _compute_equipment_to_reserve(self):
        for intervention in self:
            reserved = intervention.loan_ids.filtered(
                lambda loan: loan.state != "cancelled"
            ).equipment_id
            intervention.equipment_to_reserve = bool(
                intervention.equipment_ids - reserved
            )

    def _compute_loan_count(self):
        counts = dict(
            self.env["sp.equipment.loan"]._read_group(
                [("intervention_id", "in", self.ids)],
                ["intervention_id"],
                ["__count"],
            )
        )
        for intervention in self:
            intervention.loan_count = counts.get(intervention, 0)

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
            intervention.employee_ids = Public.browse(
                intervention.crew_line_ids.employee_id.ids
            )

    def _search_employee_ids(self, operator, value):
        return [("crew_line_ids.employee_id", operator, value)]

    @api.depends(
        "planned_start", "planned_end", "company_id", "crew_line_ids.employee_id"
    )
    def _compute_availability(self):
        Public = self.env["hr.employee.public"]
        # While the planner types, the end may come before the start: nobody then.
        dated = self.filtered(
            lambda i: i.planned_start
            and i.planned_end
            and i.planned_start < i.planned_end
        )
        (self - dated).available_employee_ids = (self - dated).busy_employee_ids = (
            Public
        )
        field_staff = (
            Public.search(
                [
                    ("sp_role", "in", ("insertion", "supervisor")),
                    ("company_id", "in", dated.company_id.ids),
                ]
            )
            if dated
            else Public
        )
        for intervention in dated:
            staff = field_staff.filtered_domain(
                [("company_id", "=", intervention.company_id.id)]
            )
            busy = Public.browse(
                self._booked_employees(
                    intervention.planned_start,
                    intervention.planned_end,
                    intervention._origin,
                ).ids
            )
            crew = Public.browse(intervention.crew_line_ids.employee_id.ids)
            intervention.busy_employee_ids = busy & staff
            intervention.available_employee_ids = staff - busy - crew

    @api.depends("planned_start", "planned_end", "crew_line_ids.employee_id")
    def _compute_time_off_warning(self):
        for intervention in self:
            people = intervention.crew_line_ids.employee_id
            away = intervention._employees_on_time_off(people) if people else people
            intervention.time_off_warning = (
                _(
                    "Time off during this intervention: %(people)s.",
                    people=", ".join(away.mapped("name")),
                )
                if away
                else False
            )

    @api.model
    def _booked_employees(self, start, end, exclude=None):
        """Employees booked on an intervention other than ``exclude`` overlapping
        [start, end)."""
        exclude_lines = (exclude or self.browse()).crew_line_ids
        return self.env["hr.employee"].browse(
            self.env["sp.intervention.worker"]._booked_resource_ids(
                start, end, exclude=exclude_lines
            )
        )

    def _employees_on_time_off(self, employees):
        """Who of ``employees`` has time off during the planned period (names only, no
        reason)."""
        self.ensure_one()
        if not (self.planned_start and self.planned_end):
            return employees.browse()
        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search(
                [
                    ("resource_id", "in", employees.sudo().resource_id.ids),
                    ("date_from", "<", self.planned_end),
                    ("date_to", ">", self.planned_start),
                ]
            )
        )
        return employees.filtered(lambda e: e.sudo().resource_id in leaves.resource_id)

    @api.depends("farm_id")
    def _compute_farm_contact_id(self):
        for intervention in self:
            contact = intervention.farm_contact_id
            if not contact or contact.commercial_partner_id != intervention.farm_id:
                intervention.farm_contact_id = (
                    intervention.farm_id.child_ids[:1] or intervention.farm_id
                )

    @api.depends("planned_start", "planned_end")
    def _compute_planned_duration(self):
        for intervention in self:
            start, end = intervention.planned_start, intervention.planned_end
            intervention.planned_duration = (
                (end - start).total_seconds() / 3600
                if start and end and end > start
                else 0.0
            )

    @api.depends("company_id")
    def _compute_resource_calendar_id(self):
        for intervention in self:
            if not intervention.resource_calendar_id:
                intervention.resource_calendar_id = (
                    intervention.company_id.resource_calendar_id
                )

    @api.depends(
        "planned_start", "planned_end", "resource_calendar_id", "hours_per_day"
    )
    def _compute_working_time(self):
        # One look-up of the schedule per calendar for a whole batch (a week, a
        # series), each job then cut out of it.
        dated = self.filtered(
            lambda i: i.planned_start
            and i.planned_end
            and i.planned_end > i.planned_start
        )
        (self - dated).update(
            {"working_hours": 0.0, "working_days": 0, "working_half_days": 0}
        )
        for calendar, jobs in dated.grouped("resource_calendar_id").items():
            intervals = working_time.calendar_intervals(
                calendar,
                min(jobs.mapped("planned_start")),
                max(jobs.mapped("planned_end")),
            )
            for intervention in jobs:
                by_day = intervention._working_hours_by_day(intervals)
                days, half_days = working_time.days_and_half_days(by_day)
                intervention.working_hours = sum(by_day.values())
                intervention.working_days = days
                intervention.working_half_days = half_days

    def _working_hours_by_day(self, intervals=None):
        """{local day: working hours per person} of the job."""
        self.ensure_one()
        return working_time.working_hours_by_day(
            self.resource_calendar_id,
            self.planned_start,
            self.planned_end,
            self.hours_per_day,
            intervals=intervals,
        )

    @api.constrains("hours_per_day")
    def _check_hours_per_day(self):
        for intervention in self:
            if not 0 <= intervention.hours_per_day <= 24:
                raise ValidationError(
                    _(
                        "%(name)s: a day has 0 to 24 working hours, not %(hours)s.",
                        name=intervention.name,
                        hours=formatLang(self.env, intervention.hours_per_day),
                    )
                )

    @api.depends("worker_line_ids.planned_hours", "worker_line_ids.hours_worked")
    def _compute_hours(self):
        for intervention in self:
            lines = intervention.worker_line_ids
            intervention.worker_count = len(lines)
            intervention.planned_hours = sum(lines.mapped("planned_hours"))
            intervention.hours_worked = sum(lines.mapped("hours_worked"))

    @api.constrains("planned_start", "planned_end")
    def _check_planned_dates(self):
        max_days = self.env["res.config.settings"]._sp_setting(
            "sp_max_intervention_days"
        )
        for intervention in self:
            start, end = intervention.planned_start, intervention.planned_end
            if not (start and end):
                continue
            if end <= start:
                raise ValidationError(
                    _(
                        "The planned end of %(name)s must come after its planned "
                        "start.",
                        name=intervention.name,
                    )
                )
            if end - start > timedelta(days=max_days):
                raise ValidationError(
                    _(
                        "%(name)s would last %(days)s days: a single intervention "
                        "lasts at most %(max)s days "
                        "(Settings). Plan a longer job as a series.",
                        name=intervention.name,
                        max=max_days,
                        days=formatLang(
                            self.env, (end - start) / timedelta(days=1), digits=1
                        ),
                    )
                )

    @api.constrains("farm_id", "farm_contact_id")
    def _check_farm(self):
        for intervention in self:
            farm, contact = intervention.farm_id, intervention.farm_contact_id
            if not farm.sp_is_farm:
                raise ValidationError(
                    _(
                        "%(partner)s is not a farm: interventions are for the member "
                        "farms only. "
                        "Tick “Is a Farm” on its contact form first.",
                        partner=farm.display_name,
                    )
                )
            if contact and contact != farm and contact.parent_id != farm:
                raise ValidationError(
                    _(
                        "%(contact)s is not a contact of the farm %(farm)s.",
                        contact=contact.display_name,
                        farm=farm.display_name,
                    )
                )

    @api.constrains("requested_date_from", "requested_date_to")
    def _check_requested_window(self):
        for intervention in self:
            if (
                intervention.requested_date_from
                and intervention.requested_date_to
                and intervention.requested_date_to < intervention.requested_date_from
            ):
                raise ValidationError(
                    _(
                        "The requested window of %(name)s ends before it starts.",
                        name=intervention.name,
                    )
                )

    @api.constrains("supervisor_id")
    def _check_supervisor_role(self):
        for intervention in self.filtered("supervisor_id"):
            if intervention.supervisor_id.sudo().sp_role != "supervisor":
                raise ValidationError(
                    _(
                        "%(person)s is not a technical supervisor and cannot lead "
                        "%(name)s.",
                        person=intervention.supervisor_id.name,
                        name=intervention.name,
                    )
                )

    @api.onchange("team_id")
    def _onchange_team_id(self):
        if self.team_id and self.state in CREW_OPEN_STATES:
            self.worker_line_ids = self.team_id._crew_commands()

    @api.constrains("workers_needed")
    def _check_workers_needed(self):
        if any(intervention.workers_needed < 0 for intervention in self):
            raise ValidationError(_("The number of workers needed cannot be negative."))

    @api.model
    def formatted_read_group(
        self,
        domain,
        groupby=(),
        aggregates=(),
        having=(),
        offset=0,
        limit=None,
        order=None,
    ):
        # The kanban by status folds the closed columns that hold nothing, so that
        # the columns in use fit on the planner's screen.
        groups = super().formatted_read_group(
            domain, groupby, aggregates, having, offset, limit, order
        )
        if groupby and groupby[0] == "state":
            for group in groups:
                if group["state"] in FOLDED_WHEN_EMPTY and not group.get("__count"):
                    group["__fold"] = True
        return groups

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_price_rights(vals)
        new = self.env._("New")
        to_name = [vals for vals in vals_list if vals.get("name", new) == new]
        for vals, name in zip(to_name, self._next_names(len(to_name)), strict=False):
            vals["name"] = name
        teams = self.env["sp.team"].browse(
            vals["team_id"] for vals in vals_list if vals.get("team_id")
        )
        for vals in vals_list:
            if (
                vals.get("team_id")
                and not {"worker_line_ids", "crew_line_ids"} & vals.keys()
            ):
                vals["worker_line_ids"] = teams.browse(vals["team_id"])._crew_commands()
            if vals.get("supervisor_id") and vals.get("state") != "cancelled":
                # Booked with the crew, in one creation of lines and one check
                # (_sync_supervisor_lines does the rest).
                workers = vals.get("worker_line_ids", [])
                if all(command[0] == Command.CREATE for command in workers):
                    vals.pop("worker_line_ids", None)
                else:
                    workers = []
                vals["crew_line_ids"] = [
                    *vals.get("crew_line_ids", []),
                    *workers,
                    Command.create(
                        {"employee_id": vals["supervisor_id"], "role": "supervisor"}
                    ),
                ]
        later = self.with_context(**{SYNC_LATER: True})
        interventions = super(SpIntervention, later).create(vals_list)
        interventions._sync_supervisor_lines()
        interventions = interventions.with_env(self.env)
        interventions._sync_calendar_events()
        interventions._subscribe_farm_contacts()
        return interventions

    def write(self, vals):
        self._check_price_rights(vals)
        if (
            vals.get("team_id")
            and not {"worker_line_ids", "crew_line_ids"} & vals.keys()
        ):
            # As in the form: a new team proposes its members while the crew is open.
            open_crew = self.filtered(
                lambda intervention: intervention.state in CREW_OPEN_STATES
            )
            if open_crew and open_crew != self:
                return (self - open_crew).write(vals) and open_crew.write(vals)
            if open_crew:
                vals = {
                    **vals,
                    "worker_line_ids": self.env["sp.team"]
                    .browse(vals["team_id"])
                    ._crew_commands(),
                }
        # The hours ledger follows the jobs done: into or out of the states worked,
        # new dates. From done to reviewed or invoiced, nothing moves.
        ledger = self._ledger_moved_by(vals)
        ledger_keys = ledger.crew_line_ids._sp_ledger_keys()
        later = self.with_context(**{SYNC_LATER: True})
        result = super(SpIntervention, later).write(vals)
        if ledger:
            ledger_keys |= ledger.crew_line_ids._sp_ledger_keys()
            ledger.crew_line_ids._sp_update_ledger(ledger_keys)
        if "planned_start" in vals or "planned_end" in vals:
            # The crew lines follow the new dates: their people must be free then too.
            self.crew_line_ids._check_crew()
        if "supervisor_id" in vals or "team_id" in vals or vals.get("state") == "draft":
            later._sync_supervisor_lines()
        if CALENDAR_FIELDS & vals.keys():
            self._sync_calendar_events()
        if "farm_contact_id" in vals or "farm_id" in vals:
            self._subscribe_farm_contacts()
        return result

    def _lock_for_invoicing(self):
        """Take the jobs about to be invoiced. Of two accountants invoicing the same
        jobs at once, the second waits here for the first; once the first commits,
        PostgreSQL makes the second start again (a serialization failure, which
        Odoo retries, not logged as an error), and it then finds the jobs billed
        and says so in its own language, where it would otherwise meet the unique
        index of the billing key in English."""
        if self:
            self.env.cr.execute(
                SQL(
                    "UPDATE sp_intervention SET write_date = write_date "
                    "WHERE id = ANY(%s)",
                    self.ids,
                ),
                log_exceptions=False,
            )

    def _portal_ensure_tokens(self):
        """The link of the farm's e-mails, made at confirmation in one query: the
        confirmation cron then writes nothing but the flag that it sent it."""
        missing = self.filtered(lambda intervention: not intervention.access_token)
        if missing:
            self.env.cr.execute(
                SQL(
                    """UPDATE sp_intervention SET access_token = gen_random_uuid()::text
                        WHERE id = ANY(%s) AND access_token IS NULL""",
                    missing.ids,
                )
            )
            missing.invalidate_recordset(["access_token"])

    def _subscribe_farm_contacts(self):
        """The farm's contact follows its jobs: staff replies from the chatter reach
        it, as a customer follows its sale orders."""
        # As mail.thread subscribes the creator: one insert per contact, whatever
        # the number of jobs (a series, an import).
        for contact, interventions in self.grouped("farm_contact_id").items():
            if contact:
                self.env["mail.followers"]._insert_followers(
                    self._name,
                    interventions.ids,
                    contact.ids,
                    customer_ids=contact.filtered("partner_share").ids,
                )

    def _ledger_moved_by(self, vals):
        """The interventions whose crew's hours in the ledger ``vals`` moves."""
        if "planned_start" in vals or "planned_end" in vals:
            return self
        if "state" not in vals:
            return self.browse()
        worked = vals["state"] in WORKED_STATES
        return self.filtered(lambda i: (i.state in WORKED_STATES) != worked)

    def _sync_supervisor_lines(self):
        """Keep one crew line for the supervisor, so that they are booked like the
        workers."""
        Line = self.env["sp.intervention.worker"]
        lines = self.crew_line_ids.filtered(lambda line: line.role == "supervisor")
        current = {line.intervention_id: line for line in lines}
        stale, to_create = Line, []
        for intervention in self:
            line = current.get(intervention)
            if line and line.employee_id != intervention.supervisor_id:
                stale |= line
                line = None
            if (
                not line
                and intervention.supervisor_id
                and intervention.state != "cancelled"
            ):
                to_create.append(
                    {
                        "intervention_id": intervention.id,
                        "employee_id": intervention.supervisor_id.id,
                        "role": "supervisor",
                    }
                )
        stale.unlink()
        Line.create(to_create)

    def _sync_calendar_events(self):
        """A confirmed intervention keeps one calendar event for its crew; others have
        none.

        One intervention alone sends its crew the calendar's invitation or change
        notice. Several at once (a week confirmed, a series), or a caller that says
        it will (``sp_bookings_digest``), send each person one message listing their
        bookings instead. The calendar's own "assigned to you" mail never goes: the
        invitation says it already.
        """
        keep = self.filtered(
            lambda i: i.state in CALENDAR_STATES and i.planned_start and i.planned_end
        )
        dropped = (self - keep).filtered("calendar_event_id")
        events = dropped.calendar_event_id
        dropped.calendar_event_id = False
        events.sudo().unlink()

        digest = len(keep) > 1 or self.env.context.get(DIGEST)
        # The calendar would look up its own bot once per event to write the
        # organizer's details in the description: the intervention has them.
        Event = (
            self.env["calendar.event"]
            .sudo()
            .with_context(
                mail_auto_subscribe_no_notify=True,
                no_mail_to_attendees=digest,
                skip_contact_description=True,
                # The event is the crew's agenda entry: its history is the job's.
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                mail_notrack=True,
            )
        )
        new = keep.filtered(lambda intervention: not intervention.calendar_event_id)
        if new:  # the calendar's create costs queries even for no event
            events = Event.create([i._calendar_event_values() for i in new])
            for intervention, event in zip(new, events, strict=True):
                intervention.calendar_event_id = event
        changed = new
        for intervention in keep - new:
            values = intervention._calendar_event_values()
            event = intervention.calendar_event_id.sudo()
            # Only on a real change: a state change alone leaves the event be.
            if (
                event.start != values["start"]
                or event.stop != values["stop"]
                or event.name != values["name"]
                or set(event.partner_ids.ids) != set(values["partner_ids"][0][2])
            ):
                event.with_env(Event.env).write(values)
                changed |= intervention
        if digest and not self.env.context.get(DIGEST):
            changed._notify_bookings()

    def _notify_bookings(self):
        """Send each person of the crews of ``self`` one message listing their bookings.

        The people are those the calendar invites (employees with a user), but
        the one who made the change.
        """
        bookings = {}
        for intervention in self.sorted("planned_start"):
            partners = intervention.crew_line_ids.employee_id.user_id.partner_id
            for partner in partners - self.env.user.partner_id:
                bookings.setdefault(partner, self.browse())
                bookings[partner] |= intervention
        Thread = self.env["mail.thread"].sudo()
        for partner, interventions in bookings.items():
            lang_env = self.with_context(lang=partner.lang or self.env.lang).env
            tz = pytz.timezone(partner.tz) if partner.tz else planning_tz(self.env)
            lines = []
            for intervention in interventions:
                start = intervention.planned_start.replace(tzinfo=pytz.utc).astimezone(
                    tz
                )
                end = intervention.planned_end.replace(tzinfo=pytz.utc).astimezone(tz)
                lines.append(
                    {
                        "intervention": intervention,
                        "day": format_date(
                            lang_env, start.date(), date_format="EEEE d MMMM"
                        ),
                        # Hours need no locale: one babel call per line is enough.
                        "start": start.strftime("%H:%M"),
                        "end": end.strftime("%H:%M"),
                    }
                )
            body = lang_env["ir.qweb"]._render(
                "seconde_pousse.mail_bookings_digest",
                {"partner": partner, "lines": lines},
            )
            Thread.message_notify(
                partner_ids=partner.ids,
                subject=lang_env._(
                    "Your Seconde Pousse planning: %(count)s interventions",
                    count=len(interventions),
                ),
                body=body,
                email_layout_xmlid="mail.mail_notification_light",
                model_description=lang_env._("planning"),
            )

    def _sync_calendar_events_of_crew(self):
        """Called by crew lines: sync now, unless the intervention's own write will."""
        if not self.env.context.get(SYNC_LATER):
            self._sync_calendar_events()

    def _calendar_event_values(self):
        self.ensure_one()
        organizer = self.supervisor_id.user_id or self.env.user
        return {
            "name": self.display_name,
            "start": self.planned_start,
            "stop": self.planned_end,
            # else the calendar keeps the old duration on a move
            "duration": self.planned_duration,
            "user_id": organizer.id,
            "partner_ids": [
                Command.set(self.crew_line_ids.employee_id.user_id.partner_id.ids)
            ],
            "location": self.farm_id._display_address(without_company=True).replace(
                "\n", ", "
            ),
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
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [
                    ("code", "=", SEQUENCE_CODE),
                    ("company_id", "in", [self.env.company.id, False]),
                ],
                order="company_id",
                limit=1,
            )
        )
        if not sequence:
            raise UserError(
                _(
                    "The sequence of interventions is missing; ask an administrator to "
                    "restore it."
                )
            )
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence.next_by_id() for _i in range(count)]
        self.env.cr.execute(
            "SELECT nextval(%s) FROM generate_series(1, %s)",
            [f"ir_sequence_{sequence.id:03d}", count],
        )
        return [sequence.get_next_char(number) for (number,) in self.env.cr.fetchall()]

    def unlink(self):
        # The crew lines go with their job (ON DELETE CASCADE), and their hours
        # with them from the ledger.
        lines = self.crew_line_ids
        keys = lines._sp_ledger_keys()
        by_intervention = lines._sp_ledger_keys_by_intervention()
        result = super().unlink()
        lines.browse()._sp_update_ledger(keys, by_intervention)
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_engaged(self):
        if self.env.user.has_group("seconde_pousse.group_sp_manager"):
            return
        engaged = self.filtered(lambda i: i.state not in ("draft", "cancelled"))
        if engaged:
            raise UserError(
                _(
                    "Only requests and cancelled interventions can be deleted; ask a "
                    "manager to delete %(names)s.",
                    names=", ".join(engaged.mapped("name")),
                )
            )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _state_label(self):
        # In the user's language, like the messages around it, also for a program
        # calling over RPC without a context.
        env = self.with_context(lang=self.env.lang or self.env.user.lang).env
        return dict(self._fields["state"]._description_selection(env))[self.state]

    def _set_state(self, state, **values):
        """Move to ``state``, with its line in each intervention's history.

        One intervention gets Odoo's tracking. Many at once (a week, a series) get
        the same line written in one batch: the tracking writes a message per
        record, two queries each, which would double the cost of confirming a
        week.
        """
        # Crew lines released by a cancellation, held again out of it.
        self.crew_line_ids.filtered(
            lambda line: line.released != (state == "cancelled")
        ).write({"released": state == "cancelled"})
        if state == "done":
            self._fill_hours_worked()
        if len(self) <= 1:
            return self.write({"state": state, **values})
        before = {intervention.id: intervention._state_label() for intervention in self}
        self.with_context(tracking_disable=True).write({"state": state, **values})
        after = self[:1]._state_label()
        lang_env = self.with_context(lang=self.env.lang or self.env.user.lang).env
        field = self._fields["state"]._description_string(lang_env)
        bodies = {}
        for id_, label in before.items():  # a loop: _() finds the language here
            bodies[id_] = escape(
                _(
                    "%(field)s: %(before)s → %(after)s",
                    field=field,
                    before=label,
                    after=after,
                )
            )
        self._message_log_batch(bodies=bodies)
        return True

    def _fill_hours_worked(self):
        """The attendees whose hours nobody corrected worked the planned hours."""
        lines = self.crew_line_ids.filtered(
            lambda line: line.attended and not line.hours_worked
        )
        for hours, same in lines.grouped("planned_hours").items():
            same.hours_worked = hours

    def _check_state(self, allowed, message):
        """Refuse the transition for interventions outside ``allowed`` states.

        ``message`` is a translated text with ``%(name)s`` and ``%(state)s``.
        """
        for intervention in self:
            if intervention.state not in allowed:
                raise UserError(
                    message
                    % {"name": intervention.name, "state": intervention._state_label()}
                )

    def action_plan(self):
        self._check_state(
            ("draft",), _("Only a request can be planned: %(name)s is “%(state)s”.")
        )
        for intervention in self:
            if not (intervention.planned_start and intervention.planned_end):
                raise UserError(
                    _(
                        "Set the planned start and end of %(name)s before planning it.",
                        name=intervention.name,
                    )
                )
        self._set_state("planned")
        self.activity_feedback([REQUEST_ACTIVITY])
        return True

    def action_confirm(self):
        self._check_state(
            ("planned",),
            _("Only a planned intervention can be confirmed: %(name)s is “%(state)s”."),
        )
        for intervention in self:
            intervention._check_crew_composition()
        self._set_state("confirmed")
        self._portal_ensure_tokens()
        # The farms get their dates by e-mail right after the commit, from the
        # cron: confirming a week costs no message per job here.
        self.env.ref(NOTIFY_CRON)._trigger()
        return True

    def _check_crew_composition(self):
        """A supervisor, a crew within the team's bounds and the association's maximum,
        nobody archived."""
        self.ensure_one()
        if not self.supervisor_id:
            raise UserError(
                _(
                    "Choose the supervisor of %(name)s before confirming it.",
                    name=self.name,
                )
            )
        if not self.worker_line_ids:
            raise UserError(
                _(
                    "Add at least one worker to %(name)s before confirming it.",
                    name=self.name,
                )
            )
        maximum = self.env["res.config.settings"]._sp_setting("sp_max_workers")
        minimum = 1
        if self.team_id:
            minimum, maximum = (
                self.team_id.min_workers,
                min(self.team_id.max_workers, maximum),
            )
        count = len(self.worker_line_ids)
        if count > maximum:
            raise UserError(
                _(
                    "%(name)s has %(count)s workers: remove %(extra)s, at most %(max)s "
                    "can go with one supervisor.",
                    name=self.name,
                    count=count,
                    extra=count - maximum,
                    max=maximum,
                )
            )
        if count < minimum:
            raise UserError(
                _(
                    "%(name)s has %(count)s workers: add %(missing)s, the team "
                    "%(team)s needs at least %(min)s.",
                    name=self.name,
                    count=count,
                    missing=minimum - count,
                    team=self.team_id.name,
                    min=minimum,
                )
            )
        archived = self.crew_line_ids.employee_id.filtered(
            lambda employee: not employee.active
        )
        if archived:
            raise UserError(
                _(
                    "%(name)s cannot be confirmed with people who have left: "
                    "%(people)s.",
                    name=self.name,
                    people=", ".join(archived.mapped("name")),
                )
            )

    def action_start(self):
        self._check_state(
            ("confirmed",),
            _("Only a confirmed intervention can be started: %(name)s is “%(state)s”."),
        )
        early = self._before_their_day()
        if early:
            if not self.env.user.has_group("seconde_pousse.group_sp_manager"):
                raise UserError(early._before_day_message(_("started")))
            # A coordinator may start it early, saying why.
            return {
                "type": "ir.actions.act_window",
                "name": _("Start Before the Day"),
                "res_model": "sp.intervention.early.start",
                "view_mode": "form",
                "views": [(False, "form")],
                "target": "new",
                "context": {"default_intervention_ids": self.ids},
            }
        self._start()
        return True

    def _start(self):
        self._check_equipment_back()
        self._set_state("in_progress", actual_start=fields.Datetime.now())

    def _before_their_day(self):
        """The jobs of ``self`` whose planned day has not come yet (in the user's
        time zone) and that no coordinator started early."""
        today = fields.Date.context_today(self)
        return self.filtered(
            lambda intervention: not intervention.early_start_reason
            and intervention.planned_start
            and fields.Datetime.context_timestamp(
                intervention, intervention.planned_start
            ).date()
            > today
        )

    def _before_day_message(self, done):
        """``done`` says what cannot happen yet ("started", "marked as done")."""
        intervention = self[:1]
        return _(
            "%(name)s is planned for %(day)s: it cannot be %(done)s before that day.",
            name=intervention.name,
            day=format_date(
                self.env,
                fields.Datetime.context_timestamp(
                    intervention, intervention.planned_start
                ).date(),
            ),
            done=done,
        )

    def _check_equipment_back(self):
        """The equipment reserved for the job is not still out on another loan."""
        reserved = self.loan_ids.filtered(lambda loan: loan.state == "reserved")
        out_elsewhere = self.env["sp.equipment.loan"].search(
            [
                ("equipment_id", "in", reserved.equipment_id.ids),
                ("state", "=", "out"),
                ("id", "not in", self.loan_ids.ids),
            ]
        )
        for loan in reserved:
            elsewhere = out_elsewhere.filtered_domain(
                [("equipment_id", "=", loan.equipment_id.id)]
            )[:1]
            if elsewhere:
                raise UserError(
                    _(
                        "%(name)s cannot start: %(equipment)s is still out on %(loan)s "
                        "(%(farm)s).",
                        name=loan.intervention_id.name,
                        equipment=elsewhere.equipment_id.name,
                        loan=elsewhere.name,
                        farm=elsewhere.partner_id.name,
                    )
                )

    def action_done(self):
        self._check_state(
            ("in_progress",),
            _(
                "Only an intervention in progress can be marked as done: %(name)s is "
                "“%(state)s”."
            ),
        )
        if early := self._before_their_day():
            raise UserError(early._before_day_message(_("marked as done")))
        for intervention in self:
            if not any(intervention.worker_line_ids.mapped("attended")):
                raise UserError(
                    _(
                        "Tick who attended %(name)s before marking it as done.",
                        name=intervention.name,
                    )
                )
        self._set_state("done", actual_end=fields.Datetime.now())
        self.env["sp.intervention.review"]._open_for(self)
        return True

    def _action_reviewed(self):
        """The review with the farmer is complete: the job is closed."""
        self._check_state(
            ("done",),
            _("Only a done intervention can be reviewed: %(name)s is “%(state)s”."),
        )
        self._set_state("reviewed")

    def action_open_review(self):
        """The review with the farmer, opened when the intervention was done."""
        self.ensure_one()
        self._check_state(
            ("done", "reviewed", "invoiced"),
            _("%(name)s is “%(state)s”: its review comes once it is done."),
        )
        review = self.review_id or self.env["sp.intervention.review"]._open_for(self)
        return review.get_formview_action()

    def action_cancel(self):
        self._check_state(
            ("draft", "planned", "confirmed", "in_progress"),
            _("%(name)s is “%(state)s” and can no longer be cancelled."),
        )
        self._set_state("cancelled")
        self.activity_unlink([REQUEST_ACTIVITY])
        self.loan_ids.filtered(lambda loan: loan.state == "reserved").action_cancel()
        return True

    def action_reset_draft(self):
        self._check_state(
            ("planned", "confirmed", "cancelled"),
            _(
                "Only a planned, confirmed or cancelled intervention can go back to "
                "request: %(name)s is “%(state)s”."
            ),
        )
        # Confirmed again later, the farm hears of its dates again.
        self._set_state("draft", farm_notified=False)
        # back from cancelled, the crew is booked again
        self.crew_line_ids._check_crew()
        return True

    # ------------------------------------------------------------------
    # Equipment
    # ------------------------------------------------------------------
    def action_reserve_equipment(self):
        """One click: a reservation for each piece of equipment not reserved yet."""
        vals_list = []
        for intervention in self:
            if not (intervention.planned_start and intervention.planned_end):
                raise UserError(
                    _(
                        "Set the planned start and end of %(name)s before reserving "
                        "equipment.",
                        name=intervention.name,
                    )
                )
            reserved = intervention.loan_ids.filtered(
                lambda loan: loan.state != "cancelled"
            ).equipment_id
            for equipment in intervention.equipment_ids - reserved:
                owner = equipment.sp_owner_id
                lend = not owner or owner == intervention.company_id.partner_id
                vals_list.append(
                    {
                        "equipment_id": equipment.id,
                        "intervention_id": intervention.id,
                        "partner_id": intervention.farm_id.id if lend else owner.id,
                        "direction": "lend" if lend else "borrow",
                        "date_start": intervention.planned_start,
                        "date_end": intervention.planned_end,
                        "responsible_id": intervention.supervisor_id.user_id.id
                        or self.env.user.id,
                        "company_id": intervention.company_id.id,
                    }
                )
        self.env["sp.equipment.loan"].create(vals_list)
        return True

    def action_view_loans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "seconde_pousse.sp_equipment_loan_action"
        )
        action["domain"] = [("intervention_id", "=", self.id)]
        action["context"] = {
            "default_intervention_id": self.id,
            "default_partner_id": self.farm_id.id,
        }
        return action

    # ------------------------------------------------------------------
    # Series
    # ------------------------------------------------------------------
    def _following_occurrences(self):
        self.ensure_one()
        return self.recurrence_id.intervention_ids.filtered(
            lambda i: i.planned_start
            and i.planned_start > self.planned_start
            and i.state not in SETTLED_STATES
        ).sorted("planned_start")

    def action_apply_to_following(self):
        """Give the following occurrences of the series this one's time, supervisor,
        team, tasks and crew."""
        self.ensure_one()
        if not (self.recurrence_id and self.planned_start and self.planned_end):
            raise UserError(
                _("%(name)s is not part of a planned series.", name=self.name)
            )
        tz = planning_tz(self.env)
        local_time = pytz.utc.localize(self.planned_start).astimezone(tz).time()
        duration = self.planned_end - self.planned_start
        periods = {}
        for occurrence in self._following_occurrences():
            local_day = (
                pytz.utc.localize(occurrence.planned_start).astimezone(tz).date()
            )
            start = (
                tz.localize(datetime.combine(local_day, local_time))
                .astimezone(pytz.utc)
                .replace(tzinfo=None)
            )
            periods[occurrence.id] = (start, start + duration)
        clashes = self.env["sp.intervention.worker"]._booking_clashes(
            self.crew_line_ids.employee_id.ids, periods
        )
        updated, skipped = self.browse(), []
        for occurrence in self.browse(periods):
            # An occurrence's own crew does not clash with itself.
            found = clashes.get(
                occurrence.id, self.env["sp.intervention.worker"]
            ).filtered(
                lambda line, occurrence=occurrence: line.intervention_id != occurrence
            )
            if found:
                skipped.append(
                    _(
                        "%(day)s: %(clashes)s",
                        day=self.recurrence_id._format_day(periods[occurrence.id][0]),
                        clashes="; ".join(found._clash_descriptions()),
                    )
                )
                continue
            start, end = periods[occurrence.id]
            occurrence.with_context(**{DIGEST: True}).write(
                {
                    "planned_start": start,
                    "planned_end": end,
                    "team_id": self.team_id.id,
                    "supervisor_id": self.supervisor_id.id,
                    "task_type_ids": [Command.set(self.task_type_ids.ids)],
                    "workers_needed": self.workers_needed,
                    "description": self.description,
                    "worker_line_ids": [Command.clear()]
                    + [
                        Command.create(
                            {
                                "employee_id": line.employee_id.id,
                                "planned_hours": line.planned_hours,
                            }
                        )
                        for line in self.worker_line_ids
                    ],
                }
            )
            updated |= occurrence
        updated._notify_bookings()
        message = _("%(count)s following interventions updated.", count=len(updated))
        if skipped:
            message += " " + _(
                "Left unchanged because of clashes: %(list)s", list=" | ".join(skipped)
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Series"),
                "message": message,
                "sticky": bool(skipped),
                "type": "warning" if skipped else "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_cancel_following(self):
        """Cancel this intervention and the following ones of its series."""
        self.ensure_one()
        return (self | self._following_occurrences()).action_cancel()

    # ------------------------------------------------------------------
    # Farm portal
    # ------------------------------------------------------------------
    def _compute_access_url(self):
        for intervention in self:
            intervention.access_url = f"/my/interventions/{intervention.id}"

    def _mail_get_partner_fields(self, introspect_fields=False):
        # The farm's contact gets the e-mails, with a link to the job's page.
        return ["farm_contact_id"]

    @api.depends("supervisor_id.name", "worker_count", "workers_needed")
    def _compute_portal_team(self):
        # As the system: portal users do not read employees, only these two values.
        for intervention, sudoed in zip(self, self.sudo(), strict=True):
            name = (sudoed.supervisor_id.name or "").strip()
            intervention.supervisor_first_name = name.split()[0] if name else False
            intervention.crew_size = sudoed.worker_count or sudoed.workers_needed

    @api.model
    def _portal_lendable_equipment(self, farm):
        """The farm's own lendable equipment, which it may offer for a job."""
        return (
            self.env["maintenance.equipment"]
            .sudo()
            .search(
                [
                    ("sp_owner_id", "=", farm.commercial_partner_id.id),
                    ("sp_lendable", "=", True),
                ],
                order="name",
            )
        )

    @api.model
    def _portal_request_errors(self, farm, values):
        """What is wrong with a request ``values`` of ``farm``, by field, in the
        farm's words; empty when the request can be sent."""
        errors = {}
        today = fields.Date.context_today(self)
        start, end = values.get("requested_date_from"), values.get("requested_date_to")
        if not start:
            errors["requested_date_from"] = _("Give the first day that suits you.")
        elif start < today:
            errors["requested_date_from"] = _("The first day cannot be in the past.")
        elif start > today + timedelta(days=PORTAL_MAX_DAYS_AHEAD):
            errors["requested_date_from"] = _(
                "Ask at most a year ahead: the team plans the season."
            )
        if end and start and end < start:
            errors["requested_date_to"] = _("The last day comes before the first one.")
        elif end and end > today + timedelta(days=PORTAL_MAX_DAYS_AHEAD + 31):
            errors["requested_date_to"] = _(
                "Ask at most a year ahead: the team plans the season."
            )
        tasks = values.get("task_type_ids") or self.env["sp.task.type"]
        if not tasks:
            errors["task_type_ids"] = _("Choose at least one kind of work.")
        description = (values.get("description") or "").strip()
        if not description:
            errors["description"] = _("Describe the work: crops, plots, quantities.")
        elif len(description) > PORTAL_MAX_TEXT:
            errors["description"] = _(
                "Keep the description under %(max)s characters.", max=PORTAL_MAX_TEXT
            )
        if len(values.get("farm_equipment_note") or "") > PORTAL_MAX_TEXT:
            errors["farm_equipment_note"] = _(
                "Keep the description under %(max)s characters.", max=PORTAL_MAX_TEXT
            )
        maximum = self.env["res.config.settings"]._sp_setting("sp_max_workers")
        workers = values.get("workers_needed")
        if workers is None or not 1 <= workers <= maximum:
            errors["workers_needed"] = _(
                "Ask for 1 to %(max)s workers: a supervisor leads at most %(max)s.",
                max=maximum,
            )
        every = values.get("requested_every_weeks") or 0
        if not 0 <= every <= PORTAL_MAX_EVERY_WEEKS:
            errors["requested_every_weeks"] = _(
                "A regular need comes back every 1 to %(max)s weeks.",
                max=PORTAL_MAX_EVERY_WEEKS,
            )
        equipment = values.get("equipment_ids") or self.env["maintenance.equipment"]
        if equipment - self._portal_lendable_equipment(farm):
            errors["equipment_ids"] = _(
                "Choose among the equipment registered for your farm."
            )
        return errors

    @api.model
    def _portal_create_request(self, values):
        """A request the farm's portal user sends: a draft intervention of their
        farm, an activity for the planners, an acknowledgement to the farm.

        Called as the portal user in sudo (who is then its author and first
        follower); only the fields of the form are taken.
        """
        contact = self.env.user.partner_id
        farm = contact.commercial_partner_id
        if not farm.sp_is_farm:
            raise UserError(_("Only a member farm's contacts can ask for a job."))
        errors = self._portal_request_errors(farm, values)
        if errors:
            raise ValidationError("\n".join(errors.values()))
        intervention = self.create(
            {
                "farm_id": farm.id,
                "farm_contact_id": contact.id,
                "company_id": (farm.company_id or self.env.company).id,
                **self._portal_request_vals(values),
            }
        )
        intervention._notify_planners_of_request()
        # The contact wrote the request: Odoo does not notify the author of a post
        # unless told to, and the acknowledgement is for them.
        intervention.message_post_with_source(
            REQUEST_TEMPLATE,
            subtype_xmlid=FARM_MAIL,
            email_layout_xmlid="mail.mail_notification_light",
            notify_author_mention=True,
        )
        return intervention

    @api.model
    def _portal_request_vals(self, values):
        """The fields a farm's request form writes, from its checked ``values``."""
        equipment = values.get("equipment_ids") or self.env["maintenance.equipment"]
        return {
            "requested_date_from": values["requested_date_from"],
            "requested_date_to": values.get("requested_date_to") or False,
            "task_type_ids": [Command.set(values["task_type_ids"].ids)],
            "description": plaintext2html(values["description"].strip()),
            "workers_needed": values["workers_needed"],
            "requested_every_weeks": values.get("requested_every_weeks") or 0,
            "equipment_ids": [Command.set(equipment.ids)],
            "farm_equipment_note": (values.get("farm_equipment_note") or "").strip()
            or False,
        }

    def _portal_check_changeable(self):
        for intervention in self:
            if intervention.state != "draft":
                raise UserError(
                    _(
                        "%(name)s is already “%(state)s”: write to the team on its "
                        "page to change or cancel it.",
                        name=intervention.name,
                        state=intervention._state_label(),
                    )
                )

    def _portal_update_request(self, values):
        """The farm changes its request, as long as it is not planned (called as
        the portal user in sudo, after the access check)."""
        self.ensure_one()
        self._portal_check_changeable()
        errors = self._portal_request_errors(self.farm_id, values)
        if errors:
            raise ValidationError("\n".join(errors.values()))
        self.write(self._portal_request_vals(values))
        self.message_post(
            body=_("The farm changed its request."), subtype_xmlid="mail.mt_note"
        )
        return True

    def _portal_cancel_request(self, reason=None):
        """The farm cancels its request, as long as it is not planned."""
        self.ensure_one()
        self._portal_check_changeable()
        if not isinstance(reason, str | None) or len(reason or "") > PORTAL_MAX_TEXT:
            raise ValidationError(
                _("Keep the reason under %(max)s characters.", max=PORTAL_MAX_TEXT)
            )
        reason = (reason or "").strip()
        # Its tracking tells the planners, in the job's history.
        self.cancel_reason = reason or _("Cancelled by the farm.")
        self.action_cancel()
        return True

    def _notify_planners_of_request(self):
        """Each coordinator gets an activity; planning the request closes them all."""
        planners = (
            self.env.ref("seconde_pousse.group_sp_manager")
            .sudo()
            .all_user_ids.filtered(lambda user: user.active and not user.share)
        )
        for intervention in self:
            followers = intervention.message_partner_ids
            for planner in planners:
                intervention.activity_schedule(
                    REQUEST_ACTIVITY,
                    user_id=planner.id,
                    date_deadline=fields.Date.context_today(self),
                )
            # An activity makes its user a follower: the coordinators would get a
            # copy of every e-mail to the farm. The activity is their to-do.
            intervention.message_unsubscribe(
                partner_ids=(planners.partner_id - followers).ids
            )

    @api.model
    def _cron_notify_farms(self, batch=200):
        """Send each farm the dates and the supervisor of its confirmed jobs, once.

        One job at a time, each in its own savepoint: a job that a planner or a
        supervisor is writing at that moment (its row locked, or changed since
        this transaction began) is skipped, not the whole batch, and the cron
        comes back for it within minutes.
        """
        to_notify = self.search(
            [
                ("state", "=", "confirmed"),
                ("farm_notified", "=", False),
                ("planned_start", ">=", fields.Datetime.now()),
            ],
            order="planned_start",
            limit=batch,
        )
        skipped = self.browse()
        for intervention in to_notify:
            if not intervention._notify_farm_of_confirmation():
                skipped |= intervention
        cron = self.env.ref(NOTIFY_CRON)
        if len(to_notify) == batch:
            cron._trigger()
        if skipped:
            cron._trigger(
                fields.Datetime.now() + timedelta(minutes=NOTIFY_RETRY_MINUTES)
            )
        return True

    def _notify_farm_of_confirmation(self):
        """The confirmation e-mail of this job, sent and marked in one savepoint;
        False when the job is busy elsewhere (and nothing was written)."""
        self.ensure_one()
        cr = self.env.cr
        try:
            with cr.savepoint():
                cr.execute(
                    SQL(
                        """SELECT id FROM sp_intervention
                            WHERE id = %s AND state = 'confirmed'
                              AND farm_notified IS NOT TRUE
                              FOR NO KEY UPDATE SKIP LOCKED""",
                        self.id,
                    ),
                    log_exceptions=False,
                )
                if not cr.fetchone():
                    return False
                self.message_post_with_source(
                    CONFIRMED_TEMPLATE,
                    subtype_xmlid=FARM_MAIL,
                    email_layout_xmlid="mail.mail_notification_light",
                )
                self.farm_notified = True
                self.flush_recordset(["farm_notified"])
        except (LockNotAvailable, SerializationFailure):
            self.invalidate_recordset()
            return False
        return True
