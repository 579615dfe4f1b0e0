"""The share of commercial income in the charges, from invoices and entries posted
with the French chart of accounts (l10n_fr_account), against the ACI ceiling."""

from datetime import date

from odoo import Command
from odoo.exceptions import ValidationError

from .common import membership_product
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
        # Membership dues (756000, which the addon adds to the French chart) and
        # transfers of charges (79, an account of the associations' chart that the
        # companies' one lacks).
        cls.accounts["756000"] = Account.search(
            [("code", "=", "756000"), ("company_ids", "in", cls.company.id)]
        )
        cls.accounts["791000"] = Account.create(
            {
                "code": "791000",
                "name": "Transferts de charges",
                "account_type": "income_other",
            }
        )
        cls.membership = membership_product(cls.env, price=200)
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
        # Membership dues are no sale (D5132-34), whatever their account: the fee
        # of a farm on 706 as the membership product posts it, another on 756;
        # nor is a transfer of charges.
        cls.move("out_invoice", "2025-04-01", "706000", 200, product=cls.membership)
        cls.move("out_invoice", "2025-04-02", "756000", 100, product=cls.membership)
        cls.entry("2025-12-31", "791000", -700)
        # Neither a draft nor a 2026 invoice counts.
        cls.move("out_invoice", "2025-08-01", "706000", 1000, post=False)
        cls.move("out_invoice", "2026-01-05", "706000", 4000)

    @classmethod
    def move(cls, move_type, day, code, amount, taxes=None, post=True, product=None):
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
                                "product_id": product.id if product else False,
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
        # Income: 3,000 - 500 + 500 (class 70; VAT, the subsidy of class 74, the
        # membership fees of 200 on 706 and 100 on 756, the transfer of charges
        # aside); charges: 10,000 + 15,000 (class 6).
        share = self.share()
        accounts = {
            key.removeprefix("account."): share.pop(key)
            for key in list(share)
            if key.startswith("account.")
        }
        self.assertEqual(
            share,
            {
                "income": 3000,
                "charges": 25000,
                "share": 0.12,
                "ceiling": 0.30,
                "within_ceiling": True,
            },
        )
        # The accounts counted, each with its amount: 3,000 - 500 on 706 (the
        # membership fee of 200 aside), 500 on 708.
        self.assertEqual(
            accounts,
            {"706000": 2500, "708300": 500, "606100": 10000, "641100": 15000},
        )

    def test_dues_subsidies_and_transfers_never_count(self):
        """Income accounts of the settings widened to the whole class 7: only
        sales still count."""
        self.company.sp_commercial_account_prefixes = "7"
        share = self.share()
        # 706: 3,000 - 500, 708: 500; not the subsidy (20,000), the dues
        # (200 + 100) nor the transfer of charges (700).
        self.assertEqual((share["income"], share["share"]), (3000, 0.12))
        self.assertNotIn("account.741000", share)
        self.assertNotIn("account.756000", share)
        self.assertNotIn("account.791000", share)

    def test_drill_down_to_the_journal_items(self):
        """Each side of the share opens the journal items it adds up, for an
        accountant."""
        accountant = self._user(
            "sp_funders_compta", "Luc Comptable", "seconde_pousse.group_sp_billing"
        )
        accountant.group_ids |= self.env.ref("seconde_pousse.group_sp_manager")
        indicators = self.indicators(user=accountant)
        Line = self.env["account.move.line"].with_user(accountant)
        Line = Line.with_company(self.company)
        income = indicators.action_open_commercial_income()
        self.assertEqual(income["res_model"], "account.move.line")
        items = Line.search(income["domain"])
        # The invoice lines of 3,000 and 500, the credit note of 500.
        self.assertEqual(sorted(items.mapped("balance")), [-3000, -500, 500])
        self.assertFalse(items.filtered(lambda line: line.product_id.membership))
        charges = Line.search(indicators.action_open_commercial_charges()["domain"])
        self.assertEqual(sum(charges.mapped("balance")), 25000)
        self.assertEqual(len(charges), 2)
        # The accounts counted and the settings, on the screen.
        screen = indicators.figures_html
        for text in ("706000", "708300", "606100", "641100", "cotisations (756"):
            self.assertIn(text, screen)

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
        """Supplies only as charges: 3,000 / 10,000 is the ceiling itself, which
        is not "inférieure à 30 %"; 1,000 more invoiced goes further over it,
        unless the préfet allows 50 %."""
        self.company.sp_charge_account_prefixes = "606"
        share = self.share()
        self.assertEqual((share["share"], share["within_ceiling"]), (0.30, False))
        screen = self.indicators().figures_html
        self.assertIn("border-danger", screen)
        # 2,999 / 10,000: below it.
        self.move("out_refund", "2025-10-14", "706000", 1)
        share = self.share()
        self.assertEqual(share["within_ceiling"], True)
        self.move("out_invoice", "2025-10-14", "706000", 1)
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
