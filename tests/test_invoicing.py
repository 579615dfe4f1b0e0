"""Invoicing the reviewed interventions, with the French chart of accounts: what the
accountant gets on each invoice, never twice, and who may see the prices."""

from datetime import date, datetime, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import ReviewCase, add_booking_history, new_sp_user, schedule

# The lead's new messages may not be in fr.po yet (see /tmp/helper7_fr.json): these
# patterns accept the English message and its expected French translation.
NOTHING_TO_INVOICE = r"Nothing to invoice in this period|Rien à facturer"
ALREADY_ON_INVOICE = r"Already on an invoice, left out|Déjà sur une facture"
NOT_BILLABLE_LEFT_OUT = r"Not billable, left out|Non facturable"
SAY_WHY_NOT_BILLABLE = r"Say why .* is not billable|Indiquez pourquoi"


class InvoicingCase(ReviewCase):
    """The association keeps its books in a French company (EUR, 20 % VAT): the
    supervisor, the coordinator and an accountant (group Facturation) work in it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {
                "name": "Seconde Pousse Facturation",
                "country_id": cls.env.ref("base.fr").id,
                "currency_id": cls.env.ref("base.EUR").id,
            }
        )
        cls.env["account.chart.template"].try_loading(
            "fr", cls.company, install_demo=False
        )
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=[cls.company.id])
        )
        in_company = {
            "company_ids": [Command.link(cls.company.id)],
            "company_id": cls.company.id,
        }
        (cls.user | cls.manager | cls.hr_officer).write(in_company)
        cls.accountant = new_sp_user(
            cls.env,
            "sp_facturation",
            "Lucie Comptable",
            "seconde_pousse.group_sp_billing",
        )
        cls.accountant.write(in_company)
        # The crew of the French company (employees belong to one company).
        Employee = cls.env["hr.employee"]
        cls.supervisor = Employee.create(
            {
                "name": "Sophie Encadrante",
                "user_id": cls.user.id,
                "sp_role": "supervisor",
                "company_id": cls.company.id,
            }
        )
        cls.workers = Employee.create(
            [
                {
                    "name": f"Salarié FR {i:02d}",
                    "sp_role": "insertion",
                    "company_id": cls.company.id,
                }
                for i in range(1, 11)
            ]
        )
        # Its schedule: Monday to Friday, 8:00-12:00 and 13:00-17:00 in Paris.
        cls.company.resource_calendar_id = schedule(cls.env, 8)
        # The services' VAT: 20 % on services, due on payment ("TVA 20 % S").
        cls.vat = (
            cls.env["account.chart.template"]
            .with_company(cls.company)
            .ref("tva_normale_encaissement")
        )
        cls.member_pricelist = cls.env.ref("seconde_pousse.pricelist_member")
        cls.non_member_pricelist = cls.env.ref("seconde_pousse.pricelist_non_member")

    # ------------------------------------------------------------------
    def reviewed(self, workers=None, day=0, **vals):
        """An intervention done by ``workers`` (two by default) ``day`` days after
        Monday 1 June 2026, 8:00-16:00 in Paris (7 working hours, the lunch hour
        out), reviewed with the farmer's signature."""
        vals.setdefault("planned_end", self.start + timedelta(days=day, hours=8))
        # Prices are accounting's: the supervisor plans, the accountant prices.
        prices = {
            fname: vals.pop(fname)
            for fname in ("pricing_mode", "flat_fee")
            if fname in vals
        }
        intervention = self.done_intervention(workers=workers, day=day, **vals)
        self.signed_review(intervention).action_complete()
        self.assertEqual(intervention.state, "reviewed")
        # From here on, as accounting sees it.
        intervention = intervention.with_user(self.accountant)
        if prices:
            intervention.write(prices)
        return intervention

    def wizard(self, user=None, **vals):
        return (
            self.env["sp.intervention.invoice"]
            .with_user(user or self.accountant)
            .create(
                {
                    "date_from": date(2026, 6, 1),
                    "date_to": date(2026, 6, 30),
                    **vals,
                }
            )
        )

    def invoice(self, **vals):
        """Run the wizard as the accountant; return the invoices it made."""
        wizard = self.wizard(**vals)
        wizard.action_invoice()
        return wizard.invoice_ids

    def credit(self, invoice):
        """A full credit note from the invoice's "Avoir" button, then posted."""
        reversal = (
            self.env["account.move.reversal"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"reason": "Erreur de tarif", "journal_id": invoice.journal_id.id})
        )
        action = reversal.refund_moves()
        refund = self.env["account.move"].browse(action["res_id"])
        refund.with_user(self.accountant).action_post()
        return refund

    def assertAmounts(self, invoice, untaxed, tax, total):
        self.assertEqual(
            (invoice.amount_untaxed, invoice.amount_tax, invoice.amount_total),
            (untaxed, tax, total),
        )

    def product_lines(self, invoice):
        return invoice.invoice_line_ids.filtered(
            lambda line: line.display_type == "product"
        )


class TestSharedPricelists(ReviewCase):
    """The association's prices are the same in every company of the database."""

    def test_pricelists_belong_to_no_company(self):
        for xmlid in ("pricelist_member", "pricelist_non_member"):
            pricelist = self.env.ref(f"seconde_pousse.{xmlid}")
            self.assertFalse(pricelist.company_id, f"{xmlid} is shared")

    def test_pricelists_are_switched_on(self):
        self.assertTrue(
            self.env["res.groups"]._is_feature_enabled(
                "product.group_product_pricelist"
            ),
            "without Odoo's pricelists feature, every farm pays the list prices",
        )


class TestInvoicePricing(InvoicingCase):
    """Each pricing mode gives the totals the farm expects, 20 % VAT on top."""

    def test_french_vat_on_the_service_products(self):
        self.assertEqual(self.vat.amount, 20.0)
        self.assertEqual(self.vat.country_id, self.env.ref("base.fr"))
        self.assertEqual(
            (self.vat.tax_scope, self.vat.tax_exigibility), ("service", "on_payment")
        )

    def test_per_worker_hour_member_price(self):
        intervention = self.reviewed()
        self.assertEqual(
            self.farm.membership_state,
            "waiting",
            "the farm's first review brings it in, with the members' prices",
        )
        invoice = self.invoice(post=True)
        self.assertEqual(len(invoice), 1)
        self.assertEqual(
            (invoice.move_type, invoice.state, invoice.partner_id, invoice.company_id),
            ("out_invoice", "posted", self.farm, self.company),
        )
        self.assertEqual(invoice.currency_id, self.env.ref("base.EUR"))
        line = self.product_lines(invoice)
        self.assertEqual(len(line), 1)
        self.assertEqual(
            line.product_id, self.env.ref("seconde_pousse.product_worker_hour")
        )
        # Two workers × 7 h at 18.00 − 20 %; the supervisor is not billed.
        self.assertEqual((line.quantity, line.price_unit), (14.0, 14.4))
        self.assertEqual(line.tax_ids, self.vat)
        self.assertAmounts(invoice, 201.6, 40.32, 241.92)
        self.assertIn(intervention.name, line.name)
        self.assertIn("01/06/2026", line.name, "the job's date, in French")
        self.assertEqual(line.sp_intervention_id, intervention)
        self.assertEqual(intervention.state, "invoiced")
        self.assertEqual(intervention.invoice_ids, invoice)
        self.assertEqual(invoice.sp_intervention_ids, intervention)

    def test_per_worker_hour_non_member_price(self):
        intervention = self.reviewed()
        # A farm outside the association pays the list prices: here its
        # membership invoice is cancelled.
        self.membership_lines(self.farm).account_invoice_id.button_cancel()
        self.assertEqual(self.farm.membership_state, "canceled")
        invoice = self.invoice()
        self.assertEqual(invoice.state, "draft", "left in draft for a check")
        self.assertEqual(intervention.state, "reviewed")
        line = self.product_lines(invoice)
        self.assertEqual((line.quantity, line.price_unit), (14.0, 18.0))
        self.assertAmounts(invoice, 252.0, 50.4, 302.4)

    def test_supervisor_hours_billed_when_set(self):
        self.env["res.config.settings"].create({"sp_bill_supervisor": True}).execute()
        self.assertEqual(
            self.env["ir.config_parameter"].get_param("seconde_pousse.bill_supervisor"),
            "True",
        )
        intervention = self.reviewed()
        self.assertEqual(
            intervention.with_user(self.accountant).amount_to_invoice,
            302.4,
            "3 people × 7 h at 14.40",
        )
        invoice = self.invoice(post=True)
        line = self.product_lines(invoice)
        self.assertEqual((line.quantity, line.price_unit), (21.0, 14.4))
        self.assertAmounts(invoice, 302.4, 60.48, 362.88)

    def test_half_day_day_and_flat_fee(self):
        # 7 working hours: more than a half-day (4 h), so one day, at the half-day
        # price as at the day price; members pay 20 % less. 360 + 360 + 320.
        half_day = self.reviewed(pricing_mode="half_day")
        day = self.reviewed(day=1, pricing_mode="day")
        flat = self.reviewed(day=2, pricing_mode="flat", flat_fee=320.0)
        invoice = self.invoice(post=True)
        self.assertEqual(len(invoice), 1, "one invoice for the farm")
        lines = self.product_lines(invoice)
        by_job = {line.sp_intervention_id: line for line in lines}
        self.assertEqual(len(lines), 3)
        self.assertEqual(
            (
                by_job[half_day].product_id,
                by_job[half_day].quantity,
                by_job[half_day].price_unit,
            ),
            (self.env.ref("seconde_pousse.product_team_day"), 1.0, 360.0),
        )
        self.assertEqual(
            (by_job[day].product_id, by_job[day].quantity, by_job[day].price_unit),
            (self.env.ref("seconde_pousse.product_team_day"), 1.0, 360.0),
        )
        self.assertEqual(
            (by_job[flat].product_id, by_job[flat].quantity, by_job[flat].price_unit),
            (self.env.ref("seconde_pousse.product_flat_fee"), 1.0, 320.0),
        )
        self.assertAmounts(invoice, 1040.0, 208.0, 1248.0)
        self.assertEqual((half_day | day | flat).mapped("state"), ["invoiced"] * 3)

    def test_pricing_from_the_farm(self):
        self.other_farm.write({"sp_pricing_mode": "flat", "sp_flat_fee": 150.0})
        intervention = self.reviewed(farm_id=self.other_farm.id)
        self.assertEqual(
            (intervention.pricing_mode, intervention.flat_fee), ("flat", 150.0)
        )
        invoice = self.invoice()
        self.assertEqual(invoice.partner_id, self.other_farm)
        self.assertAmounts(invoice, 150.0, 30.0, 180.0)

    def test_four_hours_are_a_half_day(self):
        # 8:00-12:00: 4 working hours, a half-day at 250.00 − 20 %.
        intervention = self.reviewed(
            pricing_mode="half_day", planned_end=self.start + timedelta(hours=4)
        )
        invoice = self.invoice()
        line = self.product_lines(invoice)
        self.assertEqual(
            (line.product_id, line.quantity),
            (self.env.ref("seconde_pousse.product_team_half_day"), 1.0),
        )
        self.assertEqual(
            intervention.with_user(self.accountant).amount_to_invoice, 200.0
        )

    def test_equipment_lent_is_billed_by_its_use(self):
        Equipment = self.env["maintenance.equipment"]
        truck = Equipment.create(
            {
                "name": "Camion plateau",
                "sp_lendable": True,
                "sp_usage_unit": "days",
                "sp_meter": 100,
            }
        )
        tractor = Equipment.create(
            {
                "name": "Tracteur de la ferme",
                "sp_lendable": True,
                "sp_owner_id": self.farm.id,
                "sp_meter": 850,
            }
        )
        intervention = self.reviewed()
        loans = self.env["sp.equipment.loan"].create(
            [
                {
                    "equipment_id": equipment.id,
                    "partner_id": self.farm.id,
                    "intervention_id": intervention.id,
                    "date_start": datetime(2026, 6, 1, 6, 0),
                    "date_end": datetime(2026, 6, 1, 14, 0),
                }
                for equipment in (truck, tractor)
            ]
        )
        self.assertEqual(loans.mapped("direction"), ["lend", "borrow"])
        loans.action_checkout()
        loans[0].meter_in = 102
        loans[1].meter_in = 856
        loans.action_return()
        self.assertEqual(loans.mapped("usage"), [2.0, 6.0])
        invoice = self.invoice(post=True)
        lines = self.product_lines(invoice)
        self.assertEqual(len(lines), 2, "the borrowed tractor is not billed")
        equipment_line = lines.filtered(
            lambda line: line.product_id
            == self.env.ref("seconde_pousse.product_equipment_day")
        )
        self.assertEqual(
            (equipment_line.quantity, equipment_line.price_unit), (2.0, 60.0)
        )
        self.assertIn("Camion plateau", equipment_line.name)
        self.assertIn(intervention.name, equipment_line.name)
        self.assertEqual(equipment_line.sp_intervention_id, intervention)
        # 201.60 of work + 2 days × 60.00 of the truck.
        self.assertAmounts(invoice, 321.6, 64.32, 385.92)


class TestInvoiceGrouping(InvoicingCase):
    """One invoice per farm, or per farm and month; a line or a section per job."""

    def test_one_invoice_per_farm(self):
        june = self.reviewed() | self.reviewed(day=3)
        other = self.reviewed(day=1, farm_id=self.other_farm.id)
        invoices = self.invoice(date_to=date(2026, 7, 31))
        self.assertEqual(len(invoices), 2)
        by_farm = {invoice.partner_id: invoice for invoice in invoices}
        self.assertEqual(by_farm[self.farm].sp_intervention_ids, june)
        self.assertEqual(by_farm[self.other_farm].sp_intervention_ids, other)
        self.assertEqual(
            by_farm[self.farm].invoice_origin,
            ", ".join(june.sorted("planned_start").mapped("name")),
        )

    def test_one_invoice_per_farm_and_month(self):
        june = self.reviewed()
        july = self.reviewed(day=30)  # 1 July
        self.assertEqual(july.planned_start.month, 7)
        invoices = self.invoice(date_to=date(2026, 7, 31))
        self.assertEqual(len(invoices), 1, "one farm, one invoice")
        self.assertEqual(invoices.sp_intervention_ids, june | july)

    def test_one_invoice_per_farm_and_month_grouped(self):
        june = self.reviewed()
        july = self.reviewed(day=30)  # 1 July
        invoices = self.invoice(date_to=date(2026, 7, 31), group_by_month=True)
        self.assertEqual(len(invoices), 2)
        self.assertEqual(
            sorted(invoice.sp_intervention_ids.ids for invoice in invoices),
            sorted([june.ids, july.ids]),
        )

    def test_a_section_per_intervention(self):
        first, second = self.reviewed(), self.reviewed(day=1)
        invoice = self.invoice(line_detail="section")
        sections = invoice.invoice_line_ids.filtered(
            lambda line: line.display_type == "line_section"
        )
        self.assertEqual(len(sections), 2)
        self.assertEqual(sections.sp_intervention_id, first | second)
        for section in sections:
            job = section.sp_intervention_id
            self.assertIn(job.name, section.name)
            self.assertIn(job.planned_start.strftime("%d/%m/%Y"), section.name)
        self.assertAmounts(invoice, 403.2, 80.64, 483.84)

    def test_one_line_per_intervention(self):
        self.reviewed(), self.reviewed(day=1)
        invoice = self.invoice()
        self.assertFalse(
            invoice.invoice_line_ids.filtered(
                lambda line: line.display_type != "product"
            )
        )
        self.assertEqual(len(invoice.invoice_line_ids), 2)


class TestNeverTwice(InvoicingCase):
    """An intervention is on one invoice at a time; a credit note or a cancelled
    invoice makes it billable again."""

    def test_same_wizard_twice(self):
        intervention = self.reviewed()
        self.invoice()
        with self.assertRaisesRegex(UserError, NOTHING_TO_INVOICE) as caught:
            self.wizard().action_invoice()
        self.assertRegex(str(caught.exception), ALREADY_ON_INVOICE)
        self.assertIn(intervention.name, str(caught.exception))
        self.assertEqual(len(intervention.invoice_line_ids), 1)

    def test_already_invoiced_is_skipped_and_reported(self):
        billed = self.reviewed()
        self.invoice()  # a draft invoice holds it
        new = self.reviewed(day=1)
        wizard = self.wizard()
        action = wizard.action_invoice()
        self.assertEqual(wizard.invoice_ids.sp_intervention_ids, new)
        self.assertEqual(action["tag"], "display_notification")
        self.assertRegex(action["params"]["message"], ALREADY_ON_INVOICE)
        self.assertIn(billed.name, action["params"]["message"])
        self.assertNotIn(new.name, action["params"]["message"])
        self.assertIn(billed.name, wizard.report)
        self.assertEqual(action["params"]["next"]["res_id"], wizard.invoice_ids.id)
        self.assertEqual(len(billed.invoice_line_ids), 1)

    def test_posted_invoice_is_not_invoiced_again(self):
        intervention = self.reviewed()
        self.invoice(post=True)
        self.assertEqual(intervention.state, "invoiced")
        with self.assertRaisesRegex(UserError, NOTHING_TO_INVOICE):
            self.wizard(post=True).action_invoice()
        self.assertEqual(len(intervention.invoice_ids), 1)

    def test_credit_note_makes_it_billable_again(self):
        intervention = self.reviewed()
        invoice = self.invoice(post=True)
        pricelist = self.farm.with_company(self.company).property_product_pricelist
        refund = self.credit(invoice)
        self.assertEqual(
            self.farm.with_company(self.company).property_product_pricelist, pricelist
        )
        self.assertEqual(
            (refund.move_type, refund.state, refund.amount_total),
            ("out_refund", "posted", 241.92),
        )
        self.assertEqual(intervention.state, "reviewed", "billable again")
        self.assertFalse(
            invoice.invoice_line_ids.sp_billing_key, "the credited invoice lets go"
        )
        again = self.invoice(post=True)
        self.assertNotEqual(again, invoice)
        self.assertEqual(again.sp_intervention_ids, intervention)
        self.assertEqual(intervention.state, "invoiced")
        self.assertAmounts(again, 201.6, 40.32, 241.92)

    def test_draft_credit_note_keeps_it_invoiced(self):
        intervention = self.reviewed()
        invoice = self.invoice(post=True)
        self.env["account.move.reversal"].with_user(self.accountant).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"journal_id": invoice.journal_id.id}).refund_moves()
        self.assertEqual(intervention.state, "invoiced", "until the credit is posted")
        with self.assertRaisesRegex(UserError, NOTHING_TO_INVOICE):
            self.wizard().action_invoice()

    def test_cancelled_draft_invoice_releases_it(self):
        intervention = self.reviewed()
        invoice = self.invoice()
        invoice.with_user(self.accountant).button_cancel()
        self.assertEqual(invoice.state, "cancel")
        again = self.invoice(post=True)
        self.assertEqual(again.sp_intervention_ids, intervention)
        self.assertEqual(intervention.state, "invoiced")

    def test_posted_invoice_reset_to_draft_and_cancelled(self):
        intervention = self.reviewed()
        invoice = self.invoice(post=True).with_user(self.accountant)
        invoice.button_draft()
        self.assertEqual(
            intervention.state, "invoiced", "the draft still holds it, locked"
        )
        invoice.button_cancel()
        self.assertEqual(intervention.state, "reviewed")
        again = self.invoice(post=True)
        self.assertEqual(again.sp_intervention_ids, intervention)
        self.assertEqual(intervention.state, "invoiced")

    def test_not_billable_needs_a_reason_and_is_left_out(self):
        intervention = self.reviewed()
        billed = self.reviewed(day=1)
        with self.assertRaisesRegex(ValidationError, SAY_WHY_NOT_BILLABLE):
            intervention.with_user(self.accountant).billable = False
        with self.assertRaisesRegex(ValidationError, SAY_WHY_NOT_BILLABLE):
            intervention.with_user(self.accountant).write(
                {"billable": False, "not_billable_reason": "  "}
            )
        intervention.with_user(self.accountant).write(
            {"billable": False, "not_billable_reason": "Premier essai offert"}
        )
        self.assertEqual(intervention.with_user(self.accountant).amount_to_invoice, 0.0)
        wizard = self.wizard()
        action = wizard.action_invoice()
        self.assertEqual(wizard.invoice_ids.sp_intervention_ids, billed)
        self.assertRegex(action["params"]["message"], NOT_BILLABLE_LEFT_OUT)
        self.assertIn(intervention.name, action["params"]["message"])
        self.assertFalse(intervention.invoice_line_ids)
        # Alone, nothing to invoice: the report still says why.
        with self.assertRaisesRegex(UserError, NOT_BILLABLE_LEFT_OUT):
            self.wizard().action_invoice()

    def test_billing_key_is_unique(self):
        intervention = self.reviewed()
        invoice = self.invoice()
        values = intervention._invoice_line_values()
        with self.assertRaises(Exception):  # noqa: B017 - the unique index
            self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.farm.id,
                    "invoice_line_ids": [Command.create(v) for v in values],
                }
            )
        self.assertEqual(invoice.invoice_line_ids.sp_billing_key, intervention)


class TestFarmToInvoice(InvoicingCase):
    def test_farm_shows_its_interventions_to_invoice(self):
        intervention = self.reviewed()
        farm = intervention.farm_id.with_user(self.accountant)
        self.assertEqual(farm.sp_to_invoice_count, 1)
        action = farm.action_view_sp_to_invoice()
        self.assertEqual(
            self.env["sp.intervention"].search(action["domain"]), intervention
        )
        self.invoice(post=True)
        farm.invalidate_recordset(["sp_to_invoice_count"])
        self.assertEqual(farm.sp_to_invoice_count, 0, "billed: nothing left to bill")


class TestInvoicingAccess(InvoicingCase):
    """Accounting invoices; supervisors see prices only if Settings let them."""

    def test_supervisor_cannot_invoice(self):
        self.reviewed()
        with self.assertRaises(AccessError):
            self.wizard(user=self.user)
        wizard = self.wizard()
        with self.assertRaises(AccessError):
            wizard.with_user(self.user).action_invoice()

    def test_prices_hidden_from_supervisors_unless_settings_show_them(self):
        intervention = self.reviewed()
        self.assertEqual(
            intervention.with_user(self.accountant).amount_to_invoice, 201.6
        )
        with self.assertRaises(AccessError):
            intervention.with_user(self.user).amount_to_invoice  # noqa: B018
        self.env["res.config.settings"].create({"group_sp_show_prices": True}).execute()
        self.assertTrue(self.user.has_group("seconde_pousse.group_sp_show_prices"))
        intervention.invalidate_recordset()
        self.assertEqual(intervention.with_user(self.user).amount_to_invoice, 201.6)

    def test_expected_amount_whatever_the_current_company(self):
        """The stored amount is the job's, not that of the company of whoever's
        transaction happens to compute it (a flush in another env)."""
        intervention = self.reviewed()
        self.assertEqual(intervention.amount_to_invoice, 201.6)
        elsewhere = intervention.with_user(self.env.ref("base.user_root")).with_context(
            allowed_company_ids=[self.env.ref("base.main_company").id]
        )
        self.env.add_to_compute(elsewhere._fields["amount_to_invoice"], elsewhere)
        elsewhere._recompute_recordset(["amount_to_invoice"])
        self.assertEqual(intervention.amount_to_invoice, 201.6)

    def test_accountant_invoices_without_editing_rights(self):
        intervention = self.reviewed()
        invoice = self.invoice(post=True)
        self.assertEqual(invoice.create_uid, self.accountant)
        self.assertEqual(intervention.state, "invoiced")


# Queries to invoice reviewed interventions (two workers each) with the wizard, as
# the accountant, invoices posted, by (interventions, farms). What grows per farm is
# one invoice: its creation, taxes, accounts, posting and sequence number (about 97
# queries each). This addon pays nothing per intervention (prices are looked up once
# per pricelist and product); per job, 6 queries of Odoo's own remain, which its sale
# invoicing pays as well: an access check on the product (2), the tax tags of the
# line and its analytic distribution model (account.move.line), and the ORM's
# batches of 100 rows.
QUERIES_TO_INVOICE = {(20, 2): 274, (200, 2): 1365, (200, 20): 1653}


class TestInvoicingQueryCount(InvoicingCase):
    def _reviewed_jobs(self, farms, per_farm, first_day):
        """``per_farm`` reviewed jobs a day for each farm, written in SQL."""
        for index, farm in enumerate(farms):
            add_booking_history(
                self.env,
                farm,
                self.workers[:2],
                first_day + index * per_farm,
                per_farm,
                origin="2026-06-01 06:00",
            )
        self.env.cr.execute(
            """
            UPDATE sp_intervention
               SET state = 'reviewed', pricing_mode = 'worker_hour', billable = true
             WHERE name LIKE 'HIST/%%' AND state = 'done'
            """
        )
        self.env.invalidate_all()

    def test_invoicing_cost_grows_per_farm_not_per_intervention(self):
        farms = self.env["res.partner"].create(
            [
                {"name": f"Ferme {i:02d}", "is_company": True, "sp_is_farm": True}
                for i in range(25)
            ]
        )
        period = {"date_from": date(2026, 6, 1), "date_to": date(2027, 12, 31)}
        self._reviewed_jobs(farms[:1], 2, 0)  # warm the caches
        self.invoice(post=True, **period)
        first_day, free_farms = 10, farms[1:]
        for (jobs, farm_count), bound in QUERIES_TO_INVOICE.items():
            batch, free_farms = free_farms[:farm_count], free_farms[farm_count:]
            self._reviewed_jobs(batch, jobs // farm_count, first_day)
            first_day += jobs
            wizard = self.wizard(post=True, **period)
            self.env.invalidate_all()
            with self.assertQueryCount(bound):
                wizard.action_invoice()
            self.assertEqual(len(wizard.invoice_ids), farm_count)
            self.assertEqual(
                len(wizard.invoice_ids.invoice_line_ids), jobs, "a line per job"
            )
            self.assertEqual(set(wizard.invoice_ids.mapped("state")), {"posted"})
            self.assertEqual(
                set(wizard.invoice_ids.invoice_line_ids.mapped("quantity")), {14.0}
            )
