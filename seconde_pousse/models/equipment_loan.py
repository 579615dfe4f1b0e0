from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

CONDITIONS = [("good", "Good"), ("worn", "Worn"), ("damaged", "Damaged")]


class SpEquipmentLoan(models.Model):
    """A tool, machine or vehicle going from its owner to the other side for a while.

    ``lend``: Seconde Pousse lends its equipment to a farm; ``borrow``: it
    borrows a farm's. Condition, meter and photos are recorded at check-out and
    at return; damage on return opens a maintenance request.
    """

    _name = "sp.equipment.loan"
    _description = "Equipment Loan"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "sp.booking.mixin",
        "sp.invoice.lock.mixin",
    ]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    # A loan holds its equipment for its planned period until it is returned.
    _booking_resource = "equipment_id"
    _booking_released_states = ("returned", "cancelled")
    # A returned loan's use is billed with its job: fixed while an invoice holds it.
    _sp_invoice_locked_fields = frozenset(
        {
            "equipment_id",
            "partner_id",
            "direction",
            "intervention_id",
            "meter_out",
            "meter_in",
            "state",
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
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    equipment_id = fields.Many2one(
        "maintenance.equipment",
        required=True,
        index=True,
        tracking=True,
        domain=[("sp_lendable", "=", True)],
        check_company=True,
    )
    usage_unit = fields.Selection(related="equipment_id.sp_usage_unit")
    partner_id = fields.Many2one(
        "res.partner",
        string="Farm",
        required=True,
        index=True,
        tracking=True,
        domain=[("sp_is_farm", "=", True)],
    )
    direction = fields.Selection(
        [("lend", "Lent to the farm"), ("borrow", "Borrowed from the farm")],
        required=True,
        tracking=True,
        compute="_compute_direction",
        store=True,
        readonly=False,
        precompute=True,
    )
    intervention_id = fields.Many2one(
        "sp.intervention",
        index="btree_not_null",
        check_company=True,
    )
    responsible_id = fields.Many2one(
        "res.users",
        default=lambda self: self.env.user,
        tracking=True,
    )
    date_start = fields.Datetime(string="From", required=True, tracking=True)
    date_end = fields.Datetime(string="Until", required=True, tracking=True)
    checkout_date = fields.Datetime(string="Checked Out", readonly=True, copy=False)
    return_date = fields.Datetime(string="Returned", readonly=True, copy=False)
    state = fields.Selection(
        [
            ("reserved", "Reserved"),
            ("out", "Out"),
            ("returned", "Returned"),
            ("cancelled", "Cancelled"),
        ],
        default="reserved",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        group_expand=True,
    )
    is_late = fields.Boolean(
        string="Late", compute="_compute_is_late", search="_search_is_late"
    )
    condition_out = fields.Selection(
        CONDITIONS, string="Condition at Check-out", copy=False
    )
    condition_in = fields.Selection(
        CONDITIONS, string="Condition at Return", copy=False
    )
    notes_out = fields.Text(string="Check-out Notes", copy=False)
    notes_in = fields.Text(string="Return Notes", copy=False)
    meter_out = fields.Float(
        string="Meter at Check-out",
        digits=(12, 1),
        copy=False,
        compute="_compute_meter_out",
        store=True,
        readonly=False,
        precompute=True,
    )
    meter_in = fields.Float(string="Meter at Return", digits=(12, 1), copy=False)
    usage = fields.Float(compute="_compute_usage", store=True, digits=(12, 1))
    photo_out_ids = fields.Many2many(
        "ir.attachment", "sp_equipment_loan_photo_out_rel", string="Photos at Check-out"
    )
    photo_in_ids = fields.Many2many(
        "ir.attachment", "sp_equipment_loan_photo_in_rel", string="Photos at Return"
    )
    damage_description = fields.Text(string="Damage", copy=False)
    maintenance_request_id = fields.Many2one(
        "maintenance.request", string="Repair Request", readonly=True, copy=False
    )

    def _sp_invoice_locked(self):
        # Equipment lent to the farm is billed by its use once returned.
        return self.filtered(
            lambda loan: loan.state == "returned" and loan.direction == "lend"
        )

    @api.depends("equipment_id.sp_owner_id", "company_id")
    def _compute_direction(self):
        for loan in self:
            owner = loan.equipment_id.sp_owner_id
            loan.direction = (
                "lend" if not owner or owner == loan.company_id.partner_id else "borrow"
            )

    @api.depends("equipment_id")
    def _compute_meter_out(self):
        for loan in self:
            loan.meter_out = loan.equipment_id.sp_meter

    @api.onchange("equipment_id", "direction")
    def _onchange_owner_farm(self):
        if self.direction == "borrow" and self.equipment_id.sp_owner_id.sp_is_farm:
            self.partner_id = self.equipment_id.sp_owner_id

    def _compute_is_late(self):
        now = fields.Datetime.now()
        for loan in self:
            loan.is_late = loan.state == "out" and loan.date_end < now

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        late = [("state", "=", "out"), ("date_end", "<", fields.Datetime.now())]
        return late if (operator == "=") == value else ["!", *late]

    @api.depends("state", "meter_out", "meter_in")
    def _compute_usage(self):
        for loan in self:
            loan.usage = (
                loan.meter_in - loan.meter_out if loan.state == "returned" else 0.0
            )

    @api.model_create_multi
    def create(self, vals_list):
        new = self.env._("New")
        for vals in vals_list:
            if vals.get("name", new) == new:
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("sp.equipment.loan") or new
                )
        return super().create(vals_list)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for loan in self:
            if loan.date_end <= loan.date_start:
                raise ValidationError(
                    _("The loan %(loan)s must end after it starts.", loan=loan.name)
                )

    @api.constrains("meter_out", "meter_in", "state")
    def _check_meters(self):
        for loan in self:
            if loan.meter_out < 0 or loan.meter_in < 0:
                raise ValidationError(
                    _("A meter reading cannot be negative (%(loan)s).", loan=loan.name)
                )
            if loan.state == "returned" and loan.meter_in < loan.meter_out:
                raise ValidationError(
                    _(
                        "The meter of %(equipment)s cannot go backwards: %(back)s at "
                        "return, %(out)s at check-out.",
                        equipment=loan.equipment_id.name,
                        back=loan.meter_in,
                        out=loan.meter_out,
                    )
                )

    @api.constrains("partner_id", "equipment_id")
    def _check_partner_and_equipment(self):
        for loan in self:
            if not loan.partner_id.sp_is_farm:
                raise ValidationError(
                    _(
                        "%(partner)s is not a farm: equipment is lent to or borrowed "
                        "from the member farms only.",
                        partner=loan.partner_id.display_name,
                    )
                )
            if not loan.equipment_id.sp_lendable:
                raise ValidationError(
                    _(
                        "%(equipment)s is not lendable: tick “Lendable” on the "
                        "equipment first.",
                        equipment=loan.equipment_id.name,
                    )
                )

    @api.constrains("equipment_id", "date_start", "date_end", "state")
    def _check_equipment_free(self):
        """One piece of equipment is never held by two loans for overlapping periods."""
        self._check_booking()

    def _booking_clash_message(self, other):
        return _(
            "%(equipment)s is already reserved from %(start)s to %(end)s (%(loan)s, "
            "%(farm)s).",
            equipment=other.equipment_id.name,
            loan=other.name,
            farm=other.partner_id.name,
            start=self._booking_format(other.date_start),
            end=self._booking_format(other.date_end),
        )

    @api.model
    def _booking_clash_fallback_message(self):
        return _("This equipment is already reserved at that time.")

    # ------------------------------------------------------------------
    # Check-out and return
    # ------------------------------------------------------------------
    def action_checkout(self):
        """Hand the equipment over, with the check-out condition, meter and photos
        recorded on the loan."""
        for loan in self:
            if loan.state != "reserved":
                raise UserError(
                    _(
                        "Only a reserved loan can be checked out: %(loan)s is "
                        "“%(state)s”.",
                        loan=loan.name,
                        state=loan._state_label(),
                    )
                )
            current = loan.equipment_id.sp_meter
            if loan.meter_out < current:
                raise UserError(
                    _(
                        "The meter of %(equipment)s cannot go backwards: it read "
                        "%(current)s, not %(given)s.",
                        equipment=loan.equipment_id.name,
                        current=current,
                        given=loan.meter_out,
                    )
                )
            still_out = loan.equipment_id.sp_loan_ids.filtered(
                lambda other: other.state == "out"
            )
            if still_out:
                raise UserError(
                    _(
                        "%(equipment)s is still out on %(loan)s: record its return "
                        "first.",
                        equipment=loan.equipment_id.name,
                        loan=still_out[0].name,
                    )
                )
        self.write({"state": "out", "checkout_date": fields.Datetime.now()})
        return True

    def action_return(self):
        """Take the equipment back; damage opens a repair request on it."""
        for loan in self:
            if loan.state != "out":
                raise UserError(
                    _(
                        "%(loan)s has not been checked out, so it cannot be returned.",
                        loan=loan.name,
                    )
                )
        self.write({"state": "returned", "return_date": fields.Datetime.now()})
        for loan in self:
            loan.equipment_id.sudo().sp_meter = max(
                loan.meter_in, loan.equipment_id.sp_meter
            )
        damaged = self.filtered(
            lambda loan: loan.condition_in == "damaged" or loan.damage_description
        )
        # Maintenance (with hr_maintenance) lets a user reach only the requests they own
        # or
        # follow, and computes the owner from an employee: file it as the system, then
        # let the
        # person who recorded the return and the loan's responsible follow it.
        requests = (
            self.env["maintenance.request"]
            .sudo()
            .create([loan._repair_request_values() for loan in damaged])
        )
        for loan, request in zip(damaged, requests, strict=False):
            request.message_subscribe(
                partner_ids=(
                    self.env.user.partner_id | loan.responsible_id.partner_id
                ).ids
            )
            loan.maintenance_request_id = request
            loan.message_post(
                body=_(
                    "Damage reported on return: repair request %(request)s.",
                    request=request.name,
                )
            )
        return True

    def _repair_request_values(self):
        self.ensure_one()
        return {
            "name": _(
                "Damage on return: %(equipment)s (%(loan)s)",
                equipment=self.equipment_id.name,
                loan=self.name,
            ),
            "equipment_id": self.equipment_id.id,
            "maintenance_type": "corrective",
            "description": self.damage_description or self.notes_in or False,
            "company_id": self.company_id.id,
        }

    def action_cancel(self):
        for loan in self:
            if loan.state != "reserved":
                raise UserError(
                    _(
                        "Only a reserved loan can be cancelled: %(loan)s is "
                        "“%(state)s”.",
                        loan=loan.name,
                        state=loan._state_label(),
                    )
                )
        self.state = "cancelled"
        return True

    def _state_label(self):
        # In the user's language, like the messages around it, also for a program
        # calling over RPC without a context.
        env = self.with_context(lang=self.env.lang or self.env.user.lang).env
        return dict(self._fields["state"]._description_selection(env))[self.state]

    def action_open_handover(self):
        """The check-out or return form, by the loan's state."""
        self.ensure_one()
        mode = "checkout" if self.state == "reserved" else "return"
        return {
            "type": "ir.actions.act_window",
            "name": _("Check Out") if mode == "checkout" else _("Return"),
            "res_model": "sp.equipment.loan.handover",
            "view_mode": "form",
            "target": "new",
            "context": {"default_loan_id": self.id, "default_mode": mode},
        }

    @api.model
    def _cron_remind_late_loans(self):
        """Give the responsible of each late loan a to-do, once."""
        late = self.search([("is_late", "=", True), ("responsible_id", "!=", False)])
        todo = self.env.ref("mail.mail_activity_data_todo")
        reminded = late.activity_ids.filtered(
            lambda activity: activity.activity_type_id == todo
        ).mapped("res_id")
        # The summary names the equipment: a late loan is rare, one call each is fine.
        for loan in late.filtered(lambda loan: loan.id not in reminded):
            loan.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=loan.responsible_id.id,
                summary=_(
                    "Late return: %(equipment)s", equipment=loan.equipment_id.name
                ),
            )
