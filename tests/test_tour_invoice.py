"""The accountant's invoicing screen, played in Chromium (desktop)."""

from datetime import datetime

from odoo import Command
from odoo.tests import HttpCase

from .common import SpTestMixin, new_sp_user


class TestInvoiceTour(SpTestMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_sp_user(
            cls.env,
            "sp_tour_comptable",
            "Lucie Comptable",
            "seconde_pousse.group_sp_billing",
        )
        cls.farm = cls.env["res.partner"].create(
            {
                "name": "EARL Les Vergers de Rognes",
                "is_company": True,
                "sp_is_farm": True,
                "city": "Rognes",
            }
        )
        Employee = cls.env["hr.employee"]
        supervisor = Employee.create(
            {"name": "Sophie Encadrante", "sp_role": "supervisor"}
        )
        workers = Employee.create(
            [{"name": f"Salarié {i:02d}", "sp_role": "insertion"} for i in (1, 2)]
        )
        cls.intervention = cls.env["sp.intervention"].create(
            {
                "farm_id": cls.farm.id,
                "supervisor_id": supervisor.id,
                "planned_start": datetime(2026, 6, 17, 6),
                "planned_end": datetime(2026, 6, 17, 13),
                "worker_line_ids": [
                    Command.create({"employee_id": worker.id}) for worker in workers
                ],
            }
        )
        for step in ("action_plan", "action_confirm", "action_start", "action_done"):
            getattr(cls.intervention, step)()
        cls.intervention._action_reviewed()

    def test_invoice_the_month(self):
        self.assertEqual(self.intervention.state, "reviewed")
        self.start_tour(
            "/odoo/seconde-pousse-to-invoice",
            "sp_invoice_tour",
            login=self.accountant.login,
        )
        self.assertEqual(self.intervention.state, "invoiced")
        invoice = self.intervention.invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(
            (invoice.move_type, invoice.state, invoice.partner_id),
            ("out_invoice", "posted", self.farm),
        )
        self.assertEqual(invoice.create_uid, self.accountant)
        # 8:00-15:00 in Paris on the schedule 8:00-12:00, 13:00-17:00: 6 h each.
        self.assertEqual(invoice.invoice_line_ids.quantity, 12.0, "2 × 6 h worked")
