"""Screens, played in Chromium as the supervisor would."""
from odoo import Command
from odoo.tests import HttpCase, new_test_user

from .common import SpTestMixin


class TestInterventionTour(SpTestMixin, HttpCase):

    def test_plan_from_kanban(self):
        user = new_test_user(
            self.env, "sp_tour_encadrant", groups="seconde_pousse.group_sp_user",
            name="Karim Encadrant", lang="fr_FR", tz="Europe/Paris",
        )
        farm = self.env["res.partner"].create({
            "name": "EARL Les Vergers de Rognes", "is_company": True, "sp_is_farm": True, "city": "Rognes",
            "child_ids": [Command.create({"name": "Martine Roux"})],
        })
        self.start_tour("/odoo/seconde-pousse-interventions", "sp_intervention_plan_tour", login=user.login)

        intervention = self.env["sp.intervention"].search([("farm_id", "=", farm.id)])
        self.assertEqual(len(intervention), 1)
        self.assertEqual(intervention.state, "planned")
        self.assertEqual(intervention.workers_needed, 4)
        self.assertEqual(intervention.farm_contact_id.name, "Martine Roux")
        self.assertEqual(intervention.planned_duration, 7.0)
        self.assertEqual(intervention.create_uid, user)
