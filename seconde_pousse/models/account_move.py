from odoo import api, fields, models

# Set while "Reverse and create a new draft" runs: the new draft takes the jobs
# over from the invoice it corrects, so they are not reopened in between.
CARRIED_OVER = "sp_jobs_carried_over"


class AccountMove(models.Model):
    """Invoices of interventions: posting one bills its jobs. A job stays billed
    while an invoice holds it (posted, reset to draft, or its corrected draft);
    cancelling, deleting or crediting that invoice in full makes it billable
    again."""

    _inherit = "account.move"

    sp_intervention_ids = fields.Many2many(
        "sp.intervention",
        string="Interventions",
        compute="_compute_sp_intervention_ids",
    )
    sp_intervention_count = fields.Integer(
        string="Intervention Count", compute="_compute_sp_intervention_ids"
    )

    @api.depends("invoice_line_ids.sp_intervention_id")
    def _compute_sp_intervention_ids(self):
        for move in self:
            move.sp_intervention_ids = move.invoice_line_ids.sp_intervention_id
            move.sp_intervention_count = len(move.sp_intervention_ids)

    def _sp_fully_credited(self):
        """Whether posted credit notes reverse the whole invoice."""
        self.ensure_one()
        if self.payment_state == "reversed":
            return True
        credits = self.reversal_move_ids.filtered(lambda move: move.state == "posted")
        credited = sum(credits.mapped("amount_total"))
        return (
            bool(credits)
            and self.currency_id.compare_amounts(credited, self.amount_total) >= 0
        )

    def _sp_interventions(self):
        # Accountants bill jobs they cannot edit: the job's state follows its invoice.
        return self.sudo().line_ids.sp_intervention_id

    def _post(self, soft=True):
        posted = super()._post(soft)
        invoices = posted.filtered(lambda move: move.move_type == "out_invoice")
        invoices._sp_interventions()._action_invoiced()
        refunded = posted.filtered(lambda move: move.move_type == "out_refund")
        refunded.reversed_entry_id._sp_interventions()._action_billable_again()
        return posted

    def button_cancel(self):
        interventions = self._sp_interventions()
        result = super().button_cancel()
        interventions._action_billable_again()
        return result

    def _reverse_moves(self, default_values_list=None, cancel=False):
        reversals = super()._reverse_moves(default_values_list, cancel)
        # A reversal posted at once (cancel) lets go of the jobs now, before a
        # corrected draft takes them over: the billing key is unique.
        self.line_ids.flush_recordset(["sp_billing_key"])
        self._sp_interventions()._action_billable_again()
        return reversals

    def action_view_sp_interventions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "seconde_pousse.sp_intervention_action"
        )
        action["domain"] = [("id", "in", self.sp_intervention_ids.ids)]
        action["context"] = {"create": False}
        action["view_mode"] = "list,form"
        action["views"] = [(False, "list"), (False, "form")]
        return action
