"""The share of commercial income in the charges, from invoices and entries posted
with the French chart of accounts (l10n_fr_account), against the ACI ceiling."""

from datetime import date

from odoo import Command
from odoo.exceptions import ValidationError

from .funders_fixture import FundersCase


class TestCommercialShare(FundersCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Account = cls.env["account.account"].with_company(cls.company)
        cls.accounts = {
            code: Account.search(
                [("code", "=", code), ("company_ids", "in", cls.company.id)]
            )
            for code in ("706000", "708300", "741000", "606100", "641100", "512001")
        }
        cls.farm = cls.env["res.partner"].create(
            {"name": "GAEC des Vignes de Lourmarin", "is_company": True}
        )
        cls.supplier = cls.env["res.partner"].create(
            {"name": "Terres du Sud Approvisionnement", "is_company": True}
        )
        cls.vat = cls.env["account.tax"].search(
            [
                ("company_id", "=", cls.company.id),
                ("type_tax_use", "=", "sale"),
                ("amount", "=", 20),
            ],
            limit=1,
        )
        # 2025: services invoiced 3,000 (VAT aside), a credit note of 500, rentals
        # of 500; supplies 10,000, salaries 15,000; an operating subsidy of 20,000.
        cls.move("out_invoice", "2025-05-10", "706000", 3000, taxes=cls.vat)
        cls.move("out_refund", "2025-07-01", "706000", 500)
        cls.move("out_invoice", "2025-09-01", "708300", 500)
        cls.move("in_invoice", "2025-06-01", "606100", 10000)
        cls.entry("2025-12-31", "641100", 15000)
        cls.entry("2025-03-31", "741000", -20000)
        # Neither a draft nor a 2026 invoice counts.
        cls.move("out_invoice", "2025-08-01", "706000", 1000, post=False)
        cls.move("out_invoice", "2026-01-05", "706000", 4000)

    @classmethod
    def move(cls, move_type, day, code, amount, taxes=None, post=True):
        partner = cls.supplier if move_type == "in_invoice" else cls.farm
        move = (
            cls.env["account.move"]
            .with_company(cls.company)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": day,
                    "date": day,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Chantier d'insertion",
                                "quantity": 1,
                                "price_unit": amount,
                                "account_id": cls.accounts[code].id,
                                "tax_ids": [Command.set(taxes.ids if taxes else [])],
                            }
                        )
                    ],
                }
            )
        )
        if post:
            move.action_post()
        return move

    @classmethod
    def entry(cls, day, code, debit):
        """A miscellaneous entry: ``debit`` on ``code`` (credit when negative),
        against the bank."""
        journal = cls.env["account.journal"].search(
            [("company_id", "=", cls.company.id), ("type", "=", "general")], limit=1
        )

        def line(account, amount):
            return Command.create(
                {
                    "account_id": cls.accounts[account].id,
                    "debit": max(amount, 0),
                    "credit": max(-amount, 0),
                }
            )

        move = (
            cls.env["account.move"]
            .with_company(cls.company)
            .create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "date": day,
                    "line_ids": [line(code, debit), line("512001", -debit)],
                }
            )
        )
        move.action_post()

    def share(self, **vals):
        return {
            key.removeprefix("commercial."): value
            for key, value in self.indicators(**vals).figures["values"].items()
            if key.startswith("commercial.")
        }

    def test_share_of_the_charges(self):
        # Income: 3,000 - 500 + 500 (class 70, VAT and the subsidy of class 74
        # aside); charges: 10,000 + 15,000 (class 6).
        self.assertEqual(
            self.share(),
            {
                "income": 3000,
                "charges": 25000,
                "share": 0.12,
                "ceiling": 0.30,
                "within_ceiling": True,
            },
        )

    def test_accounts_from_the_settings(self):
        settings = (
            self.env["res.config.settings"]
            .with_company(self.company)
            .create(
                {
                    "sp_commercial_account_prefixes": "706",
                    "sp_charge_account_prefixes": "606",
                }
            )
        )
        settings.execute()
        self.assertEqual(self.company.sp_commercial_account_prefixes, "706")
        share = self.share()
        self.assertEqual((share["income"], share["charges"]), (2500, 10000))
        self.assertAlmostEqual(share["share"], 0.25)
        with self.assertRaisesRegex(ValidationError, "premiers chiffres"):
            self.company.sp_charge_account_prefixes = "classe 6"
        self.assertEqual(self.company.sp_charge_account_prefixes, "606")

    def test_ceiling_and_derogation(self):
        """Supplies only as charges: 3,000 / 10,000 is the ceiling itself; 1,000
        more invoiced goes over it, unless the préfet allows 50 %."""
        self.company.sp_charge_account_prefixes = "606"
        share = self.share()
        self.assertEqual((share["share"], share["within_ceiling"]), (0.30, True))
        self.move("out_invoice", "2025-10-15", "706000", 1000)
        share = self.share()
        self.assertEqual((share["share"], share["within_ceiling"]), (0.40, False))
        self.state_agreement.commercial_derogation = True
        share = self.share()
        self.assertEqual((share["ceiling"], share["within_ceiling"]), (0.50, True))

    def test_screen_shows_the_share(self):
        indicators = self.indicators()
        self.assertIn("12,0", indicators.figures_html)
        self.assertEqual(
            (indicators.date_from, indicators.date_to),
            (date(2025, 1, 1), date(2025, 12, 31)),
        )
