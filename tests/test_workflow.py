"""The life of an intervention, played by the supervisor who plans it."""

from datetime import timedelta

from odoo.exceptions import UserError

from .common import SpCase


class TestWorkflow(SpCase):
    def test_full_lifecycle(self):
        intervention = self.create_intervention(workers=self.workers[:3], state="draft")
        self.assertTrue(
            intervention.name.startswith("INT/"),
            "a sequence reference is given at creation",
        )
        self.assertEqual(intervention.state, "draft")
        self.assertEqual(
            intervention.farm_contact_id.name,
            "Martine Roux",
            "the farm's contact is proposed",
        )

        intervention.action_plan()
        self.assertEqual(intervention.state, "planned")
        intervention.action_confirm()
        self.assertEqual(intervention.state, "confirmed")
        intervention.action_start()
        self.assertEqual(intervention.state, "in_progress")
        self.assertTrue(intervention.actual_start)

        absent = intervention.worker_line_ids[0]
        absent.write({"attended": False, "absence_type": "notified"})
        intervention.action_done()
        self.assertEqual(intervention.state, "done")
        self.assertTrue(intervention.actual_end)
        self.assertEqual(absent.hours_worked, 0.0, "an absentee worked no hours")
        self.assertEqual(
            intervention.hours_worked, 14.0, "two attendees of a 7-hour day"
        )
        self.assertEqual(intervention.planned_hours, 21.0)

    def test_hours_worked_count_only_jobs_done(self):
        """A future job's crew has worked no hours; the reports of hours say so."""
        future = self.create_intervention(
            workers=self.workers[:2], start=self.start + timedelta(days=3)
        )
        future.action_plan()
        future.action_confirm()
        self.assertEqual(future.worker_line_ids.mapped("hours_worked"), [0.0, 0.0])

        done = self.create_intervention(workers=self.workers[2:5])
        done.action_plan()
        done.action_confirm()
        done.action_start()
        first, second, third = done.worker_line_ids
        first.hours_worked = 5.5  # left early: corrected during the day
        second.action_mark_absent()
        done.action_done()
        self.assertEqual(
            done.worker_line_ids.mapped("hours_worked"),
            [5.5, 0.0, 7.0],
            "the planned hours of each attendee, as corrected",
        )
        self.assertEqual(second.absence_type, "not_notified")

        # The pivot and graph of hours, as the supervisor reads them.
        Intervention = self.env["sp.intervention"].with_user(self.user)
        [(worked, planned)] = Intervention._read_group(
            [("id", "in", (future | done).ids)],
            aggregates=["hours_worked:sum", "planned_hours:sum"],
        )
        self.assertEqual((worked, planned), (12.5, 35.0))
        Line = self.env["sp.intervention.worker"].with_user(self.user)
        worked = Line.search(
            [
                ("intervention_id", "in", (future | done).ids),
                ("role", "=", "worker"),
                ("state", "in", ("done", "reviewed", "invoiced")),  # "Worked"
            ]
        )
        self.assertEqual(sum(worked.mapped("hours_worked")), 12.5)
        [(booked,)] = Line._read_group(
            [("intervention_id", "=", future.id)], aggregates=["hours_worked:sum"]
        )
        self.assertEqual(booked, 0.0, "the hours report counts no future hours")

    def test_cancel_and_reset(self):
        for day, state_steps in enumerate(
            (
                [],
                ["action_plan"],
                ["action_plan", "action_confirm"],
                ["action_plan", "action_confirm", "action_start"],
            )
        ):
            intervention = self.create_intervention(
                workers=self.workers[:1], start=self.start + timedelta(days=day)
            )
            for step in state_steps:
                getattr(intervention, step)()
            intervention.action_cancel()
            self.assertEqual(intervention.state, "cancelled")
            intervention.action_reset_draft()
            self.assertEqual(intervention.state, "draft")

    def test_reset_planned_and_confirmed(self):
        intervention = self.create_intervention(workers=self.workers[:1])
        intervention.action_plan()
        intervention.action_reset_draft()
        self.assertEqual(intervention.state, "draft")
        intervention.action_plan()
        intervention.action_confirm()
        intervention.action_reset_draft()
        self.assertEqual(intervention.state, "draft")

    def test_refused_transitions_in_french(self):
        intervention = self.create_intervention(workers=self.workers[:1])
        name = intervention.name
        refused = {
            "action_confirm": "Seule une intervention planifiée peut être confirmée : "
            f"{name} est « Demande ».",
            "action_start": "Seule une intervention confirmée peut être démarrée : "
            f"{name} est « Demande ».",
            "action_done": "Seule une intervention en cours peut être marquée comme "
            f"réalisée : {name} est « Demande ».",
            "action_reset_draft": "Seule une intervention planifiée, confirmée ou "
            f"annulée peut revenir à l'état de demande : {name} est « Demande ».",
        }
        for action, message in refused.items():
            with self.assertRaises(UserError) as error:
                getattr(intervention, action)()
            self.assertEqual(str(error.exception), message)
            self.assertEqual(intervention.state, "draft")

        intervention.action_plan()
        with self.assertRaises(UserError) as error:
            intervention.action_plan()
        self.assertEqual(
            str(error.exception),
            f"Seule une demande peut être planifiée : {name} est « Planifiée ».",
        )

        intervention.action_confirm()
        intervention.action_start()
        intervention.action_done()
        with self.assertRaises(UserError) as error:
            intervention.action_cancel()
        self.assertEqual(
            str(error.exception),
            f"{name} est « Réalisée » et ne peut plus être annulée.",
        )
        with self.assertRaises(UserError):
            intervention.action_reset_draft()
        self.assertEqual(intervention.state, "done")

    def test_preconditions_name_what_is_missing(self):
        intervention = self.create_intervention(
            planned_start=False,
            planned_end=False,
            supervisor_id=False,
        )
        with self.assertRaisesRegex(
            UserError, "Indiquez le début et la fin prévus de .* avant de la planifier"
        ):
            intervention.action_plan()
        intervention.write(self._intervention_vals(workers=None, supervisor_id=False))
        intervention.action_plan()
        with self.assertRaisesRegex(
            UserError, "Choisissez l'encadrant·e de .* avant de la confirmer"
        ):
            intervention.action_confirm()
        intervention.supervisor_id = self.supervisor
        with self.assertRaisesRegex(
            UserError, "Ajoutez au moins un·e salarié·e à .* avant de la confirmer"
        ):
            intervention.action_confirm()
        self.assertEqual(intervention.state, "planned")

        intervention.write(
            {
                "worker_line_ids": [
                    (0, 0, {"employee_id": self.workers[0].id, "attended": False})
                ]
            }
        )
        intervention.action_confirm()
        intervention.action_start()
        with self.assertRaisesRegex(UserError, "Cochez qui était présent·e"):
            intervention.action_done()
        self.assertEqual(intervention.state, "in_progress")

    def test_batch_transition_is_all_or_nothing(self):
        ready = self.create_intervention(workers=self.workers[:1])
        not_ready = self.create_intervention(
            workers=self.workers[1:2], planned_start=False, planned_end=False
        )
        with self.assertRaises(UserError):
            (ready | not_ready).action_plan()
        self.assertEqual((ready | not_ready).mapped("state"), ["draft", "draft"])
