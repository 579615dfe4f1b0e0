from odoo import fields, models

CIP = "seconde_pousse.group_sp_cip"


class HrDepartureWizard(models.TransientModel):
    """Odoo's departure of an employee: on an insertion employee, the pathway's
    exit follows, on the departure date, with its outcome when it is known."""

    _inherit = "hr.departure.wizard"

    sp_exit_reason_id = fields.Many2one(
        "sp.exit.reason",
        string="Pathway Exit Outcome",
        groups=CIP,
        help="The outcome of the pathway the funders count. Without it, the "
        "pathway gets its exit date and its CIP a to-do to record the outcome.",
    )

    def action_register_departure(self):
        result = super().action_register_departure()
        self.env["sp.pathway"]._exit_on_departure(
            self.employee_ids, self.departure_date, self.sudo().sp_exit_reason_id
        )
        return result
