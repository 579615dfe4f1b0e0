from odoo import fields, models


class SpFarmProduction(models.Model):
    """What a member farm grows or raises (market gardening, vines, olives...)."""

    _name = "sp.farm.production"
    _description = "Farm Production"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _name_uniq = models.Constraint(
        "unique(name)", "A production with this name already exists."
    )
