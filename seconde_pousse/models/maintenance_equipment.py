from odoo import api, fields, models


class MaintenanceEquipment(models.Model):
    """Odoo's equipment register, as Seconde Pousse shares it with the farms.

    A tool, machine or vehicle belongs either to the association or to a farm;
    the lendable ones go out on loans (``sp.equipment.loan``) in both directions.
    """

    _inherit = "maintenance.equipment"

    sp_owner_id = fields.Many2one(
        "res.partner",
        string="Owned by",
        tracking=True,
        default=lambda self: self.env.company.partner_id,
        help="Seconde Pousse (the company) or the farm the equipment belongs to.",
    )
    sp_lendable = fields.Boolean(string="Lendable", tracking=True)
    sp_usage_unit = fields.Selection(
        [
            ("hours", "Hours"),
            ("days", "Days"),
            ("kilometres", "Kilometres"),
            ("hectares", "Hectares"),
        ],
        string="Usage Unit",
        default="hours",
        help="What the meter counts, and what a farm borrowing it pays for: each "
        "unit has its product and price (Seconde Pousse products).",
    )
    sp_meter = fields.Float(
        string="Meter",
        tracking=True,
        digits=(12, 1),
        help="Last reading of the counter, in the usage unit; updated by each return.",
    )
    sp_loan_ids = fields.One2many("sp.equipment.loan", "equipment_id", string="Loans")
    sp_loan_count = fields.Integer(compute="_compute_sp_usage", string="Loan Count")
    sp_usage_total = fields.Float(
        compute="_compute_sp_usage", string="Total Usage", digits=(12, 1)
    )

    @api.depends("sp_loan_ids.state", "sp_loan_ids.usage")
    def _compute_sp_usage(self):
        totals = {
            equipment: (count, usage)
            for equipment, count, usage in self.env["sp.equipment.loan"]._read_group(
                [("equipment_id", "in", self.ids), ("state", "!=", "cancelled")],
                ["equipment_id"],
                ["__count", "usage:sum"],
            )
        }
        for equipment in self:
            equipment.sp_loan_count, equipment.sp_usage_total = totals.get(
                equipment._origin, (0, 0.0)
            )

    def action_view_sp_loans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "seconde_pousse.sp_equipment_loan_action"
        )
        action["domain"] = [("equipment_id", "=", self.id)]
        action["context"] = {"default_equipment_id": self.id}
        return action
