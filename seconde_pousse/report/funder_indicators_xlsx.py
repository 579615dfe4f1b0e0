from odoo import _, fields, models

from ..wizard.funder_indicators import INSERTION_MANAGER


class ReportFunderIndicatorsXlsx(models.AbstractModel):
    """The funders' workbook: a sheet per block of indicators, then, for the
    Responsable insertion, a sheet per kind of pseudonymous line behind them.
    Written from the stored figures of the computation, as the screen and the
    PDF are: the same numbers."""

    _name = "report.seconde_pousse.funder_indicators_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Funders' Indicators Workbook"

    def generate_xlsx_report(self, workbook, data, objs):
        for indicators in objs:
            indicators.check_access("read")
            figures = indicators.figures
            formats = self._sp_formats(workbook, indicators.company_id.currency_id)
            # The labels in the reader's language, whoever computed.
            formats["tr"] = indicators._sp_text
            self._sp_write_summary(workbook, formats, indicators, figures)
            for block in figures["blocks"]:
                sheet = workbook.add_worksheet(indicators._sp_text(block["title"])[:31])
                row = 0
                for table in block["tables"]:
                    row = self._sp_write_table(sheet, formats, table, row) + 1
            # The person-level lines: for the Responsable insertion only.
            if not self.env.user.has_group(INSERTION_MANAGER):
                continue
            for lines in indicators.person_lines["blocks"]:
                for table in lines:
                    sheet = workbook.add_worksheet(
                        indicators._sp_text(table["title"])[:31]
                    )
                    self._sp_write_table(sheet, formats, table, 0, first_width=12)
                    sheet.freeze_panes(2, 1)  # the headers and the person stay

    def _sp_formats(self, workbook, currency):
        return {
            "title": workbook.add_format({"bold": True, "font_size": 13}),
            "header": workbook.add_format(
                {"bold": True, "bg_color": "#E8F0E3", "bottom": 1, "text_wrap": True}
            ),
            "text": workbook.add_format({}),
            "count": workbook.add_format({"num_format": "0"}),
            "hours": workbook.add_format({"num_format": "#,##0.00"}),
            "fte": workbook.add_format({"num_format": "0.00"}),
            "rate": workbook.add_format({"num_format": "0.0%"}),
            "amount": workbook.add_format(
                {"num_format": self._report_xlsx_currency_format(currency)}
            ),
            "month": workbook.add_format({"num_format": "mm/yyyy"}),
            "date": workbook.add_format({"num_format": "dd/mm/yyyy"}),
        }

    def _sp_write_summary(self, workbook, formats, indicators, figures):
        params = figures["params"]
        agreement = params["agreement"] or params["agreements"]
        sheet = workbook.add_worksheet(_("Summary"))
        sheet.set_column(0, 0, 44)
        sheet.set_column(1, 1, 36)
        sheet.write(0, 0, _("Funders' Indicators"), formats["title"])
        rows = [
            (_("Structure"), params["company"], "text"),
            (_("From"), params["date_from"], "date"),
            (_("Until"), params["date_to"], "date"),
            (_("Funding agreement"), agreement, "text"),
            (_("Funder"), params["funder"], "text"),
            (_("RSA recipients only"), params["rsa_only"], "yesno"),
            (_("Annual hours of a full-time post"), params["hours_reference"], "hours"),
        ]
        for index, (label, value, unit) in enumerate(rows, start=2):
            sheet.write(index, 0, label)
            self._sp_write_cell(sheet, formats, index, 1, value, unit)

    def _sp_write_table(self, sheet, formats, table, row, first_width=44):
        """Write ``table`` from ``row``; returns the row after it."""
        tr = formats["tr"]
        sheet.write(row, 0, tr(table["title"]), formats["title"])
        row += 1
        sheet.set_column(0, 0, first_width)
        sheet.set_column(1, len(table["headers"]), 16)
        for col, header in enumerate(table["headers"]):
            sheet.write(row, col, tr(header), formats["header"])
        for line in table["rows"]:
            row += 1
            cells = line["cells"] if isinstance(line, dict) else line
            row_unit = line.get("unit") if isinstance(line, dict) else None
            for col, value in enumerate(cells):
                unit = table["units"][col]
                if row_unit and col:
                    unit = row_unit
                self._sp_write_cell(sheet, formats, row, col, value, unit)
        return row + 1

    def _sp_write_cell(self, sheet, formats, row, col, value, unit):
        if value is None or value == "" or (value is False and unit != "yesno"):
            sheet.write_blank(row, col, None)
        elif isinstance(value, dict) or (
            isinstance(value, str) and unit not in ("month", "date")
        ):
            # A label, a selection's code, or why a rate has none: in words.
            sheet.write_string(row, col, formats["tr"](value))
        elif unit == "yesno":
            sheet.write(row, col, _("Yes") if value else _("No"))
        elif unit in ("month", "date"):
            day = fields.Date.to_date(value)
            sheet.write_datetime(
                row, col, fields.Datetime.to_datetime(day), formats[unit]
            )
        elif unit == "text":
            sheet.write_string(row, col, str(value))
        else:
            sheet.write_number(row, col, value, formats.get(unit, formats["hours"]))
