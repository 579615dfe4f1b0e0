from odoo import _, api, fields, models
from odoo.tools import format_date


class SpLedgerClosing(models.Model):
    """The closing of a company's hours ledger: how far its months are closed,
    and, in its chatter, each month closed and reopened, by whom and why (the
    trace an inspection of the ASP monthly statements asks for)."""

    _name = "sp.ledger.closing"
    _description = "Closing of the Hours"
    _inherit = ["mail.thread"]
    _rec_name = "company_id"

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    closed_until = fields.Date(related="company_id.sp_ledger_closed_until")

    _company_uniq = models.Constraint(
        "unique(company_id)", "A company has one closing of its hours."
    )

    @api.model
    def _for_company(self, company):
        """The closing record of ``company``, created the first time."""
        closing = self.sudo().search([("company_id", "=", company.id)])
        return closing or self.sudo().create({"company_id": company.id})

    def _log(self, body):
        """``body`` in the chatter, written by the current user."""
        self.ensure_one()
        self.sudo().message_post(
            body=body,
            author_id=self.env.user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return True

    @api.model
    def _month_label(self, day):
        return format_date(self.env, day, date_format="MMMM y")

    def _log_closed(self, month):
        return self._log(
            _(
                "%(month)s closed: its hours are validated.",
                month=self._month_label(month),
            )
        )
