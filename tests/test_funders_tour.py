"""The Insertion Manager's funders' indicators in the browser: the screen played in
Chromium (desktop), the workbook and the PDF downloaded."""

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
        # Alice, Chloé, Emma, and Jules in his second pathway, on RSA.
        self.assertEqual(indicators.figures["values"]["people.total"], 4)
        self.assertEqual(
            sum(indicators.line_ids.mapped("hours")), 600 + 1440 + 270 + 400
        )

    def test_downloads(self):
        """The workbook and the PDF as the browser downloads them: for the
        Insertion Manager, never for a supervisor."""
        indicators = self.indicators()
        for report, kind in (
            ("seconde_pousse.funder_indicators_xlsx", "xlsx"),
            ("seconde_pousse.report_funder_indicators", "html"),
        ):
            url = f"/report/{kind}/{report}/{indicators.id}"
            self.authenticate(
                self.insertion_manager.login, self.insertion_manager.login
            )
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            if kind == "xlsx":
                self.assertTrue(response.content.startswith(b"PK"))
            else:
                self.assertIn("Indicateurs pour les financeurs", response.text)
            self.authenticate(self.supervisor.login, self.supervisor.login)
            response = self.url_open(url)
            self.assertNotEqual(response.status_code, 200, url)
