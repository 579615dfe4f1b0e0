"""A CDDI ended before its term on a ground of the Code du travail: Odoo's
departure works on a first contract; the pathway's exit follows; the ledger
stops at the exit date. Recording an exit is one wizard."""

from datetime import date

from odoo.exceptions import UserError, ValidationError

from .common import new_sp_user, schedule
from .test_ledger import LedgerCase

APRIL = date(2026, 4, 1)
EXIT = date(2026, 4, 14)  # a Tuesday, in the second month of the contract


class TestEarlyEnd(LedgerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hr_manager = new_sp_user(
            cls.env, "sp_drh_end", "Odile DRH", "hr.group_hr_manager"
        )
        # Chloé: a first CDDI signed from Monday 2 March to 1 July 2026 (4 months),
        # 26 h a week, Monday to Thursday, 6.5 h a day.
        cls.chloe = cls.workers[3]
        cls.chloe.write(
            {
                "date_version": date(2026, 3, 2),
                "contract_date_start": date(2026, 3, 2),
                "contract_date_end": date(2026, 7, 1),
                "contract_type_id": cls.cddi.id,
                "resource_calendar_id": schedule(cls.env, 6.5, days=4).id,
                "tz": "Europe/Paris",
            }
        )
        cls.pathway = cls.env["sp.pathway"].create(
            {
                "employee_id": cls.chloe.id,
                "hiring_date": date(2026, 3, 2),
                "cip_user_id": cls.cip.id,
            }
        )
        cls.chloe.generate_work_entries(APRIL, date(2026, 4, 30))
        cls.mutual = cls.env.ref("seconde_pousse.departure_reason_agreement")
        cls.training = cls.env.ref("seconde_pousse.departure_reason_job_or_training")
        cls.outcome = cls.env.ref("seconde_pousse.exit_reason_no_news")

    def departure(self, reason, user=None, **vals):
        Wizard = self.env["hr.departure.wizard"].with_user(user or self.hr_manager)
        wizard = Wizard.with_context(active_ids=self.chloe.ids).create(
            {
                "employee_ids": self.chloe.ids,
                "departure_reason_id": reason.id,
                "departure_date": EXIT,
                "set_date_end": True,
                **vals,
            }
        )
        return wizard.action_register_departure()

    def april_entries(self):
        return self.env["hr.work.entry"].search(
            [("employee_id", "=", self.chloe.id), ("date", ">=", APRIL)]
        )

    def assert_ledger_stops_at_the_exit(self):
        """Scheduled days of April up to Tuesday 14, hand-counted: Wed 1, Thu 2,
        Mon 6 (no public holiday in this company's calendar), Tue 7, Wed 8, Thu 9,
        Mon 13, Tue 14 = 8 days x 6.5 h = 52 h at the
        farm; no day after the exit."""
        entries = self.april_entries()
        self.assertEqual(max(entries.mapped("date")), EXIT)
        self.assertEqual(sum(entries.mapped("duration")), 52.0)
        # A job after the exit does not bring the person back into the ledger.
        self.job(date(2026, 4, 16), self.chloe | self.anais)
        self.assertFalse(self.day_entries(self.chloe, date(2026, 4, 16)))

    def test_odoo_departure_ends_a_first_contract_early(self):
        # Resigning is no ground to end a CDDI early: the 4 months stand.
        with self.assertRaisesRegex(
            ValidationError, r"un premier contrat d'insertion dure au moins 4 mois"
        ):
            self.departure(self.env.ref("hr.departure_resigned"))
        self.assertEqual(self.chloe.contract_date_end, date(2026, 7, 1))
        # By mutual agreement (L1243-1), it ends on the 14th.
        self.departure(self.mutual)
        self.assertEqual(self.chloe.contract_date_end, EXIT)
        # The pathway's exit follows: dated, the outcome left to its CIP.
        self.assertEqual(self.pathway.exit_date, EXIT)
        self.assertEqual(self.pathway.state, "ongoing")
        self.assertEqual(self.pathway.activity_ids.user_id, self.cip)
        self.assert_ledger_stops_at_the_exit()

    def test_departure_with_the_outcome_exits_the_pathway(self):
        # The Responsable insertion, who keeps the contracts too, gives the outcome.
        manager = new_sp_user(
            self.env,
            "sp_resp_rh_end",
            "Hélène Responsable",
            "hr.group_hr_manager,seconde_pousse.group_sp_insertion_manager",
        )
        self.departure(self.training, user=manager, sp_exit_reason_id=self.outcome.id)
        self.assertEqual(
            (self.pathway.state, self.pathway.exit_date, self.pathway.exit_reason_id),
            ("exited", EXIT, self.outcome),
        )

    def test_exit_wizard_ends_the_contract_early(self):
        Wizard = self.env["sp.pathway.exit"].with_user(self.cip)
        action = self.pathway.with_user(self.cip).action_open_exit_wizard()
        wizard = Wizard.with_context(action["context"]).create(
            {"exit_date": EXIT, "exit_reason_id": self.outcome.id}
        )
        self.assertEqual(wizard.contract_end, date(2026, 7, 1))
        self.assertTrue(wizard.early_end)
        with self.assertRaisesRegex(
            UserError,
            r"Le contrat de Salarié 04 court jusqu'au 01/07/2026 : choisissez le motif "
            r"de sa rupture anticipée\.",
        ):
            wizard.action_exit()
        self.assertEqual(self.pathway.state, "ongoing")
        wizard.departure_reason_id = self.mutual
        wizard.action_exit()
        self.assertEqual(
            (self.pathway.state, self.pathway.exit_date, self.pathway.exit_reason_id),
            ("exited", EXIT, self.outcome),
        )
        self.assertEqual(self.chloe.contract_date_end, EXIT)
        self.assertEqual(self.chloe.departure_reason_id, self.mutual)
        self.assert_ledger_stops_at_the_exit()

    def test_exit_wizard_at_the_end_of_the_contract(self):
        wizard = (
            self.env["sp.pathway.exit"]
            .with_user(self.cip)
            .create(
                {
                    "pathway_id": self.pathway.id,
                    "exit_date": date(2026, 7, 1),
                    "exit_reason_id": self.outcome.id,
                }
            )
        )
        self.assertFalse(wizard.early_end)
        wizard.action_exit()
        self.assertEqual(self.pathway.state, "exited")
        self.assertEqual(self.chloe.contract_date_end, date(2026, 7, 1))
