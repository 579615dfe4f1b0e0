from odoo import Command, api, fields, models

from ..models.equipment_loan import CONDITIONS


class SpEquipmentLoanHandover(models.TransientModel):
    """The check-out or the return of a loan: condition, meter, photos, damage."""

    _name = "sp.equipment.loan.handover"
    _description = "Equipment Check-out or Return"

    loan_id = fields.Many2one("sp.equipment.loan", required=True, readonly=True)
    mode = fields.Selection(
        [("checkout", "Check-out"), ("return", "Return")], required=True, readonly=True
    )
    equipment_id = fields.Many2one(related="loan_id.equipment_id")
    usage_unit = fields.Selection(related="loan_id.usage_unit")
    condition = fields.Selection(CONDITIONS, required=True, default="good")
    meter = fields.Float(
        digits=(12, 1), compute="_compute_meter", store=True, readonly=False
    )
    notes = fields.Text()
    photo_ids = fields.Many2many("ir.attachment", string="Photos")
    damage_description = fields.Text(string="Damage")

    @api.depends("loan_id", "mode")
    def _compute_meter(self):
        for handover in self:
            loan = handover.loan_id
            handover.meter = (
                loan.meter_out
                if handover.mode == "return"
                else loan.equipment_id.sp_meter
            )

    def action_confirm(self):
        self.ensure_one()
        loan = self.loan_id
        if self.mode == "checkout":
            loan.write(
                {
                    "condition_out": self.condition,
                    "meter_out": self.meter,
                    "notes_out": self.notes,
                    "photo_out_ids": [Command.set(self.photo_ids.ids)],
                }
            )
            loan.action_checkout()
        else:
            loan.write(
                {
                    "condition_in": self.condition,
                    "meter_in": self.meter,
                    "notes_in": self.notes,
                    "photo_in_ids": [Command.set(self.photo_ids.ids)],
                    "damage_description": self.damage_description,
                }
            )
            loan.action_return()
        return {"type": "ir.actions.act_window_close"}
