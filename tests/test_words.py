"""French that reads right: words that used to collide now say different things."""

from lxml import etree

from .common import SpCase


class TestFrenchWords(SpCase):
    def _label(self, model, fname):
        field = self.env["ir.model.fields"]._get(model, fname)
        return field.with_context(lang="fr_FR").field_description

    def _form_page(self, name):
        arch = (
            self.env["sp.intervention"]
            .with_user(self.user)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        return etree.fromstring(arch).find(f".//page[@name='{name}']").get("string")

    def test_team_members_are_not_the_associations_members(self):
        self.assertEqual(self._label("sp.team", "member_ids"), "Membres de l'équipe")
        farm_search = (
            self.env["res.partner"]
            .with_user(self.user)
            .get_views(
                [(self.env.ref("seconde_pousse.sp_farm_view_search").id, "search")]
            )
        )
        self.assertIn("Adhérentes", farm_search["views"]["search"]["arch"])

    def test_crew_and_team_differ_on_the_form(self):
        crew, team = self._form_page("crew"), self._label("sp.intervention", "team_id")
        self.assertEqual((crew, team), ("Effectif", "Équipe"))
        self.assertEqual(self._label("sp.intervention", "worker_count"), "Effectif")

    def test_duration_reads_as_a_duration(self):
        self.assertEqual(self._label("sp.intervention", "planned_duration"), "Durée")

    def test_check_out_is_a_handover_not_a_way_out(self):
        loan_form = (
            self.env["sp.equipment.loan"]
            .with_user(self.user)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        button = etree.fromstring(loan_form).find(
            ".//button[@name='action_open_handover']"
        )
        self.assertEqual(button.get("string"), "Remettre le matériel")


class TestPlannerKanban(SpCase):
    def test_empty_closed_columns_are_folded(self):
        self.create_intervention(workers=self.workers[:1])
        groups = (
            self.env["sp.intervention"]
            .with_user(self.user)
            .with_context(read_group_expand=True)  # as the kanban asks
            .formatted_read_group(
                [("farm_id", "=", self.farm.id), ("state", "!=", "cancelled")],
                ["state"],
                ["__count"],
            )
        )
        folded = {group["state"] for group in groups if group.get("__fold")}
        self.assertEqual(folded, {"cancelled", "invoiced"})
