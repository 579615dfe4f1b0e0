"""The "Bilan d'intervention" PDF, and the e-mail that takes it to the farm."""

import io

from odoo.tools.pdf import PdfFileReader

from .common import ReviewCase

REPORT = "seconde_pousse.action_report_intervention_review"


class TestReviewReport(ReviewCase):
    def setUp(self):
        super().setUp()
        self.intervention = self.done_intervention()
        self.review = self.signed_review(self.intervention, signer="Martine Roux")
        self.review.write(
            {
                "work_done": "<p>Pommes cueillies sur les rangs 1 à 14.</p>",
                "objectives_met": "yes",
                "overall_rating": "5",
                "quality_rating": "4",
                "farmer_comment": "Équipe très efficace.",
            }
        )
        self.review.with_user(self.hr_officer).write(
            {
                "observation_ids": [
                    (
                        0,
                        0,
                        {
                            "employee_id": self.workers[0].id,
                            "note": "Note confidentielle CIP",
                        },
                    )
                ]
            }
        )
        self.review.action_complete()

    def test_pdf_renders_with_wkhtmltopdf(self):
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_user(self.user)
            .with_context(
                force_report_rendering=True,
            )
            ._render_qweb_pdf(REPORT, self.review.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = " ".join(
            page.extract_text() for page in PdfFileReader(io.BytesIO(pdf)).pages
        )
        text = " ".join(text.split())
        for expected in (
            "Bilan d'intervention",
            self.intervention.name,
            "EARL Les Vergers de Rognes",
            "Martine Roux",
            "Équipe très efficace.",
            "Très satisfait",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("Note confidentielle", text)
        self.assertNotIn("Salarié 01", text, "no worker is named on the farm's copy")

    def test_html_shows_the_signature(self):
        html = (
            self.env["ir.actions.report"]
            .with_user(self.user)
            ._render_qweb_html(REPORT, self.review.ids)[0]
            .decode()
        )
        self.assertIn('src="data:image/png;base64,', html)
        self.assertIn("Martine Roux", html)
        self.assertIn("Sophie", html, "the supervisor's first name is on it")
        self.assertNotIn("Encadrante", html, "not her surname")
        self.assertIn("2 <span>salarié·e·s</span>", html, "and the team size")

    def test_validated_without_signature(self):
        other = self.done_intervention(
            workers=self.workers[5:6], day=3
        ).review_id.with_user(self.user)
        other.validation_reason = "Bilan fait par téléphone."
        other.action_complete()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(REPORT, other.ids)[0]
            .decode()
        )
        self.assertIn("Validé sans signature", html)
        self.assertIn("Bilan fait par téléphone.", html)

    def test_send_by_email_in_french_with_the_pdf(self):
        self.farm.child_ids.email = "martine.roux@example.fr"
        action = self.review.with_user(self.user).action_send()
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.user)
            .with_context(action["context"])
            .create({})
        )
        self.assertEqual(composer.partner_ids, self.farm.child_ids)
        self.assertEqual(
            composer.subject,
            f"{self.env.company.name} - Bilan de l'intervention "
            f"{self.intervention.name}",
        )
        self.assertIn("Merci d'avoir accueilli l'équipe Seconde Pousse", composer.body)
        composer.with_context(force_report_rendering=True)._action_send_mail()
        message = self.review.message_ids[0]
        self.assertEqual(
            message.attachment_ids.mapped("name"),
            [f"Bilan {self.intervention.name.replace('/', '-')}.pdf"],
        )
        self.assertEqual(message.partner_ids, self.farm.child_ids)
