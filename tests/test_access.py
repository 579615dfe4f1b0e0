"""Who may do what, played with each person's own user."""
from odoo.exceptions import AccessError, UserError

from .common import SpCase


class TestAccess(SpCase):

    def test_user_deletes_requests_not_engaged_interventions(self):
        request = self.create_intervention(workers=self.workers[:1])
        request.unlink()
        self.assertFalse(request.exists())

        confirmed = self.create_intervention(workers=self.workers[:1])
        confirmed.action_plan()
        confirmed.action_confirm()
        with self.assertRaisesRegex(UserError, "Seules les demandes et les interventions annulées peuvent être supprimées"):
            confirmed.unlink()
        self.assertTrue(confirmed.exists())

        confirmed.with_user(self.manager).unlink()
        self.assertFalse(confirmed.exists())

    def test_user_cannot_change_configuration(self):
        TaskType = self.env["sp.task.type"]
        self.assertTrue(TaskType.with_user(self.user).search([]), "users read the task types")
        with self.assertRaises(AccessError):
            TaskType.with_user(self.user).create({"name": "Greffage"})
        with self.assertRaises(AccessError):
            self.harvest.with_user(self.user).write({"name": "Cueillette"})
        with self.assertRaises(AccessError):
            self.env["sp.farm.production"].with_user(self.user).create({"name": "Apiculture"})

        grafting = TaskType.with_user(self.manager).create({"name": "Greffage"})
        grafting.write({"name": "Greffage des fruitiers"})
        grafting.unlink()
        self.env["sp.farm.production"].with_user(self.manager).create({"name": "Apiculture"})

    def test_outsider_sees_no_intervention(self):
        intervention = self.create_intervention(workers=self.workers[:2])
        Intervention = self.env["sp.intervention"].with_user(self.outsider)
        with self.assertRaises(AccessError):
            Intervention.search([])
        with self.assertRaises(AccessError):
            intervention.with_user(self.outsider).read(["name"])
        with self.assertRaises(AccessError):
            self.env["sp.intervention.worker"].with_user(self.outsider).search([])
        with self.assertRaises(AccessError):
            Intervention.create(self._intervention_vals())

    def test_user_plans_without_hr_rights(self):
        """Supervisors are not HR officers: they read only the public profile of employees."""
        self.assertFalse(self.user.has_group("hr.group_hr_user"))
        intervention = self.create_intervention(workers=self.workers[:3])
        self.assertEqual(intervention.worker_line_ids.employee_id.mapped("name"), ["Salarié 01", "Salarié 02", "Salarié 03"])
        with self.assertRaises(AccessError):
            intervention.worker_line_ids.employee_id.read(["private_phone"])

    def test_multi_company(self):
        other_company = self.env["res.company"].create({"name": "AMS Services"})
        elsewhere = self.env["sp.intervention"].create(dict(self._intervention_vals(), company_id=other_company.id))
        self.assertNotIn(elsewhere, self.env["sp.intervention"].with_user(self.user).search([]))
        self.manager.write({"company_ids": [(4, other_company.id)]})
        visible = self.env["sp.intervention"].with_user(self.manager).with_context(
            allowed_company_ids=[self.manager.company_id.id, other_company.id]).search([])
        self.assertIn(elsewhere, visible)
