from odoo import models

from ..models.account_move import CARRIED_OVER


class AccountMoveReversal(models.TransientModel):
    """ "Reverse and create a new draft": the new draft bills the same jobs."""

    _inherit = "account.move.reversal"

    def reverse_moves(self, is_modify=False):
        if not is_modify:
            return super().reverse_moves(is_modify)
        interventions = self.move_ids._sp_interventions()
        # Its lines keep their jobs (account.move.line's business fields), and the
        # jobs stay invoiced: locked, and not offered to the wizard again.
        action = super(
            AccountMoveReversal, self.with_context(**{CARRIED_OVER: True})
        ).reverse_moves(is_modify)
        # Those whose line the accountant will not find on the new draft go back.
        interventions._action_billable_again()
        return action
