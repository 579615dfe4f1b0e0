"""Planning as the supervisors do it: teams, crew rules, no double booking, calendar."""

from datetime import timedelta
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form

from .common import SpCase


class TestTeamsAndComposition(SpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["sp.team"].create(
            {
                "name": "Équipe Durance",
                "supervisor_id": cls.supervisor.id,
                "member_ids": [Command.set(cls.workers[:4].ids)],
                "min_workers": 3,
                "max_workers": 6,
            }
        )

    def test_team_proposes_supervisor_and_crew(self):
        intervention = (
            self.env["sp.intervention"]
            .with_user(self.user)
            .create(
                {
                    "farm_id": self.farm.id,
                    "team_id": self.team.id,
                    "planned_start": self.start,
                    "planned_end": self.start + timedelta(hours=7),
                }
            )
        )
        self.assertEqual(intervention.supervisor_id, self.supervisor)
        self.assertEqual(intervention.worker_line_ids.employee_id, self.workers[:4])
        self.assertEqual(
            intervention.employee_ids.ids, (self.workers[:4] | self.supervisor).ids
        )

    def test_team_proposal_in_the_form_can_be_edited(self):
        with Form(self.env["sp.intervention"].with_user(self.user)) as form:
            form.farm_id = self.farm
            form.planned_start = self.start
            form.planned_end = self.start + timedelta(hours=7)
            form.team_id = self.team
            self.assertEqual(form.supervisor_id, self.supervisor)
            self.assertEqual(len(form.worker_line_ids), 4)
            form.worker_line_ids.remove(index=0)
            with form.worker_line_ids.new() as line:
                line.employee_id = self.workers[8]
        intervention = form.record
        self.assertEqual(
            intervention.worker_line_ids.employee_id,
            self.workers[1:4] | self.workers[8],
        )

    def test_only_supervisors_lead(self):
        with self.assertRaisesRegex(
            ValidationError,
            "Salarié 01 n'est pas encadrant·e technique et ne peut pas diriger",
        ):
            self.create_intervention(supervisor_id=self.workers[0].id)

    def test_role_is_hidden_from_users_outside_planning_and_hr(self):
        self.assertEqual(self.workers[0].with_user(self.user).sp_role, "insertion")
        with self.assertRaises(AccessError):
            _role = self.workers[0].with_user(self.outsider).sp_role
        public = self.env["hr.employee.public"].with_user(self.outsider)
        with self.assertRaises(AccessError):
            _role = public.browse(self.workers[0].id).sp_role

    def _planned(self, workers, **vals):
        intervention = self.create_intervention(workers=workers, **vals)
        intervention.action_plan()
        return intervention

    def test_composition_maximum_from_settings(self):
        self.env["ir.config_parameter"].set_param("seconde_pousse.max_workers", 3)
        intervention = self._planned(self.workers[:5])
        with self.assertRaisesRegex(
            UserError,
            "a 5 salarié·e·s : retirez-en 2, 3 au plus peuvent partir avec un·e "
            "encadrant·e",
        ):
            intervention.action_confirm()
        self.assertEqual(intervention.state, "planned")
        intervention.worker_line_ids[:2].unlink()
        intervention.action_confirm()
        self.assertEqual(intervention.state, "confirmed")

    def test_composition_team_minimum(self):
        intervention = self._planned(self.workers[:2], team_id=self.team.id)
        with self.assertRaisesRegex(
            UserError,
            "a 2 salarié·e·s : ajoutez-en 1, l'équipe Équipe Durance en demande au "
            "moins 3",
        ):
            intervention.action_confirm()

    def test_composition_nobody_archived(self):
        intervention = self._planned(self.workers[:3])
        self.workers[1].action_archive()
        with self.assertRaisesRegex(
            UserError,
            "ne peut pas être confirmée avec des personnes parties : Salarié 02",
        ):
            intervention.action_confirm()

    def test_composition_supervisor_present(self):
        intervention = self._planned(self.workers[:3], supervisor_id=False)
        with self.assertRaisesRegex(UserError, "Choisissez l'encadrant·e de"):
            intervention.action_confirm()

    def test_team_bounds(self):
        Team = self.env["sp.team"].with_user(self.manager)
        with self.assertRaisesRegex(
            ValidationError,
            "au moins un·e salarié·e et un minimum qui ne dépasse pas son maximum",
        ):
            Team.create({"name": "Trop petite", "min_workers": 5, "max_workers": 2})
        with self.assertRaisesRegex(
            ValidationError, "encadre l'équipe .* et ne peut pas en être aussi membre"
        ):
            Team.create(
                {
                    "name": "Mélange",
                    "supervisor_id": self.supervisor.id,
                    "member_ids": [Command.set(self.supervisor.ids)],
                }
            )
        with self.assertRaises(AccessError):
            self.env["sp.team"].with_user(self.user).create({"name": "Pas le droit"})


class TestDoubleBooking(SpCase):
    def test_overlap_refused_for_the_same_person(self):
        first = self.create_intervention(workers=self.workers[:2])
        with self.assertRaisesRegex(
            ValidationError,
            rf"Salarié 02 est déjà réservé·e sur {first.name} \(EARL Les Vergers de "
            rf"Rognes\) "
            r"du 01/06/2026 08:00 au 01/06/2026 16:00\.",
        ):
            self.create_intervention(
                workers=self.workers[1:3],
                supervisor_id=False,
                start=self.start + timedelta(hours=3),
                farm_id=self.other_farm.id,
            )
        self.assertEqual(
            self.env["sp.intervention.worker"].search_count(
                [("employee_id", "=", self.workers[2].id)]
            ),
            0,
            "nothing of the refused intervention is written",
        )

    def test_adjacent_periods_are_fine(self):
        self.create_intervention(workers=self.workers[:2], hours=4)
        after = self.create_intervention(
            workers=self.workers[:2], start=self.start + timedelta(hours=4), hours=3
        )
        before = self.create_intervention(
            workers=self.workers[:2], start=self.start - timedelta(hours=2), hours=2
        )
        self.assertEqual(len((after | before).worker_line_ids), 4)

    def test_cancelled_interventions_do_not_book(self):
        first = self.create_intervention(workers=self.workers[:2])
        first.action_cancel()
        second = self.create_intervention(workers=self.workers[:2])
        self.assertEqual(second.worker_line_ids.employee_id, self.workers[:2])
        with self.assertRaisesRegex(
            ValidationError, f"est déjà réservé·e sur {second.name}"
        ):
            first.action_reset_draft()
        self.assertEqual(first.state, "cancelled")

    def test_the_supervisor_counts_as_a_person(self):
        other_supervisor = self.env["hr.employee"].create(
            {"name": "Marc Encadrant", "sp_role": "supervisor"}
        )
        first = self.create_intervention(workers=self.workers[:2])
        with self.assertRaisesRegex(
            ValidationError, f"Sophie Encadrante est déjà réservé·e sur {first.name}"
        ):
            self.create_intervention(
                workers=self.workers[5:6], farm_id=self.other_farm.id
            )
        second = self.create_intervention(
            workers=self.workers[5:6],
            supervisor_id=other_supervisor.id,
            farm_id=self.other_farm.id,
        )
        with self.assertRaisesRegex(
            ValidationError, f"Sophie Encadrante est déjà réservé·e sur {first.name}"
        ):
            second.write(
                {
                    "worker_line_ids": [
                        Command.create({"employee_id": self.supervisor.id})
                    ]
                }
            )
        with self.assertRaisesRegex(
            ValidationError, f"Sophie Encadrante est déjà réservé·e sur {first.name}"
        ):
            second.supervisor_id = self.supervisor
        self.assertEqual(second.supervisor_id, other_supervisor)

    def test_rescheduling_into_a_clash_is_refused(self):
        first = self.create_intervention(workers=self.workers[:2])
        second = self.create_intervention(
            workers=self.workers[1:3],
            supervisor_id=False,
            start=self.start + timedelta(days=1),
        )
        with self.assertRaisesRegex(
            ValidationError, f"Salarié 02 est déjà réservé·e sur {first.name}"
        ):
            second.write(
                {
                    "planned_start": self.start + timedelta(hours=2),
                    "planned_end": self.start + timedelta(hours=9),
                }
            )
        self.assertEqual(second.planned_start, self.start + timedelta(days=1))

    def test_availability_on_the_form(self):
        first = self.create_intervention(workers=self.workers[:3])
        second = self.create_intervention(
            workers=self.workers[5:6],
            supervisor_id=False,
            start=self.start + timedelta(hours=5),
        )
        people = set(
            (self.workers | self.supervisor).ids
        )  # the demo crew may be in the database too
        second = second.with_user(self.user)
        self.assertEqual(
            set(second.busy_employee_ids.ids) & people,
            set((self.workers[:3] | self.supervisor).ids),
        )
        self.assertEqual(
            set(second.available_employee_ids.ids) & people,
            set((self.workers[3:5] | self.workers[6:]).ids),
            "free: neither booked elsewhere nor already on its crew (Salarié 06)",
        )
        first = first.with_user(self.user)
        self.assertEqual(
            set(first.busy_employee_ids.ids) & people,
            set(self.workers[5].ids),
            "the second overlaps the first",
        )
        self.assertIn(self.workers[6].id, first.available_employee_ids.ids)
        self.assertNotIn(
            self.workers[0].id,
            first.busy_employee_ids.ids,
            "its own crew is not booked elsewhere",
        )

    def test_time_off_warns_without_blocking(self):
        calendar = self.env.company.resource_calendar_id
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Congé",
                "calendar_id": calendar.id,
                "resource_id": self.workers[1].resource_id.id,
                "date_from": self.start - timedelta(days=1),
                "date_to": self.start + timedelta(days=1),
            }
        )
        intervention = self.create_intervention(workers=self.workers[:3])
        self.assertEqual(
            intervention.with_user(self.user).time_off_warning,
            "Absence pendant cette intervention : Salarié 02.",
        )
        intervention.action_plan()
        intervention.action_confirm()
        self.assertEqual(intervention.state, "confirmed")
        later = self.create_intervention(
            workers=self.workers[:3], start=self.start + timedelta(days=3)
        )
        self.assertFalse(later.time_off_warning)


class TestCalendarEvent(SpCase):
    def test_event_follows_the_intervention(self):
        self.workers[0].user_id = new_user = self.env["res.users"].create(
            {
                "name": "Salarié 01",
                "login": "salarie01",
                "group_ids": [Command.set([self.env.ref("base.group_user").id])],
            }
        )
        intervention = self.create_intervention(workers=self.workers[:3])
        intervention.action_plan()
        self.assertFalse(intervention.calendar_event_id, "no event before confirmation")
        intervention.action_confirm()
        event = intervention.calendar_event_id
        self.assertTrue(event)
        # 8:00-16:00: 7 working hours and the lunch hour.
        self.assertEqual(
            (event.start, event.stop), (self.start, self.start + timedelta(hours=8))
        )
        self.assertEqual(
            event.partner_ids,
            self.user.partner_id | new_user.partner_id,
            "the supervisor and the workers who are users attend",
        )
        self.assertIn(intervention.name, event.name)
        self.assertEqual(
            (event.res_model, event.res_id), ("sp.intervention", intervention.id)
        )

        intervention.write(
            {
                "planned_start": self.start + timedelta(days=1),
                "planned_end": self.start + timedelta(days=1, hours=5),
            }
        )
        self.assertEqual(
            intervention.calendar_event_id, event, "rescheduling moves the same event"
        )
        self.assertEqual(
            (event.start, event.stop),
            (self.start + timedelta(days=1), self.start + timedelta(days=1, hours=5)),
        )

        intervention.worker_line_ids.filtered(
            lambda line: line.employee_id == self.workers[0]
        ).unlink()
        self.assertEqual(event.partner_ids, self.user.partner_id)

        intervention.action_cancel()
        self.assertFalse(intervention.calendar_event_id)
        self.assertFalse(event.exists(), "cancelling removes the event")

    def test_one_write_syncs_the_event_once(self):
        """Dates, supervisor and crew changed in one save: the event is written once."""
        worker_user = self.env["res.users"].create(
            {"name": "Salarié 05", "login": "salarie05", "lang": "fr_FR"}
        )
        self.workers[4].user_id = worker_user
        intervention = self.create_intervention(workers=self.workers[:3])
        intervention.action_plan()
        intervention.action_confirm()
        event = intervention.calendar_event_id
        Event = type(self.env["calendar.event"])
        original_write = Event.write
        writes, nested = [], []

        def counted_write(events, vals):
            # The calendar's own writes inside ours (its activities) are not ours.
            if not nested:
                writes.append(events.ids)
            nested.append(events)
            try:
                return original_write(events, vals)
            finally:
                nested.pop()

        moved = self.start + timedelta(days=2)
        with patch.object(Event, "write", counted_write):
            intervention.with_user(self.user).write(
                {
                    "planned_start": moved,
                    "planned_end": moved + timedelta(hours=6),
                    "worker_line_ids": [
                        Command.unlink(intervention.worker_line_ids[0].id),
                        Command.create({"employee_id": self.workers[4].id}),
                        Command.create({"employee_id": self.workers[5].id}),
                    ],
                }
            )
        self.assertEqual(writes, [event.ids], "one write of the event for one save")
        self.assertEqual((event.start, event.stop), (moved, moved + timedelta(hours=6)))
        self.assertEqual(
            event.partner_ids, self.user.partner_id | worker_user.partner_id
        )
