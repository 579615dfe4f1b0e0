from odoo import fields, models

# The categories the ASP counts exits in; "withdrawal" exits are not counted.
EXIT_CATEGORIES = [
    ("emploi_durable", "Lasting employment"),
    ("emploi_transition", "Transitional employment"),
    ("sortie_positive", "Positive exit"),
    ("autre_sortie", "Other exit"),
    ("retrait", "Withdrawal (not counted)"),
]


class SpExitReason(models.Model):
    """Why a pathway ended, as the ASP asks it, with the category the funders'
    exit rates count it in.

    Kept apart from the contract's departure reason, which records why the
    contract ended in law, not the outcome of the pathway.
    """

    _name = "sp.exit.reason"
    _description = "Pathway Exit Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    category = fields.Selection(EXIT_CATEGORIES, required=True)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
