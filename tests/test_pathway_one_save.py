"""A CIP opens a pathway with its first interview and its next step in one save,
as the form sends them, in the ORM and over XML-RPC."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase

from .common import SpTestMixin, XmlRpcMixin, farms_and_crew, new_sp_user
from .pathway_common import PathwayCase, pathway_users


def form_values(employee, cip, today):
    """What the pathway form sends on its first save."""
    return {
        "employee_id": employee.id,
        "hiring_date": fields.Date.to_string(today),
        "cip_user_id": cip.id,
        "rqth": True,
        # Command.create, as plain values: XML-RPC carries no enum.
        "interview_ids": [
            (
                int(Command.CREATE),
                0,
                {
                    "interview_type": "welcome",
                    "notes": "<p>Premier entretien d'accueil.</p>",
                    "next_step": "Appeler la Mission locale",
                    "next_step_date": fields.Date.to_string(today + timedelta(days=7)),
                },
            )
        ],
    }


class TestPathwayOneSave(PathwayCase):
    def test_cip_saves_pathway_interview_and_next_step_at_once(self):
        # The web client does not disable the chatter: neither does this test.
        Pathway = (
            self.env["sp.pathway"]
            .with_user(self.cip)
            .with_context(tracking_disable=False)
        )
        pathway = Pathway.create(form_values(self.workers[0], self.cip, self.today))
        interview = pathway.interview_ids
        self.assertEqual(interview.next_step, "Appeler la Mission locale")
        activity = interview.next_step_activity_id
        self.assertEqual(activity.user_id, self.cip)
        self.assertEqual(activity.date_deadline, self.today + timedelta(days=7))
        self.assertEqual(pathway.activity_ids, activity)
        # The CIP follows their pathway once.
        self.assertEqual(pathway.message_partner_ids, self.cip.partner_id)


class TestPathwayOneSaveRpc(XmlRpcMixin, SpTestMixin, HttpCase):
    def test_cip_saves_in_one_go_over_rpc(self):
        supervisor = new_sp_user(self.env, "sp_rpc_enc_save", "Karim Encadrant")
        workers = farms_and_crew(self.env, supervisor, 1)[3]
        cip = pathway_users(self.env)["cip"]
        today = fields.Date.today()
        call = self.rpc(cip)
        pathway_id = call("sp.pathway", "create", form_values(workers[0], cip, today))
        [pathway] = call(
            "sp.pathway", "read", [pathway_id], ["interview_count", "activity_ids"]
        )
        self.assertEqual(pathway["interview_count"], 1)
        self.assertEqual(len(pathway["activity_ids"]), 1)
