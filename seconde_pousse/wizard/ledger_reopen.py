from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date


class SpLedgerReopen(models.TransientModel):
    """The Responsable insertion reopens the last closed month of the hours,
    with a reason: the reason goes to the chatter of the company's closing, and
    the month's ledger is regenerated from its sources, that month only."""

    _name = "sp.ledger.reopen"
    _description = "Reopen a Month of Hours"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    closed_until = fields.Date(related="company_id.sp_ledger_closed_until")
    month = fields.Date(
        compute="_compute_month",
        help="The last closed month: the months are reopened from the last one back.",
    )
    reason = fields.Text(required=True)

    @api.depends("closed_until")
    def _compute_month(self):
        for wizard in self:
            wizard.month = wizard.closed_until and wizard.closed_until.replace(day=1)

    def action_reopen(self):
        self.ensure_one()
        company = self.company_id
        closed_until = company.sp_ledger_closed_until
        if not closed_until:
            raise UserError(_("No month of hours is closed."))
        if not (self.reason or "").strip():
            raise UserError(_("Say why the month is reopened."))
        start = closed_until.replace(day=1)
        closing = self.env["sp.ledger.closing"]._for_company(company)
        # Lock the company's row: two reopenings (or a closing) at once wait.
        self.env.cr.execute(
            "SELECT id FROM res_company WHERE id = %s FOR NO KEY UPDATE", [company.id]
        )
        company.sudo().sp_ledger_closed_until = start - relativedelta(days=1)
        entries = (
            self.env["hr.work.entry"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("date", ">=", start),
                    ("date", "<=", closed_until),
                    ("state", "=", "validated"),
                ]
            )
        )
        entries.write({"state": "draft"})
        # The month again from its sources (crew lines, trainings, time off).
        employees = entries.employee_id | (
            self.env["hr.employee"].sudo().search([("company_id", "=", company.id)])
        )
        self.env["hr.work.entry"]._sp_regenerate_periods(
            [(employee, start, closed_until) for employee in employees]
        )
        closing._log(
            _(
                "%(month)s reopened (the hours are now closed until %(date)s). "
                "Reason: %(reason)s",
                month=closing._month_label(start),
                date=format_date(self.env, company.sp_ledger_closed_until)
                if company.sp_ledger_closed_until
                else _("no month"),
                reason=self.reason.strip(),
            )
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("Monthly Hours"),
            "res_model": "sp.monthly.hours",
            "view_mode": "list,pivot,graph",
            "domain": [("month", "=", start), ("company_id", "=", company.id)],
        }
