"""Days still to come are planned, not worked: the monthly hours count the
hours worked up to today, and show the rest of the month as planned."""

from datetime import date

from .test_ledger import JUNE, LedgerCase

TODAY = date(2026, 6, 10)  # a Wednesday


class TestPlannedNotWorked(LedgerCase):
    def test_month_in_progress(self):
        """June 2026 seen on Wednesday 10 June, hand-counted.

        Anaïs, Monday to Thursday, 6.5 h: worked Mon 1, Tue 2, Wed 3, Thu 4, Mon 8,
        Tue 9, Wed 10 = 7 days x 6.5 = 45.5 h; planned the 11 other scheduled days
        of June (18 in all) = 11 x 6.5 = 71.5 h.
        Bruno, Monday to Friday, 7 h: worked 1-5 and 8-10 June = 8 days x 7 = 56 h;
        planned 22 - 8 = 14 days x 7 = 98 h.
        """
        self.generate(JUNE)
        Monthly = self.Monthly.with_user(self.cip).with_context(sp_today=TODAY)
        rows = {
            row.employee_id: row
            for row in Monthly.search(
                [
                    ("employee_id", "in", (self.anais | self.bruno).ids),
                    ("month", "=", JUNE),
                ]
            )
        }
        anais, bruno = rows[self.anais], rows[self.bruno]
        self.assertEqual(
            (
                anais.hours_worked,
                anais.hours_farm,
                anais.hours_paid,
                anais.hours_planned,
            ),
            (45.5, 45.5, 45.5, 71.5),
        )
        self.assertEqual((bruno.hours_worked, bruno.hours_planned), (56.0, 98.0))
        # What the funders' figures read.
        figures = Monthly._sp_figures(self.anais, [JUNE])[self.anais.id, JUNE]
        self.assertEqual(figures["hours_worked"], 45.5)
        # Once the month is over, all of it is worked.
        self.Monthly.invalidate_model()
        over = self.Monthly.with_context(sp_today=date(2026, 7, 1)).search(
            [("employee_id", "=", self.anais.id), ("month", "=", JUNE)]
        )
        self.assertEqual((over.hours_worked, over.hours_planned), (117.0, 0.0))
