"""The hours ledger: Odoo's work entries from the working schedule, with the crew
lines, time off and absences in place of the farm day, the monthly roll-up, the
changes after the fact and the closed months."""

from datetime import date, datetime, time, timedelta

import pytz

from odoo import Command
from odoo.exceptions import AccessError, UserError

from .common import SpCase, new_sp_user, schedule

JUNE = date(2026, 6, 1)
MAY = date(2026, 5, 1)


class LedgerCase(SpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cip = new_sp_user(
            cls.env, "sp_cip", "Nadia Conseillère", "seconde_pousse.group_sp_cip"
        )
        cls.insertion_manager = new_sp_user(
            cls.env,
            "sp_resp_insertion",
            "Inès Responsable",
            "seconde_pousse.group_sp_insertion_manager",
        )
        cls.cddi = cls.env.ref("seconde_pousse.contract_type_cddi")
        # No month closed yet (the demo data closes one).
        cls.env.company.sp_ledger_closed_until = False
        # Anaïs: 26 h, Monday to Thursday 8:00-12:00 and 13:00-15:30 (6.5 h a day).
        # Bruno: 35 h, Monday to Friday 8:00-12:00 and 13:00-16:00 (7 h a day).
        cls.anais, cls.bruno = cls.workers[:2]
        cls.under_contract(cls.anais, schedule(cls.env, 6.5, days=4))
        cls.under_contract(cls.bruno, schedule(cls.env, 7, days=5))
        cls.Monthly = cls.env["sp.monthly.hours"]
        cls.type_intervention = cls.env.ref(
            "seconde_pousse.sp_work_entry_type_intervention"
        )
        cls.type_farm = cls.env.ref("seconde_pousse.sp_work_entry_type_farm")

    @classmethod
    def under_contract(cls, employee, calendar):
        employee.write(
            {
                "date_version": date(2026, 1, 5),
                "contract_date_start": date(2026, 1, 5),
                "contract_date_end": date(2026, 12, 31),
                "contract_type_id": cls.cddi.id,
                "resource_calendar_id": calendar.id,
                "tz": "Europe/Paris",
            }
        )

    def generate(self, month, employees=None):
        end = month + timedelta(days=31)
        (employees or self.anais | self.bruno).generate_work_entries(
            month, end.replace(day=1) - timedelta(days=1)
        )

    def job(self, day, workers, hours=7, absent=(), worked=None, absence_type=None):
        """An intervention on ``day`` from 8:00 (Paris), done by the supervisor:
        ``absent`` did not come; ``worked`` corrects the hours of attendees."""
        start = (
            pytz.timezone("Europe/Paris")
            .localize(datetime.combine(day, time(8)))
            .astimezone(pytz.utc)
            .replace(tzinfo=None)
        )
        intervention = self.create_intervention(
            workers=workers, start=start, hours=hours
        )
        intervention.action_plan()
        intervention.action_confirm()
        intervention.action_start()
        for line in intervention.worker_line_ids.with_user(self.user):
            if line.employee_id in absent:
                line.action_mark_absent()
                if absence_type:
                    line.absence_type = absence_type
        intervention.action_done()
        for line in intervention.worker_line_ids.with_user(self.user):
            if worked and line.employee_id in worked:
                line.write(worked[line.employee_id])
        return intervention

    def time_off(self, employee, first, last):
        leave_type = self.env["hr.leave.type"].create(
            {
                "name": "Congés payés",
                "requires_allocation": False,
                "leave_validation_type": "no_validation",
                "work_entry_type_id": self.env.ref(
                    "hr_work_entry.work_entry_type_legal_leave"
                ).id,
            }
        )
        leave = self.env["hr.leave"].create(
            {
                "employee_id": employee.id,
                "holiday_status_id": leave_type.id,
                "request_date_from": first,
                "request_date_to": last,
            }
        )
        if leave.state != "validate":
            leave.action_approve()
        return leave

    def day_entries(self, employee, day):
        entries = self.env["hr.work.entry"].search(
            [("employee_id", "=", employee.id), ("date", "=", day)]
        )
        return {entry.work_entry_type_id.code: entry.duration for entry in entries}

    def certiphyto(self, employee):
        """A pathway of ``employee`` (by the CIP) with its training: 14 h from
        Monday 8 to Wednesday 10 June."""
        return (
            self.env["sp.pathway"]
            .with_user(self.cip)
            .create(
                {
                    "employee_id": employee.id,
                    "hiring_date": date(2026, 1, 5),
                    "cip_user_id": self.cip.id,
                    "training_ids": [
                        Command.create(
                            {
                                "name": "Certiphyto",
                                "date_start": date(2026, 6, 8),
                                "date_end": date(2026, 6, 10),
                                "hours": 14,
                            }
                        )
                    ],
                }
            )
        )

    def figures(self, employee, month=JUNE, user=None):
        Monthly = self.Monthly.with_user(user or self.cip)
        return Monthly._sp_figures(employee, [month])[employee.id, month]


class TestMonthlyRollUp(LedgerCase):
    def test_hand_built_month(self):
        """June 2026, hand-counted.

        Anaïs has 18 scheduled days (Mondays to Thursdays) of 6.5 h: 117 h.
        - Tue 2: intervention, 7 h worked instead of the farm day;
        - Sat 6: intervention on a day off, 5 h worked more;
        - Tue 9: absent, notified: 7 h of absence instead of the farm day;
        - Tue 16: left early, 4 h worked out of 7: 4 h of intervention, 3 h short;
        - Mon 22 and Tue 23: paid time off, 2 x 6.5 h.
        Farm: 13 days x 6.5 = 84.5 h; interventions 7 + 5 + 4 = 16 h;
        worked 100.5 h; time off 13 h; paid 113.5 h; absences 7 + 3 = 10 h.
        Bruno, 22 days of 7 h (154 h), on the job of the 2nd: farm 147 h,
        intervention 7 h.
        """
        self.generate(JUNE)
        self.job(date(2026, 6, 2), self.anais | self.bruno)
        self.job(date(2026, 6, 6), self.anais, hours=5)
        self.job(
            date(2026, 6, 9),
            self.anais | self.workers[2],
            absent=self.anais,
            absence_type="notified",
        )
        self.job(
            date(2026, 6, 16),
            self.anais | self.workers[2],
            worked={self.anais: {"hours_worked": 4, "absence_type": "left_early"}},
        )
        self.time_off(self.anais, date(2026, 6, 22), date(2026, 6, 23))

        self.assertEqual(
            self.day_entries(self.anais, date(2026, 6, 1)), {"SPFARM": 6.5}
        )
        self.assertEqual(self.day_entries(self.anais, date(2026, 6, 2)), {"SPINTER": 7})
        self.assertEqual(self.day_entries(self.anais, date(2026, 6, 9)), {"SPABSN": 7})
        self.assertEqual(
            self.day_entries(self.anais, date(2026, 6, 16)),
            {"SPINTER": 4, "SPPART": 3},
        )
        self.assertEqual(
            self.day_entries(self.anais, date(2026, 6, 22)), {"LEAVE120": 6.5}
        )
        self.assertEqual(
            self.figures(self.anais),
            {
                "hours_worked": 100.5,
                "hours_paid": 113.5,
                "hours_farm": 84.5,
                "hours_intervention": 16.0,
                "hours_training": 0.0,
                "hours_time_off": 13.0,
                "hours_absence": 10.0,
            },
        )
        bruno = self.figures(self.bruno)
        self.assertEqual(
            (bruno["hours_worked"], bruno["hours_farm"], bruno["hours_intervention"]),
            (154.0, 147.0, 7.0),
        )
        # The report shows the same row to HR.
        row = self.Monthly.with_user(self.cip).search(
            [("employee_id", "=", self.anais.id), ("month", "=", JUNE)]
        )
        self.assertEqual((row.hours_worked, row.hours_paid), (100.5, 113.5))

    def test_generation_reads_the_jobs_done(self):
        """A job done before the month is generated: Odoo's generation (the daily
        scheduled action, or the regeneration wizard) puts it in, once."""
        self.job(date(2026, 6, 2), self.anais)
        self.assertFalse(self.day_entries(self.anais, date(2026, 6, 2)))
        self.generate(JUNE)
        self.assertEqual(self.day_entries(self.anais, date(2026, 6, 2)), {"SPINTER": 7})
        self.generate(JUNE)
        self.assertEqual(self.figures(self.anais)["hours_worked"], 117.5)

    def test_training_takes_its_hours_from_the_farm_days(self):
        """A training of 14 h from Monday 8 to Wednesday 10 June: 14 / 3 h a
        weekday out of the farm days of 6.5 h, the rest stays at the farm; moved to
        the 15th-16th, 7 h a day: the whole farm day, and more."""
        self.generate(JUNE)
        training = self.certiphyto(self.anais).training_ids.with_user(self.cip)
        day = self.day_entries(self.anais, date(2026, 6, 9))
        self.assertAlmostEqual(day["SPTRAIN"], 14 / 3)
        self.assertAlmostEqual(day["SPFARM"], 6.5 - 14 / 3)
        june = self.figures(self.anais)
        self.assertEqual(
            (june["hours_training"], june["hours_farm"], june["hours_worked"]),
            (14.0, 103.0, 117.0),
        )
        training.write({"date_start": date(2026, 6, 15), "date_end": date(2026, 6, 16)})
        self.assertEqual(
            self.day_entries(self.anais, date(2026, 6, 9)), {"SPFARM": 6.5}
        )
        self.assertEqual(
            self.day_entries(self.anais, date(2026, 6, 16)), {"SPTRAIN": 7}
        )
        june = self.figures(self.anais)
        self.assertEqual((june["hours_farm"], june["hours_worked"]), (104.0, 118.0))
        training.unlink()
        self.assertEqual(self.figures(self.anais)["hours_worked"], 117)

    def test_a_pathway_moved_or_deleted_moves_its_trainings_hours(self):
        """A pathway entered on the wrong person is given to the right one: its
        training's hours go with it. The Insertion Manager then deletes it: the
        training (ON DELETE CASCADE) leaves the ledger with it, and the farm days
        come back whole."""
        self.generate(JUNE)
        pathway = self.certiphyto(self.anais)
        self.assertEqual(self.figures(self.anais)["hours_training"], 14.0)
        # Entered on the wrong person first: the training's hours follow the fix.
        pathway.with_user(self.cip).write({"employee_id": self.bruno.id})
        self.assertEqual(
            self.day_entries(self.anais, date(2026, 6, 9)), {"SPFARM": 6.5}
        )
        self.assertEqual(self.figures(self.bruno)["hours_training"], 14.0)
        pathway.with_user(self.insertion_manager).unlink()
        self.assertEqual(
            self.day_entries(self.anais, date(2026, 6, 9)), {"SPFARM": 6.5}
        )
        june = self.figures(self.bruno)
        self.assertEqual(june["hours_training"], 0.0)
        self.assertEqual(
            self.day_entries(self.bruno, date(2026, 6, 9)), {"SPFARM": 7.0}
        )

    def test_a_job_on_a_training_day_is_counted_once(self):
        """Anaïs's training of 14 h over Monday 8 to Wednesday 10 June, and a job
        of 7 h on Tuesday 9: that day is the job's 7 h, nothing of the training
        nor of the farm; the other two days keep their 14 / 3 h of training."""
        self.generate(JUNE)
        self.certiphyto(self.anais)
        self.job(date(2026, 6, 9), self.anais)
        self.assertEqual(self.day_entries(self.anais, date(2026, 6, 9)), {"SPINTER": 7})
        monday = self.day_entries(self.anais, date(2026, 6, 8))
        self.assertAlmostEqual(monday["SPTRAIN"], 14 / 3)

    def test_absent_without_notice(self):
        self.generate(JUNE)
        self.job(date(2026, 6, 3), self.anais | self.bruno, absent=self.anais)
        self.assertEqual(self.day_entries(self.anais, date(2026, 6, 3)), {"SPABSU": 7})
        self.assertEqual(self.figures(self.anais)["hours_absence"], 7.0)

    def test_report_for_hr_only(self):
        self.generate(JUNE)
        with self.assertRaises(AccessError):
            self.Monthly.with_user(self.user).search([])
        with self.assertRaises(AccessError):
            self.figures(self.anais, user=self.user)


class TestChangesAfterTheFact(LedgerCase):
    def test_hours_crew_and_deletion_follow(self):
        self.generate(JUNE)
        intervention = self.job(date(2026, 6, 2), self.anais | self.bruno)
        anais_line = intervention.worker_line_ids.filtered(
            lambda line: line.employee_id == self.anais
        )
        anais_line.with_user(self.user).hours_worked = 5
        self.assertEqual(self.day_entries(self.anais, date(2026, 6, 2)), {"SPINTER": 5})
        # Bruno was not there after all: his farm day comes back.
        intervention.worker_line_ids.filtered(
            lambda line: line.employee_id == self.bruno
        ).with_user(self.user).unlink()
        self.assertEqual(self.day_entries(self.bruno, date(2026, 6, 2)), {"SPFARM": 7})
        # Moved to the Wednesday: Tuesday is a farm day again.
        intervention.with_user(self.manager).planned_end += timedelta(days=1)
        intervention.with_user(self.manager).planned_start += timedelta(days=1)
        self.assertEqual(
            self.day_entries(self.anais, date(2026, 6, 2)), {"SPFARM": 6.5}
        )
        self.assertEqual(self.day_entries(self.anais, date(2026, 6, 3)), {"SPINTER": 5})
        intervention.with_user(self.manager).unlink()
        self.assertEqual(
            self.day_entries(self.anais, date(2026, 6, 3)), {"SPFARM": 6.5}
        )

    def test_planning_leaves_the_ledger_alone(self):
        """Until the job is done the ledger keeps the farm day: hours planned are
        not hours worked, and cancelling a job costs the ledger nothing."""
        self.generate(JUNE)
        start = datetime(2026, 6, 4, 6)
        intervention = self.create_intervention(workers=self.anais, start=start)
        intervention.action_plan()
        intervention.action_confirm()
        self.assertEqual(
            self.day_entries(self.anais, date(2026, 6, 4)), {"SPFARM": 6.5}
        )
        intervention.action_cancel()
        self.assertEqual(
            self.day_entries(self.anais, date(2026, 6, 4)), {"SPFARM": 6.5}
        )


class TestClosedMonth(LedgerCase):
    def close(self, month, user=None):
        wizard = (
            self.env["sp.ledger.close"]
            .with_user(user or self.insertion_manager)
            .create({"month": month})
        )
        return wizard.action_close()

    def test_closed_month_does_not_change(self):
        self.generate(MAY)
        intervention = self.job(date(2026, 5, 12), self.anais | self.bruno)
        self.close(MAY)
        self.assertEqual(self.env.company.sp_ledger_closed_until, date(2026, 5, 31))
        may = self.figures(self.anais, MAY)
        self.assertEqual(may["hours_intervention"], 7.0)
        entries = self.env["hr.work.entry"].search(
            [("employee_id", "=", self.anais.id), ("date", "<=", date(2026, 5, 31))]
        )
        self.assertEqual(set(entries.mapped("state")), {"validated"})
        line = intervention.worker_line_ids.filtered(
            lambda line: line.employee_id == self.anais
        )
        line.with_user(self.user).hours_worked = 3
        self.assertEqual(self.figures(self.anais, MAY), may)
        self.assertEqual(
            self.day_entries(self.anais, date(2026, 5, 12)), {"SPINTER": 7}
        )
        self.assertIn(
            "les RH ont clôturé ce mois",
            intervention.message_ids[:1].body,
        )
        # June is still open.
        self.generate(JUNE)
        self.job(date(2026, 6, 2), self.anais)
        self.assertEqual(self.day_entries(self.anais, date(2026, 6, 2)), {"SPINTER": 7})

    def test_closing_refusals(self):
        with self.assertRaisesRegex(
            UserError,
            r"^\w+ \d{4} n'est pas terminé : un mois se clôture une fois son dernier "
            r"jour passé\.$",
        ):
            self.close(date.today())
        self.close(MAY)
        with self.assertRaisesRegex(
            UserError, r"avril 2026 est déjà clôturé : les heures sont clôturées "
        ):
            self.close(date(2026, 4, 1))
        with self.assertRaises(AccessError):
            self.close(JUNE, user=self.cip)


class TestRollUpQueries(LedgerCase):
    def test_roll_up_12_people_12_months(self):
        """The figures of 12 people over 12 months cost what those of one person
        over one month cost: one query."""
        calendar = schedule(self.env, 6.5, days=4)
        people = self.env["hr.employee"].create(
            [
                {
                    "name": f"Personne {n:02d}",
                    "sp_role": "insertion",
                    "date_version": date(2025, 1, 1),
                    "contract_date_start": date(2025, 1, 1),
                    "contract_date_end": date(2025, 12, 31),
                    "contract_type_id": self.cddi.id,
                    "resource_calendar_id": calendar.id,
                }
                for n in range(12)
            ]
        )
        people.generate_work_entries(date(2025, 1, 1), date(2025, 12, 31))
        months = [date(2025, month, 1) for month in range(1, 13)]
        Monthly = self.Monthly.with_user(self.cip)
        Monthly._sp_figures(people[:1], months[:1])  # warm the caches
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            one = Monthly._sp_figures(people[:1], months[:1])
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            figures = Monthly._sp_figures(people, months)
        self.assertEqual(len(figures), 144)
        # January 2025: 4 Mondays to Thursdays + the 30th... counted by the calendar:
        # Mondays 6, 13, 20, 27; Tuesdays 7, 14, 21, 28; Wednesdays 1, 8, 15, 22, 29;
        # Thursdays 2, 9, 16, 23, 30: 18 days x 6.5 h.
        january = one[people[0].id, months[0]]
        self.assertEqual(january["hours_worked"], 117.0)
        self.assertEqual(figures[people[11].id, months[0]], january)
        self.assertEqual(
            sum(f["hours_worked"] for f in figures.values()),
            12
            * sum(
                f["hours_worked"] for k, f in figures.items() if k[0] == people[0].id
            ),
        )
