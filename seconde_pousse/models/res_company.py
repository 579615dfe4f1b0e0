import re

from odoo import _, api, fields, models
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
