"""The figures as their readers read them: in the reader's language whoever
computed them, a rate without a denominator said in words, PDF tables that
never cut a row, and a first PDF of the demo company without Odoo's layout
wizard."""

import io
from datetime import date

import openpyxl
from lxml import html

from odoo.tests import HttpCase

from .common import SpTestMixin, XmlRpcMixin
from .funders_fixture import FundersFixture

XLSX = "seconde_pousse.action_report_funder_indicators_xlsx"
PDF = "seconde_pousse.action_report_funder_indicators"


def text(markup):
    return " ".join(html.fromstring(markup).text_content().split())


class TestFundersReading(FundersFixture, SpTestMixin, XmlRpcMixin, HttpCase):
    def test_computed_without_a_language_reads_in_french(self):
        """A script creates the computation over XML-RPC with no language: the
        Insertion Manager, in French, reads French labels on the screen, in the
        workbook and in the PDF."""
        call = self.rpc(self.insertion_manager)
        indicators_id = call(
            "sp.funder.indicators",
            "create",
            {"company_id": self.company.id, "agreement_id": self.state_agreement.id},
            context={},
        )
        # What the script reads back, without a language: the source terms.
        [english] = call(
            "sp.funder.indicators",
            "read",
            [indicators_id],
            ["figures_html"],
            context={},
        )
        self.assertIn("Lasting employment", english["figures_html"])
        # The Insertion Manager's screen, in French.
        [read] = call("sp.funder.indicators", "read", [indicators_id], ["figures_html"])
        screen = text(read["figures_html"])
        for french in (
            "Emploi durable",  # an exit category
            "Hébergement / logement",  # a barrier
            "Sorties par catégorie",  # a table's title
            "Heures travaillées",  # a header
            "Heures hors parcours d'insertion",
        ):
            self.assertIn(french, screen)
        for english_label in ("Lasting employment", "Accommodation / housing"):
            self.assertNotIn(english_label, screen)
        # Its workbook and its PDF, in French too.
        indicators = self.env["sp.funder.indicators"].browse(indicators_id)
        Report = self.env["ir.actions.report"].with_user(self.insertion_manager)
        content, _kind = Report._render_xlsx(XLSX, [indicators_id], None)
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertIn("Sorties", book.sheetnames)
        words = {
            value
            for row in book["Sorties"].iter_rows(values_only=True)
            for value in row
            if isinstance(value, str)
        }
        self.assertIn("Emploi durable", words)
        self.assertNotIn("Lasting employment", words)
        printed, _kind = Report._render_qweb_html(PDF, indicators.ids)
        printed = text(printed.decode())
        self.assertIn("Emploi durable", printed)
        self.assertNotIn("Lasting employment", printed)
        # The stored result keeps codes, not labels of one language.
        exits = next(b for b in indicators.figures["blocks"] if b["key"] == "exits")
        first = exits["tables"][0]["rows"][0]["cells"][0]
        self.assertEqual(first, {"choice": "exit_category", "code": "emploi_durable"})

    def test_no_exit_examined_is_said_in_words(self):
        """January to March: no exit examined. The rates say so on the screen,
        in the workbook and in the PDF, instead of 0 % in a warning box."""
        indicators = (
            self.env["sp.funder.indicators"]
            .with_user(self.insertion_manager)
            .create(
                {
                    "company_id": self.company.id,
                    "date_from": date(2025, 1, 1),
                    "date_to": date(2025, 3, 31),
                }
            )
        )
        values = indicators.figures["values"]
        self.assertEqual(values["exits.examined"], 0)
        tree = html.fromstring(indicators.figures_html)
        [card] = tree.xpath("//div[@name='dynamic_exits']")
        self.assertIn("aucune sortie examinée", text(html.tostring(card).decode()))
        self.assertNotIn("dynamiques 0,0 %", text(html.tostring(card).decode()))
        self.assertFalse(card.xpath(".//div[contains(@class, 'border-warning')]"))
        [row] = tree.xpath("//tr[@data-key='exits.dynamic_rate']")
        cells = [" ".join(td.text_content().split()) for td in row.iter("td")]
        self.assertEqual(cells[2], "Aucune sortie examinée")
        Report = self.env["ir.actions.report"].with_user(self.insertion_manager)
        content, _kind = Report._render_xlsx(XLSX, indicators.ids, None)
        book = openpyxl.load_workbook(io.BytesIO(content))
        rates = {
            row[0]: row[2]
            for row in book["Sorties"].iter_rows(values_only=True)
            if row[0] and str(row[0]).startswith("Taux")
        }
        self.assertEqual(set(rates.values()), {"Aucune sortie examinée"})
        printed, _kind = Report._render_qweb_html(PDF, indicators.ids)
        self.assertIn("aucune sortie examinée", text(printed.decode()))

    def test_pdf_tables_keep_their_rows_whole(self):
        """On paper, headers repeat on each page and no row is cut: wkhtmltopdf
        reads it from the table's own style, outside any scrolling box."""
        indicators = self.indicators(user=self.insertion_manager)
        Report = self.env["ir.actions.report"].with_user(self.insertion_manager)
        printed, _kind = Report._render_qweb_html(PDF, indicators.ids)
        tree = html.fromstring(printed.decode())
        tables = tree.xpath("//div[hasclass('o_sp_funder_figures')]//table")
        self.assertGreater(len(tables), 5)
        for table in tables:
            [thead] = table.xpath("./thead")
            self.assertIn("table-header-group", thead.get("style"))
            for row in table.xpath(".//tr"):
                self.assertIn("page-break-inside: avoid", row.get("style"))
            self.assertFalse(
                table.xpath("ancestor::div[hasclass('table-responsive')]"),
                "a scrolling box keeps wkhtmltopdf from breaking between rows",
            )

    def test_demo_company_prints_without_the_layout_wizard(self):
        company = self.env.ref("base.main_company")
        self.assertTrue(company.external_report_layout_id)
        indicators = (
            self.env["sp.funder.indicators"]
            .with_company(company)
            .create({"company_id": company.id})
        )
        action = indicators.with_company(company).action_print_pdf()
        self.assertEqual(action["type"], "ir.actions.report")
