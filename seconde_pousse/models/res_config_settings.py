from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sp_max_workers = fields.Integer(
        string="Maximum Workers per Intervention", default=10,
        config_parameter="seconde_pousse.max_workers",
        help="Largest crew a supervisor may lead on one intervention, unless a team allows fewer.",
    )
    sp_review_delay_days = fields.Integer(
        string="Days to Hold the Review", default=7,
        config_parameter="seconde_pousse.review_delay_days",
        help="Days after an intervention is done before its supervisor is reminded of the review with the farmer.",
    )
    sp_membership_product_id = fields.Many2one(
        "product.product", string="Membership Product", domain=[("membership", "=", True)],
        config_parameter="seconde_pousse.membership_product_id",
        help="The membership a farm gets on its first review: a draft invoice of its price, "
             "or a free membership when its price is zero.",
    )
