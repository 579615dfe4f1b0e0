"""Member farms as the coordinator finds them."""

from datetime import timedelta

from odoo.tools.safe_eval import safe_eval

from .common import SpCase


class TestFarm(SpCase):
    def test_farms_action_lists_farms_only(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "seconde_pousse.sp_farm_action"
        )
        Partner = self.env["res.partner"].with_user(self.user)
        farms = Partner.search(safe_eval(action["domain"]))
        self.assertIn(self.farm, farms)
        self.assertNotIn(
            self.farm.child_ids, farms, "the farm's contacts are not farms"
        )

    def test_search_by_production_and_commune(self):
        olive = self.env.ref("seconde_pousse.production_olive")
        self.other_farm.sp_production_ids = olive
        Partner = self.env["res.partner"].with_user(self.user)
        self.assertEqual(
            Partner.search(
                [("sp_is_farm", "=", True), ("sp_production_ids", "=", olive.id)]
            )
            & (self.farm | self.other_farm),
            self.other_farm,
        )
        self.assertEqual(
            Partner.search([("sp_is_farm", "=", True), ("city", "ilike", "rognes")])
            & (self.farm | self.other_farm),
            self.farm,
        )

    def test_membership_state_and_interventions_on_farm(self):
        self.assertEqual(self.farm.with_user(self.user).membership_state, "none")
        self.create_intervention(workers=self.workers[:1])
        self.create_intervention(
            workers=self.workers[1:2], start=self.start + timedelta(days=1)
        )
        self.assertEqual(self.farm.with_user(self.user).sp_intervention_count, 2)
        action = self.farm.with_user(self.user).action_view_sp_interventions()
        self.assertEqual(
            self.env["sp.intervention"]
            .with_user(self.user)
            .search_count(action["domain"]),
            2,
        )
        self.assertEqual(action["context"]["default_farm_id"], self.farm.id)
