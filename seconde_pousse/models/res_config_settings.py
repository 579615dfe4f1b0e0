from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    """The association's settings for Seconde Pousse, each default set here only."""

    _inherit = "res.config.settings"

    sp_max_workers = fields.Integer(
        string="Maximum Workers per Intervention",
        default=10,
        config_parameter="seconde_pousse.max_workers",
        help="Largest crew a supervisor may lead on one intervention, "
        "unless a team allows fewer.",
    )
    sp_max_intervention_days = fields.Integer(
        string="Longest Intervention (days)",
        default=5,
        config_parameter="seconde_pousse.max_intervention_days",
        help="Longest single intervention, from its planned start to its planned end; "
        "a longer job is planned as a series.",
    )
    sp_review_delay_days = fields.Integer(
        string="Days to Hold the Review",
        default=7,
        config_parameter="seconde_pousse.review_delay_days",
        help="Days after an intervention is done before its supervisor is reminded "
        "of the review with the farmer.",
    )
    sp_pass_warning_days = fields.Integer(
        string="PASS IAE Warning (days)",
        default=90,
        config_parameter="seconde_pousse.pass_warning_days",
        help="Days before a PASS IAE ends when the pathway's CIP gets an activity "
        "to prepare its prolongation or the exit.",
    )
    sp_membership_product_id = fields.Many2one(
        "product.product",
        string="Membership Product",
        domain=[("membership", "=", True)],
        config_parameter="seconde_pousse.membership_product_id",
        help="The membership a farm gets on its first review: a draft invoice of its "
        "price, or a free membership when its price is zero.",
    )

    sp_bill_supervisor = fields.Boolean(
        string="Bill the Supervisor's Hours",
        config_parameter="seconde_pousse.bill_supervisor",
        help="Per worker-hour, the supervisor's hours are billed too.",
    )
    sp_member_pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Members' Pricelist",
        config_parameter="seconde_pousse.member_pricelist_id",
        help="The prices of the member farms, for the jobs done while they are "
        "members of the association.",
    )
    group_sp_show_prices = fields.Boolean(
        string="Supervisors See Prices",
        implied_group="seconde_pousse.group_sp_show_prices",
        group="seconde_pousse.group_sp_user",
        help="The supervisors see the amounts to invoice of their interventions.",
    )

    sp_commercial_account_prefixes = fields.Char(
        related="company_id.sp_commercial_account_prefixes", readonly=False
    )
    sp_charge_account_prefixes = fields.Char(
        related="company_id.sp_charge_account_prefixes", readonly=False
    )

    def set_values(self):
        bill_supervisor = self._sp_setting("sp_bill_supervisor")
        result = super().set_values()
        if self._sp_setting("sp_bill_supervisor") != bill_supervisor:
            # The expected amounts of the jobs still to bill change with it.
            self.env["sp.intervention"]._sp_recompute_amounts_to_invoice()
        return result

    @api.model
    def _sp_setting(self, fname):
        """The current value of the setting ``fname``, or its field's default."""
        field = self._fields[fname]
        value = self.env["ir.config_parameter"].sudo().get_param(field.config_parameter)
        if field.type == "many2one":
            return self.env[field.comodel_name].sudo().browse(int(value or 0)).exists()
        if field.type == "boolean":  # Settings store a ticked box as "True"
            return value == "True"
        if value in (False, None, ""):
            return field.default(self)
        return int(value)
