from odoo import api, fields, models


class AccountMoveLine(models.Model):
    """An invoice line that bills (part of) an intervention."""

    _inherit = "account.move.line"

    sp_intervention_id = fields.Many2one(
        "sp.intervention", string="Intervention", index="btree_not_null", copy=False
    )
    sp_billing_main = fields.Boolean(
        string="Bills the Intervention",
        copy=False,
        help="The line that bills the work itself (not the equipment).",
    )
    # The intervention billed by this line while its invoice holds it: neither
    # cancelled nor credited in full. Unique: one invoice at a time per job, also
    # when two accountants invoice at the same moment (PostgreSQL decides).
    sp_billing_key = fields.Many2one(
        "sp.intervention",
        string="Billed Intervention",
        compute="_compute_sp_billing_key",
        store=True,
        copy=False,
    )

    _sp_billing_key_uniq = models.UniqueIndex(
        "(sp_billing_key) WHERE sp_billing_key IS NOT NULL",
        "This intervention is already on another invoice.",
    )

    @api.depends(
        "sp_billing_main",
        "sp_intervention_id",
        "parent_state",
        "move_id.move_type",
        "move_id.payment_state",
        "move_id.amount_total",
        "move_id.reversal_move_ids.state",
        "move_id.reversal_move_ids.amount_total",
    )
    def _compute_sp_billing_key(self):
        for line in self:
            move = line.move_id
            holds = (
                line.sp_billing_main
                and move.move_type == "out_invoice"
                and line.parent_state != "cancel"
                and not move._sp_fully_credited()
            )
            line.sp_billing_key = line.sp_intervention_id if holds else False

    def _copy_data_extend_business_fields(self, values):
        # A credit note and the corrected draft of "Reverse and create a new draft"
        # bill the same jobs as the invoice they come from (as sale keeps its order
        # lines). A plain duplicate does not: its lines bill no job.
        result = super()._copy_data_extend_business_fields(values)
        values["sp_intervention_id"] = self.sp_intervention_id.id
        values["sp_billing_main"] = self.sp_billing_main
        return result

    def unlink(self):
        # A line taken off a draft (or the whole draft deleted) lets its job go.
        interventions = self.sudo().sp_intervention_id
        result = super().unlink()
        interventions._action_billable_again()
        return result
