"""Screens on a phone (375 px), played in Chromium as the supervisor and the planner."""

from datetime import datetime, time, timedelta

import pytz

from odoo import Command
from odoo.tests import HttpCase

from .common import SpTestMixin, new_sp_user


class TestPhoneTours(SpTestMixin, HttpCase):
    browser_size = "375x667"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_sp_user(cls.env, "sp_tour_mobile", "Karim Encadrant")
        cls.farm = cls.env["res.partner"].create(
            {
                "name": "EARL Les Vergers de Rognes",
                "is_company": True,
                "sp_is_farm": True,
                "city": "Rognes",
                "sp_access_notes": "Portail vert, se garer devant le hangar.",
            }
        )
        Employee = cls.env["hr.employee"]
        cls.supervisor = Employee.create(
            {
                "name": "Sophie Encadrante",
                "sp_role": "supervisor",
                "user_id": cls.user.id,
            }
        )
        cls.workers = Employee.create(
            [{"name": f"Salarié {i:02d}", "sp_role": "insertion"} for i in range(1, 4)]
        )
        # 8 o'clock today where the users are: the screens' "today" is theirs.
        paris = pytz.timezone("Europe/Paris")
        local_today = datetime.now(paris).date()
        cls.today = (
            paris.localize(datetime.combine(local_today, time(8)))
            .astimezone(pytz.utc)
            .replace(tzinfo=None)
        )

    def _intervention(self, workers, start, hours=5, **vals):
        return self.env["sp.intervention"].create(
            {
                "farm_id": self.farm.id,
                "supervisor_id": self.supervisor.id,
                "planned_start": start,
                "planned_end": start + timedelta(hours=hours),
                "workers_needed": len(workers),
                "worker_line_ids": [
                    Command.create({"employee_id": w.id}) for w in workers
                ],
                **vals,
            }
        )

    def test_supervisor_day(self):
        # 8:00-16:00, 7 working hours a person: the schedule's on a weekday (the
        # lunch hour out), set by the day for a weekend the schedule does not work.
        job = self._intervention(self.workers, self.today, hours=8, hours_per_day=7)
        job.action_plan()
        job.action_confirm()
        job.action_start()

        self.start_tour(
            "/odoo/seconde-pousse-today",
            "sp_supervisor_day_tour",
            login=self.user.login,
        )

        self.assertEqual(job.state, "done")
        first, second, third = job.worker_line_ids.sorted("employee_id")
        self.assertEqual((first.attended, first.hours_worked), (True, 5.5))
        self.assertEqual(first.absence_type, "left_early")
        self.assertEqual((second.attended, second.hours_worked), (False, 0.0))
        self.assertEqual(second.absence_type, "not_notified")
        self.assertEqual(
            third.hours_worked, 7.0, "the planned hours, filled in at the end"
        )
        self.assertEqual(job.hours_worked, 12.5)
        self.assertIn("sol humide", job.field_note)

    def test_planner_moves_a_job_onto_a_clash(self):
        # The calendar opens on the browser's today, which is UTC in the test browser:
        # the job is at 10:00 UTC; Salarié 01 is elsewhere from 14:00 to 20:00 UTC,
        # which the afternoon the planner types (13:00-17:00) meets in either zone.
        day = datetime.combine(datetime.now(pytz.utc).date(), time(10))
        job = self._intervention(self.workers[:1], day, hours=2)
        elsewhere = self._intervention(
            self.workers[:1], day + timedelta(hours=4), hours=6, supervisor_id=False
        )
        planner = new_sp_user(self.env, "sp_tour_planner", "Claire Coordinatrice")

        self.start_tour(
            "/odoo/seconde-pousse-planning",
            "sp_planner_calendar_clash_tour",
            login=planner.login,
        )

        self.assertEqual(job.planned_start, day, "the job stays where it was")
        self.assertEqual(elsewhere.worker_line_ids.employee_id, self.workers[0])
