from stdnum.fr import siret

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date

PRICING_MODES = [
    ("worker_hour", "Per worker-hour"),
    ("half_day", "Per team half-day"),
    ("day", "Per team day"),
    ("flat", "Flat fee"),
]
# Membership states of a member farm, and of one whose first invoice waits to be posted.
MEMBER_STATES = ("invoiced", "paid", "free")
PENDING_STATE = "waiting"


class ResPartner(models.Model):
    """A farm of the Pays d'Aix that asks Seconde Pousse for interventions.

    Farms are companies flagged ``sp_is_farm``; their contacts are the usual
    child partners. The SIRET is Odoo's own ``company_registry`` and the
    membership of the association comes from OCA ``membership``.
    """

    _inherit = "res.partner"

    sp_is_farm = fields.Boolean(string="Is a Farm", index="btree_not_null")
    sp_production_ids = fields.Many2many(
        "sp.farm.production",
        string="Productions",
        help="What the farm grows or raises.",
    )
    sp_surface_ha = fields.Float(string="Surface (ha)", digits=(10, 2))
    sp_organic = fields.Selection(
        [
            ("no", "Conventional"),
            ("conversion", "In conversion"),
            ("certified", "Certified organic (AB)"),
        ],
        string="Organic Certification",
        default="no",
    )
    sp_access_notes = fields.Text(
        string="Access Notes",
        help=(
            "How the team reaches the plots: gate code, where to park, who to call on "
            "arrival."
        ),
    )
    sp_intervention_count = fields.Integer(
        compute="_compute_sp_intervention_count", string="Intervention Count"
    )
    sp_to_invoice_count = fields.Integer(
        compute="_compute_sp_intervention_count", string="Interventions to Invoice"
    )
    sp_membership_review_id = fields.Many2one(
        "sp.intervention.review",
        string="Joined through Review",
        readonly=True,
        copy=False,
        help="The first review with the farm, which brought it into the association.",
    )
    # OCA membership builds this selection from the lines' raw (English) values,
    # which Odoo never registers for translation: take the lines' translated labels.
    membership_state = fields.Selection(selection="_selection_membership_state")
    sp_pricing_mode = fields.Selection(
        PRICING_MODES,
        string="Pricing",
        default="worker_hour",
        copy=False,
        groups="seconde_pousse.group_sp_billing",
        help="How the farm's interventions are billed; an intervention may differ.",
    )
    sp_flat_fee = fields.Float(
        string="Flat Fee",
        digits="Product Price",
        copy=False,
        groups="seconde_pousse.group_sp_billing",
        help="The price of an intervention billed as a flat fee.",
    )
    sp_member_color = fields.Integer(
        compute="_compute_sp_member_color", string="Membership Colour"
    )

    @api.model
    def _selection_membership_state(self):
        line_state = self.env["membership.membership_line"]._fields["state"]
        return line_state._description_selection(self.env)

    def _compute_sp_intervention_count(self):
        counts, to_invoice = {}, {}
        Intervention = self.env["sp.intervention"]
        for farm, count in Intervention._read_group(
            [("farm_id", "in", self.ids)], ["farm_id"], ["__count"]
        ):
            counts[farm] = count
        # Whether a job is billed is accounting's to read.
        if self.env.user.has_group("seconde_pousse.group_sp_billing"):
            to_invoice = dict(
                Intervention._read_group(
                    [
                        ("farm_id", "in", self.ids),
                        ("state", "=", "reviewed"),
                        ("billable", "=", True),
                    ],
                    ["farm_id"],
                    ["__count"],
                )
            )
        for partner in self:
            partner.sp_to_invoice_count = to_invoice.get(partner, 0)
            partner.sp_intervention_count = counts.get(partner, 0)

    @api.depends("membership_state")
    def _compute_sp_member_color(self):
        # Kanban colours: green for members, light blue while the first invoice waits.
        for partner in self:
            state = partner.membership_state
            partner.sp_member_color = (
                10 if state in MEMBER_STATES else 6 if state == PENDING_STATE else 0
            )

    def _sp_is_member_or_pending(self):
        """Whether the farm is a member, or has a membership invoice waiting to be
        posted."""
        self.ensure_one()
        return (
            self.free_member
            or self.membership_state in (*MEMBER_STATES, PENDING_STATE)
            or PENDING_STATE in self.member_line_ids.mapped("state")
        )

    def _sp_member_on(self, day):
        """Whether the farm is a member of the association on ``day``.

        OCA membership's own rule, on that day instead of today: a free member,
        or a membership line covering the day, neither cancelled then nor
        credited. A membership whose invoice waits to be posted counts: the
        farm joined at its first review.
        """
        self.ensure_one()
        partner = self.associate_member_id or self
        if partner.free_member:
            return True
        return any(
            line.state in (*MEMBER_STATES, PENDING_STATE)
            and line.date_from
            and line.date_to
            and line.date_from <= day <= line.date_to
            and (not line.date_cancel or line.date_cancel >= day)
            for line in partner.member_line_ids
        )

    def _sp_pricelist_on(self, day, member_pricelist):
        """The farm's prices for a job on ``day``: the members' pricelist while it
        is a member, its own pricelist otherwise (never the members' one)."""
        self.ensure_one()
        if member_pricelist and self._sp_member_on(day):
            return member_pricelist
        own = self.property_product_pricelist
        if own and own == member_pricelist:
            return (
                self.env.ref(
                    "seconde_pousse.pricelist_non_member", raise_if_not_found=False
                )
                or own.browse()
            )
        return own

    @api.constrains("sp_is_farm", "company_registry")
    def _check_sp_siret(self):
        for farm in self.filtered(lambda p: p.sp_is_farm and p.company_registry):
            if not siret.is_valid(farm.company_registry):
                raise ValidationError(
                    _(
                        "The SIRET “%(siret)s” of %(farm)s is not valid: it must have "
                        "14 digits and a valid check key.",
                        siret=farm.company_registry,
                        farm=farm.display_name,
                    )
                )

    @api.constrains("sp_surface_ha")
    def _check_sp_surface(self):
        if any(partner.sp_surface_ha < 0 for partner in self):
            raise ValidationError(_("The surface of a farm cannot be negative."))

    # ------------------------------------------------------------------
    # Membership of the association
    # ------------------------------------------------------------------
    @api.model
    def _sp_membership_product(self):
        product = self.env["res.config.settings"]._sp_setting(
            "sp_membership_product_id"
        )
        if not product.membership:
            raise UserError(
                _(
                    "Choose the membership product in Seconde Pousse > Configuration > "
                    "Settings: "
                    "the first review of a farm makes it a member of the association."
                )
            )
        return product

    def _sp_join_association(self, reviews):
        """Make members of the farms ``self`` whose first review is among ``reviews``.

        Once and only once: a farm that is a member, waits for its membership
        invoice, or had a review completed before, is left alone. The farm rows
        are locked first: a concurrent completion for the same farm waits here,
        and as this transaction writes the farm (``sp_membership_review_id``),
        PostgreSQL's repeatable read makes the other one fail and retry, then
        find the farm already brought in.
        """
        farms = self.commercial_partner_id
        if not farms:
            return
        self.env.cr.execute(
            SQL(
                "SELECT id FROM res_partner WHERE id IN %s ORDER BY id FOR NO KEY "
                "UPDATE",
                tuple(farms.ids),
            )
        )
        farms.invalidate_recordset(
            [
                "free_member",
                "membership_state",
                "member_line_ids",
                "sp_membership_review_id",
            ]
        )
        reviewed_before = {
            farm.commercial_partner_id
            for [farm] in self.env["sp.intervention.review"]._read_group(
                [
                    ("state", "=", "done"),
                    ("farm_id.commercial_partner_id", "in", farms.ids),
                    ("id", "not in", reviews.ids),
                ],
                ["farm_id"],
            )
        }
        first_review = {}
        for review in reviews.sorted(lambda review: (review.date, review.id)):
            first_review.setdefault(review.farm_id.commercial_partner_id, review)
        newcomers = farms.filtered(
            lambda farm: farm in first_review
            and farm not in reviewed_before
            and not farm.sp_membership_review_id
            and not farm._sp_is_member_or_pending()
        )
        if not newcomers:
            return
        product = self._sp_membership_product()
        price = product.lst_price
        today = fields.Date.context_today(self)
        if (
            price
            and not product.membership_date_from <= today <= product.membership_date_to
        ):
            raise UserError(
                _(
                    "The membership product “%(product)s” runs from %(start)s to "
                    "%(end)s, which does not include today: "
                    "ask a manager to update its dates before completing the first "
                    "review of a farm.",
                    product=product.display_name,
                    start=format_date(self.env, product.membership_date_from),
                    end=format_date(self.env, product.membership_date_to),
                )
            )
        bodies = {}
        for farm in newcomers:
            review = first_review[farm]
            farm.sp_membership_review_id = review
            bodies[review.id] = (
                _(
                    "%(farm)s joins the association: its membership invoice awaits "
                    "accounting.",
                    farm=farm.name,
                )
                if price
                else _(
                    "%(farm)s joins the association as a free member.", farm=farm.name
                )
            )
        # Supervisors complete reviews; the membership and its invoice are the
        # association's books. The members' prices follow the membership
        # (_sp_pricelist_on): nothing to set on the farm.
        if not price:
            newcomers.sudo().free_member = True
        else:
            by_company = newcomers.grouped(lambda farm: first_review[farm].company_id)
            for company, in_company in by_company.items():
                in_company.sudo().with_company(company).create_membership_invoice(
                    product, price
                )
        reviews.browse(bodies)._message_log_batch(bodies=bodies)

    def _get_suggested_invoice_edi_format(self):
        # French farms get Factur-X (CII, account_edi_ubl_cii) on their invoices.
        if self.sp_is_farm and self.country_code in (False, "FR"):
            return "facturx"
        return super()._get_suggested_invoice_edi_format()

    def action_view_sp_to_invoice(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "seconde_pousse.sp_intervention_to_invoice_action"
        )
        action["domain"] = [
            ("farm_id", "=", self.id),
            ("state", "=", "reviewed"),
            ("billable", "=", True),
        ]
        return action

    def action_view_sp_interventions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "seconde_pousse.sp_intervention_action"
        )
        action["domain"] = [("farm_id", "=", self.id)]
        action["context"] = {"default_farm_id": self.id}
        return action
