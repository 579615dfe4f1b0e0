"""The farm's e-mails arrive, as mails actually created for each recipient; the
farm changes or cancels its request until it is planned; forged signatures are
refused in French."""

import json
from datetime import datetime, timedelta

from odoo import Command, fields

from odoo.addons.mail.tests.common import MockEmail

from .common import new_sp_user
from .test_portal import PortalCase

SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAA"
    "AABJRU5ErkJggg=="
)


class MailsCase(MockEmail, PortalCase):
    def mails_to(self, partner):
        """The ``mail.mail`` created for ``partner`` while the gateway was mocked."""
        return self._new_mails.filtered(lambda mail: partner in mail.recipient_ids)

    def future_job(self, days=30, farm=None):
        start = datetime.combine(
            fields.Date.today() + timedelta(days=days), datetime.min.time()
        )
        return (
            self.env["sp.intervention"]
            .with_user(self.manager)
            .create(
                {
                    "farm_id": (farm or self.farm).id,
                    "task_type_ids": [Command.link(self.harvest.id)],
                    "planned_start": start + timedelta(hours=6),
                    "planned_end": start + timedelta(hours=13),
                    "supervisor_id": self.supervisor.id,
                    "workers_needed": 2,
                    "worker_line_ids": [
                        Command.create({"employee_id": w.id}) for w in self.workers[:2]
                    ],
                }
            )
        )


class TestFarmMails(MailsCase):
    def _request(self):
        self.login()
        today = fields.Date.today()
        form = {
            "csrf_token": self.csrf_token(),
            "requested_date_from": str(today + timedelta(days=10)),
            "task_type_ids": [str(self.harvest.id)],
            "description": "Cueillette des poires, 2 ha.",
            "workers_needed": "4",
        }
        response = self.url_open("/my/interventions/new", data=form)
        self.assertEqual(response.status_code, 200)
        return self.env["sp.intervention"].search(
            [("farm_id", "=", self.farm.id), ("state", "=", "draft")]
        )

    def test_request_received_reaches_the_farm_not_the_coordinators(self):
        with self.mock_mail_gateway():
            request = self._request()
        mail = self.mails_to(self.contact)
        self.assertEqual(len(mail), 1, "the farm gets its acknowledgement by e-mail")
        self.assertIn("Nous avons bien reçu votre demande", mail.subject)
        self.assertIn(f"access_token={request.access_token}", mail.body_html)
        self.assertFalse(
            self.mails_to(self.manager.partner_id).filtered(
                lambda mail: "Nous avons bien reçu" in mail.subject
            ),
            "the coordinator gets an activity, not a copy of the farm's mail",
        )
        self.assertIn(self.manager, request.activity_ids.user_id)
        self.assertIn(self.contact, request.message_partner_ids)
        self.assertNotIn(self.manager.partner_id, request.message_partner_ids)

    def test_a_staff_reply_from_the_chatter_reaches_the_farm(self):
        job = self.future_job()
        self.assertIn(
            self.contact, job.message_partner_ids, "the contact follows its job"
        )
        with self.mock_mail_gateway():
            job.with_user(self.manager).message_post(
                body="Nous viendrons avec la remorque.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        mail = self.mails_to(self.contact)
        self.assertEqual(len(mail), 1)
        self.assertIn("Nous viendrons avec la remorque.", mail.body_html)

    def test_confirmation_mail_with_its_link_made_at_confirmation(self):
        job = self.future_job()
        job.action_plan()
        job.action_confirm()
        token = job.access_token
        self.assertTrue(token, "the link is made when the job is confirmed")
        with self.mock_mail_gateway():
            self.env["sp.intervention"]._cron_notify_farms()
        mail = self.mails_to(self.contact)
        self.assertEqual(len(mail), 1)
        self.assertIn("est confirmée", mail.subject)
        self.assertIn(f"access_token={token}", mail.body_html)
        self.assertEqual(job.access_token, token, "the cron does not write it")
        self.assertFalse(
            self.mails_to(self.manager.partner_id),
            "no copy to the coordinator who created and follows the job",
        )

    def test_review_to_sign_then_the_completed_review_with_its_pdf(self):
        job = self.future_job(days=0)
        with self.mock_mail_gateway():
            job.action_plan()
            job.action_confirm()
            job.action_start()
            job.action_done()
        to_sign = self.mails_to(self.contact).filtered(
            lambda mail: "Votre avis" in mail.subject
        )
        self.assertEqual(len(to_sign), 1)
        self.assertIn(
            f"/my/reviews/{job.review_id.id}?access_token=", to_sign.body_html
        )
        review = job.review_id
        review.write({"overall_rating": "4"})
        with self.mock_mail_gateway():
            review.with_user(self.portal_user).sudo()._portal_sign(
                "Martine Roux", SIGNATURE
            )
            self.assertFalse(review.farm_sent, "sent after the commit, by the cron")
            self.env["sp.intervention.review"]._cron_send_completed()
        mail = self.mails_to(self.contact)
        self.assertEqual(len(mail), 1, "the farm gets its signed review")
        self.assertIn("Bilan", mail.attachment_ids.name or "")
        self.assertTrue(review.farm_sent)
        with self.mock_mail_gateway():
            self.env["sp.intervention.review"]._cron_send_completed()
        self.assertFalse(self._new_mails, "once")


class TestPortalChangeRequest(MailsCase):
    def _draft(self, farm=None, contact=None):
        return (
            self.env["sp.intervention"]
            .sudo()
            .create(
                {
                    "farm_id": (farm or self.farm).id,
                    "farm_contact_id": (contact or self.contact).id,
                    "requested_date_from": fields.Date.today() + timedelta(days=10),
                    "task_type_ids": [Command.link(self.harvest.id)],
                    "description": "<p>Cueillette des poires, 2 ha.</p>",
                    "workers_needed": 4,
                }
            )
        )

    def _form(self, url, **values):
        form = {
            "csrf_token": self.csrf_token(),
            "requested_date_from": str(fields.Date.today() + timedelta(days=12)),
            "task_type_ids": [str(self.harvest.id)],
            "description": "Cueillette des poires et des coings, 3 ha.",
            "workers_needed": "6",
        }
        form.update(values)
        return form

    def test_the_farm_changes_its_request_until_it_is_planned(self):
        request = self._draft()
        self.login()
        page = self.url_open(request.access_url)
        self.assertIn("Modifier ma demande", page.text)
        url = f"{request.access_url}/edit"
        form_page = self.url_open(url)
        self.assertIn("Cueillette des poires, 2 ha.", form_page.text, "prefilled")
        response = self.url_open(url, data=self._form(url))
        self.assertIn("message=changed", response.url)
        self.assertEqual(request.workers_needed, 6)
        self.assertIn("coings", request.description)
        self.assertEqual(
            request.requested_date_from, fields.Date.today() + timedelta(days=12)
        )
        # A bad change is answered in French and changes nothing.
        response = self.url_open(url, data=self._form(url, workers_needed="0"))
        self.assertIn("Demandez de 1 à", response.text)
        self.assertEqual(request.workers_needed, 6)

        request.write(
            {
                "planned_start": datetime(2026, 12, 28, 7),
                "planned_end": datetime(2026, 12, 28, 14),
            }
        )
        request.action_plan()
        response = self.url_open(url, data=self._form(url, workers_needed="2"))
        self.assertIn("message=planned", response.url)
        self.assertEqual(request.workers_needed, 6, "a planned job is not changed")
        self.assertIn("déjà planifiée", self.url_open(response.url).text)

    def test_the_farm_cancels_its_request_and_reads_why_one_was_cancelled(self):
        request = self._draft()
        self.login()
        url = f"{request.access_url}/cancel"
        token = self.csrf_token(request.access_url)
        response = self.url_open(
            url, data={"csrf_token": token, "reason": "La récolte est avancée."}
        )
        self.assertIn("message=cancelled", response.url)
        self.assertEqual(request.state, "cancelled")
        self.assertEqual(request.cancel_reason, "La récolte est avancée.")
        self.assertFalse(request.activity_ids, "the coordinators' to-do is closed")

        refused = self._draft()
        refused.with_user(self.manager).write(
            {"cancel_reason": "Pas d'équipe disponible cette semaine-là."}
        )
        refused.with_user(self.manager).action_cancel()
        page = self.url_open(refused.access_url)
        self.assertIn("Pas d&#39;équipe disponible cette semaine-là.", page.text)

    def test_another_farm_cannot_change_or_cancel(self):
        request = self._draft(farm=self.other_farm, contact=self.other_contact)
        self.login()
        url = f"{request.access_url}/edit"
        self.assertRefused(url)
        token = self.csrf_token()
        response = self.url_open(
            f"{request.access_url}/cancel",
            data={"csrf_token": token},
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (403, 404))
        self.assertEqual(request.state, "draft")


class TestForgedSignatures(MailsCase):
    def test_forged_json_types_are_refused_in_french(self):
        self.login()
        url = f"/my/reviews/{self.review.id}/sign"
        forged = [
            {"name": 12345, "signature": SIGNATURE},
            {"name": "Martine Roux", "signature": ["a", "b"]},
            {"name": "Martine Roux", "signature": 42},
            {"name": {"x": 1}, "signature": SIGNATURE},
            {"name": "Martine Roux", "signature": SIGNATURE, "feedback": "5"},
            {"name": "Martine Roux", "signature": SIGNATURE, "feedback": [1]},
        ]
        with self.assertNoLogs("odoo", level="ERROR"):
            for params in forged:
                response = self.url_open(
                    url,
                    data=json.dumps({"jsonrpc": "2.0", "params": params}),
                    headers={"Content-Type": "application/json"},
                )
                self.assertEqual(response.status_code, 200, params)
                result = response.json()
                self.assertNotIn("error", result, "no server error")
                self.assertEqual(
                    result["result"]["error"],
                    "Votre signature n'a pas pu être lue : rechargez la page.",
                    params,
                )
        self.assertEqual(self.review.state, "draft")
        self.assertFalse(self.review.signature)


class TestNoStartBeforeTheDay(MailsCase):
    def test_supervisor_refused_coordinator_starts_early_with_a_reason(self):
        supervisor_user = new_sp_user(self.env, "sp_day_sup", "Karim Terrain")
        job = self.future_job(days=3)
        job.action_plan()
        job.action_confirm()
        day = (fields.Date.today() + timedelta(days=3)).strftime("%d/%m/%Y")
        with self.assertRaises(Exception) as caught:
            job.with_user(supervisor_user).with_context(lang="fr_FR").action_start()
        self.assertEqual(
            str(caught.exception),
            f"{job.name} est prévue le {day} : elle ne peut pas être commencée "
            "avant ce jour.",
        )
        self.assertEqual(job.state, "confirmed")
        action = job.with_user(self.manager).action_start()
        self.assertEqual(action["res_model"], "sp.intervention.early.start")
        self.assertEqual(job.state, "confirmed", "not started without a reason")
        wizard = (
            self.env["sp.intervention.early.start"]
            .with_user(self.manager)
            .with_context(action["context"])
            .create({"reason": "La pluie est annoncée jeudi."})
        )
        wizard.action_start()
        self.assertEqual(job.state, "in_progress")
        self.assertEqual(job.early_start_reason, "La pluie est annoncée jeudi.")
        self.assertIn("La pluie est annoncée jeudi.", job.message_ids[0].body)
        job.action_done()
        self.assertEqual(job.state, "done", "started early by a coordinator")

    def test_done_refused_before_the_day(self):
        job = self.future_job(days=2)
        job.action_plan()
        job.action_confirm()
        # Started by hand in the database as an old version allowed it.
        job.write({"state": "in_progress"})
        with self.assertRaises(Exception) as caught:
            job.with_context(lang="fr_FR").action_done()
        self.assertIn("ne peut pas être marquée comme réalisée", str(caught.exception))
        self.assertEqual(job.state, "in_progress")
