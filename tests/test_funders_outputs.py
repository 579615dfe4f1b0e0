"""One computation, three outputs: the screen, the XLSX workbook and the PDF show
the same numbers; only aggregates and pseudonymous lines leave."""

import io
import re
from datetime import date, datetime

import openpyxl
from lxml import html

from odoo.tools.pdf import PdfFileReader

from .funders_fixture import FundersCase

XLSX = "seconde_pousse.action_report_funder_indicators_xlsx"
PDF = "seconde_pousse.action_report_funder_indicators"


def rows_by_key(markup):
    """{data-key: [cell texts]} of the figures' tables in ``markup``."""
    tree = html.fromstring(markup)
    return {
        row.get("data-key"): [
            " ".join(td.text_content().split()) for td in row.iter("td")
        ]
        for row in tree.iter("tr")
        if row.get("data-key")
    }


def plain(text):
    """Spaces as a reader sees them (French digit groups use narrow spaces)."""
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


class TestFundersOutputs(FundersCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.screen = (
            cls.env["sp.funder.indicators"]
            .with_user(cls.insertion_manager)
            .create(
                {"company_id": cls.company.id, "agreement_id": cls.state_agreement.id}
            )
        )

    def workbook(self, indicators, user=None):
        Report = self.env["ir.actions.report"].with_user(user or self.insertion_manager)
        content, kind = Report._render_xlsx(XLSX, indicators.ids, None)
        self.assertEqual(kind, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(content))

    def test_xlsx_carries_the_figures(self):
        figures = self.screen.figures
        book = self.workbook(self.screen)
        # The stored figures keep source terms and codes; the workbook says them
        # in its reader's language, as the screen does.
        tr = self.screen.with_user(self.insertion_manager)._sp_text
        self.assertEqual(
            book.sheetnames,
            [
                "Synthèse",
                "Personnes",
                "Heures et ETP",
                "Sorties",
                "Accompagnement",
                "Recettes commerciales",
                "Personnes (lignes)",
                "Heures (lignes)",
                "Sorties (lignes)",
                "Freins (lignes)",
                "Formations (lignes)",
                "Immersions (lignes)",
            ],
        )
        # Every table, cell by cell, as the screen has it: its title, its headers,
        # its rows, then an empty row.
        for block in figures["blocks"]:
            sheet = [
                [cell for cell in row if cell is not None]
                for row in book[tr(block["title"])].iter_rows(values_only=True)
            ]
            expected = []
            for table in block["tables"]:
                expected += [[tr(table["title"])], [tr(h) for h in table["headers"]]]
                for row in table["rows"]:
                    units = [
                        row.get("unit") if index and row.get("unit") else unit
                        for index, unit in enumerate(
                            table["units"][: len(row["cells"])]
                        )
                    ]
                    expected.append(
                        [
                            self.as_written(value, unit, tr)
                            for value, unit in zip(row["cells"], units, strict=True)
                            # An empty cell (False, as Odoo sends no value) is blank.
                            if value is not False or unit == "yesno"
                        ]
                    )
                expected.append([])
            expected.pop()  # nothing is written after the last table
            self.assertEqual(len(sheet), len(expected), tr(block["title"]))
            for got, want in zip(sheet, expected, strict=True):
                self.assertEqual(len(got), len(want), want)
                for got_cell, want_cell in zip(got, want, strict=True):
                    if isinstance(want_cell, float):
                        self.assertAlmostEqual(got_cell, want_cell, places=9)
                    else:
                        self.assertEqual(got_cell, want_cell)

        people = {
            row[0]: row[1] for row in book["Personnes"].iter_rows(values_only=True)
        }
        self.assertEqual(people["Personnes ayant travaillé sur la période"], 7)
        self.assertEqual(people["Femmes"], 3)
        self.assertEqual(people["Bénéficiaires du RSA (BRSA)"], 4)
        hours = {
            row[0]: row[1] for row in book["Heures et ETP"].iter_rows(values_only=True)
        }
        self.assertEqual(hours["Heures travaillées"], 4930)
        self.assertEqual(hours["Heures hors parcours d'insertion"], 900 + 280)
        self.assertAlmostEqual(hours["ETP réalisés"], 4930 / 1607)
        exits = {
            row[0]: row[1:4] for row in book["Sorties"].iter_rows(values_only=True)
        }
        self.assertEqual(exits["Sorties examinées"][0], 3)
        dynamic = next(
            v
            for k, v in exits.items()
            if k and k.startswith("Taux de sorties dynamiques")
        )
        self.assertEqual(dynamic[0], 2)
        self.assertAlmostEqual(dynamic[1], 2 / 3)
        self.assertAlmostEqual(dynamic[2], 0.60)

    @staticmethod
    def as_written(value, unit, tr):
        """A figure as the workbook holds it: labels and yes/no in words, months
        as dates."""
        if isinstance(value, dict) or (
            isinstance(value, str) and unit not in ("month", "date")
        ):
            return tr(value)
        if unit == "yesno":
            return "Oui" if value else "Non"
        if unit in ("month", "date"):
            return datetime.fromisoformat(value)
        return value

    def test_buttons(self):
        indicators = self.screen.with_user(self.insertion_manager)
        xlsx = indicators.action_export_xlsx()
        self.assertEqual(
            (xlsx["report_type"], xlsx["context"]["active_ids"]),
            ("xlsx", indicators.ids),
        )
        pdf = indicators.action_print_pdf()
        self.assertEqual(pdf["report_type"], "qweb-pdf")
        self.assertEqual(
            indicators.display_name,
            "Annexe financière ACI 2025 · Indicateurs du 01/01/2025 au 31/12/2025",
        )

    def test_xlsx_lines_name_nobody(self):
        book = self.workbook(self.screen)
        text = " ".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
        for employee in self.people.values():
            self.assertNotIn(employee.name.split()[0], text)
        lines = list(book["Personnes (lignes)"].iter_rows(values_only=True))
        self.assertEqual(lines[1][0], "Personne")
        self.assertEqual(len(lines) - 2, 7, "a title, a header and a line a person")
        self.assertTrue(all(re.fullmatch(r"P\d{2}", line[0]) for line in lines[2:]))
        # The hours lines add up to the hours worked.
        hour_lines = list(book["Heures (lignes)"].iter_rows(values_only=True))[2:]
        self.assertEqual(sum(line[2] for line in hour_lines), 4930)

    def test_screen_and_pdf_show_the_same_numbers(self):
        screen = rows_by_key(self.screen.figures_html)
        Report = self.env["ir.actions.report"].with_user(self.insertion_manager)
        report_html, _kind = Report._render_qweb_html(PDF, self.screen.ids)
        printed = rows_by_key(report_html.decode())
        self.assertEqual(printed, screen)
        self.assertEqual(plain(screen["hours.worked"][1]), "4 930,00")
        self.assertEqual(plain(screen["exits.dynamic_rate"][2]), "66,7 %")
        self.assertEqual(plain(screen["exits.dynamic_rate"][3]), "60,0 %")
        self.assertEqual(plain(screen["people.women"][1]), "3")

    def test_pdf_renders_with_wkhtmltopdf(self):
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(self.insertion_manager)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(PDF, self.screen.ids)
        )
        self.assertEqual(kind, "pdf")
        text = plain(
            " ".join(
                page.extract_text() for page in PdfFileReader(io.BytesIO(pdf)).pages
            )
        )
        for expected in (
            "Indicateurs pour les financeurs",
            "Annexe financière ACI 2025",
            "DDETS de Vaucluse",
            "4 930,00",  # hours worked
            "66,7 %",  # dynamic exits, against 60,0 %
            "33,3 %",  # lasting employment
        ):
            self.assertIn(expected, text)
        for employee in self.people.values():
            self.assertNotIn(employee.name.split()[0], text)

    def test_analysis_lines(self):
        action = self.screen.with_user(self.insertion_manager).action_open_lines()
        Line = self.env["sp.funder.indicator.line"].with_user(self.insertion_manager)
        lines = Line.search(action["domain"])
        self.assertEqual(sum(lines.mapped("hours")), 4930)
        self.assertEqual(sum(lines.mapped("people")), 7)
        by_sex = dict(Line._read_group(action["domain"], ["sex"], ["people:sum"]))
        self.assertEqual(by_sex, {"female": 3, "male": 4})
        self.assertEqual(self.screen.action_open_lines()["res_model"], Line._name)
        self.assertEqual(len(self.screen.line_ids), len(lines), "made once")

    def test_refresh_recomputes(self):
        indicators = self.screen.with_user(self.insertion_manager)
        indicators.action_open_lines()
        # Gaëlle, hired on 1 December, works 70 h in December after all.
        self._entries(self.people["Gaëlle"], {date(2025, 12, 15): 70})
        self.assertEqual(indicators.figures["values"]["people.total"], 7)
        self.assertIs(indicators.action_compute(), True)
        self.assertEqual(indicators.figures["values"]["people.total"], 8)
        self.assertEqual(indicators.figures["values"]["hours.worked"], 4930 + 70)
        self.assertFalse(indicators.line_ids, "the lines are made again on demand")
