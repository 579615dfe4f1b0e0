from odoo import fields, models


class SpTaskType(models.Model):
    """A kind of farm work the teams do (harvest, weeding, pruning...).

    Farms pick one or more of them when they ask for an intervention; they
    later drive pricing, skills observed on the job and satisfaction reports.
    """

    _name = "sp.task.type"
    _description = "Farm Task Type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _name_uniq = models.Constraint(
        "unique(name)", "A task type with this name already exists."
    )
