"""Shared equipment: loans both ways, check-out and return, damage, late returns,
rights."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import SpCase


class TestEquipmentLoans(SpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Equipment = cls.env["maintenance.equipment"]
        cls.truck = Equipment.create(
            {
                "name": "Camion plateau",
                "sp_lendable": True,
                "sp_usage_unit": "days",
                "sp_meter": 100,
                "category_id": cls.env.ref(
                    "seconde_pousse.equipment_category_vehicles"
                ).id,
            }
        )
        cls.tractor = Equipment.create(
            {
                "name": "Tracteur de la ferme",
                "sp_lendable": True,
                "sp_owner_id": cls.farm.id,
                "sp_meter": 850,
            }
        )

    def _loan(self, equipment, start=None, hours=8, user=None, **vals):
        start = start or self.start
        return (
            self.env["sp.equipment.loan"]
            .with_user(user or self.user)
            .create(
                {
                    "equipment_id": equipment.id,
                    "partner_id": self.farm.id,
                    "date_start": start,
                    "date_end": start + timedelta(hours=hours),
                    **vals,
                }
            )
        )

    def _handover(self, loan, **vals):
        action = loan.action_open_handover()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.user)
            .with_context(action["context"])
            .create(vals)
        )
        wizard.action_confirm()
        return wizard

    def test_lend_to_a_farm_end_to_end(self):
        loan = self._loan(self.truck)
        self.assertEqual(loan.direction, "lend", "our own truck goes out to the farm")
        self.assertTrue(loan.name.startswith("PRET/"))
        wizard = self._handover(loan, condition="good", notes="Plein fait")
        self.assertEqual(
            wizard.meter, 100, "the check-out meter starts from the last reading"
        )
        self.assertEqual(
            (loan.state, loan.condition_out, loan.meter_out), ("out", "good", 100)
        )
        self.assertTrue(loan.checkout_date)
        self._handover(loan, condition="good", meter=103)
        self.assertEqual(loan.state, "returned")
        self.assertEqual(loan.usage, 3)
        self.assertEqual(
            self.truck.sp_meter, 103, "the return updates the equipment's meter"
        )
        self.assertEqual((self.truck.sp_loan_count, self.truck.sp_usage_total), (1, 3))
        self.assertFalse(loan.maintenance_request_id)

    def test_borrow_from_a_farm_with_damage(self):
        loan = self._loan(self.tractor)
        self.assertEqual(loan.direction, "borrow", "the farm's tractor comes to us")
        self._handover(loan, condition="good")
        self._handover(
            loan, condition="damaged", meter=862, damage_description="Rétroviseur cassé"
        )
        request = loan.maintenance_request_id
        self.assertTrue(request, "damage on return opens a repair request")
        self.assertEqual(request.equipment_id, self.tractor)
        self.assertEqual(request.maintenance_type, "corrective")
        self.assertIn("Tracteur de la ferme", request.name)
        self.assertIn("Rétroviseur cassé", str(request.description))
        self.assertTrue(
            request.with_user(self.user).has_access("read"),
            "whoever recorded the return follows the repair",
        )

    def test_overlapping_reservation_refused(self):
        first = self._loan(self.truck)
        with self.assertRaisesRegex(
            ValidationError,
            rf"Camion plateau est déjà réservé du 01/06/2026 08:00 au 01/06/2026 16:00 "
            rf"\({first.name}, EARL Les Vergers de Rognes\)",
        ):
            self._loan(self.truck, start=self.start + timedelta(hours=4))
        self._loan(
            self.truck, start=self.start + timedelta(hours=8)
        )  # back to back is fine
        first.action_cancel()
        self._loan(
            self.truck, start=self.start + timedelta(hours=2), hours=2
        )  # a cancelled loan holds nothing
        with self.assertRaisesRegex(
            ValidationError, "doit se terminer après avoir commencé"
        ):
            self._loan(self.tractor, hours=-1)

    def test_return_before_checkout_refused(self):
        loan = self._loan(self.truck)
        with self.assertRaisesRegex(
            UserError, f"{loan.name} n'a pas été sorti, il ne peut donc pas être rendu"
        ):
            loan.action_return()
        self.assertEqual(loan.state, "reserved")

    def test_meter_going_backwards_refused(self):
        loan = self._loan(self.truck)
        with self.assertRaisesRegex(
            UserError,
            "Le compteur de Camion plateau ne peut pas reculer : il indiquait 100.0, "
            "et non 90.0",
        ):
            self._handover(loan, condition="good", meter=90)
        self.assertEqual(loan.state, "reserved")
        self._handover(loan, condition="good", meter=100)
        with self.assertRaisesRegex(
            ValidationError,
            "Le compteur de Camion plateau ne peut pas reculer : 99.0 au retour, 100.0 "
            "à la sortie",
        ):
            self._handover(loan, condition="good", meter=99)
        self.assertEqual(loan.state, "out")
        self.assertEqual(self.truck.sp_meter, 100)

    def test_late_reminder_once(self):
        loan = self._loan(
            self.truck, start=fields.Datetime.now() - timedelta(days=3), hours=24
        )
        on_time = self._loan(
            self.tractor, start=fields.Datetime.now() - timedelta(hours=1), hours=48
        )
        (loan | on_time).action_checkout()
        Loan = self.env["sp.equipment.loan"]
        self.assertEqual(
            Loan.search([("is_late", "=", True), ("id", "in", (loan | on_time).ids)]),
            loan,
        )
        Loan._cron_remind_late_loans()
        Loan._cron_remind_late_loans()
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "sp.equipment.loan"),
                ("res_id", "in", (loan | on_time).ids),
            ]
        )
        self.assertEqual(
            len(activities),
            1,
            "one reminder, for the late loan only, however often the cron runs",
        )
        self.assertEqual(activities.user_id, self.user)
        self.assertIn("Camion plateau", activities.summary)

    def test_intervention_reserves_its_equipment(self):
        intervention = self.create_intervention(
            workers=self.workers[:2],
            equipment_ids=[(6, 0, (self.truck | self.tractor).ids)],
        )
        self.assertIs(intervention.action_reserve_equipment(), True)
        loans = intervention.loan_ids
        self.assertEqual(len(loans), 2)
        self.assertEqual(loans.mapped("direction"), ["lend", "borrow"])
        self.assertEqual(set(loans.mapped("date_start")), {intervention.planned_start})
        intervention.action_reserve_equipment()
        self.assertEqual(
            intervention.loan_ids, loans, "a second click reserves nothing twice"
        )
        self.assertEqual(intervention.loan_count, 2)
        intervention.action_cancel()
        self.assertEqual(
            set(loans.mapped("state")), {"cancelled"}, "cancelling frees the equipment"
        )

    def test_intervention_cannot_start_while_its_equipment_is_out_elsewhere(self):
        earlier = self._loan(self.truck, start=self.start - timedelta(days=2), hours=24)
        earlier.action_checkout()
        intervention = self.create_intervention(
            workers=self.workers[:2], equipment_ids=[(6, 0, self.truck.ids)]
        )
        intervention.action_reserve_equipment()
        intervention.action_plan()
        intervention.action_confirm()
        with self.assertRaisesRegex(
            UserError,
            f"ne peut pas démarrer : Camion plateau est encore sorti sur "
            f"{earlier.name}",
        ):
            intervention.action_start()
        self.assertEqual(intervention.state, "confirmed")
        earlier.meter_in = 101
        earlier.action_return()
        intervention.action_start()
        self.assertEqual(intervention.state, "in_progress")

    def test_access_rights(self):
        loan = self._loan(self.truck)
        self.assertIn(
            self.truck,
            self.env["maintenance.equipment"].with_user(self.user).search([]),
            "planners see the whole register, not only the equipment they follow",
        )
        with self.assertRaises(AccessError):
            loan.with_user(self.user).unlink()
        with self.assertRaises(AccessError):
            self.truck.with_user(self.user).write({"sp_lendable": False})
        with self.assertRaises(AccessError):
            self.env["sp.equipment.loan"].with_user(self.outsider).search([])
        self.truck.with_user(self.manager).write({"sp_usage_unit": "hours"})
        loan.with_user(self.manager).unlink()
