from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sp_max_workers = fields.Integer(
        string="Maximum Workers per Intervention", default=10,
        config_parameter="seconde_pousse.max_workers",
        help="Largest crew a supervisor may lead on one intervention, unless a team allows fewer.",
    )
