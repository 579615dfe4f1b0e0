"""Bad input is refused with a French message and leaves nothing written."""

from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError, ValidationError

from .common import SpCase


class TestBadInput(SpCase):
    def _count(self):
        return (
            self.env["sp.intervention"].search_count([]),
            self.env["sp.intervention.worker"].search_count([]),
        )

    def test_end_before_start(self):
        before = self._count()
        with self.assertRaisesRegex(
            ValidationError, "La fin prévue de .* doit venir après son début prévu"
        ):
            self.create_intervention(workers=self.workers[:2], hours=-2)
        self.assertEqual(
            self._count(), before, "neither the intervention nor its lines are written"
        )

        intervention = self.create_intervention()
        with self.assertRaisesRegex(
            ValidationError, "doit venir après son début prévu"
        ):
            intervention.planned_end = intervention.planned_start
        self.assertEqual(intervention.planned_end, self.start + timedelta(hours=8))

    def test_requested_window_backwards(self):
        with self.assertRaisesRegex(
            ValidationError, "La période demandée de .* se termine avant de commencer"
        ):
            self.create_intervention(
                requested_date_from="2026-06-10", requested_date_to="2026-06-01"
            )

    def test_hours_out_of_range(self):
        intervention = self.create_intervention(workers=self.workers[:1])
        line = intervention.worker_line_ids
        for field, value in (
            ("planned_hours", -1),
            ("hours_worked", -0.5),
            ("hours_worked", 24.5),
            ("planned_hours", 25),
        ):
            with self.assertRaisesRegex(
                ValidationError, "les heures doivent être comprises entre 0 et 24"
            ):
                line.write({field: value})
        self.assertEqual((line.planned_hours, line.hours_worked), (7.0, 0.0))
        before = self._count()
        with self.assertRaises(ValidationError):
            self.create_intervention(
                workers=self.workers[1:2],
                worker_line_ids=[
                    Command.create(
                        {"employee_id": self.workers[1].id, "planned_hours": 30}
                    ),
                ],
            )
        self.assertEqual(self._count(), before)

    def test_worker_twice(self):
        before = self._count()
        with self.assertRaisesRegex(
            ValidationError, "Salarié 01 fait déjà partie de l'équipe de"
        ):
            self.create_intervention(workers=self.workers[:1] + self.workers[:1])
        self.assertEqual(self._count(), before)

        intervention = self.create_intervention(workers=self.workers[:2])
        with self.assertRaisesRegex(
            ValidationError, "Salarié 02 fait déjà partie de l'équipe"
        ):
            intervention.write(
                {
                    "worker_line_ids": [
                        Command.create({"employee_id": self.workers[1].id})
                    ]
                }
            )
        self.assertEqual(len(intervention.worker_line_ids), 2)

    def test_line_on_cancelled_intervention(self):
        intervention = self.create_intervention(workers=self.workers[:1])
        intervention.action_cancel()
        with self.assertRaisesRegex(
            ValidationError, "est annulée : personne ne peut plus rejoindre son équipe"
        ):
            self.env["sp.intervention.worker"].with_user(self.user).create(
                {
                    "intervention_id": intervention.id,
                    "employee_id": self.workers[5].id,
                }
            )
        self.assertEqual(intervention.worker_line_ids.employee_id, self.workers[0])

    def test_negative_workers_needed(self):
        with self.assertRaisesRegex(
            ValidationError,
            "Le nombre de salarié·e·s nécessaires ne peut pas être négatif",
        ):
            self.create_intervention(workers_needed=-1)

    def test_farm_siret_and_surface(self):
        Partner = self.env["res.partner"].with_user(self.user)
        with self.assertRaisesRegex(
            ValidationError, "Le SIRET « 12345678901234 » de .* n'est pas valide"
        ):
            Partner.create(
                {
                    "name": "Ferme test",
                    "is_company": True,
                    "sp_is_farm": True,
                    "company_registry": "12345678901234",
                }
            )
        farm = Partner.create(
            {
                "name": "Ferme test",
                "is_company": True,
                "sp_is_farm": True,
                "company_registry": "73282932000074",
            }
        )
        self.assertEqual(farm.company_registry, "73282932000074")
        with self.assertRaisesRegex(
            ValidationError, "La surface d'une ferme ne peut pas être négative"
        ):
            farm.sp_surface_ha = -3

    def test_intervention_for_a_contact_that_is_not_a_farm(self):
        """A private person, or a farm's contact given as the farm, is refused."""
        person = self.env["res.partner"].create(
            {"name": "Jean Dupont", "city": "Pertuis"}
        )
        before = self._count()
        with self.assertRaisesRegex(ValidationError, "Jean Dupont n'est pas une ferme"):
            self.create_intervention(workers=self.workers[:2], farm_id=person.id)
        contact = self.farm.child_ids[:1]
        with self.assertRaisesRegex(
            ValidationError, "Martine Roux n'est pas une ferme"
        ):
            self.create_intervention(farm_id=contact.id)
        with self.assertRaisesRegex(
            ValidationError, "Jean Dupont n'est pas un contact de la ferme"
        ):
            self.create_intervention(farm_contact_id=person.id)
        self.assertEqual(self._count(), before)

        intervention = self.create_intervention()
        with self.assertRaisesRegex(ValidationError, "n'est pas une ferme"):
            intervention.farm_id = person
        self.assertEqual(intervention.farm_id, self.farm)

    def test_intervention_longer_than_the_settings_allow(self):
        """400 days would book the crew for the whole period: refused above the maximum
        in Settings."""
        before = self._count()
        with self.assertRaisesRegex(
            ValidationError,
            r"durerait 400,0 jours : une intervention dure au plus 5 jours",
        ):
            self.create_intervention(workers=self.workers[:3], hours=400 * 24)
        self.assertEqual(self._count(), before, "nobody is booked")
        self.create_intervention(
            workers=self.workers[:1], hours=5 * 24
        )  # exactly the maximum
        self.env["ir.config_parameter"].set_param(
            "seconde_pousse.max_intervention_days", 1
        )
        with self.assertRaisesRegex(
            ValidationError, "une intervention dure au plus 1 jours"
        ):
            self.create_intervention(
                workers=self.workers[1:2],
                start=self.start + timedelta(days=10),
                hours=30,
            )

    def test_crew_line_for_someone_not_on_the_field(self):
        office = self.env["hr.employee"].create(
            {"name": "Agnès Comptable", "sp_role": "permanent"}
        )
        intervention = self.create_intervention(workers=self.workers[:1])
        with self.assertRaisesRegex(
            ValidationError,
            "Agnès Comptable n'est ni salarié·e en insertion ni encadrant·e",
        ):
            self.env["sp.intervention.worker"].with_user(self.user).create(
                {
                    "intervention_id": intervention.id,
                    "employee_id": office.id,
                }
            )
        self.assertEqual(intervention.worker_line_ids.employee_id, self.workers[0])

    def test_loan_refusals(self):
        Loan = self.env["sp.equipment.loan"].with_user(self.user)
        truck = self.env["maintenance.equipment"].create(
            {"name": "Camion plateau", "sp_lendable": True}
        )
        mower = self.env["maintenance.equipment"].create({"name": "Tondeuse du bureau"})
        person = self.env["res.partner"].create({"name": "Jean Dupont"})
        period = {"date_start": self.start, "date_end": self.start + timedelta(hours=8)}
        refusals = (
            (
                {"equipment_id": truck.id, "partner_id": person.id},
                "Jean Dupont n'est pas une ferme",
            ),
            (
                {"equipment_id": mower.id, "partner_id": self.farm.id},
                "Tondeuse du bureau n'est pas prêtable",
            ),
            (
                {
                    "equipment_id": truck.id,
                    "partner_id": self.farm.id,
                    "date_end": self.start,
                },
                "doit se terminer après avoir commencé",
            ),
        )
        before = Loan.search_count([])
        for vals, message in refusals:
            with self.assertRaisesRegex(ValidationError, message):
                Loan.create({**period, **vals})
        self.assertEqual(Loan.search_count([]), before, "no loan is written")

    def test_handover_refusals(self):
        truck = self.env["maintenance.equipment"].create(
            {"name": "Camion plateau", "sp_lendable": True, "sp_meter": 10}
        )
        loan = (
            self.env["sp.equipment.loan"]
            .with_user(self.user)
            .create(
                {
                    "equipment_id": truck.id,
                    "partner_id": self.farm.id,
                    "date_start": self.start,
                    "date_end": self.start + timedelta(hours=8),
                }
            )
        )
        Handover = self.env["sp.equipment.loan.handover"].with_user(self.user)
        wizard = Handover.create({"loan_id": loan.id, "mode": "checkout", "meter": -4})
        with self.assertRaisesRegex(
            ValidationError, "Un relevé de compteur ne peut pas être négatif"
        ):
            wizard.action_confirm()
        self.assertEqual((loan.state, loan.meter_out), ("reserved", 10))
        wizard = Handover.create({"loan_id": loan.id, "mode": "return", "meter": 12})
        with self.assertRaisesRegex(
            UserError, "n'a pas été sorti, il ne peut donc pas être rendu"
        ):
            wizard.action_confirm()
        self.assertEqual((loan.state, loan.meter_in), ("reserved", 0))

    def test_series_above_its_maximum(self):
        """104 occurrences are a series; 105 are refused, with nothing created."""
        source = self.create_intervention(workers=self.workers[:1])
        source.action_plan()
        Repeat = self.env["sp.intervention.repeat"].with_user(self.user)
        with self.assertRaisesRegex(
            UserError, "Une série compte au plus 104 occurrences"
        ):
            Repeat.create({"intervention_id": source.id, "count": 105})
        until = (self.start + timedelta(weeks=104)).date()  # 105 weekly dates
        wizard = Repeat.create(
            {"intervention_id": source.id, "end_type": "until", "until": until}
        )
        with self.assertRaisesRegex(
            UserError, "Une série compte au plus 104 occurrences"
        ):
            wizard.action_generate()
        self.assertFalse(source.recurrence_id)
        with self.assertRaisesRegex(
            UserError, "La série doit se terminer après sa première intervention"
        ):
            Repeat.create(
                {
                    "intervention_id": source.id,
                    "end_type": "until",
                    "until": self.start.date(),
                }
            )

        Repeat.create({"intervention_id": source.id, "count": 104}).action_generate()
        self.assertEqual(len(source.recurrence_id.intervention_ids), 104)

    def test_review_refusals(self):
        intervention = self.create_intervention(workers=self.workers[:1])
        with self.assertRaisesRegex(
            UserError, "son bilan vient une fois qu'elle est réalisée"
        ):
            intervention.action_open_review()
        self.assertFalse(
            self.env["sp.intervention.review"].search(
                [("intervention_id", "=", intervention.id)]
            )
        )
