"""Who sees the funders' indicators: the Insertion Manager and management; never
the supervisors, a CIP who is not the manager, or a farm."""

import io

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .funders_fixture import FundersCase

XLSX = "seconde_pousse.action_report_funder_indicators_xlsx"
PDF = "seconde_pousse.action_report_funder_indicators"
MODELS = ("sp.funding.agreement", "sp.funder.indicators", "sp.funder.indicator.line")


class TestFundersAccess(FundersCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.farmer = new_test_user(
            cls.env,
            "sp_funders_farm",
            groups="base.group_portal",
            name="Martine Roux",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.computed = (
            cls.env["sp.funder.indicators"]
            .with_user(cls.insertion_manager)
            .create(
                {"company_id": cls.company.id, "agreement_id": cls.state_agreement.id}
            )
        )
        cls.computed.action_open_lines()

    def test_insertion_manager_and_management(self):
        by_manager = self.indicators(user=self.insertion_manager).figures["values"]
        by_coordinator = self.indicators(user=self.coordinator).figures["values"]
        self.assertEqual(by_coordinator, by_manager)
        self.assertEqual(by_coordinator["people.total"], 7)
        # From the agreement's form too.
        agreement = self.state_agreement.with_user(self.coordinator)
        action = agreement.action_open_indicators()
        self.assertEqual(action["res_model"], "sp.funder.indicators")
        # Management computes the figures, yet reads no pathway.
        with self.assertRaises(AccessError):
            self.env["sp.pathway"].with_user(self.coordinator).search([])
        for user in (self.insertion_manager, self.coordinator):
            Report = self.env["ir.actions.report"].with_user(user)
            content, _kind = Report._render_xlsx(XLSX, self.computed.ids, None)
            self.assertTrue(content.startswith(b"PK"))
            self.assertTrue(Report._render_qweb_html(PDF, self.computed.ids)[0])
        lines = self.env["sp.funder.indicator.line"].with_user(self.insertion_manager)
        self.assertEqual(sum(lines.search([]).mapped("hours")), 4930)

    def test_person_lines_for_the_insertion_manager_only(self):
        """The pseudonymous lines would let a coordinator, who knows who worked
        when, recognise a person and learn an RQTH: they get the aggregates."""
        computed = self.computed.with_user(self.coordinator)
        self.assertTrue(computed.figures["values"])
        self.assertNotIn("analysis", computed.figures)
        self.assertFalse(any("lines" in block for block in computed.figures["blocks"]))
        with self.assertRaises(AccessError):
            computed.read(["person_lines"])
        with self.assertRaises(AccessError):
            computed.action_open_lines()
        with self.assertRaises(AccessError):
            self.env["sp.funder.indicator.line"].with_user(self.coordinator).search([])
        self.assertTrue(computed.action_compute(), "refreshing stays theirs")
        sheets = {
            user: openpyxl.load_workbook(
                io.BytesIO(
                    self.env["ir.actions.report"]
                    .with_user(user)
                    ._render_xlsx(XLSX, self.computed.ids, None)[0]
                )
            ).sheetnames
            for user in (self.coordinator, self.insertion_manager)
        }
        self.assertNotIn("Personnes (lignes)", sheets[self.coordinator])
        self.assertIn("Personnes", sheets[self.coordinator])
        self.assertIn("Personnes (lignes)", sheets[self.insertion_manager])

    def test_never_the_others(self):
        for user in (self.supervisor, self.cip, self.farmer):
            for model in MODELS:
                with self.assertRaises(AccessError, msg=f"{user.login} {model}"):
                    self.env[model].with_user(user).search([])
            with self.assertRaises(AccessError):
                self.indicators(user=user)
            with self.assertRaises(AccessError):
                self.computed.with_user(user).read(["figures"])
            with self.assertRaises(AccessError):
                self.env["ir.actions.report"].with_user(user)._render_xlsx(
                    XLSX, self.computed.ids, None
                )
            with self.assertRaises(AccessError):
                self.env["ir.actions.report"].with_user(user)._render_qweb_html(
                    PDF, self.computed.ids
                )
            with self.assertRaises(AccessError):
                self.state_agreement.with_user(user).write({"fte_agreed": 10})
        self.assertEqual(self.state_agreement.fte_agreed, 4.0)

    def test_menus(self):
        Menu = self.env["ir.ui.menu"]
        funders = self.env.ref("seconde_pousse.menu_sp_funders_indicators")
        insertion = self.env.ref("seconde_pousse.menu_sp_insertion_funders_indicators")
        for user, visible in (
            (self.insertion_manager, {insertion}),
            (self.coordinator, {funders}),
            (self.supervisor, set()),
            (self.cip, set()),
        ):
            menus = Menu.with_user(user).load_menus(debug=False)
            shown = {menu for menu in (funders, insertion) if menu.id in menus}
            self.assertEqual(shown, visible, user.login)
