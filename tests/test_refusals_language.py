"""Refusals that PostgreSQL would have the last word on, said first in Python: over
XML-RPC, in the caller's French, without Odoo's English prefix, and with no ERROR
line in the server log."""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase

from .common import USER_ERROR, SpTestMixin, XmlRpcMixin, farms_and_crew, new_sp_user
from .pathway_common import CIP


class TestRefusalsInFrench(XmlRpcMixin, SpTestMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cip = new_sp_user(cls.env, "sp_lang_cip", "Nadia Conseillère", CIP)
        supervisor_user = new_sp_user(cls.env, "sp_lang_sup", "Karim Encadrant")
        _farm, _other, _supervisor, workers = farms_and_crew(
            cls.env, supervisor_user, crew_size=1
        )
        cls.worker = workers[0]
        cls.today = fields.Date.today()
        cls.pathway = (
            cls.env["sp.pathway"]
            .with_user(cls.cip)
            .create(
                {
                    "employee_id": cls.worker.id,
                    "hiring_date": cls.today - timedelta(days=100),
                    "cip_user_id": cls.cip.id,
                }
            )
        )

    def assertFrenchRefusal(self, expected, call, *args):
        with self.assertNoLogs("odoo", level="ERROR"):
            message = self.assertFault(USER_ERROR, call, *args)
        self.assertIn(expected, message)
        self.assertNotIn("operation cannot", message)

    def test_dates_and_hours_refused_in_french(self):
        call = self.rpc(self.cip)
        day = fields.Date.to_string
        before_hiring = day(self.today - timedelta(days=101))
        self.assertFrenchRefusal(
            "La date de sortie ne peut pas précéder la date d'embauche.",
            call,
            "sp.pathway",
            "write",
            [self.pathway.id],
            {"exit_date": before_hiring},
        )
        training = {
            "pathway_id": self.pathway.id,
            "name": "CACES R482",
            "date_start": day(self.today - timedelta(days=10)),
            "date_end": day(self.today - timedelta(days=12)),
            "hours": 14,
        }
        self.assertFrenchRefusal(
            "Une formation se termine le jour de son début ou après.",
            call,
            "sp.pathway.training",
            "create",
            training,
        )
        training["date_end"] = training["date_start"]
        training["hours"] = -3
        self.assertFrenchRefusal(
            "Les heures d'une formation ne peuvent pas être négatives.",
            call,
            "sp.pathway.training",
            "create",
            training,
        )
        self.assertFrenchRefusal(
            "Une immersion se termine le jour de son début ou après.",
            call,
            "sp.pathway.immersion",
            "create",
            {
                "pathway_id": self.pathway.id,
                "immersion_type": "pmsmp",
                "date_start": day(self.today - timedelta(days=10)),
                "date_end": day(self.today - timedelta(days=12)),
            },
        )
        self.assertFalse(self.pathway.exit_date, "nothing written")
        self.assertFalse(self.pathway.training_ids)
