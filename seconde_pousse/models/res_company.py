from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    sp_ledger_closed_until = fields.Date(
        string="Hours Closed Until",
        readonly=True,
        help="HR has closed the months of the hours ledger up to this day: their "
        "work entries are validated and no longer change.",
    )
