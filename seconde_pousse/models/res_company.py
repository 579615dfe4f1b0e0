import re

from odoo import Command, _, api, fields, models
from odoo.exceptions import ValidationError

PREFIXES = re.compile(r"^\s*\d+(\s*,\s*\d+)*\s*$")


class ResCompany(models.Model):
    """The association's company: how far the hours ledger is closed, and the
    accounts that the funders' commercial share reads (per company, because
    account codes belong to each company's chart; the defaults are the French
    chart's classes, l10n_fr_account)."""

    _inherit = "res.company"

    sp_ledger_closed_until = fields.Date(
        string="Hours Closed Until",
        readonly=True,
        help="HR has closed the months of the hours ledger up to this day: their "
        "work entries are validated and no longer change.",
    )

    sp_commercial_account_prefixes = fields.Char(
        string="Commercial Income Accounts",
        default="70",
        required=True,
        help="Codes (or their first digits), separated by commas, of the accounts "
        "whose credit is commercial income: sales of goods and services, class 70 "
        "of the French chart.",
    )
    sp_charge_account_prefixes = fields.Char(
        string="Charge Accounts",
        default="6",
        required=True,
        help="Codes (or their first digits), separated by commas, of the accounts "
        "whose debit is a charge of the structure: class 6 of the French chart.",
    )

    @api.constrains("sp_commercial_account_prefixes", "sp_charge_account_prefixes")
    def _check_sp_account_prefixes(self):
        for company in self:
            for value in (
                company.sp_commercial_account_prefixes,
                company.sp_charge_account_prefixes,
            ):
                if not PREFIXES.match(value or ""):
                    raise ValidationError(
                        _(
                            "Give account codes or their first digits, separated by "
                            "commas (for example 70 or 706, 707), not “%(value)s”.",
                            value=value or "",
                        )
                    )

    def _sp_account_prefixes(self, fname):
        """The prefixes of the setting ``fname``, as a list of digit strings."""
        self.ensure_one()
        return [code.strip() for code in (self[fname] or "").split(",") if code.strip()]

    # ------------------------------------------------------------------
    # Demo data
    # ------------------------------------------------------------------
    def _sp_demo_french_books(self):
        """Demo: the association keeps its books on the French chart.

        On a new demo database this replaces the generic chart and the accounting
        demo that ``account`` loaded before this addon. A demo database of an older
        version of the addon, upgraded, already has its own entries (membership
        fees, invoiced jobs): loading a chart would delete them, so it keeps its
        books as they are.
        """
        for company in self:
            own_entries = self.env["account.move.line"].search_count(
                [
                    ("company_id", "=", company.id),
                    "|",
                    ("membership_line_ids", "!=", False),
                    ("sp_intervention_id", "!=", False),
                ],
                limit=1,
            )
            if company.chart_template != "fr" and not own_entries:
                self.env["account.chart.template"].try_loading(
                    "fr", company, install_demo=True
                )

    def _sp_demo_book_charges(self, values):
        """Demo: the year's charges, booked on the French chart's accounts (codes
        in ``values``' lines); nothing on a company that keeps another chart."""
        self.ensure_one()
        lines = []
        for name, xmlid, debit, credit in values["lines"]:
            account = self.env.ref(f"account.{self.id}_{xmlid}", False)
            if not account:
                return self.env["account.move"]
            lines.append(
                Command.create(
                    {
                        "name": name,
                        "account_id": account.id,
                        "debit": debit,
                        "credit": credit,
                    }
                )
            )
        journal = self.env["account.journal"].search(
            [("type", "=", "general"), ("company_id", "=", self.id)], limit=1
        )
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "ref": values["ref"],
                "date": values["date"],
                "journal_id": journal.id,
                "company_id": self.id,
                "line_ids": lines,
            }
        )
        move.action_post()
        return move
