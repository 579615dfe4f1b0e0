from odoo import _, api, models
from odoo.exceptions import UserError

# Only a reviewed job goes on an invoice; an invoiced one is held by a posted one.
BILLED_STATES = ("reviewed", "invoiced")


class SpInvoiceLockMixin(models.AbstractModel):
    """What an invoice bills of an intervention, locked while the invoice holds it.

    The invoice line keeps the hours, the crew, the dates, the price and the
    equipment used as they were billed: from the moment a job is on an invoice
    until a credit note (or the draft's cancellation or deletion) lets it go,
    nobody changes them, a manager or the system alike. The models of a job's
    billed data (the job, its crew lines, its loans) name the fields to lock.
    """

    _name = "sp.invoice.lock.mixin"
    _description = "Locked while on an Invoice"

    # The fields whose change would make the job differ from its invoice line.
    _sp_invoice_locked_fields = frozenset()

    def _sp_billed_interventions(self):
        """The interventions whose billed data ``self`` is."""
        return self.intervention_id

    def _sp_invoice_locked(self):
        """The records of ``self`` an invoice holds."""
        return self

    def _sp_check_invoice_lock(self):
        """Refuse, naming the invoice, if an invoice holds a job of ``self``."""
        interventions = (
            self._sp_invoice_locked()
            ._sp_billed_interventions()
            .filtered(lambda i: i.state in BILLED_STATES)
        )
        if not interventions:
            return
        line = (
            self.env["account.move.line"]
            .sudo()
            .search([("sp_billing_key", "in", interventions.ids)], limit=1)
        )
        if not line:
            return
        invoice = line.move_id
        if invoice.name in (False, "/"):  # a draft without its number yet
            reference = _(
                "draft of %(amount)s",
                amount=invoice.currency_id.format(invoice.amount_total),
            )
        else:
            reference = invoice.name
        raise UserError(
            _(
                "%(name)s is on the invoice %(invoice)s: its hours, crew, dates, "
                "prices and equipment can no longer change, nor can it be deleted. "
                "A credit note on this invoice sets it free.",
                name=line.sp_billing_key.name,
                invoice=reference,
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._sp_check_invoice_lock()
        return records

    def write(self, vals):
        locked = self._sp_invoice_locked_fields & vals.keys()
        if locked:
            self._sp_check_invoice_lock()
        result = super().write(vals)
        if "intervention_id" in vals:  # moved onto a job on an invoice
            self._sp_check_invoice_lock()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_on_invoice(self):
        self._sp_check_invoice_lock()
