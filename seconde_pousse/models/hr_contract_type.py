from odoo import fields, models


class HrContractType(models.Model):
    """Employment types: the insertion contracts (CDDI...) carry the rules of the
    Code du travail (L5132-15-1, D5132-43-5 and -8), checked on each version."""

    _inherit = "hr.contract.type"

    sp_insertion = fields.Boolean(
        string="Insertion Contract",
        help="A contract of the integration-through-work scheme (IAE): its weekly "
        "hours and its duration follow the rules of the insertion contracts.",
    )
    sp_fixed_term = fields.Boolean(
        string="Fixed Term",
        help="A fixed-term insertion contract (CDD d'insertion): it has an end date, "
        "lasts at least 4 months the first time and 24 months in all, renewals "
        "included, unless an exception applies.",
    )
