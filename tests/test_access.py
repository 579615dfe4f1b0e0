"""Who may do what, played with each person's own user."""

from datetime import timedelta

from odoo import Command
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
        with self.assertRaisesRegex(
            UserError,
            "Seules les demandes et les interventions annulées peuvent être supprimées",
        ):
            confirmed.unlink()
        self.assertTrue(confirmed.exists())

        confirmed.with_user(self.manager).unlink()
        self.assertFalse(confirmed.exists())

    def test_user_cannot_change_configuration(self):
        TaskType = self.env["sp.task.type"]
        self.assertTrue(
            TaskType.with_user(self.user).search([]), "users read the task types"
        )
        with self.assertRaises(AccessError):
            TaskType.with_user(self.user).create({"name": "Greffage"})
        with self.assertRaises(AccessError):
            self.harvest.with_user(self.user).write({"name": "Cueillette"})
        with self.assertRaises(AccessError):
            self.env["sp.farm.production"].with_user(self.user).create(
                {"name": "Apiculture"}
            )

        grafting = TaskType.with_user(self.manager).create({"name": "Greffage"})
        grafting.write({"name": "Greffage des fruitiers"})
        grafting.unlink()
        self.env["sp.farm.production"].with_user(self.manager).create(
            {"name": "Apiculture"}
        )

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
        """Supervisors are not HR officers: they read only the public profile of
        employees."""
        self.assertFalse(self.user.has_group("hr.group_hr_user"))
        intervention = self.create_intervention(workers=self.workers[:3])
        self.assertEqual(
            intervention.worker_line_ids.employee_id.mapped("name"),
            ["Salarié 01", "Salarié 02", "Salarié 03"],
        )
        with self.assertRaises(AccessError):
            intervention.worker_line_ids.employee_id.read(["private_phone"])

    def test_multi_company(self):
        other_company = self.env["res.company"].create({"name": "AMS Services"})
        supervisor = self.env["hr.employee"].create(
            {
                "name": "Léa Encadrante",
                "sp_role": "supervisor",
                "company_id": other_company.id,
            }
        )
        elsewhere = self.env["sp.intervention"].create(
            dict(
                self._intervention_vals(),
                company_id=other_company.id,
                supervisor_id=supervisor.id,
            )
        )
        self.assertNotIn(
            elsewhere, self.env["sp.intervention"].with_user(self.user).search([])
        )
        self.manager.write({"company_ids": [(4, other_company.id)]})
        visible = (
            self.env["sp.intervention"]
            .with_user(self.manager)
            .with_context(
                allowed_company_ids=[self.manager.company_id.id, other_company.id]
            )
            .search([])
        )
        self.assertIn(elsewhere, visible)

    def test_no_company_crossover(self):
        """A planner working in two companies cannot mix them on one job or team."""
        other_company = self.env["res.company"].create({"name": "AMS Services"})
        main_company = self.env.company
        Employee = self.env["hr.employee"].with_company(other_company)
        supervisor = Employee.create(
            {
                "name": "Léa Encadrante",
                "sp_role": "supervisor",
                "company_id": other_company.id,
            }
        )
        worker = Employee.create(
            {
                "name": "Hugo Salarié",
                "sp_role": "insertion",
                "company_id": other_company.id,
            }
        )
        team = self.env["sp.team"].create(
            {
                "name": "Équipe Pertuis",
                "company_id": other_company.id,
                "supervisor_id": supervisor.id,
                "member_ids": [Command.set(worker.ids)],
            }
        )
        for user in (self.user, self.manager):
            user.write({"company_ids": [Command.link(other_company.id)]})
        both = {"allowed_company_ids": [main_company.id, other_company.id]}
        Intervention = (
            self.env["sp.intervention"].with_user(self.user).with_context(**both)
        )
        before = Intervention.search_count([])
        refusals = (
            ({"supervisor_id": supervisor.id}, "Léa Encadrante"),
            ({"team_id": team.id, "supervisor_id": False}, "Équipe Pertuis"),
            (
                {"worker_line_ids": [Command.create({"employee_id": worker.id})]},
                "Hugo Salarié",
            ),
        )
        for vals, name in refusals:
            with self.assertRaisesRegex(UserError, name):
                Intervention.create({**self._intervention_vals(), **vals})
        self.assertEqual(Intervention.search_count([]), before, "nothing is written")
        with self.assertRaisesRegex(UserError, "Hugo Salarié"):
            self.env["sp.team"].with_user(self.manager).with_context(**both).create(
                {
                    "name": "Équipe mixte",
                    "supervisor_id": self.supervisor.id,
                    "member_ids": [Command.set(worker.ids)],
                }
            )
        # Within its own company, the other company's team plans as usual.
        job = Intervention.create(
            {
                "farm_id": self.farm.id,
                "company_id": other_company.id,
                "team_id": team.id,
                "planned_start": self.start,
                "planned_end": self.start + timedelta(hours=7),
            }
        )
        self.assertEqual(
            (job.supervisor_id, job.worker_line_ids.employee_id), (supervisor, worker)
        )
