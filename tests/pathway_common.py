"""Shared fixture of the insertion pathway suites: the CIPs, the other users who
must not read a pathway, and helpers that open a PASS IAE and a pathway."""

from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user

from .common import SpCase, new_sp_user

CIP = "seconde_pousse.group_sp_cip"
INSERTION_MANAGER = "seconde_pousse.group_sp_insertion_manager"


def pathway_users(env):
    """Who works with pathways, and who must never read one."""
    return {
        "cip": new_sp_user(env, "sp_cip_nadia", "Nadia Conseillère", CIP),
        "other_cip": new_sp_user(env, "sp_cip_marc", "Marc Conseiller", CIP),
        "insertion_manager": new_sp_user(
            env, "sp_resp_insertion", "Hélène Responsable", INSERTION_MANAGER
        ),
        "hr_officer": new_sp_user(
            env, "sp_rh", "Sylvie Gestionnaire RH", "hr.group_hr_user"
        ),
        "portal": new_test_user(
            env,
            "sp_portal_farmer",
            groups="base.group_portal",
            name="Martine Roux",
            lang="fr_FR",
        ),
    }


class PathwayCase(SpCase):
    """SpCase's crew, with CIPs, an Insertion Manager, an HR officer who is not a
    CIP and a farm's portal user; today is the reference day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        users = pathway_users(cls.env)
        cls.cip = users["cip"]
        cls.other_cip = users["other_cip"]
        cls.insertion_manager = users["insertion_manager"]
        cls.hr_officer = users["hr_officer"]
        cls.portal = users["portal"]
        cls.today = fields.Date.today()
        cls.reason_cdi = cls.env.ref("seconde_pousse.exit_reason_cdi")
        cls.reason_withdrawal = cls.env.ref(
            "seconde_pousse.exit_reason_administrative_decision"
        )
        cls.reason_no_news = cls.env.ref("seconde_pousse.exit_reason_no_news")

    def create_pass(self, employee=None, start=None, number="999992600001", user=None):
        return (
            self.env["sp.iae.pass"]
            .with_user(user or self.cip)
            .create(
                {
                    "number": number,
                    "employee_id": (employee or self.workers[0]).id,
                    "start_date": start or self.today - timedelta(days=100),
                }
            )
        )

    def create_pathway(self, employee=None, hiring=None, user=None, **vals):
        user = user or self.cip
        return (
            self.env["sp.pathway"]
            .with_user(user)
            .create(
                {
                    "employee_id": (employee or self.workers[0]).id,
                    "hiring_date": hiring or self.today - timedelta(days=100),
                    "cip_user_id": user.id,
                    **vals,
                }
            )
        )
