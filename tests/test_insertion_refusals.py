"""What the insertion side refuses, in French, each at its boundary: a second
PASS IAE while one is valid, a pathway on another person's PASS or for a
supervisor, a suspension in the future, two prolongation requests at once, a
schedule edited below 20 h on a running CDDI, a yearly decision covering two
years; and the exit rule as the ASP computes it."""

from datetime import date, timedelta

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase

from .common import USER_ERROR, SpTestMixin, XmlRpcMixin, farms_and_crew, new_sp_user
from .pathway_common import PathwayCase, pathway_users
from .test_contract import ContractCase


class TestPassAndPathwayRefusals(PathwayCase):
    def test_one_valid_pass_at_a_time(self):
        first = self.create_pass(start=self.today - timedelta(days=800))
        # 730 days from its start: it ended 71 days ago.
        self.assertEqual(first.end_date, self.today - timedelta(days=71))
        with self.assertRaisesRegex(
            ValidationError,
            r"Salarié 01 a déjà le PASS IAE 999992600001, valable du .* : une personne "
            r"détient un seul PASS IAE à la fois\.",
        ):
            self.create_pass(start=first.end_date, number="999992600002")
        # The day after its end, a new PASS is the person's only valid one.
        second = self.create_pass(
            start=first.end_date + timedelta(days=1), number="999992600002"
        )
        self.assertEqual(second.state, "valid")

    def test_pathway_on_the_persons_own_pass_only(self):
        others = self.create_pass(employee=self.workers[1])
        with self.assertRaisesRegex(
            ValidationError,
            r"Le PASS IAE 999992600001 est celui de Salarié 02, pas de Salarié 01\.",
        ):
            self.create_pathway(pass_id=others.id)
        own = self.create_pass(employee=self.workers[0], number="999992600003")
        self.assertEqual(self.create_pathway(pass_id=own.id).pass_id, own)

    def test_no_pathway_for_a_supervisor(self):
        with self.assertRaisesRegex(
            ValidationError,
            r"n'est pas salarié·e en insertion : un parcours s'ouvre pour une personne "
            r"embauchée en contrat d'insertion\.",
        ):
            self.create_pathway(employee=self.supervisor)

    def test_suspension_starts_today_at_the_latest(self):
        iae_pass = self.create_pass().with_user(self.cip)
        Suspension = self.env["sp.iae.pass.suspension"].with_user(self.cip)
        vals = {"pass_id": iae_pass.id, "reason": "CONTRACT_SUSPENDED"}
        tomorrow = self.today + timedelta(days=1)
        with self.assertRaisesRegex(
            ValidationError,
            r"Une suspension de PASS IAE commence au plus tard aujourd'hui, pas le ",
        ):
            Suspension.create(
                {
                    **vals,
                    "start_date": tomorrow,
                    "end_date": tomorrow + timedelta(days=20),
                }
            )
        suspension = Suspension.create(
            {
                **vals,
                "start_date": self.today,
                "end_date": self.today + timedelta(days=20),
            }
        )
        self.assertEqual(iae_pass.state, "suspended")
        self.assertEqual(suspension.duration_days, 20)

    def test_one_pending_prolongation_per_pass(self):
        # A PASS ending in 100 days: a prolongation is asked for now.
        iae_pass = self.create_pass(start=self.today - timedelta(days=630))
        Prolongation = self.env["sp.iae.pass.prolongation"].with_user(self.cip)
        vals = {
            "pass_id": iae_pass.id,
            "reason": "COMPLETE_TRAINING",
            "end_date": iae_pass.end_date + timedelta(days=90),
        }
        first = Prolongation.create(vals)
        with self.assertRaisesRegex(
            ValidationError,
            r"Le PASS IAE 999992600001 a déjà une demande de prolongation à traiter",
        ):
            Prolongation.create(vals)
        first.denial_reason = "DURATION"
        first.with_user(self.insertion_manager).action_deny()
        second = Prolongation.create(vals)
        self.assertEqual(second.state, "pending")

    def test_exit_rule_as_the_asp_counts_it(self):
        # (exit - hiring) x 0.0328767 > 2.65, both ends not counted:
        # 80 days: 80 x 0.0328767 = 2.630 months, not counted;
        # 81 days: 81 x 0.0328767 = 2.663 months, counted.
        for employee, days, counted in (
            (self.workers[0], 80, False),
            (self.workers[1], 81, True),
        ):
            pathway = self.create_pathway(employee=employee)
            pathway.write(
                {
                    "exit_date": pathway.hiring_date + timedelta(days=days),
                    "exit_reason_id": self.reason_cdi.id,
                }
            )
            pathway.action_exit()
            with self.subTest(days=days):
                self.assertEqual(pathway.counts_as_exit, counted)


class TestContractRefusals(ContractCase):
    def test_schedule_edited_below_20_hours_on_a_running_cddi(self):
        today = date.today()
        calendar = self.week_26.copy({"name": "26 h (Salarié·e·s)"})
        self.hire(
            today - timedelta(days=30), today + timedelta(days=150), calendar=calendar
        )
        thursdays = calendar.attendance_ids.filtered(lambda a: a.dayofweek == "3")
        with self.assertRaisesRegex(
            ValidationError, r"entre 20 et 35 heures par semaine, pas 19,5"
        ):
            calendar.with_user(self.hr_officer).write(
                {"attendance_ids": [(2, a.id) for a in thursdays]}
            )
        self.assertEqual(calendar.hours_per_week, 26.0)
        with self.assertRaisesRegex(ValidationError, r"pas 19,5"):
            thursdays.with_user(self.hr_officer).unlink()
        # A contract over yesterday: the schedule is free to change.
        other = self.week_26.copy({"name": "26 h (ancien)"})
        self.hire(
            today - timedelta(days=200),
            today - timedelta(days=1),
            calendar=other,
        )
        other.write(
            {
                "attendance_ids": [
                    (2, a.id)
                    for a in other.attendance_ids.filtered(lambda a: a.dayofweek == "3")
                ]
            }
        )
        self.assertEqual(other.hours_per_week, 19.5)

    def test_a_yearly_decision_covers_one_year(self):
        employee = self.hire(date(2023, 1, 1), date(2024, 12, 31))
        # Two years beyond the 24 months on one decision taken in the second.
        with self.assertRaisesRegex(
            ValidationError,
            r"la décision du 01/01/2026 couvre le contrat à partir de ce jour "
            r"seulement, pour un an : le contrat au-delà de 24 mois commence le "
            r"01/01/2025, avant elle\.",
        ):
            self.renew(
                employee,
                date(2025, 1, 1),
                date(2026, 12, 31),
                sp_duration_exception="senior",
                sp_duration_exception_date=date(2026, 1, 1),
            )
        version = self.renew(
            employee,
            date(2025, 1, 1),
            date(2025, 12, 31),
            sp_duration_exception="senior",
            sp_duration_exception_date=date(2025, 1, 1),
        )
        self.assertEqual(version.contract_date_end, date(2025, 12, 31))


class TestRefusalsRpc(XmlRpcMixin, SpTestMixin, HttpCase):
    def test_refused_in_french_over_rpc(self):
        supervisor_user = new_sp_user(self.env, "sp_rpc_enc_ref", "Karim Encadrant")
        _farm, _other, supervisor, workers = farms_and_crew(
            self.env, supervisor_user, 1
        )
        cip = pathway_users(self.env)["cip"]
        call = self.rpc(cip)
        today = date.today()
        message = self.assertFault(
            USER_ERROR,
            call,
            "sp.pathway",
            "create",
            {"employee_id": supervisor.id, "cip_user_id": cip.id},
        )
        self.assertIn("n'est pas salarié·e en insertion", message)
        pass_id = call(
            "sp.iae.pass",
            "create",
            {
                "number": "999992600009",
                "employee_id": workers[0].id,
                "start_date": (today - timedelta(days=100)).isoformat(),
            },
        )
        message = self.assertFault(
            USER_ERROR,
            call,
            "sp.iae.pass.suspension",
            "create",
            {
                "pass_id": pass_id,
                "reason": "CONTRACT_SUSPENDED",
                "start_date": (today + timedelta(days=1)).isoformat(),
                "end_date": (today + timedelta(days=10)).isoformat(),
            },
        )
        self.assertIn("commence au plus tard aujourd'hui", message)
