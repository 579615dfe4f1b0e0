"""Screens, played in Chromium as the supervisor would."""

from datetime import datetime

from odoo import Command
from odoo.tests import HttpCase

from .common import SpTestMixin, membership_product, new_sp_user


class TestInterventionTours(SpTestMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_sp_user(cls.env, "sp_tour_encadrant", "Karim Encadrant")
        cls.farm = cls.env["res.partner"].create(
            {
                "name": "EARL Les Vergers de Rognes",
                "is_company": True,
                "sp_is_farm": True,
                "city": "Rognes",
                "child_ids": [Command.create({"name": "Martine Roux"})],
            }
        )

    def test_plan_from_kanban(self):
        self.start_tour(
            "/odoo/seconde-pousse-interventions",
            "sp_intervention_plan_tour",
            login=self.user.login,
        )

        intervention = self.env["sp.intervention"].search(
            [("farm_id", "=", self.farm.id)]
        )
        self.assertEqual(len(intervention), 1)
        self.assertEqual(intervention.state, "planned")
        self.assertEqual(intervention.workers_needed, 4)
        self.assertEqual(intervention.farm_contact_id.name, "Martine Roux")
        self.assertEqual(intervention.planned_duration, 7.0)
        self.assertEqual(intervention.create_uid, self.user)

    def test_confirm_from_a_team(self):
        Employee = self.env["hr.employee"]
        supervisor = Employee.create(
            {
                "name": "Sophie Encadrante",
                "sp_role": "supervisor",
                "user_id": self.user.id,
            }
        )
        workers = Employee.create(
            [{"name": f"Salarié {i:02d}", "sp_role": "insertion"} for i in range(1, 10)]
        )
        self.env["sp.team"].create(
            {
                "name": "Équipe Luberon",
                "supervisor_id": supervisor.id,
                "member_ids": [Command.set(workers[:3].ids)],
            }
        )
        elsewhere = self.env["sp.intervention"].create(
            {
                "farm_id": self.farm.id,
                "planned_start": datetime(2026, 6, 16, 9),
                "planned_end": datetime(2026, 6, 16, 11),
                "worker_line_ids": [Command.create({"employee_id": workers[8].id})],
            }
        )

        self.start_tour(
            "/odoo/seconde-pousse-interventions",
            "sp_intervention_team_tour",
            login=self.user.login,
        )

        intervention = self.env["sp.intervention"].search(
            [("farm_id", "=", self.farm.id), ("id", "!=", elsewhere.id)]
        )
        self.assertEqual(intervention.state, "confirmed")
        self.assertEqual(intervention.worker_line_ids.employee_id, workers[:3])
        self.assertEqual(intervention.supervisor_id, supervisor)
        self.assertEqual(
            intervention.calendar_event_id.partner_ids, self.user.partner_id
        )

    def test_equipment_checkout_and_return(self):
        tiller = self.env["maintenance.equipment"].create(
            {
                "name": "Motoculteur de test",
                "sp_lendable": True,
                "sp_meter": 128,
            }
        )
        loan = self.env["sp.equipment.loan"].create(
            {
                "equipment_id": tiller.id,
                "partner_id": self.farm.id,
                "date_start": datetime(2026, 6, 16, 6),
                "date_end": datetime(2026, 6, 16, 16),
            }
        )

        self.start_tour(
            "/odoo/seconde-pousse-loans",
            "sp_equipment_loan_tour",
            login=self.user.login,
        )

        self.assertEqual(loan.state, "returned")
        self.assertEqual(
            (loan.meter_out, loan.meter_in, loan.notes_out), (128, 131, "Plein fait")
        )
        self.assertEqual(tiller.sp_meter, 131)
        self.assertEqual(loan.maintenance_request_id.equipment_id, tiller)
        self.assertIn("Carter fendu", str(loan.maintenance_request_id.description))

    def test_review_with_the_farmer(self):
        membership_product(self.env, price=20.0)
        Employee = self.env["hr.employee"]
        supervisor = Employee.create(
            {
                "name": "Sophie Encadrante",
                "sp_role": "supervisor",
                "user_id": self.user.id,
            }
        )
        worker = Employee.create({"name": "Salarié 01", "sp_role": "insertion"})
        intervention = self.env["sp.intervention"].create(
            {
                "farm_id": self.farm.id,
                "supervisor_id": supervisor.id,
                "planned_start": datetime(2026, 6, 17, 6),
                "planned_end": datetime(2026, 6, 17, 13),
                "worker_line_ids": [Command.create({"employee_id": worker.id})],
            }
        )
        for step in ("action_plan", "action_confirm", "action_start", "action_done"):
            getattr(intervention, step)()

        self.start_tour(
            f"/odoo/seconde-pousse-interventions/{intervention.id}",
            "sp_intervention_review_tour",
            login=self.user.login,
        )

        review = intervention.review_id
        self.assertEqual(
            (review.state, review.overall_score, review.signed_by),
            ("done", 5, "Martine Roux"),
        )
        self.assertTrue(review.signature)
        self.assertEqual(review.farmer_comment, "Équipe ponctuelle et efficace.")
        self.assertEqual(intervention.state, "reviewed")
        self.assertEqual(
            self.farm.membership_state,
            "waiting",
            "the farm's first review brings it in",
        )
