"""The CIP's pathway screen, played in Chromium on a desktop and on a phone."""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase

from .common import SpTestMixin
from .pathway_common import CIP, new_sp_user


class PathwayTourMixin(SpTestMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cip = new_sp_user(cls.env, "sp_tour_cip", "Nadia Conseillère", CIP)
        cls.worker = cls.env["hr.employee"].create(
            {"name": "Salarié 01", "sp_role": "insertion"}
        )
        today = fields.Date.today()
        # A PASS that ends in a month: the form warns the CIP.
        iae_pass = cls.env["sp.iae.pass"].create(
            {
                "number": "999992400123",
                "employee_id": cls.worker.id,
                "start_date": today - timedelta(days=700),
            }
        )
        cls.pathway = cls.env["sp.pathway"].create(
            {
                "employee_id": cls.worker.id,
                "hiring_date": today - timedelta(days=300),
                "cip_user_id": cls.cip.id,
                "pass_id": iae_pass.id,
            }
        )

    def test_cip_records_an_interview(self):
        self.start_tour(
            "/odoo/pathways", "sp_pathway_interview_tour", login=self.cip.login
        )
        interview = self.pathway.interview_ids
        self.assertEqual(len(interview), 1)
        self.assertEqual(interview.interview_type, "follow_up")
        self.assertIn("code est obtenu", str(interview.notes))
        self.assertEqual(interview.author_id, self.cip)
        activity = self.pathway.activity_ids
        self.assertEqual(activity.summary, "Appeler l'auto-école sociale")
        self.assertEqual(activity.user_id, self.cip)
        self.assertEqual(
            activity.date_deadline, fields.Date.today() + timedelta(days=7)
        )


class TestPathwayTour(PathwayTourMixin, HttpCase):
    pass


class TestPathwayTourPhone(PathwayTourMixin, HttpCase):
    browser_size = "375x667"
    touch_enabled = True
