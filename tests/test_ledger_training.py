"""Trainings as sessions on the person's scheduled working days only: never on a
public holiday, time off or a day off; a hand-computed month."""

from datetime import date, datetime

from odoo import Command

from .test_ledger import LedgerCase

NOVEMBER = date(2026, 11, 1)


class TestTrainingSessions(LedgerCase):
    def test_hand_computed_november(self):
        """November 2026 of Anaïs (Monday to Thursday, 6.5 h a day), by hand.

        Scheduled days: Mondays 2, 9, 16, 23, 30; Tuesdays 3, 10, 17, 24;
        Wednesdays 4, 11, 18, 25; Thursdays 5, 12, 19, 26: 17 days.
        - Wed 11: Armistice, a public holiday;
        - Wed 25: paid time off;
        - Tue 17: an intervention, 7 h;
        - a training on Wednesdays, 16 h in all: its sessions are the Wednesdays
          she works, 4 and 18 (not 11, a holiday, nor 25, on leave): 16 / 2 = 8 h
          each, the whole day (longer than its 6.5 h).
        Farm: 17 - 1 (11) - 1 (25) - 1 (17) - 2 (4, 18) = 12 days x 6.5 = 78 h;
        training 16 h; intervention 7 h; worked 78 + 16 + 7 = 101 h.
        """
        calendar = self.anais.resource_calendar_id
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Armistice",
                "calendar_id": calendar.id,
                # Wednesday 11 November, midnight to midnight in Paris (UTC+1).
                "date_from": datetime(2026, 11, 10, 23, 0),
                "date_to": datetime(2026, 11, 11, 22, 59, 59),
            }
        )
        self.time_off(self.anais, date(2026, 11, 25), date(2026, 11, 25))
        self.job(date(2026, 11, 17), self.anais)
        self.env["sp.pathway"].with_user(self.cip).create(
            {
                "employee_id": self.anais.id,
                "hiring_date": date(2026, 1, 5),
                "cip_user_id": self.cip.id,
                "training_ids": [
                    Command.create(
                        {
                            "name": "Savoirs de base",
                            "date_start": NOVEMBER,
                            "date_end": date(2026, 11, 30),
                            "weekday": "2",
                            "hours": 16,
                        }
                    )
                ],
            }
        )
        self.generate(NOVEMBER, self.anais)
        self.assertEqual(
            self.day_entries(self.anais, date(2026, 11, 4)), {"SPTRAIN": 8}
        )
        self.assertEqual(
            self.day_entries(self.anais, date(2026, 11, 18)), {"SPTRAIN": 8}
        )
        for day in (11, 25):
            with self.subTest(day=day):
                self.assertNotIn(
                    "SPTRAIN", self.day_entries(self.anais, date(2026, 11, day))
                )
                self.assertNotIn(
                    "SPFARM", self.day_entries(self.anais, date(2026, 11, day))
                )
        # Never on a Friday, her day off.
        self.assertFalse(self.day_entries(self.anais, date(2026, 11, 6)))
        figures = self.figures(self.anais, NOVEMBER)
        self.assertEqual(
            (
                figures["hours_farm"],
                figures["hours_training"],
                figures["hours_intervention"],
                figures["hours_worked"],
            ),
            (78.0, 16.0, 7.0, 101.0),
        )
