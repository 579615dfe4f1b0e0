"""Pathways over XML-RPC, as an integrator's script or a curious user would try:
only the pathway's CIP and the Insertion Manager get anything back."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase

from .common import (
    ACCESS_ERROR,
    USER_ERROR,
    SpTestMixin,
    XmlRpcMixin,
    farms_and_crew,
    new_sp_user,
)
from .pathway_common import pathway_users


class TestPathwayRpc(XmlRpcMixin, SpTestMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        users = pathway_users(cls.env)
        cls.cip = users["cip"]
        cls.insertion_manager = users["insertion_manager"]
        supervisor = new_sp_user(cls.env, "sp_rpc_encadrant", "Karim Encadrant")
        plain = new_sp_user(
            cls.env, "sp_rpc_salarie", "Paul Comptable", "base.group_user"
        )
        export = cls.env.ref("base.group_allow_export")
        (supervisor | plain | users["hr_officer"] | cls.cip).write(
            {"group_ids": [Command.link(export.id)]}
        )
        cls.refused = {
            "supervisor": supervisor,
            "plain employee": plain,
            "HR officer, not CIP": users["hr_officer"],
            "portal user": users["portal"],
        }
        _farm, _other, _sup, workers = farms_and_crew(cls.env, supervisor, 2)
        cls.workers = workers
        today = fields.Date.today()
        cls.pathway = cls.env["sp.pathway"].create(
            {
                "employee_id": workers[0].id,
                "hiring_date": today - timedelta(days=100),
                "cip_user_id": cls.cip.id,
                "rqth": True,
                "interview_ids": [Command.create({"notes": "<p>Confidentiel</p>"})],
            }
        )
        cls.other_pathway = cls.env["sp.pathway"].create(
            {
                "employee_id": workers[1].id,
                "hiring_date": today - timedelta(days=10),
                "cip_user_id": cls.insertion_manager.id,
                "rqth": True,
            }
        )

    def test_others_get_nothing(self):
        for who, user in self.refused.items():
            call = self.rpc(user)
            with self.subTest(who=who):
                for model in ("sp.pathway", "sp.pathway.interview", "sp.iae.pass"):
                    self.assertFault(
                        ACCESS_ERROR, call, model, "search_read", [], fields=["id"]
                    )
                self.assertFault(
                    ACCESS_ERROR,
                    call,
                    "sp.pathway",
                    "read",
                    [self.pathway.id],
                    ["rqth"],
                )
                self.assertFault(
                    ACCESS_ERROR if user.has_group("base.group_user") else USER_ERROR,
                    call,
                    "sp.pathway",
                    "export_data",
                    [self.pathway.id],
                    ["employee_id", "rqth"],
                )
        # An HR officer reads the employee, not their pathways.
        hr_officer = self.rpc(self.refused["HR officer, not CIP"])
        self.assertFault(
            ACCESS_ERROR,
            hr_officer,
            "hr.employee",
            "read",
            [self.workers[0].id],
            ["sp_pathway_ids"],
        )

    def test_cip_and_insertion_manager(self):
        cip = self.rpc(self.cip)
        rows = cip("sp.pathway", "search_read", [], fields=["rqth", "employee_id"])
        self.assertEqual([row["id"] for row in rows], self.pathway.ids)
        self.assertTrue(rows[0]["rqth"])
        notes = cip("sp.pathway.interview", "search_read", [], fields=["notes"])
        self.assertEqual(len(notes), 1)
        self.assertFault(
            ACCESS_ERROR, cip, "sp.pathway", "read", self.other_pathway.ids, ["rqth"]
        )
        self.assertIs(cip("sp.pathway", "action_suspend", self.pathway.ids), True)

        manager = self.rpc(self.insertion_manager)
        ids = {
            row["id"]
            for row in manager(
                "sp.pathway",
                "search_read",
                [("employee_id", "in", self.workers.ids)],
                fields=["rqth"],
            )
        }
        self.assertEqual(ids, set((self.pathway | self.other_pathway).ids))

    def test_refusals_reach_the_client_in_french(self):
        cip = self.rpc(self.cip)
        vals = {
            "number": "999992600001",
            "employee_id": self.workers[0].id,
            "start_date": fields.Date.to_string(fields.Date.today()),
        }
        cip("sp.iae.pass", "create", vals)
        message = self.assertFault(USER_ERROR, cip, "sp.iae.pass", "create", vals)
        self.assertIn("Ce numéro de PASS IAE est déjà enregistré", message)
        message = self.assertFault(
            USER_ERROR, cip, "sp.pathway", "action_exit", self.pathway.ids
        )
        self.assertIn("Renseignez d'abord la date et le motif de sortie", message)
