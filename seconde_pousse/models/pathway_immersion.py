from odoo import _, api, fields, models

from .checks import check_order

IMMERSION_TYPES = [
    ("pmsmp", "PMSMP (work-situation immersion)"),
    ("mrs", "MRS (simulation-based recruitment)"),
    ("internship", "Internship"),
    ("other", "Other"),
]


class SpPathwayImmersion(models.Model):
    """A period the person spends with another employer to try a job (PMSMP,
    MRS, internship), a step towards the exit."""

    _name = "sp.pathway.immersion"
    _description = "Pathway Immersion"
    _order = "date_start desc, id desc"

    pathway_id = fields.Many2one(
        "sp.pathway", required=True, index=True, ondelete="cascade"
    )
    employee_id = fields.Many2one(
        related="pathway_id.employee_id", store=True, index=True
    )
    immersion_type = fields.Selection(
        IMMERSION_TYPES, string="Type", required=True, default="pmsmp"
    )
    host_partner_id = fields.Many2one(
        "res.partner", string="Host Employer", required=True
    )
    job = fields.Char(string="Job Tried")
    date_start = fields.Date(string="Start Date", required=True)
    date_end = fields.Date(string="End Date", required=True)

    _dates_ordered = models.Constraint(
        "CHECK (date_end >= date_start)",
        "An immersion ends on or after its start.",
    )

    @api.constrains("date_start", "date_end")
    def _check_dates_ordered(self):
        check_order(
            self,
            "date_start",
            "date_end",
            _("An immersion ends on or after its start."),
        )

    @api.model_create_multi
    def create(self, vals_list):
        # Checked before the INSERT, which would meet the CHECK constraint first.
        for vals in vals_list:
            self.new(vals)._check_dates_ordered()
        return super().create(vals_list)
