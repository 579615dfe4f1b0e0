"""HR's flows over XML-RPC, as a payroll or reporting script runs them: the
insertion contract's rules, the monthly hours, closing a month and the funders'
indicators; refused in French, or as an access error, to whoever may not."""

from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase

from .common import (
    ACCESS_ERROR,
    USER_ERROR,
    SpTestMixin,
    XmlRpcMixin,
    new_sp_user,
    schedule,
)
from .pathway_common import INSERTION_MANAGER


class TestInsertionRpc(XmlRpcMixin, SpTestMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The Responsable insertion, who also keeps the contracts (an HR manager).
        cls.manager = new_sp_user(
            cls.env,
            "sp_rpc_resp",
            "Hélène Responsable",
            f"hr.group_hr_manager,{INSERTION_MANAGER}",
        )
        cls.supervisor = new_sp_user(cls.env, "sp_rpc_encadrant", "Karim Encadrant")
        cls.week_26 = schedule(cls.env, 6.5, days=4)
        cls.week_19_5 = schedule(cls.env, 6.5, days=3)
        cls.cddi = cls.env.ref("seconde_pousse.contract_type_cddi")

    def hire_vals(self, calendar):
        return {
            "name": "Yasmine Belkacem",
            "sp_role": "insertion",
            "date_version": "2026-01-05",
            "contract_date_start": "2026-01-05",
            "contract_date_end": "2026-07-04",
            "contract_type_id": self.cddi.id,
            "resource_calendar_id": calendar.id,
        }

    def test_contract_rules(self):
        manager = self.rpc(self.manager)
        message = self.assertFault(
            USER_ERROR, manager, "hr.employee", "create", self.hire_vals(self.week_19_5)
        )
        self.assertIn("entre 20 et 35 heures par semaine", message)
        self.assertFalse(
            self.env["hr.employee"].search([("name", "=", "Yasmine Belkacem")]),
            "nothing written",
        )
        employee_id = manager("hr.employee", "create", self.hire_vals(self.week_26))
        [employee] = manager(
            "hr.employee", "read", [employee_id], ["contract_type_id", "ssnid"]
        )
        self.assertEqual(employee["contract_type_id"][0], self.cddi.id)
        # The NIR is the CIP's: a supervisor cannot even ask for it.
        self.assertFault(
            ACCESS_ERROR,
            self.rpc(self.supervisor),
            "hr.employee",
            "read",
            [employee_id],
            ["ssnid"],
        )

    def test_monthly_hours_and_closing_a_month(self):
        self.env.company.sp_ledger_closed_until = False
        last_month = fields.Date.today().replace(day=1) - relativedelta(months=1)
        manager = self.rpc(self.manager)
        rows = manager(
            "sp.monthly.hours",
            "search_read",
            [],
            ["employee_id", "month", "hours_worked", "hours_paid"],
            limit=5,
        )
        self.assertTrue(rows, "the demo's ledger is read")
        self.assertTrue(all(row["hours_paid"] >= 0 for row in rows))
        self.assertFault(
            ACCESS_ERROR,
            self.rpc(self.supervisor),
            "sp.monthly.hours",
            "search_read",
            [],
            ["hours_worked"],
        )

        wizard_id = manager("sp.ledger.close", "create", {"month": str(last_month)})
        self.assertNotIn(
            manager("sp.ledger.close", "action_close", [wizard_id]), (None, False)
        )
        self.assertEqual(
            self.env.company.sp_ledger_closed_until,
            last_month + relativedelta(months=1, days=-1),
        )
        # The same month again: refused in French.
        wizard_id = manager("sp.ledger.close", "create", {"month": str(last_month)})
        message = self.assertFault(
            USER_ERROR, manager, "sp.ledger.close", "action_close", [wizard_id]
        )
        self.assertIn("est déjà clôturé", message)
        self.assertFault(
            ACCESS_ERROR,
            self.rpc(self.supervisor),
            "sp.ledger.close",
            "create",
            {"month": str(last_month)},
        )

    def test_funders_indicators(self):
        year = fields.Date.today().year
        manager = self.rpc(self.manager)
        vals = {"date_from": f"{year}-01-01", "date_to": f"{year}-12-31"}
        indicators_id = manager("sp.funder.indicators", "create", vals)
        [read] = manager("sp.funder.indicators", "read", [indicators_id], ["figures"])
        figures = self.env["sp.funder.indicators"].browse(indicators_id).figures
        self.assertEqual(read["figures"], figures, "the same figures as on screen")
        self.assertTrue(
            manager("sp.funder.indicators", "action_compute", [indicators_id])
        )
        # A period that is not whole months: refused in French, nothing created.
        count = self.env["sp.funder.indicators"].search_count([])
        message = self.assertFault(
            USER_ERROR,
            manager,
            "sp.funder.indicators",
            "create",
            {"date_from": f"{year}-01-15", "date_to": f"{year}-12-31"},
        )
        self.assertIn("mois entiers", message)
        self.assertEqual(self.env["sp.funder.indicators"].search_count([]), count)
        self.assertFault(
            ACCESS_ERROR,
            self.rpc(self.supervisor),
            "sp.funder.indicators",
            "create",
            {"date_from": str(date(year, 1, 1)), "date_to": str(date(year, 12, 31))},
        )
