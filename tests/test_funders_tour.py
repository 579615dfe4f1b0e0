"""The Insertion Manager's funders' indicators, played in Chromium (desktop)."""

from odoo.tests import HttpCase

from .common import SpTestMixin
from .funders_fixture import FundersFixture


class TestFundersTour(FundersFixture, SpTestMixin, HttpCase):
    def test_departmental_council_figures(self):
        self.start_tour(
            "/odoo/pathways", "sp_funders_tour", login=self.insertion_manager.login
        )
        indicators = self.env["sp.funder.indicators"].search(
            [("create_uid", "=", self.insertion_manager.id)]
        )
        self.assertEqual(len(indicators), 1)
        self.assertTrue(indicators.rsa_only)
        self.assertEqual(indicators.agreement_id, self.department_agreement)
        self.assertEqual(indicators.figures["values"]["people.total"], 3)
        self.assertEqual(sum(indicators.line_ids.mapped("hours")), 2310)
