"""Bad input is refused with a French message and leaves nothing written."""
from datetime import timedelta

from odoo import Command
from odoo.exceptions import ValidationError

from .common import SpCase


class TestBadInput(SpCase):

    def _count(self):
        return (self.env["sp.intervention"].search_count([]), self.env["sp.intervention.worker"].search_count([]))

    def test_end_before_start(self):
        before = self._count()
        with self.assertRaisesRegex(ValidationError, "La fin prévue de .* doit venir après son début prévu"):
            self.create_intervention(workers=self.workers[:2], hours=-2)
        self.assertEqual(self._count(), before, "neither the intervention nor its lines are written")

        intervention = self.create_intervention()
        with self.assertRaisesRegex(ValidationError, "doit venir après son début prévu"):
            intervention.planned_end = intervention.planned_start
        self.assertEqual(intervention.planned_end, self.start + timedelta(hours=7))

    def test_requested_window_backwards(self):
        with self.assertRaisesRegex(ValidationError, "La période demandée de .* se termine avant de commencer"):
            self.create_intervention(requested_date_from="2026-06-10", requested_date_to="2026-06-01")

    def test_hours_out_of_range(self):
        intervention = self.create_intervention(workers=self.workers[:1])
        line = intervention.worker_line_ids
        for field, value in (("planned_hours", -1), ("hours_worked", -0.5), ("hours_worked", 24.5), ("planned_hours", 25)):
            with self.assertRaisesRegex(ValidationError, "les heures doivent être comprises entre 0 et 24"):
                line.write({field: value})
        self.assertEqual((line.planned_hours, line.hours_worked), (7.0, 7.0))
        before = self._count()
        with self.assertRaises(ValidationError):
            self.create_intervention(workers=self.workers[1:2], worker_line_ids=[
                Command.create({"employee_id": self.workers[1].id, "planned_hours": 30}),
            ])
        self.assertEqual(self._count(), before)

    def test_worker_twice(self):
        before = self._count()
        with self.assertRaisesRegex(ValidationError, "Salarié 01 fait déjà partie de l'équipe de"):
            self.create_intervention(workers=self.workers[:1] + self.workers[:1])
        self.assertEqual(self._count(), before)

        intervention = self.create_intervention(workers=self.workers[:2])
        with self.assertRaisesRegex(ValidationError, "Salarié 02 fait déjà partie de l'équipe"):
            intervention.write({"worker_line_ids": [Command.create({"employee_id": self.workers[1].id})]})
        self.assertEqual(len(intervention.worker_line_ids), 2)

    def test_line_on_cancelled_intervention(self):
        intervention = self.create_intervention(workers=self.workers[:1])
        intervention.action_cancel()
        with self.assertRaisesRegex(ValidationError, "est annulée : personne ne peut plus rejoindre son équipe"):
            self.env["sp.intervention.worker"].with_user(self.user).create({
                "intervention_id": intervention.id, "employee_id": self.workers[5].id,
            })
        self.assertEqual(intervention.worker_line_ids.employee_id, self.workers[0])

    def test_negative_workers_needed(self):
        with self.assertRaisesRegex(ValidationError, "Le nombre de salarié·e·s nécessaires ne peut pas être négatif"):
            self.create_intervention(workers_needed=-1)

    def test_farm_siret_and_surface(self):
        Partner = self.env["res.partner"].with_user(self.user)
        with self.assertRaisesRegex(ValidationError, "Le SIRET « 12345678901234 » de .* n'est pas valide"):
            Partner.create({"name": "Ferme test", "is_company": True, "sp_is_farm": True,
                            "company_registry": "12345678901234"})
        farm = Partner.create({"name": "Ferme test", "is_company": True, "sp_is_farm": True,
                               "company_registry": "73282932000074"})
        self.assertEqual(farm.company_registry, "73282932000074")
        with self.assertRaisesRegex(ValidationError, "La surface d'une ferme ne peut pas être négative"):
            farm.sp_surface_ha = -3
