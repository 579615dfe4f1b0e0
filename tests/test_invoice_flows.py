"""One job on one invoice through every flow of Odoo's invoicing, the job locked
while an invoice holds it, French accounts and taxes on the posted entries, and the
members' price that follows the membership, all played by the accountant."""

import importlib.util
import re
from datetime import date, timedelta
from pathlib import Path

from odoo import Command
from odoo.exceptions import UserError

import odoo.addons.seconde_pousse as seconde_pousse

from .test_invoicing import NOTHING_TO_INVOICE, InvoicingCase

# The refusal names the job and its invoice (fr.po).
LOCKED = r"figure sur la facture %s"


class FlowsCase(InvoicingCase):
    def reversal(self, invoice, **vals):
        """The "Avoir" wizard on ``invoice``, as the accountant opens it."""
        return (
            self.env["account.move.reversal"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"reason": "Erreur", "journal_id": invoice.journal_id.id, **vals})
        )

    def held_by(self, intervention):
        """The invoice lines holding the job's billing key."""
        return self.env["account.move.line"].search(
            [("sp_billing_key", "=", intervention.id)]
        )


class TestOneJobOneInvoice(FlowsCase):
    """Each way Odoo lets an accountant undo or redo an invoice keeps a job on one
    invoice at a time, and lets it go only when no invoice holds it."""

    def test_reverse_keeps_the_link_and_frees_the_job(self):
        intervention = self.reviewed()
        invoice = self.invoice(post=True)
        action = self.reversal(invoice).refund_moves()
        refund = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(refund.state, "draft")
        self.assertEqual(intervention.state, "invoiced", "a draft credit frees nothing")
        refund.with_user(self.accountant).action_post()
        self.assertEqual(intervention.state, "reviewed")
        self.assertEqual(
            self.product_lines(refund).sp_intervention_id,
            intervention,
            "the credit note says which job it credits",
        )
        self.assertEqual(intervention.invoice_ids, invoice | refund)
        self.assertFalse(self.held_by(intervention))

    def test_reverse_and_create_a_new_draft_keeps_the_jobs(self):
        intervention = self.reviewed()
        invoice = self.invoice(post=True)
        action = self.reversal(invoice).modify_moves()
        draft = self.env["account.move"].browse(action["res_id"])
        self.assertEqual((draft.move_type, draft.state), ("out_invoice", "draft"))
        self.assertEqual(invoice.payment_state, "reversed")
        self.assertEqual(
            self.product_lines(draft).sp_intervention_id,
            intervention,
            "the new draft's line still bills the job",
        )
        self.assertEqual(self.held_by(intervention).move_id, draft)
        self.assertEqual(intervention.state, "invoiced", "never reopened")
        # The wizard does not bill it a second time.
        with self.assertRaisesRegex(UserError, NOTHING_TO_INVOICE):
            self.wizard(post=True).action_invoice()
        # Still locked, by the new draft.
        with self.assertRaisesRegex(UserError, "figure sur la facture"):
            intervention.crew_line_ids[:1].with_user(self.manager).hours_worked = 3
        draft.with_user(self.accountant).action_post()
        self.assertEqual(intervention.state, "invoiced")
        # 2 workers × 7 h × 14.40 = 201.60, VAT 40.32, 241.92.
        self.assertAmounts(draft, 201.6, 40.32, 241.92)

    def test_new_draft_deleted_frees_the_job(self):
        intervention = self.reviewed()
        invoice = self.invoice(post=True)
        action = self.reversal(invoice).modify_moves()
        draft = self.env["account.move"].browse(action["res_id"])
        draft.with_user(self.accountant).unlink()
        self.assertEqual(intervention.state, "reviewed")
        again = self.invoice(post=True)
        self.assertEqual(again.sp_intervention_ids, intervention)

    def test_draft_deleted_frees_the_job(self):
        intervention = self.reviewed()
        draft = self.invoice()
        self.assertEqual(self.held_by(intervention).move_id, draft)
        draft.with_user(self.accountant).unlink()
        self.assertFalse(self.held_by(intervention))
        self.assertEqual(intervention.state, "reviewed")
        self.assertEqual(self.invoice().sp_intervention_ids, intervention)

    def test_line_taken_off_an_invoice_reset_to_draft_frees_the_job(self):
        intervention = self.reviewed()
        other = self.reviewed(day=1)
        invoice = self.invoice(post=True).with_user(self.accountant)
        invoice.button_draft()
        self.assertEqual((intervention | other).mapped("state"), ["invoiced"] * 2)
        line = self.product_lines(invoice).filtered(
            lambda line: line.sp_intervention_id == intervention
        )
        invoice.write({"invoice_line_ids": [Command.delete(line.id)]})
        self.assertEqual(intervention.state, "reviewed")
        self.assertEqual(other.state, "invoiced")
        invoice.action_post()
        self.assertEqual(self.invoice().sp_intervention_ids, intervention)

    def test_partial_credit_notes_keep_the_job_until_the_whole_is_credited(self):
        intervention = self.reviewed()
        invoice = self.invoice(post=True)
        # A first credit note of 2 hours: 2 × 14.40 = 28.80, VAT 5.76, 34.56.
        action = self.reversal(invoice).refund_moves()
        refund = self.env["account.move"].browse(action["res_id"])
        refund = refund.with_user(self.accountant)
        self.product_lines(refund).quantity = 2.0
        refund.action_post()
        self.assertAmounts(refund, 28.8, 5.76, 34.56)
        self.assertEqual(
            intervention.state, "invoiced", "a partial credit frees nothing"
        )
        self.assertEqual(self.held_by(intervention).move_id, invoice)
        with self.assertRaisesRegex(UserError, NOTHING_TO_INVOICE):
            self.wizard().action_invoice()
        # The other 12 hours: 12 × 14.40 = 172.80; 28.80 + 172.80 = 201.60, all of it.
        action = self.reversal(invoice).refund_moves()
        rest = (
            self.env["account.move"].browse(action["res_id"]).with_user(self.accountant)
        )
        self.product_lines(rest).quantity = 12.0
        rest.action_post()
        self.assertAmounts(rest, 172.8, 34.56, 207.36)
        self.assertEqual(intervention.state, "reviewed", "credited in full: free")
        self.assertFalse(self.held_by(intervention))

    def test_a_duplicate_does_not_carry_the_jobs(self):
        intervention = self.reviewed()
        invoice = self.invoice(post=True)
        copy = invoice.with_user(self.accountant).copy()
        self.assertEqual(copy.state, "draft")
        self.assertFalse(copy.invoice_line_ids.sp_intervention_id)
        self.assertFalse(copy.invoice_line_ids.sp_billing_key)
        self.assertEqual(self.held_by(intervention).move_id, invoice)
        copy.action_post()
        self.assertEqual(intervention.invoice_ids, invoice)
        # The original cancelled: the job is free, whatever the copy.
        invoice.with_user(self.accountant).button_cancel()
        self.assertEqual(intervention.state, "reviewed")

    def test_cancelled_posted_invoice_frees_the_job(self):
        intervention = self.reviewed()
        invoice = self.invoice(post=True)
        invoice.with_user(self.accountant).button_cancel()
        self.assertEqual(invoice.state, "cancel")
        self.assertEqual(intervention.state, "reviewed")
        self.assertEqual(self.invoice().sp_intervention_ids, intervention)


class TestInvoicedJobLocked(FlowsCase):
    """While an invoice holds a job, what it billed does not change, for anybody;
    a credit note in full sets it free."""

    def setUp(self):
        super().setUp()
        self.truck = self.env["maintenance.equipment"].create(
            {
                "name": "Camion plateau",
                "sp_lendable": True,
                "sp_usage_unit": "days",
                "sp_meter": 100,
            }
        )
        self.job = self.reviewed()
        self.loan = self.env["sp.equipment.loan"].create(
            {
                "equipment_id": self.truck.id,
                "partner_id": self.farm.id,
                "intervention_id": self.job.id,
                "date_start": self.start,
                "date_end": self.start + timedelta(hours=8),
            }
        )
        self.loan.action_checkout()
        self.loan.meter_in = 102
        self.loan.action_return()
        self.invoice_ = self.invoice(post=True)
        self.assertEqual(self.job.state, "invoiced")
        self.locked = LOCKED % re.escape(self.invoice_.name)

    def test_the_manager_changes_nothing_billed(self):
        job = self.job.with_user(self.manager)
        line = job.crew_line_ids.filtered(lambda line: line.role == "worker")[:1]
        refusals = {
            "hours": lambda: line.write({"hours_worked": 9.0}),
            "attendance": lambda: line.write({"attended": False}),
            "crew added": lambda: self.env["sp.intervention.worker"]
            .with_user(self.manager)
            .create({"intervention_id": job.id, "employee_id": self.workers[5].id}),
            "crew removed": lambda: line.unlink(),
            "crew through the job": lambda: job.write(
                {"worker_line_ids": [Command.delete(line.id)]}
            ),
            "dates": lambda: job.write(
                {"planned_end": job.planned_end + timedelta(hours=1)}
            ),
            "supervisor": lambda: job.write({"supervisor_id": False}),
            "deletion": lambda: job.unlink(),
            "equipment use": lambda: self.loan.with_user(self.manager).write(
                {"meter_in": 110}
            ),
            "loan deleted": lambda: self.loan.with_user(self.manager).unlink(),
        }
        for what, refusal in refusals.items():
            with self.subTest(what), self.assertRaisesRegex(UserError, self.locked):
                refusal()
        self.assertIn(job.name, self.locked_message(line))
        self.assertEqual(line.hours_worked, 7.0)

    def locked_message(self, line):
        with self.assertRaises(UserError) as caught:
            line.with_user(self.manager).hours_worked = 1.0
        return str(caught.exception)

    def test_the_accountant_changes_no_price(self):
        job = self.job.with_user(self.accountant)
        for vals in (
            {"pricing_mode": "day"},
            {"flat_fee": 10.0},
            {"billable": False, "not_billable_reason": "Geste commercial"},
        ):
            with self.subTest(vals), self.assertRaisesRegex(UserError, self.locked):
                job.write(vals)
        self.assertEqual(job.amount_to_invoice, 201.6 + 2 * 60.0)

    def test_what_was_not_billed_may_change(self):
        # The farm's note and the field note are no part of the invoice.
        self.job.with_user(self.manager).field_note = "Récolte terminée à 15 h."
        self.job.with_user(self.manager).message_post(body="Facture envoyée.")

    def test_a_credit_note_sets_it_free(self):
        self.credit(self.invoice_)
        self.assertEqual(self.job.state, "reviewed")
        line = self.job.crew_line_ids.filtered(lambda line: line.role == "worker")[:1]
        line.with_user(self.manager).hours_worked = 6.0
        self.loan.with_user(self.manager).meter_in = 103
        # 13 h × 14.40 = 187.20, and 3 days of truck at 60.00 = 180.00: 367.20.
        invoice = self.invoice(post=True)
        self.assertAmounts(invoice, 367.2, 73.44, 440.64)

    def test_a_job_on_a_draft_is_locked_too(self):
        other = self.reviewed(day=1)
        draft = self.invoice()
        self.assertEqual(other.state, "reviewed")
        line = other.crew_line_ids[:1].with_user(self.manager)
        # A draft has no number yet: its amount tells it apart (14 h × 14.40 × 1.2).
        with self.assertRaisesRegex(
            UserError, r"figure sur la facture brouillon de 241,92"
        ):
            line.hours_worked = 2.0
        draft.with_user(self.accountant).button_cancel()
        line.hours_worked = 2.0


class TestFrenchAccounting(FlowsCase):
    """The posted entries of the French chart: services on 706000 with the VAT on
    services due on payment, equipment hire on 708300, the membership on 756000
    without VAT."""

    def entries(self, move):
        """(account code, tax, debit, credit) of each journal item."""
        return sorted(
            (
                line.account_id.code,
                line.tax_line_id.name or ",".join(line.tax_ids.mapped("name")),
                line.debit,
                line.credit,
            )
            for line in move.line_ids
        )

    def chart(self, xmlid):
        return self.env["account.chart.template"].with_company(self.company).ref(xmlid)

    def test_a_job_and_its_equipment_posted(self):
        truck = self.env["maintenance.equipment"].create(
            {"name": "Camion", "sp_lendable": True, "sp_usage_unit": "days"}
        )
        job = self.reviewed()
        loan = self.env["sp.equipment.loan"].create(
            {
                "equipment_id": truck.id,
                "partner_id": self.farm.id,
                "intervention_id": job.id,
                "date_start": self.start,
                "date_end": self.start + timedelta(hours=8),
            }
        )
        loan.action_checkout()
        loan.meter_in = 2
        loan.action_return()
        invoice = self.invoice(post=True)
        service_tax = self.chart("tva_normale_encaissement")
        self.assertEqual(service_tax.name, "20% S")
        # Work: 14 h × 14.40 = 201.60 on 706000; truck: 2 days × 60.00 = 120.00 on
        # 708300; VAT 20 % of 321.60 = 64.32, due on payment (445740 until then);
        # the farm owes 385.92 (411100).
        self.assertEqual(
            self.entries(invoice),
            sorted(
                [
                    ("706000", "20% S", 0.0, 201.6),
                    ("708300", "20% S", 0.0, 120.0),
                    ("445740", "20% S", 0.0, 64.32),
                    ("411100", "", 385.92, 0.0),
                ]
            ),
        )
        self.assertEqual(service_tax.tax_exigibility, "on_payment")

    def test_the_membership_is_no_sale(self):
        invoice = self.farm.with_company(self.company).create_membership_invoice(
            self.env.ref("seconde_pousse.product_membership"), 20.0
        )
        invoice.with_user(self.accountant).action_post()
        # 20.00 of fees on 756000 "Cotisations", no VAT: the farm owes 20.00.
        self.assertEqual(
            self.entries(invoice),
            [("411100", "", 20.0, 0.0), ("756000", "", 0.0, 20.0)],
        )
        self.assertEqual(self.chart("pcg_756").code, "756000")

    def test_an_upgrade_keeps_what_someone_chose(self):
        product = self.env.ref("seconde_pousse.product_team_day").with_company(
            self.company
        )
        chosen = self.chart("pcg_7084")
        product.property_account_income_id = chosen
        product.taxes_id = self.company.account_sale_tax_id  # as before 19.0.1.8.0
        equipment = self.env.ref("seconde_pousse.product_equipment_hour").with_company(
            self.company
        )
        equipment.property_account_income_id = False
        self.env["account.chart.template"]._sp_set_french_accounting(
            self.company, keep_changes=True
        )
        self.assertEqual(product.property_account_income_id, chosen)
        self.assertEqual(product.taxes_id, self.chart("tva_normale_encaissement"))
        self.assertEqual(equipment.property_account_income_id, self.chart("pcg_7083"))

    def test_the_upgrade_of_an_existing_database(self):
        """19.0.1.8.0's migration: 756000 gets the chart's id if a company made it
        by hand, and the members' pricelist set once on a farm is taken off."""
        account = self.chart("pcg_756")
        self.env["ir.model.data"].search(
            [("module", "=", "account"), ("name", "=", f"{self.company.id}_pcg_756")]
        ).unlink()
        farm = self.farm.with_company(self.company)
        farm.property_product_pricelist = self.member_pricelist
        path = Path(seconde_pousse.__file__).parent / (
            "migrations/19.0.1.8.0/post-french-accounting.py"
        )
        spec = importlib.util.spec_from_file_location("post_french_accounting", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "19.0.1.7.0")
        self.env.invalidate_all()
        self.assertEqual(self.chart("pcg_756"), account, "the same account, found")
        self.assertFalse(farm.specific_property_product_pricelist)
        self.assertEqual(
            self.env.ref("seconde_pousse.product_team_day")
            .with_company(self.company)
            .property_account_income_id,
            self.chart("pcg_706"),
        )

    def test_the_demo_association_states_its_terms(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.company_registry, "33417522100012")
        terms = company.invoice_terms
        self.assertIn("pénalités de retard", terms)
        self.assertIn("indemnité forfaitaire de 40 € pour frais de recouvrement", terms)


class TestMemberPrice(FlowsCase):
    """The members' price is the farm's on the days it is a member: it ends with its
    membership year, or when its membership invoice is cancelled or credited."""

    def setUp(self):
        super().setUp()
        # The 2026 membership, invoiced and posted before any review.
        self.year_2026 = self.env["product.product"].create(
            {
                "name": "Adhésion 2026",
                "type": "service",
                "membership": True,
                "list_price": 25.0,
                "membership_date_from": date(2026, 1, 1),
                "membership_date_to": date(2026, 12, 31),
                "taxes_id": [],
            }
        )
        self.membership_invoice = self.farm.with_company(
            self.company
        ).create_membership_invoice(self.year_2026, 25.0)
        self.membership_invoice.with_user(self.accountant).action_post()

    def test_the_members_price_ends_with_the_membership_year(self):
        # 1 June 2026 + 213 days = Thursday 31 December 2026, + 214 = 1 January 2027.
        last_day = self.reviewed(day=213)
        first_day_after = self.reviewed(day=214)
        self.assertEqual(last_day.planned_start.date(), date(2026, 12, 31))
        self.assertEqual(first_day_after.planned_start.date(), date(2027, 1, 1))
        invoice = self.invoice(date_to=date(2027, 1, 31), date_from=date(2026, 12, 1))
        lines = {line.sp_intervention_id: line for line in self.product_lines(invoice)}
        # A member on 31 December: 18.00 − 20 % = 14.40; no longer on 1 January.
        self.assertEqual(lines[last_day].price_unit, 14.4)
        self.assertEqual(lines[first_day_after].price_unit, 18.0)
        # In winter, 06:00-14:00 UTC is 07:00-15:00 in Paris: on the 8:00-12:00,
        # 13:00-17:00 schedule, 6 working hours, 12 h for the two workers.
        # 12 h × 14.40 = 172.80 and 12 h × 18.00 = 216.00: 388.80, VAT 20 % 77.76.
        self.assertAmounts(invoice, 388.8, 77.76, 466.56)
        self.assertEqual(last_day.amount_to_invoice, 172.8)
        self.assertEqual(first_day_after.amount_to_invoice, 216.0)

    def test_a_credited_membership_takes_the_price_back(self):
        job = self.reviewed()
        self.assertEqual(job.amount_to_invoice, 201.6, "14 h × 14.40, a member")
        self.credit(self.membership_invoice)
        self.assertEqual(self.farm.membership_state, "canceled")
        self.assertEqual(job.amount_to_invoice, 252.0, "14 h × 18.00, no longer")
        line = self.product_lines(self.invoice())
        self.assertEqual(line.price_unit, 18.0)

    def test_a_cancelled_membership_takes_the_price_back(self):
        job = self.reviewed()
        self.membership_invoice.with_user(self.accountant).button_cancel()
        self.assertEqual(job.amount_to_invoice, 252.0, "14 h × 18.00")

    def test_a_pricelist_set_once_is_not_the_membership(self):
        """A farm given the members' pricelist by hand (as 19.0.1.7.0 did at the
        first review) pays the members' price only while a member."""
        job = self.reviewed(day=214)  # 1 January 2027, after the membership
        self.farm.with_company(
            self.company
        ).property_product_pricelist = self.member_pricelist
        line = self.product_lines(self.invoice(date_to=date(2027, 1, 31)))
        self.assertEqual(line.sp_intervention_id, job)
        self.assertEqual(line.price_unit, 18.0)
