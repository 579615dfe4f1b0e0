"""What a job bills comes from the days and hours really worked, as the working
schedule gives them, not from the span between its start and its end.

Every job here is on the schedule of the association's French company: Monday to
Friday, 8:00-12:00 and 13:00-17:00 in Paris (8 h a day, lunch and the night not
worked). June and July 2026 are summer time: 8:00 in Paris is 6:00 UTC. The
member farm pays 20 % less than the list prices on the team's work (18.00 an hour,
250.00 a half-day, 450.00 a day): 14.40, 200.00 and 360.00; VAT is 20 %.
"""

import importlib.util
from datetime import date, datetime, timedelta
from pathlib import Path

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase

from .common import (
    SIGNATURE,
    USER_ERROR,
    SpTestMixin,
    XmlRpcMixin,
    farms_and_crew,
    membership_product,
    new_sp_user,
    schedule,
)
from .test_invoicing import InvoicingCase


def paris(day, hour):
    """``hour`` o'clock in Paris on ``day`` (summer time), as the UTC the
    database stores."""
    return datetime.combine(day, datetime.min.time()) + timedelta(hours=hour - 2)


MONDAY, TUESDAY = date(2026, 6, 1), date(2026, 6, 2)


class QuantitiesCase(InvoicingCase):
    """The invoicing company's schedule is 8:00-12:00, 13:00-17:00 (InvoicingCase)."""

    def job(self, start, end, workers=None, **vals):
        """A job reviewed with the farmer, from ``start`` to ``end``, by
        ``workers`` (two by default): as accounting sees it."""
        workers = self.workers[:2] if workers is None else workers
        # Prices are accounting's: the supervisor plans, the accountant prices.
        prices = {
            fname: vals.pop(fname)
            for fname in ("pricing_mode", "flat_fee")
            if fname in vals
        }
        intervention = self.create_intervention(
            workers=workers, start=start, planned_end=end, **vals
        )
        if prices:
            intervention.with_user(self.accountant).write(prices)
        intervention.action_plan()
        intervention.action_confirm()
        intervention.action_start()
        intervention.action_done()
        self.signed_review(intervention).action_complete()
        return intervention.with_user(self.accountant)

    def line(self, invoice, product):
        return self.product_lines(invoice).filtered(
            lambda line: line.product_id == self.env.ref(f"seconde_pousse.{product}")
        )


class TestWorkingTime(QuantitiesCase):
    """The crew's planned and worked hours are the schedule's hours in the span."""

    def test_a_nine_hour_day_is_eight_working_hours(self):
        job = self.job(paris(MONDAY, 8), paris(MONDAY, 17))
        # 8:00-12:00 and 13:00-17:00: 8 h, the lunch hour out.
        self.assertEqual(job.working_hours, 8.0)
        self.assertEqual((job.working_days, job.working_half_days), (1, 0))
        self.assertEqual(job.crew_line_ids.mapped("planned_hours"), [8.0] * 3)
        self.assertEqual(job.worker_line_ids.mapped("hours_worked"), [8.0, 8.0])
        self.assertEqual(job.hours_worked, 16.0, "2 workers × 8 h")

    def test_two_days_leave_out_the_night(self):
        job = self.job(paris(MONDAY, 8), paris(TUESDAY, 16))
        # Monday 8:00-12:00 + 13:00-17:00 = 8 h; Tuesday 8:00-12:00 + 13:00-16:00
        # = 7 h: 15 h, where the span is 32 h.
        self.assertEqual(job.working_hours, 15.0)
        self.assertEqual(job.worker_line_ids.mapped("planned_hours"), [15.0, 15.0])

    def test_hours_per_day_set_on_a_long_job(self):
        job = self.create_intervention(
            workers=self.workers[:1],
            start=paris(MONDAY, 7),
            planned_end=paris(TUESDAY, 18),
        )
        # The farm works 7:00-18:00 at harvest: the planner says 10 h a day.
        job.hours_per_day = 10
        # Monday 10 h + Tuesday 10 h.
        self.assertEqual(job.working_hours, 20.0)
        self.assertEqual(job.worker_line_ids.planned_hours, 20.0)
        with self.assertRaisesRegex(ValidationError, r"0 à 24|0 to 24"):
            job.hours_per_day = 25

    def test_a_saturday_job_counts_its_span(self):
        saturday = date(2026, 6, 6)
        job = self.create_intervention(
            workers=self.workers[:1],
            start=paris(saturday, 8),
            planned_end=paris(saturday, 12),
        )
        # No working hours on Saturday: the job's own 4 h.
        self.assertEqual(job.working_hours, 4.0)


class TestBilledQuantities(QuantitiesCase):
    """Exact totals, worked out by hand from the schedule."""

    def test_nine_hour_day_billed_per_day(self):
        job = self.job(paris(MONDAY, 8), paris(MONDAY, 17), pricing_mode="day")
        invoice = self.invoice(post=True)
        line = self.line(invoice, "product_team_day")
        # 8 working hours: one day, not two. 1 × 360.00 = 360.00; VAT 72.00.
        self.assertEqual((line.quantity, line.price_unit), (1.0, 360.0))
        self.assertAmounts(invoice, 360.0, 72.0, 432.0)
        self.assertIn("1 jour", line.name)
        self.assertIn("2 salarié·e·s présent·e·s", line.name)
        self.assertEqual(job.state, "invoiced")

    def test_monday_to_tuesday_billed_per_day(self):
        self.job(paris(MONDAY, 8), paris(TUESDAY, 16), pricing_mode="day")
        invoice = self.invoice(post=True)
        line = self.line(invoice, "product_team_day")
        # Two working days: 2 × 360.00 = 720.00; VAT 144.00; 864.00.
        self.assertEqual(line.quantity, 2.0)
        self.assertAmounts(invoice, 720.0, 144.0, 864.0)
        self.assertIn("2 jours", line.name)

    def test_monday_to_tuesday_billed_per_worker_hour(self):
        self.job(paris(MONDAY, 8), paris(TUESDAY, 16), workers=self.workers[:3])
        invoice = self.invoice(post=True)
        line = self.line(invoice, "product_worker_hour")
        # (8 h on Monday + 7 h on Tuesday) × 3 workers = 45 h; 45 × 14.40 = 648.00;
        # VAT 129.60; 777.60. The supervisor is not billed.
        self.assertEqual((line.quantity, line.price_unit), (45.0, 14.4))
        self.assertAmounts(invoice, 648.0, 129.6, 777.6)
        self.assertIn("15 h × 3 salarié·e·s présent·e·s", line.name)

    def test_only_those_present_are_counted(self):
        job = self.create_intervention(
            workers=self.workers[:3],
            start=paris(MONDAY, 8),
            planned_end=paris(MONDAY, 17),
        )
        job.action_plan()
        job.action_confirm()
        job.action_start()
        job.worker_line_ids[2].with_user(self.user).action_mark_absent()
        job.action_done()
        self.signed_review(job).action_complete()
        invoice = self.invoice(post=True)
        line = self.line(invoice, "product_worker_hour")
        # 8 h × 2 present = 16 h; 16 × 14.40 = 230.40; VAT 46.08; 276.48.
        self.assertEqual(line.quantity, 16.0)
        self.assertAmounts(invoice, 230.4, 46.08, 276.48)
        self.assertIn("8 h × 2 salarié·e·s présent·e·s", line.name)

    def test_one_worker_is_singular(self):
        self.job(paris(MONDAY, 8), paris(MONDAY, 12), workers=self.workers[:1])
        invoice = self.invoice(post=True)
        line = self.line(invoice, "product_worker_hour")
        # 4 h × 1 = 4 h × 14.40 = 57.60; VAT 11.52; 69.12.
        self.assertAmounts(invoice, 57.6, 11.52, 69.12)
        self.assertIn("4 h × 1 salarié·e présent·e", line.name)
        self.assertNotIn("salarié·e·s", line.name)

    def test_seven_hour_half_day_job_is_one_day(self):
        self.job(paris(MONDAY, 8), paris(MONDAY, 16), pricing_mode="half_day")
        invoice = self.invoice(post=True)
        # 8:00-12:00 + 13:00-16:00 = 7 h: more than a half-day (4 h), so one day at
        # 360.00, not two half-days at 400.00. VAT 72.00; 432.00.
        self.assertFalse(self.line(invoice, "product_team_half_day"))
        self.assertEqual(self.line(invoice, "product_team_day").quantity, 1.0)
        self.assertAmounts(invoice, 360.0, 72.0, 432.0)

    def test_half_days_across_two_days(self):
        self.job(paris(MONDAY, 13), paris(TUESDAY, 12), pricing_mode="half_day")
        invoice = self.invoice(post=True)
        # Monday 13:00-17:00 = 4 h, Tuesday 8:00-12:00 = 4 h: two half-days,
        # 2 × 200.00 = 400.00; VAT 80.00; 480.00.
        line = self.line(invoice, "product_team_half_day")
        self.assertEqual((line.quantity, line.price_unit), (2.0, 200.0))
        self.assertTrue(line.sp_billing_main)
        self.assertAmounts(invoice, 400.0, 80.0, 480.0)
        self.assertIn("2 demi-journées", line.name)

    def test_a_day_and_a_half_day(self):
        self.job(paris(MONDAY, 8), paris(TUESDAY, 12), pricing_mode="half_day")
        invoice = self.invoice(post=True)
        # Monday 8 h (a day), Tuesday 4 h (a half-day): 360.00 + 200.00 = 560.00;
        # VAT 112.00; 672.00. The day's line holds the job's billing key.
        day = self.line(invoice, "product_team_day")
        half = self.line(invoice, "product_team_half_day")
        self.assertEqual((day.quantity, half.quantity), (1.0, 1.0))
        self.assertEqual((day.sp_billing_main, half.sp_billing_main), (True, False))
        self.assertAmounts(invoice, 560.0, 112.0, 672.0)
        self.assertIn("1 jour et 1 demi-journée", day.name)

    def test_job_across_a_public_holiday(self):
        monday, wednesday = date(2026, 7, 13), date(2026, 7, 15)
        # 14 July, Fête nationale: a public holiday of the company's schedule.
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Fête nationale",
                "calendar_id": self.company.resource_calendar_id.id,
                "company_id": self.company.id,
                "date_from": paris(date(2026, 7, 14), 0),
                "date_to": paris(date(2026, 7, 14), 23) + timedelta(minutes=59),
            }
        )
        per_day = self.job(paris(monday, 8), paris(wednesday, 17), pricing_mode="day")
        per_hour = self.job(
            paris(monday, 8) + timedelta(days=7),
            paris(wednesday, 17) + timedelta(days=7),
        )
        # Monday 8 h, Tuesday the 14th not worked, Wednesday 8 h: 16 h, 2 days.
        self.assertEqual(per_day.working_hours, 16.0)
        invoice = self.invoice(
            post=True, date_from=date(2026, 7, 1), date_to=date(2026, 7, 31)
        )
        # Per day: 2 × 360.00 = 720.00. Per worker-hour, the week after (no
        # holiday: 3 days × 8 h = 24 h) × 2 workers = 48 h × 14.40 = 691.20.
        # 720.00 + 691.20 = 1,411.20; VAT 282.24; 1,693.44.
        self.assertEqual(self.line(invoice, "product_team_day").quantity, 2.0)
        self.assertEqual(self.line(invoice, "product_worker_hour").quantity, 48.0)
        self.assertAmounts(invoice, 1411.2, 282.24, 1693.44)
        self.assertEqual(per_hour.state, "invoiced")

    def test_job_across_a_public_holiday_per_worker_hour(self):
        monday, wednesday = date(2026, 7, 13), date(2026, 7, 15)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Fête nationale",
                "calendar_id": False,  # every schedule of the company
                "company_id": self.company.id,
                "date_from": paris(date(2026, 7, 14), 0),
                "date_to": paris(date(2026, 7, 14), 23) + timedelta(minutes=59),
            }
        )
        job = self.job(paris(monday, 8), paris(wednesday, 17))
        invoice = self.invoice(
            post=True, date_from=date(2026, 7, 1), date_to=date(2026, 7, 31)
        )
        # (8 h + 0 h + 8 h) × 2 workers = 32 h × 14.40 = 460.80; VAT 92.16; 552.96.
        self.assertEqual(job.worker_line_ids.mapped("planned_hours"), [16.0, 16.0])
        self.assertEqual(self.line(invoice, "product_worker_hour").quantity, 32.0)
        self.assertAmounts(invoice, 460.8, 92.16, 552.96)

    def test_invoice_line_in_the_farms_language(self):
        self.env["res.lang"]._activate_lang("en_US")
        self.other_farm.lang = "en_US"
        self.job(
            paris(MONDAY, 8),
            paris(MONDAY, 17),
            farm_id=self.other_farm.id,
            pricing_mode="day",
        )
        # The accountant works in French; the farm reads English.
        line = self.line(self.invoice(), "product_team_day")
        self.assertIn("1 day", line.name)
        self.assertIn("2 workers present", line.name)


class TestEquipmentUnits(QuantitiesCase):
    """Equipment lent to the farm is billed in its own unit; a job whose
    equipment is not back waits for it."""

    def lend(self, job, name, unit, meter_out=0.0):
        equipment = self.env["maintenance.equipment"].create(
            {
                "name": name,
                "sp_lendable": True,
                "sp_usage_unit": unit,
                "sp_meter": meter_out,
            }
        )
        loan = self.env["sp.equipment.loan"].create(
            {
                "equipment_id": equipment.id,
                "partner_id": job.farm_id.id,
                "intervention_id": job.id,
                "date_start": job.planned_start,
                "date_end": job.planned_end,
            }
        )
        loan.action_checkout()
        return loan

    def test_spreader_billed_per_hectare(self):
        job = self.job(paris(MONDAY, 8), paris(MONDAY, 17))
        loan = self.lend(job, "Épandeur à fumier", "hectares")
        loan.meter_in = 2.5
        loan.action_return()
        invoice = self.invoice(post=True)
        line = self.line(invoice, "product_equipment_hectare")
        # Work: 8 h × 2 = 16 h × 14.40 = 230.40. Spreader: 2.5 ha × 35.00 = 87.50
        # (no member price on equipment). 317.90; VAT 63.58; 381.48.
        self.assertEqual((line.quantity, line.price_unit), (2.5, 35.0))
        self.assertEqual(line.product_uom_id.name, "ha")
        self.assertIn("Épandeur à fumier", line.name)
        self.assertAmounts(invoice, 317.9, 63.58, 381.48)

    def test_trailer_billed_per_kilometre(self):
        job = self.job(paris(MONDAY, 8), paris(MONDAY, 12), workers=self.workers[:1])
        loan = self.lend(job, "Remorque", "kilometres", meter_out=1200)
        loan.meter_in = 1236
        loan.action_return()
        invoice = self.invoice(post=True)
        # Work: 4 h × 14.40 = 57.60. Trailer: 36 km × 0.50 = 18.00. 75.60; VAT
        # 15.12; 90.72.
        self.assertEqual(self.line(invoice, "product_equipment_km").quantity, 36.0)
        self.assertAmounts(invoice, 75.6, 15.12, 90.72)

    def test_equipment_not_back_holds_the_job(self):
        held = self.job(paris(MONDAY, 8), paris(MONDAY, 17))
        other = self.job(paris(TUESDAY, 8), paris(TUESDAY, 17))
        loan = self.lend(held, "Broyeur", "hours", meter_out=300)
        wizard = self.wizard()
        action = wizard.action_invoice()
        self.assertEqual(wizard.invoice_ids.sp_intervention_ids, other)
        message = action["params"]["message"]
        self.assertIn(held.name, message)
        self.assertIn("Broyeur", message)
        self.assertIn(loan.name, message)
        self.assertRegex(message, r"retour|not back")
        self.assertIn(held.name, wizard.report)
        self.assertEqual(held.state, "reviewed")
        self.assertFalse(held.invoice_line_ids)
        # Back, with 3 hours on its meter: now billed, work and equipment.
        loan.meter_in = 303
        loan.action_return()
        invoice = self.invoice(post=True)
        self.assertEqual(invoice.sp_intervention_ids, held)
        # 230.40 of work + 3 h × 15.00 = 45.00: 275.40; VAT 55.08; 330.48.
        self.assertAmounts(invoice, 275.4, 55.08, 330.48)

    def test_alone_and_held_nothing_to_invoice_says_why(self):
        held = self.job(paris(MONDAY, 8), paris(MONDAY, 17))
        self.lend(held, "Broyeur", "hours")
        with self.assertRaisesRegex(UserError, r"Rien à facturer|Nothing to"):
            self.wizard().action_invoice()
        with self.assertRaises(UserError) as caught:
            self.wizard().action_invoice()
        self.assertIn(held.name, str(caught.exception))
        self.assertIn("Broyeur", str(caught.exception))


class TestWizardSaysWhatItLeavesOut(QuantitiesCase):
    def test_period_starts_at_the_oldest_job_to_bill(self):
        october = self.job(paris(date(2025, 10, 6), 8), paris(date(2025, 10, 6), 17))
        self.job(paris(MONDAY, 8), paris(MONDAY, 17))
        wizard = (
            self.env["sp.intervention.invoice"].with_user(self.accountant).create({})
        )
        self.assertEqual(wizard.date_from, date(2025, 10, 6))
        wizard.action_invoice()
        self.assertIn(october, wizard.invoice_ids.sp_intervention_ids)

    def test_jobs_outside_the_period_are_named(self):
        october = self.job(paris(date(2025, 10, 6), 8), paris(date(2025, 10, 6), 17))
        june = self.job(paris(MONDAY, 8), paris(MONDAY, 17))
        wizard = self.wizard()  # June only
        action = wizard.action_invoice()
        self.assertEqual(wizard.invoice_ids.sp_intervention_ids, june)
        message = action["params"]["message"]
        self.assertRegex(message, r"hors de la période|outside the period")
        self.assertIn(october.name, message)
        self.assertIn("06/10/2025", message)
        self.assertIn(october.name, wizard.report)

    def test_report_is_singular_for_one(self):
        self.job(paris(MONDAY, 8), paris(MONDAY, 17))
        wizard = self.wizard()
        wizard.action_invoice()
        self.assertIn("1 facture pour 1 intervention,", wizard.report)
        self.job(paris(TUESDAY, 8), paris(TUESDAY, 17))
        wednesday = date(2026, 6, 3)
        self.job(paris(wednesday, 8), paris(wednesday, 17), farm_id=self.other_farm.id)
        wizard = self.wizard()
        wizard.action_invoice()
        self.assertIn("2 factures pour 2 interventions,", wizard.report)


class TestToInvoiceIsTrue(QuantitiesCase):
    """The expected amount of "À facturer" follows what makes it."""

    def test_expected_amount_follows_hours_crew_setting_and_prices(self):
        job = self.job(paris(MONDAY, 8), paris(MONDAY, 17))
        # 2 workers × 8 h × 14.40.
        self.assertEqual(job.amount_to_invoice, 230.4)
        job.worker_line_ids[0].with_user(self.user).hours_worked = 6
        # (6 + 8) × 14.40.
        self.assertEqual(job.amount_to_invoice, 201.6)
        job.worker_line_ids[0].with_user(self.user).action_mark_absent()
        # 8 × 14.40.
        self.assertEqual(job.amount_to_invoice, 115.2)
        self.env["res.config.settings"].create({"sp_bill_supervisor": True}).execute()
        # The supervisor's 8 h too: 16 × 14.40.
        self.assertEqual(job.amount_to_invoice, 230.4)
        product = self.env.ref("seconde_pousse.product_worker_hour")
        product.list_price = 20.0
        # 16 h × (20.00 − 20 %) = 16 × 16.00.
        self.assertEqual(job.amount_to_invoice, 256.0)
        self.env.ref("seconde_pousse.pricelist_member_item").percent_price = 25
        # 16 h × (20.00 − 25 %) = 16 × 15.00.
        self.assertEqual(job.amount_to_invoice, 240.0)

    def test_a_column_shows_the_draft_invoice(self):
        job = self.job(paris(MONDAY, 8), paris(MONDAY, 17))
        self.assertFalse(job.draft_invoice_id)
        invoice = self.invoice()
        self.assertEqual(job.draft_invoice_id, invoice)
        to_invoice = self.env["sp.intervention"].with_user(self.accountant)
        view = to_invoice.get_views(
            [
                (
                    self.env.ref(
                        "seconde_pousse.sp_intervention_view_list_to_invoice"
                    ).id,
                    "list",
                )
            ]
        )
        self.assertIn('name="draft_invoice_id"', view["views"]["list"]["arch"])
        invoice.with_user(self.accountant).action_post()
        self.assertFalse(job.draft_invoice_id, "posted: no longer a draft")


class TestInvoicingOverRpc(XmlRpcMixin, SpTestMixin, HttpCase):
    """An accountant's script invoices over XML-RPC with the Billing rights only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.planner = new_sp_user(cls.env, "sp_rpc_qty_planner", "Karim Encadrant")
        cls.accountant = new_sp_user(
            cls.env,
            "sp_rpc_qty_compta",
            "Lucie Comptable",
            "seconde_pousse.group_sp_billing",
        )
        cls.farm, _other, cls.supervisor, cls.workers = farms_and_crew(
            cls.env, cls.planner, crew_size=3
        )
        membership_product(cls.env)
        cls.env.company.resource_calendar_id = schedule(cls.env, 8)

    def test_invoice_a_two_day_job_and_be_refused_a_second_time(self):
        self.assertFalse(self.accountant.has_group("account.group_account_manager"))
        self.assertFalse(self.accountant.has_group("seconde_pousse.group_sp_manager"))
        job = (
            self.env["sp.intervention"]
            .with_user(self.planner)
            .create(
                {
                    "farm_id": self.farm.id,
                    "planned_start": paris(MONDAY, 8),
                    "planned_end": paris(TUESDAY, 17),
                    "supervisor_id": self.supervisor.id,
                    "worker_line_ids": [
                        Command.create({"employee_id": w.id}) for w in self.workers
                    ],
                }
            )
        )
        # Priced per day by accounting, as only the Billing group may.
        job.with_user(self.accountant).pricing_mode = "day"
        job.action_plan()
        job.action_confirm()
        job.action_start()
        job.action_done()
        job.review_id.write({"signature": SIGNATURE, "signed_by": "Martine Roux"})
        job.review_id.action_complete()
        call = self.rpc(self.accountant)
        wizard = call(
            "sp.intervention.invoice",
            "create",
            {"date_from": "2026-06-01", "date_to": "2026-06-30", "post": True},
        )
        call("sp.intervention.invoice", "action_invoice", [wizard])
        [invoice_ids] = call(
            "sp.intervention.invoice", "read", [wizard], ["invoice_ids"]
        )
        [invoice] = call(
            "account.move",
            "read",
            invoice_ids["invoice_ids"],
            ["amount_untaxed", "amount_tax", "amount_total", "state"],
        )
        # Monday and Tuesday, 8 h each: 2 days. The farm became a member at its
        # first review: 2 × 360.00 = 720.00; VAT 144.00; 864.00.
        self.assertEqual(
            (
                invoice["amount_untaxed"],
                invoice["amount_tax"],
                invoice["amount_total"],
                invoice["state"],
            ),
            (720.0, 144.0, 864.0, "posted"),
        )
        again = call(
            "sp.intervention.invoice",
            "create",
            {"date_from": "2026-06-01", "date_to": "2026-06-30"},
        )
        message = self.assertFault(
            USER_ERROR, call, "sp.intervention.invoice", "action_invoice", [again]
        )
        self.assertIn("Rien à facturer", message)
        self.assertEqual(
            self.env["sp.intervention"].browse(job.id).state, "invoiced", "once"
        )


class TestMigration(QuantitiesCase):
    """Databases of 19.0.1.7.0 held the raw span as hours: the migration sets
    right what nobody corrected, on jobs not invoiced."""

    def migrate(self):
        path = (
            Path(__file__).parent.parent
            / "seconde_pousse/migrations/19.0.1.8.0/post-working-time.py"
        )
        spec = importlib.util.spec_from_file_location("post_working_time", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        self.env.flush_all()
        module.migrate(self.env.cr, "19.0.1.7.0")
        self.env.invalidate_all()

    def as_before(self, jobs):
        """What 19.0.1.7.0 stored: the span as hours (at most 24), no schedule."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            UPDATE sp_intervention_worker w
               SET planned_hours = LEAST(i.planned_duration, 24),
                   hours_worked = CASE WHEN w.hours_worked > 0
                                       THEN LEAST(i.planned_duration, 24)
                                       ELSE 0 END
              FROM sp_intervention i
             WHERE i.id = w.intervention_id AND i.id IN %s
            """,
            [tuple(jobs.ids)],
        )
        self.env.cr.execute(
            """
            UPDATE sp_intervention
               SET resource_calendar_id = NULL, working_hours = 0,
                   working_days = 0, working_half_days = 0
             WHERE id IN %s
            """,
            [tuple(jobs.ids)],
        )
        self.env.invalidate_all()

    def test_hours_of_the_span_become_working_hours(self):
        planned = self.create_intervention(
            workers=self.workers[:2],
            start=paris(MONDAY, 8),
            planned_end=paris(TUESDAY, 16),
        )
        reviewed = self.job(
            paris(date(2026, 6, 3), 8),
            paris(date(2026, 6, 3), 17),
            workers=self.workers[2:4],
        )
        self.as_before(planned | reviewed)
        corrected = reviewed.worker_line_ids[1]
        self.env.cr.execute(
            "UPDATE sp_intervention_worker SET hours_worked = 6 WHERE id = %s",
            [corrected.id],
        )
        self.assertEqual(planned.worker_line_ids.mapped("planned_hours"), [24.0] * 2)
        self.assertEqual(reviewed.worker_line_ids.mapped("hours_worked"), [9.0, 6.0])
        self.migrate()
        self.assertEqual(
            planned.resource_calendar_id, self.company.resource_calendar_id
        )
        # Monday 8 h + Tuesday 8:00-12:00, 13:00-16:00 = 7 h.
        self.assertEqual(planned.worker_line_ids.mapped("planned_hours"), [15.0] * 2)
        # 8:00-17:00 is 8 working hours; the hours the supervisor corrected stay.
        self.assertEqual(reviewed.working_hours, 8.0)
        self.assertEqual(reviewed.worker_line_ids.mapped("hours_worked"), [8.0, 6.0])
        # (8 + 6) h × 14.40 = 201.60.
        self.assertEqual(reviewed.amount_to_invoice, 201.6)
