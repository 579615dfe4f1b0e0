"""The PASS IAE: its end date, its suspensions and prolongations and their
limits, and the warning before it ends, played as the CIP."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo.exceptions import UserError, ValidationError

from .pathway_common import PathwayCase


class TestPass(PathwayCase):
    def setUp(self):
        super().setUp()
        # Under a year from its end: a prolongation may be asked.
        self.start = self.today - timedelta(days=400)
        self.iae_pass = self.create_pass(start=self.start)
        self.Suspension = self.env["sp.iae.pass.suspension"].with_user(self.cip)
        self.Prolongation = self.env["sp.iae.pass.prolongation"].with_user(self.cip)

    def suspend(self, start, end, reason="CONTRACT_SUSPENDED"):
        return self.Suspension.create(
            {
                "pass_id": self.iae_pass.id,
                "start_date": start,
                "end_date": end,
                "reason": reason,
            }
        )

    def prolong(self, days, reason="COMPLETE_TRAINING", **vals):
        return self.Prolongation.create(
            {
                "pass_id": self.iae_pass.id,
                "reason": reason,
                "end_date": self.iae_pass.end_date + timedelta(days=days),
                **vals,
            }
        )

    def test_end_date_moves_with_suspensions_and_granted_prolongations(self):
        iae_pass = self.iae_pass
        two_years = self.start + timedelta(days=729)
        self.assertEqual(iae_pass.end_date, two_years, "730 days, the first included")
        self.assertEqual(
            iae_pass.waiting_period_end, two_years + relativedelta(years=2)
        )
        self.assertEqual(iae_pass.state, "valid")

        # Suspended from 10 days ago to 20 days ahead: 30 more days, as les emplois
        # counts them (end minus start).
        suspension = self.suspend(
            self.today - timedelta(days=10), self.today + timedelta(days=20)
        )
        self.assertEqual(iae_pass.end_date, two_years + timedelta(days=30))
        self.assertEqual(iae_pass.state, "suspended")

        # A prolongation moves the end date only once it is granted.
        prolongation = self.prolong(90)
        self.assertEqual(prolongation.start_date, two_years + timedelta(days=30))
        self.assertEqual(iae_pass.end_date, two_years + timedelta(days=30))
        self.assertIs(prolongation.action_grant(), True)
        self.assertEqual(iae_pass.end_date, two_years + timedelta(days=120))

        denied = self.prolong(
            60, denial_reason="DURATION", request_date=iae_pass.end_date
        )
        self.assertIs(denied.action_deny(), True)
        self.assertEqual(iae_pass.end_date, two_years + timedelta(days=120))
        with self.assertRaisesRegex(UserError, "Seule une prolongation à traiter"):
            denied.action_grant()

        suspension.unlink()
        self.assertEqual(iae_pass.end_date, two_years + timedelta(days=90))
        self.assertEqual(
            iae_pass.waiting_period_end, iae_pass.end_date + relativedelta(years=2)
        )

    def test_state_follows_the_day(self):
        iae_pass = self.iae_pass
        # Recorded on the day it begins, five days from now.
        self.Suspension = self.Suspension.with_context(
            sp_today=self.today + timedelta(days=5)
        )
        self.suspend(self.today + timedelta(days=5), self.today + timedelta(days=15))
        for day, state in (
            (self.start - timedelta(days=1), "not_started"),
            (self.start, "valid"),
            (self.today + timedelta(days=5), "suspended"),
            (iae_pass.end_date, "valid"),
            (iae_pass.end_date + timedelta(days=1), "expired"),
        ):
            on_day = iae_pass.with_context(sp_today=day)
            self.assertEqual(on_day.state, state, day)
            Pass = (
                self.env["sp.iae.pass"].with_user(self.cip).with_context(sp_today=day)
            )
            self.assertEqual(Pass.search([("state", "=", state)]), iae_pass, day)

    def test_number(self):
        self.assertEqual(self.iae_pass.number, "999992600001")
        typed = self.create_pass(number="99999 26 0000a", employee=self.workers[1])
        self.assertEqual(typed.number, "99999260000A", "as les emplois prints it")
        for wrong in ("9999926000", "9999926000012", "99999-2600001"):
            with self.assertRaisesRegex(ValidationError, "12 lettres ou chiffres"):
                self.create_pass(number=wrong, employee=self.workers[2])
        with self.assertRaisesRegex(ValidationError, "déjà enregistré"):
            self.create_pass(number="999992600001", employee=self.workers[2])
        Pass = self.env["sp.iae.pass"].with_user(self.cip)
        self.assertEqual(Pass.search_count([]), 2, "nothing half-written")

    def test_suspension_limits(self):
        before = self.iae_pass.end_date
        with self.assertRaisesRegex(ValidationError, "36 mois au plus"):
            self.suspend(self.today, self.today + relativedelta(months=36))
        with self.assertRaisesRegex(ValidationError, "en dehors du PASS IAE"):
            self.suspend(self.start - timedelta(days=1), self.today)
        # After the end of the PASS (as seen on that day): outside the PASS.
        with self.assertRaisesRegex(ValidationError, "en dehors du PASS IAE"):
            self.Suspension.with_context(sp_today=before + timedelta(days=1)).create(
                {
                    "pass_id": self.iae_pass.id,
                    "start_date": before + timedelta(days=1),
                    "end_date": before + timedelta(days=10),
                    "reason": "CONTRACT_SUSPENDED",
                }
            )
        with self.assertRaisesRegex(
            ValidationError, "ne sont plus proposés|n'est plus proposé"
        ):
            self.suspend(self.today, self.today + timedelta(days=5), reason="SICKNESS")
        with self.assertRaisesRegex(ValidationError, "le jour de son début ou après"):
            self.suspend(self.today, self.today - timedelta(days=1))
        self.assertEqual(self.iae_pass.end_date, before, "nothing written")

        # At most 365 days in the past, on a PASS that started earlier.
        old_pass = self.create_pass(
            employee=self.workers[1],
            number="999992400002",
            start=self.today - timedelta(days=500),
        )
        with self.assertRaisesRegex(ValidationError, "365 jours dans le passé"):
            self.Suspension.create(
                {
                    "pass_id": old_pass.id,
                    "start_date": self.today - timedelta(days=366),
                    "end_date": self.today - timedelta(days=300),
                    "reason": "CONTRACT_BROKEN",
                }
            )
        self.Suspension.create(
            {
                "pass_id": old_pass.id,
                "start_date": self.today - timedelta(days=365),
                "end_date": self.today - timedelta(days=300),
                "reason": "CONTRACT_BROKEN",
            }
        )

        # 36 months less a day is allowed; no two suspensions overlap.
        self.suspend(self.today, self.today + relativedelta(months=36, days=-1))
        with self.assertRaisesRegex(ValidationError, "ne peuvent pas se chevaucher"):
            self.suspend(
                self.today - timedelta(days=10), self.today + timedelta(days=40)
            )

    def test_prolongation_limits(self):
        end = self.iae_pass.end_date
        with self.assertRaisesRegex(ValidationError, "au plus 365 jours par demande"):
            self.prolong(366)
        with self.assertRaisesRegex(ValidationError, "prescripteur"):
            self.prolong(100, reason="SENIOR")
        partner = self.env["res.partner"].create({"name": "France Travail Pertuis"})
        with self.assertRaisesRegex(ValidationError, "fichier bilan"):
            self.prolong(100, reason="RQTH", prescriber_org_id=partner.id)
        with self.assertRaisesRegex(ValidationError, "Contexte sanitaire"):
            self.prolong(100, reason="HEALTH_CONTEXT", prescriber_org_id=partner.id)
        with self.assertRaisesRegex(ValidationError, "commence à la date de fin"):
            self.prolong(100, start_date=end - timedelta(days=1))
        with self.assertRaisesRegex(ValidationError, "12 mois avant la fin"):
            self.prolong(100, request_date=end - relativedelta(months=12, days=1))
        self.assertFalse(self.iae_pass.prolongation_ids, "nothing written")

        # RQTH: 12 months per request, 3 years in all, each granted in turn.
        report = {
            "prescriber_org_id": partner.id,
            "report_file": b"JVBERi0=",
            "report_filename": "bilan.pdf",
        }
        for _i in range(3):
            # Each asked as the previous one runs out.
            report["request_date"] = self.iae_pass.end_date
            self.prolong(365, reason="RQTH", **report).action_grant()
        self.assertEqual(self.iae_pass.end_date, end + timedelta(days=3 * 365))
        with self.assertRaisesRegex(
            ValidationError,
            "atteindraient 1096 jours : « RQTH » en permet 1095 au total",
        ):
            self.prolong(1, reason="RQTH", **report)

        # An inclusion CDI after 57 runs until retirement: 10 years in one request.
        other = self.create_pass(employee=self.workers[1], number="999992600009")
        self.Prolongation.create(
            {
                "pass_id": other.id,
                "reason": "SENIOR_CDI",
                "request_date": other.end_date,
                "end_date": other.end_date + timedelta(days=3650),
            }
        ).action_grant()
        self.assertEqual(other.end_date, other.start_date + timedelta(days=729 + 3650))

    def test_cip_is_warned_before_the_end_once(self):
        iae_pass = self.create_pass(
            employee=self.workers[1],
            number="999992400011",
            start=self.today - timedelta(days=700),
        )
        pathway = self.create_pathway(
            employee=self.workers[1], hiring=iae_pass.start_date, pass_id=iae_pass.id
        )
        later = self.create_pathway(employee=self.workers[0], pass_id=self.iae_pass.id)
        self.assertTrue(pathway.pass_expiry_soon, "29 days left, within 90")
        self.assertFalse(later.pass_expiry_soon)
        Pathway = self.env["sp.pathway"].with_user(self.cip)
        self.assertEqual(Pathway.search([("pass_expiry_soon", "=", True)]), pathway)

        def warn():
            # Only this fixture's pathways (the demo data may have others).
            activities = self.env["sp.pathway"]._cron_warn_pass_expiry()
            return activities.filtered(lambda a: a.res_id in (pathway | later).ids)

        warned = warn()
        self.assertEqual(warned.res_id, pathway.id)
        self.assertEqual(warned.user_id, self.cip)
        self.assertEqual(warned.date_deadline, iae_pass.end_date)
        self.assertIn("999992400011", str(warned.note))
        self.assertFalse(warn(), "once")

        # A granted prolongation moves the end: the CIP is warned again before it.
        self.Prolongation.create(
            {
                "pass_id": iae_pass.id,
                "reason": "COMPLETE_TRAINING",
                "end_date": iae_pass.end_date + timedelta(days=30),
            }
        ).action_grant()
        again = warn()
        self.assertEqual(again.res_id, pathway.id)
        self.assertEqual(again.date_deadline, iae_pass.end_date)

        # The warning period is a setting.
        self.env["ir.config_parameter"].set_param(
            "seconde_pousse.pass_warning_days", 800
        )
        self.assertEqual(warn().res_id, later.id)
