"""Screens for the planners at the desk and the supervisors in the field: the farm's
form and kanban, the satisfaction report, the review's form and its PDF."""

import ast
import io
from datetime import date

from lxml import etree

from odoo import Command
from odoo.tests import HttpCase
from odoo.tools.pdf import PdfFileReader
from odoo.tools.safe_eval import safe_eval

from .common import ReviewCase, SpCase

REPORT = "seconde_pousse.action_report_intervention_review"


def visible_in(arch, field_name, record_values):
    """The nodes of ``field_name`` in a form ``arch`` that show for a record with
    ``record_values``: neither the node nor any of its pages, groups... is invisible.

    Names the expressions use and ``record_values`` does not give are False.
    """

    def invisible(expression):
        if expression in (None, "", "0", "False"):
            return False
        names = {
            node.id
            for node in ast.walk(ast.parse(expression, mode="eval"))
            if isinstance(node, ast.Name)
        }
        return safe_eval(
            expression, {name: record_values.get(name, False) for name in names}
        )

    return [
        node
        for node in arch.iter("field")
        if node.get("name") == field_name
        and not any(
            invisible(element.get("invisible"))
            for element in (node, *node.iterancestors())
        )
    ]


class TestFarmScreens(SpCase):
    def partner_form(self):
        view = (
            self.env["res.partner"]
            .with_user(self.user)
            .get_view(self.env.ref("base.view_partner_form").id, "form")
        )
        return etree.fromstring(view["arch"])

    def test_farm_tab_holds_siret_and_membership_once(self):
        arch = self.partner_form()
        farm = {
            "sp_is_farm": True,
            "is_company": True,
            "parent_id": False,
            "member_line_ids": [1],
            "l10n_fr_is_french": True,  # a farm of the Pays d'Aix
        }
        for field_name in ("company_registry", "membership_state", "member_line_ids"):
            nodes = visible_in(arch, field_name, farm)
            self.assertEqual(
                len(nodes), 1, f"{field_name} shows once on a farm's form, not {nodes}"
            )
            self.assertEqual(
                [page.get("name") for page in nodes[0].iterancestors("page")],
                ["sp_farm"],
                f"{field_name} is on the farm's tab",
            )
        siret = visible_in(arch, "company_registry", farm)[0]
        self.assertEqual(siret.get("string"), "SIRET")
        self.assertEqual(
            [page.get("name") for page in arch.xpath("//page[@autofocus]")],
            ["sp_farm"],
            "a farm's form opens on the farm's tab",
        )

    def test_other_companies_keep_their_siret_and_membership(self):
        arch = self.partner_form()
        company = {
            "sp_is_farm": False,
            "is_company": True,
            "parent_id": False,
            "member_line_ids": [1],
        }
        for french in (True, False):
            company["l10n_fr_is_french"] = french
            self.assertEqual(len(visible_in(arch, "company_registry", company)), 1)
        (state,) = visible_in(arch, "membership_state", company)
        self.assertEqual(
            [page.get("name") for page in state.iterancestors("page")],
            ["membership"],
            "OCA membership's own tab, for the association's other members",
        )

    def test_farm_kanban_shows_productions_not_a_letter_avatar(self):
        view = (
            self.env["res.partner"]
            .with_user(self.user)
            .get_view(self.env.ref("seconde_pousse.sp_farm_view_kanban").id, "kanban")
        )
        arch = etree.fromstring(view["arch"])
        names = [node.get("name") for node in arch.iter("field")]
        self.assertFalse(
            {"avatar_128", "image_128", "image_1920"} & set(names),
            "no avatar on the farm's card",
        )
        (productions,) = arch.xpath("//field[@name='sp_production_ids']")
        self.assertEqual(productions.get("widget"), "many2many_tags")
        self.assertIn("color_field", productions.get("options"))

    def test_membership_states_read_in_french(self):
        # OCA membership gives res.partner's state the raw (English) list of the
        # membership lines' states: needs the fix described in the issue note.
        selection = dict(
            self.env["res.partner"]
            .with_user(self.user)
            .fields_get(["membership_state"])["membership_state"]["selection"]
        )
        self.assertEqual(selection["none"], "Non membre")
        self.assertEqual(selection["waiting"], "Membre en attente")
        self.assertEqual(selection["paid"], "Membre payant")


class TestReviewScreens(ReviewCase):
    def render(self, review):
        return (
            self.env["ir.actions.report"]
            .with_user(self.user)
            ._render_qweb_html(REPORT, review.ids)[0]
            .decode()
        )

    def test_form_and_pdf_say_travail_demande_and_travail_realise(self):
        review = self.signed_review(self.done_intervention())
        review.work_done = "<p>Pommes cueillies sur les rangs 1 à 14.</p>"
        review.action_complete()
        html = self.render(review)
        form = (
            self.env["sp.intervention.review"]
            .with_user(self.user)
            .get_view(
                self.env.ref("seconde_pousse.sp_intervention_review_view_form").id,
                "form",
            )["arch"]
        )
        labels = (
            self.env["sp.intervention.review"]
            .with_user(self.user)
            .fields_get(["work_asked", "work_done"], ["string"])
        )
        for words in (html, form):
            self.assertIn("Travail demandé", words)
            self.assertIn("Travail réalisé", words)
            self.assertNotIn("Travail fait", words)
            self.assertNotIn("Réalisée", words)
        self.assertEqual(labels["work_asked"]["string"], "Travail demandé")
        self.assertEqual(labels["work_done"]["string"], "Travail réalisé")

    def test_signature_shows_only_when_signed(self):
        review = self.signed_review(self.done_intervention(), signer="Martine Roux")
        review.action_complete()
        html = self.render(review)
        self.assertIn("Signature de l'agriculteur·trice", html)
        self.assertIn(
            '<img style="max-height: 2.5cm; max-width: 7cm;" src="data:', html
        )
        self.assertIn("Martine Roux", html)
        self.assertNotIn("Validé sans signature", html)

    def test_validated_without_signature_says_by_whom_and_why(self):
        review = self.done_intervention().review_id.with_user(self.user)
        review.validation_reason = "Bilan fait par téléphone le lendemain."
        review.action_complete()
        html = self.render(review)
        self.assertIn("Validé sans signature", html)
        self.assertIn("Karim Encadrant", html, "who completed it")
        self.assertIn("Bilan fait par téléphone le lendemain.", html, "and why")
        self.assertNotIn("Signature de l'agriculteur·trice", html)
        self.assertNotIn('name="signature"', html, "no signature block")

    def test_validated_without_signature_in_french(self):
        review = self.done_intervention().review_id.with_user(self.user)
        review.validation_reason = "Bilan fait par téléphone le lendemain."
        review.action_complete()
        html = self.render(review)
        self.assertIn("<span>Validé par</span> <span>Karim Encadrant</span>", html)
        self.assertIn("<span>Motif :</span>", html)

    def test_review_to_complete_shows_no_signature_block(self):
        html = self.render(self.done_intervention().review_id)
        self.assertNotIn("Signature de l'agriculteur·trice", html)
        self.assertNotIn("Validé sans signature", html)

    def test_satisfaction_graph_shows_averages(self):
        view = (
            self.env["sp.intervention.review"]
            .with_user(self.user)
            .get_view(
                self.env.ref("seconde_pousse.sp_intervention_review_view_graph").id,
                "graph",
            )
        )
        graph = etree.fromstring(view["arch"])
        self.assertEqual(graph.get("stacked"), "0", "a sum of averages means nothing")
        measures = graph.xpath("//field[@type='measure']")
        self.assertEqual([node.get("name") for node in measures], ["overall_score"])
        Review = self.env["sp.intervention.review"]
        for score in ("overall_score", "quality_score", "punctuality_score"):
            self.assertEqual(Review._fields[score].aggregator, "avg")

        for day, rating in ((0, "5"), (1, "3")):
            review = self.signed_review(
                self.done_intervention(workers=self.workers[day : day + 1], day=day)
            )
            review.overall_rating = rating
            review.action_complete()
        [(month, average)] = Review.with_user(self.user)._read_group(
            [("farm_id", "=", self.farm.id), ("state", "=", "done")],
            ["date:month"],
            ["overall_score:avg"],
        )
        self.assertEqual(average, 4, "the month's average, on the 1 to 5 scale")


class TestDemoCompany(SpCase):
    """The demo database's company is the association (a database installed with
    this addon's demo data: `./tools/test`, `./tools/demo`)."""

    def test_demo_company_is_the_association_in_euros(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.name, "Aix Multi Services Environnement")
        self.assertEqual(
            (company.zip, company.city, company.country_id.code),
            ("13640", "La Roque-d'Anthéron", "FR"),
        )
        self.assertEqual(company.currency_id.name, "EUR")
        self.assertEqual(company.paperformat_id.format, "A4")
        lines = self.env["account.move.line"].search([("company_id", "=", company.id)])
        self.assertEqual(set(lines.company_currency_id.mapped("name")), {"EUR"})


class TestReviewPdfOnePage(ReviewCase, HttpCase):
    """wkhtmltopdf lays the PDF out with the report's style sheets, which it loads
    from the server: this test needs one (pytest's ``--odoo-http``)."""

    def test_review_of_a_normal_crew_fits_one_page(self):
        self.env["ir.config_parameter"].set_param("report.url", self.base_url())
        self.farm.child_ids.lang = "fr_FR"
        intervention = self.done_intervention(
            workers=self.workers[:8],
            description=(
                "<p>Taille d'entretien de 120 oliviers (aglandau et salonenque) sur "
                "les restanques du haut du moulin.</p><ul><li>Éclaircir le centre des "
                "arbres, supprimer les gourmands au pied.</li><li>Broyage des rameaux "
                "en bout de rang avec le broyeur de l'huilerie, paillage des pieds "
                "avec le broyat.</li></ul>"
            ),
            task_type_ids=[
                Command.set(
                    (
                        self.harvest | self.env.ref("seconde_pousse.task_type_pruning")
                    ).ids
                )
            ],
        )
        review = self.signed_review(intervention)
        review.write(
            {
                "date": date(2026, 6, 1),
                "work_done": (
                    "<p>118 oliviers taillés sur les 120 prévus : les deux plus vieux "
                    "arbres du haut seront taillés par l'huilerie avec la nacelle.</p>"
                    "<p>Rameaux broyés en bout de rang et broyat étalé au pied des "
                    "arbres des trois premières restanques.</p>"
                ),
                "objectives_met": "partly",
                "quality_rating": "5",
                "punctuality_rating": "4",
                "attitude_rating": "5",
                "overall_rating": "5",
                "farmer_comment": "Travail très soigné, les arbres sont bien ouverts. "
                "L'équipe a su s'adapter aux restanques malgré le vent.",
                "team_comment": "Bon accueil, café offert à la pause. Prévoir plus de "
                "sécateurs électriques la prochaine fois.",
                "follow_up_wishes": "Paillage des jeunes plants en novembre.",
            }
        )
        review.action_complete()
        pdf, _report_type = (
            self.env["ir.actions.report"]
            .with_user(self.user)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, review.ids)
        )
        # US Letter here (Odoo's demo company) or A4 (the association's): the
        # shorter of the two.
        pages = PdfFileReader(io.BytesIO(pdf)).pages
        self.assertEqual(len(pages), 1, "the farm's copy fits one page, signed")
