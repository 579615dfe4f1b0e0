"""The hours ledger's screens, played in Chromium by the insertion manager."""

from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.tests import HttpCase

from .common import SpTestMixin, new_sp_user, schedule


class TestLedgerTours(SpTestMixin, HttpCase):
    def test_close_last_month(self):
        manager = new_sp_user(
            self.env,
            "sp_tour_resp_insertion",
            "Inès Responsable",
            "seconde_pousse.group_sp_insertion_manager",
        )
        self.env.company.sp_ledger_closed_until = False  # the demo closes a month
        last_month = date.today().replace(day=1) - relativedelta(months=1)
        employee = self.env["hr.employee"].create(
            {
                "name": "Anaïs Roche",
                "sp_role": "insertion",
                "date_version": last_month,
                "contract_date_start": last_month,
                "contract_date_end": last_month + relativedelta(months=6, days=-1),
                "contract_type_id": self.env.ref(
                    "seconde_pousse.contract_type_cddi"
                ).id,
                # 26 h: 6.5 h, Monday to Thursday.
                "resource_calendar_id": schedule(self.env, 6.5, days=4).id,
            }
        )
        days = [
            last_month + relativedelta(days=n)
            for n in range((last_month + relativedelta(months=1) - last_month).days)
        ]
        expected = 6.5 * sum(1 for day in days if day.weekday() < 4)

        self.start_tour(
            "/odoo/seconde-pousse-close-month",
            "sp_ledger_close_month_tour",
            login=manager.login,
        )
        self.assertEqual(self.env.company.sp_ledger_closed_until, days[-1])
        entries = self.env["hr.work.entry"].search([("employee_id", "=", employee.id)])
        self.assertEqual(set(entries.mapped("state")), {"validated"})
        self.assertEqual(sum(entries.mapped("duration")), expected)
