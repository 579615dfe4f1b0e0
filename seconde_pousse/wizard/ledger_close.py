from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date


class SpLedgerClose(models.TransientModel):
    """HR closes a month of the hours ledger: its work entries are validated and no
    later change of an intervention alters them."""

    _name = "sp.ledger.close"
    _description = "Close a Month of Hours"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    closed_until = fields.Date(related="company_id.sp_ledger_closed_until")
    month = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1)
        - relativedelta(months=1),
        help="Any day of the month to close; the months before it are closed too.",
    )

    @api.model
    def _month_label(self, day):
        return format_date(self.env, day, date_format="MMMM y")

    def action_close(self):
        self.ensure_one()
        start = self.month.replace(day=1)
        end = start + relativedelta(months=1, days=-1)
        company = self.company_id
        if end >= fields.Date.context_today(self):
            raise UserError(
                _(
                    "%(month)s is not over: a month is closed once its last day is "
                    "past.",
                    month=self._month_label(start),
                )
            )
        closed_until = company.sp_ledger_closed_until
        if closed_until and end <= closed_until:
            raise UserError(
                _(
                    "%(month)s is already closed: the hours are closed until %(date)s.",
                    month=self._month_label(start),
                    date=format_date(self.env, closed_until),
                )
            )
        first = closed_until + relativedelta(days=1) if closed_until else start
        # The month complete first: the days not generated yet are generated (as the
        # system: contract dates are the HR managers').
        employees = (
            self.env["hr.employee"].sudo().search([("company_id", "=", company.id)])
        )
        employees.generate_work_entries(min(first, start), end)
        entries = self.env["hr.work.entry"].search(
            [
                ("company_id", "=", company.id),
                ("date", "<=", end),
                ("state", "in", ("draft", "conflict")),
            ]
        )
        if not entries.action_validate():
            conflicts = entries.filtered(lambda entry: entry.state == "conflict")
            raise UserError(
                _(
                    "%(month)s cannot be closed: %(count)s work entries are in "
                    "conflict (%(people)s). Resolve them under Work Entries first.",
                    month=self._month_label(start),
                    count=len(conflicts),
                    people=", ".join(sorted(set(conflicts.employee_id.mapped("name")))),
                )
            )
        company.sudo().sp_ledger_closed_until = end
        self.env["sp.ledger.closing"]._for_company(company)._log_closed(start)
        return {
            "type": "ir.actions.act_window",
            "name": _("Monthly Hours"),
            "res_model": "sp.monthly.hours",
            "view_mode": "list,pivot,graph",
            "domain": [("month", "=", start), ("company_id", "=", company.id)],
        }
