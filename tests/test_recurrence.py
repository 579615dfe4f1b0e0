"""Regular requests: a series generated at once, clashes reported, "this and following"
edits."""

from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError

from .common import SpCase, new_sp_user


class TestRecurrence(SpCase):
    def _repeat(self, intervention, **values):
        wizard = (
            self.env["sp.intervention.repeat"]
            .with_user(self.user)
            .create(
                {
                    "intervention_id": intervention.id,
                    **values,
                }
            )
        )
        wizard.action_generate()
        return wizard

    def test_weekly_series_reports_clashes(self):
        source = self.create_intervention(workers=self.workers[:3])
        source.action_plan()
        # Salarié 02 is already on another farm in the third week.
        busy = self.create_intervention(
            workers=self.workers[1:2],
            supervisor_id=False,
            farm_id=self.other_farm.id,
            start=self.start + timedelta(weeks=2, hours=1),
            hours=2,
        )
        wizard = self._repeat(
            source, interval=1, unit="week", end_type="count", count=4
        )

        series = source.recurrence_id.intervention_ids
        self.assertEqual(
            len(series),
            3,
            "the source and two of the three occurrences; the clashing week is left "
            "out",
        )
        self.assertEqual(
            sorted(series.mapped("planned_start")),
            [
                self.start,
                self.start + timedelta(weeks=1),
                self.start + timedelta(weeks=3),
            ],
        )
        occurrences = series - source
        self.assertEqual(set(occurrences.mapped("state")), {"planned"})
        for occurrence in occurrences:
            self.assertEqual(occurrence.worker_line_ids.employee_id, self.workers[:3])
            self.assertEqual(occurrence.supervisor_id, self.supervisor)
            self.assertEqual(occurrence.farm_id, self.farm)
        self.assertEqual(wizard.state, "done")
        self.assertIn("2 interventions créées dans la série", wizard.report)
        self.assertIn(
            f"15/06/2026 — Salarié 02 est déjà sur {busy.display_name}", wizard.report
        )
        self.assertIn(
            "15/06/2026", source.message_ids[0].body, "the report stays in the chatter"
        )

    def test_monthly_until_date_keeps_local_time(self):
        # 8:00 in Paris in March (UTC+1) stays 8:00 in April (UTC+2).
        start = self.start.replace(month=3, day=2, hour=7)
        source = self.create_intervention(workers=self.workers[:2], start=start)
        source.action_plan()
        self._repeat(
            source, interval=1, unit="month", end_type="until", until="2026-05-31"
        )
        starts = sorted(source.recurrence_id.intervention_ids.mapped("planned_start"))
        self.assertEqual(
            starts,
            [start, start.replace(month=4, hour=6), start.replace(month=5, hour=6)],
        )

    def test_refusals(self):
        source = self.create_intervention(
            workers=self.workers[:2], planned_start=False, planned_end=False
        )
        with self.assertRaisesRegex(
            UserError, "Indiquez le début et la fin prévus de .* avant de la répéter"
        ):
            self._repeat(source, count=3)
        source.write(
            {
                "planned_start": self.start,
                "planned_end": self.start + timedelta(hours=7),
            }
        )
        with self.assertRaisesRegex(
            UserError, "Une série compte au moins deux occurrences"
        ):
            self._repeat(source, count=1)
        self._repeat(source, count=2)
        with self.assertRaisesRegex(UserError, "appartient déjà à une série"):
            self._repeat(source, count=2)

    def test_this_and_following(self):
        source = self.create_intervention(workers=self.workers[:3])
        source.action_plan()
        self._repeat(source, interval=2, unit="week", count=4)
        series = source.recurrence_id.intervention_ids.sorted("planned_start")
        second, third, fourth = series[1:]
        # The last one already has Salarié 08 elsewhere at the new time.
        blocker = self.create_intervention(
            workers=self.workers[7:8],
            supervisor_id=False,
            farm_id=self.other_farm.id,
            start=fourth.planned_start + timedelta(hours=1),
            hours=1,
        )

        second.write(
            {
                "planned_start": second.planned_start + timedelta(hours=1),
                "planned_end": second.planned_end + timedelta(hours=2),
                "worker_line_ids": [
                    Command.create({"employee_id": self.workers[7].id})
                ],
            }
        )
        result = second.with_user(self.user).action_apply_to_following()
        self.assertEqual(third.planned_start, self.start + timedelta(weeks=4, hours=1))
        # 08:00-16:00 (7 working hours, the lunch hour out) became 09:00-18:00.
        self.assertEqual(third.planned_end - third.planned_start, timedelta(hours=9))
        self.assertEqual(
            third.worker_line_ids.employee_id, self.workers[:3] | self.workers[7]
        )
        self.assertEqual(
            source.planned_start, self.start, "earlier occurrences are untouched"
        )
        self.assertEqual(
            fourth.worker_line_ids.employee_id,
            self.workers[:3],
            "the clashing one is left as it was",
        )
        message = result["params"]["message"]
        self.assertIn("1 intervention(s) suivante(s) mise(s) à jour", message)
        self.assertIn(f"Salarié 08 est déjà sur {blocker.display_name}", message)

        third.with_user(self.user).action_cancel_following()
        self.assertEqual((third | fourth).mapped("state"), ["cancelled", "cancelled"])
        self.assertEqual((source | second).mapped("state"), ["planned", "planned"])

    def test_one_message_per_person_for_a_series(self):
        """A new series, a change to it and its confirmation: one message each."""
        worker_user = new_sp_user(self.env, "sp_salarie02", "Salarié 02")
        self.workers[1].user_id = worker_user
        partner = worker_user.partner_id
        Message = self.env["mail.message"]

        def received():
            return Message.search([("partner_ids", "in", partner.ids)])

        source = self.create_intervention(workers=self.workers[:3])
        source.action_plan()
        before = received()
        self._repeat(source, interval=1, unit="week", count=26)
        digest = received() - before
        self.assertEqual(len(digest), 1, "one message for the 25 new bookings")
        self.assertIn("25 interventions", digest.subject)
        series = source.recurrence_id.intervention_ids.sorted("planned_start")
        self.assertIn(series[-1].name, digest.body)

        before = received()
        series[1].planned_end += timedelta(hours=1)
        series[1].with_user(self.user).action_apply_to_following()
        self.assertEqual(len(received() - before), 1, "one message for the change")

        before = received()
        series.with_user(self.manager).action_confirm()
        digest = received() - before
        self.assertEqual(len(digest), 1, "one message for the 26 confirmations")
        self.assertFalse(
            self.env["mail.mail"].search(
                [("recipient_ids", "in", partner.ids), ("model", "=", "calendar.event")]
            ),
            "no calendar invitation per intervention",
        )
