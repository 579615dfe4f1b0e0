from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

CATEGORIES = [
    ("pre_qualifying", "Pre-qualifying"),
    ("qualifying", "Qualifying"),
    ("other", "Other"),
]


class SpPathwayTraining(models.Model):
    """A training the person follows during the pathway. Its hours are counted
    in the hours ledger and in the funders' training figures."""

    _name = "sp.pathway.training"
    _description = "Pathway Training"
    _order = "date_start desc, id desc"

    pathway_id = fields.Many2one(
        "sp.pathway", required=True, index=True, ondelete="cascade"
    )
    employee_id = fields.Many2one(
        related="pathway_id.employee_id", store=True, index=True
    )
    name = fields.Char(string="Title", required=True)
    provider_id = fields.Many2one("res.partner")
    category = fields.Selection(CATEGORIES, required=True, default="qualifying")
    date_start = fields.Date(string="Start Date", required=True)
    date_end = fields.Date(string="End Date", required=True)
    hours = fields.Float(help="Total hours of the training.")

    _dates_ordered = models.Constraint(
        "CHECK (date_end >= date_start)",
        "A training ends on or after its start.",
    )
    _hours_positive = models.Constraint(
        "CHECK (hours >= 0)", "The hours of a training cannot be negative."
    )

    @api.constrains("date_start", "pathway_id")
    def _check_in_pathway(self):
        for training in self:
            pathway = training.pathway_id
            if training.date_start < pathway.hiring_date:
                raise ValidationError(
                    _(
                        "The training “%(training)s” starts before the hiring of "
                        "%(employee)s.",
                        training=training.name,
                        employee=pathway.employee_id.name,
                    )
                )
