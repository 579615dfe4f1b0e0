"""The farm portal, played over HTTP as the farm's contact and as a stranger: what a
farm reaches on /my, and what it never reaches nor writes."""

import base64
import io
import re
from datetime import date, datetime, timedelta
from unittest.mock import patch

import pytz
from PIL import Image

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase

from odoo.addons.portal.controllers.portal import CustomerPortal

from .common import (
    SIGNATURE,
    SpTestMixin,
    add_booking_history,
    farms_and_crew,
    membership_product,
    new_sp_user,
)

PASSWORD = "portail-test-2026"
# Queries to show one page of a farm's interventions (500 of them), as its portal
# user, whatever the page size: the session, the rules, one search and one count,
# the rows' fields read in batches.
QUERIES_FOR_LIST = 16


class PortalCase(SpTestMixin, HttpCase):
    """Two farms, each with a contact given the portal by Odoo's grant-access wizard,
    a done job each (whose review is to sign) and a loan each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="fr_FR"))
        cls.supervisor_user = new_sp_user(cls.env, "sp_portal_sup", "Sophie Encadrante")
        cls.manager = new_sp_user(
            cls.env,
            "sp_portal_coord",
            "Claire Coordinatrice",
            "seconde_pousse.group_sp_manager",
        )
        cls.farm, cls.other_farm, cls.supervisor, cls.workers = farms_and_crew(
            cls.env, cls.supervisor_user, crew_size=3
        )
        cls.contact = cls.farm.child_ids
        cls.contact.write({"email": "martine.roux@example.fr", "lang": "fr_FR"})
        cls.other_contact = cls.env["res.partner"].create(
            {
                "name": "Jean Bonnet",
                "parent_id": cls.other_farm.id,
                "email": "jean.bonnet@example.fr",
                "lang": "fr_FR",
            }
        )
        cls.portal_user = cls._grant_portal(cls.contact)
        cls.other_portal_user = cls._grant_portal(cls.other_contact)
        cls.membership = membership_product(cls.env)
        cls.harvest = cls.env.ref("seconde_pousse.task_type_harvest")
        cls.start = datetime(2026, 6, 1, 6, 0)
        cls.job = cls._done_job(cls.farm, cls.workers[:2], 0)
        cls.other_job = cls._done_job(cls.other_farm, cls.workers[2:], 1)
        cls.review, cls.other_review = cls.job.review_id, cls.other_job.review_id
        Equipment = cls.env["maintenance.equipment"]
        cls.shredder = Equipment.create({"name": "Broyeur", "sp_lendable": True})
        cls.farm_tractor = Equipment.create(
            {
                "name": "Tracteur des Vergers",
                "sp_lendable": True,
                "sp_owner_id": cls.farm.id,
            }
        )
        cls.other_tractor = Equipment.create(
            {
                "name": "Tracteur du Mas",
                "sp_lendable": True,
                "sp_owner_id": cls.other_farm.id,
            }
        )
        Loan = cls.env["sp.equipment.loan"]
        cls.loan = Loan.create(
            {
                "equipment_id": cls.shredder.id,
                "partner_id": cls.farm.id,
                "date_start": cls.start + timedelta(days=10),
                "date_end": cls.start + timedelta(days=11),
                "condition_out": "worn",
                "notes_out": "Lame émoussée",
            }
        )
        cls.other_loan = Loan.create(
            {
                "equipment_id": cls.shredder.id,
                "partner_id": cls.other_farm.id,
                "date_start": cls.start + timedelta(days=20),
                "date_end": cls.start + timedelta(days=21),
            }
        )

    @classmethod
    def _grant_portal(cls, contact):
        """Portal access the standard way: the contact's grant-access wizard."""
        wizard = (
            cls.env["portal.wizard"]
            .with_context(active_ids=contact.ids, active_model="res.partner")
            .create({})
        )
        wizard.user_ids.filtered(
            lambda line: line.partner_id == contact
        ).action_grant_access()
        user = contact.with_context(active_test=False).user_ids
        user.write({"password": PASSWORD, "tz": "Europe/Paris"})
        return user

    @classmethod
    def _done_job(cls, farm, workers, day):
        start = cls.start + timedelta(days=day)
        job = (
            cls.env["sp.intervention"]
            .with_user(cls.manager)
            .create(
                {
                    "farm_id": farm.id,
                    "task_type_ids": [Command.link(cls.harvest.id)],
                    "planned_start": start,
                    "planned_end": start + timedelta(hours=7),
                    "supervisor_id": cls.supervisor.id,
                    "workers_needed": len(workers),
                    "description": "<p>Cueillette des pommes, rangs 1 à 14.</p>",
                    "worker_line_ids": [
                        Command.create({"employee_id": w.id}) for w in workers
                    ],
                }
            )
        )
        for step in ("action_plan", "action_confirm", "action_start", "action_done"):
            getattr(job, step)()
        return job

    def login(self, user=None):
        user = user or self.portal_user
        self.authenticate(user.login, PASSWORD)

    def csrf_token(self, url="/my/interventions/new"):
        page = self.url_open(url)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def assertRefused(self, url, anonymous=False, **kwargs):
        """The page of another farm's record: a 404 (or 403), nothing shown; a
        visitor not logged in and without a token is sent to log in first."""
        response = self.url_open(url, allow_redirects=False, **kwargs)
        if anonymous and "access_token" not in url and response.status_code == 303:
            self.assertIn("/web/login", response.headers["Location"], url)
        else:
            self.assertIn(response.status_code, (403, 404), url)
        return response


class TestPortalAccess(PortalCase):
    def test_the_wizard_gives_a_portal_user(self):
        self.assertTrue(self.portal_user.share)
        self.assertTrue(self.portal_user.has_group("base.group_portal"))
        self.assertEqual(self.portal_user.partner_id.commercial_partner_id, self.farm)
        Intervention = self.env["sp.intervention"].with_user(self.portal_user)
        self.assertEqual(Intervention.search([]), self.job, "its farm's only")
        self.assertEqual(
            self.env["sp.equipment.loan"].with_user(self.portal_user).search([]),
            self.loan,
        )
        self.assertEqual(
            self.env["sp.intervention.review"].with_user(self.portal_user).search([]),
            self.review,
        )

    def test_no_personal_data_over_rpc(self):
        """Read as the portal user (as RPC would): the supervisor's first name and
        the crew size, never a person."""
        job = self.job.with_user(self.portal_user)
        values = job.read(["name", "supervisor_first_name", "crew_size", "state"])[0]
        self.assertEqual(
            (values["supervisor_first_name"], values["crew_size"]), ("Sophie", 2)
        )
        for fname in ("supervisor_id", "worker_line_ids", "employee_ids", "team_id"):
            with self.assertRaises(AccessError, msg=fname):
                job.read([fname])
        with self.assertRaises(AccessError):
            self.env["sp.intervention.worker"].with_user(self.portal_user).search([])
        with self.assertRaises(AccessError):
            job.write({"description": "<p>Changée</p>"})
        with self.assertRaises(AccessError):
            self.review.with_user(self.portal_user).write({"overall_rating": "5"})

    def test_home_shows_counters_and_membership(self):
        self.login()
        page = self.url_open("/my")
        self.assertEqual(page.status_code, 200)
        self.assertIn("EARL Les Vergers de Rognes", page.text)
        self.assertIn("votre premier bilan signé fait adhérer votre ferme", page.text)
        self.assertIn('href="/my/invoices"', page.text, "Odoo's own invoices")
        counters = self.make_jsonrpc_request(
            "/my/counters",
            {
                "counters": [
                    "sp_intervention_count",
                    "sp_review_to_sign_count",
                    "sp_review_count",
                    "sp_loan_count",
                ]
            },
        )
        self.assertEqual(
            counters,
            {
                "sp_intervention_count": 1,
                "sp_review_to_sign_count": 1,
                "sp_review_count": 1,
                "sp_loan_count": 1,
            },
        )

        self.farm.free_member = True
        self.assertIn("Membre de l'association", self.url_open("/my").text)

    def test_list_and_page_of_an_intervention(self):
        later = self.job.copy({"planned_start": False, "planned_end": False})
        self.login()
        page = self.url_open("/my/interventions")
        self.assertIn(self.job.name, page.text)
        self.assertIn(later.name, page.text)
        self.assertNotIn(self.other_job.name, page.text)
        done = self.url_open("/my/interventions?filterby=done&sortby=name")
        self.assertIn(self.job.name, done.text)
        self.assertNotIn(later.name, done.text, "a request is not done")
        upcoming = self.url_open("/my/interventions?period=upcoming")
        self.assertIn(later.name, upcoming.text, "a request to plan is upcoming")
        self.assertNotIn(self.job.name, upcoming.text)
        for query in ("?filterby=x", "?sortby=id;drop", "?period=<script>", "/page/99"):
            self.assertEqual(
                self.url_open("/my/interventions" + query).status_code, 200
            )

        page = self.url_open(f"/my/interventions/{self.job.id}").text
        self.assertIn(self.job.name, page)
        self.assertIn("Sophie", page)
        self.assertIn("Récolte", page)
        for private in ("Encadrante", "Salarié"):
            self.assertNotIn(private, page, "no surname, no worker")
        self.assertIn('id="discussion"', page, "the chatter to write to the staff")
        self.assertIn(f"/my/reviews/{self.review.id}", page)

    def test_the_farm_writes_to_the_staff(self):
        self.login()
        post = {"body": "Le portail sera ouvert dès 7 h.", "message_type": "comment"}
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "sp.intervention",
                "thread_id": self.job.id,
                "post_data": post,
            },
        )
        message = self.job.message_ids[:1]
        self.assertEqual(message.author_id, self.contact)
        self.assertIn("dès 7 h", message.body)
        with self.assertRaises(Exception) as refused:
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "sp.intervention",
                    "thread_id": self.other_job.id,
                    "post_data": post,
                },
            )
        self.assertIn("NotFound", str(refused.exception))
        self.assertNotIn("dès 7 h", self.other_job.message_ids.mapped("body")[0])

    def test_another_farms_records_are_refused(self):
        token = self.job._portal_ensure_token()
        review_token = self.review._portal_ensure_token()
        other_token = self.other_job._portal_ensure_token()
        other_review_token = self.other_review._portal_ensure_token()
        urls = [
            f"/my/interventions/{self.other_job.id}",
            f"/my/interventions/{self.other_job.id}?access_token={token}",
            f"/my/reviews/{self.other_review.id}",
            f"/my/reviews/{self.other_review.id}?access_token={review_token}",
            f"/my/reviews/{self.other_review.id}?report_type=pdf&download=true",
            f"/my/reviews/{self.other_review.id}?report_type=pdf"
            f"&access_token={review_token}",
            f"/my/reviews/{self.other_review.id}?report_type=html"
            f"&access_token={other_token}",
            f"/my/loans/{self.other_loan.id}",
            "/my/interventions/999999",
            "/my/reviews/999999",
            "/my/loans/999999",
            "/my/interventions/99999999999",
            "/my/reviews/99999999999?report_type=pdf",
            "/my/loans/-1",
        ]
        self.login()
        for url in urls:
            self.assertRefused(url)
        self.assertEqual(
            self.url_open(f"/my/loans/{self.loan.id}").status_code, 200, "its own"
        )

        # Without logging in: the token of the record opens its page, and only its.
        self.authenticate(None, None)
        for url in urls:
            self.assertRefused(url, anonymous=True)
        self.assertRefused(f"/my/interventions/{self.job.id}", anonymous=True)
        self.assertRefused(
            f"/my/interventions/{self.job.id}?access_token={other_review_token}",
            anonymous=True,
        )
        self.assertRefused(
            f"/my/reviews/{self.review.id}?access_token={token}", anonymous=True
        )
        self.assertRefused(f"/my/loans/{self.loan.id}", anonymous=True)
        self.assertRefused("/my/interventions", anonymous=True)
        page = self.url_open(f"/my/interventions/{self.job.id}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.job.name, page.text)
        self.assertNotIn("Encadrante", page.text)
        pdf = self.url_open(
            f"/my/reviews/{self.review.id}?report_type=pdf&download=true"
            f"&access_token={review_token}"
        )
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")

    def test_loans_show_dates_state_and_condition(self):
        self.login()
        page = self.url_open("/my/loans").text
        self.assertIn("Broyeur", page)
        self.assertIn("Prêté à votre ferme", page)
        self.assertNotIn(self.other_loan.name, page)
        self.loan.action_checkout()
        page = self.url_open(f"/my/loans/{self.loan.id}").text
        self.assertIn("Usé", page, "the condition at check-out")
        self.assertIn("Lame émoussée", page)
        self.assertIn("Sorti", page)

    def test_list_queries_do_not_grow_with_the_page_size(self):
        add_booking_history(self.env, self.farm, self.workers[:2], 0, 500)
        self.assertEqual(
            self.env["sp.intervention"].search_count([("farm_id", "=", self.farm.id)]),
            501,
        )
        self.login()
        counts = {}
        for size in (20, 80):
            with patch.object(CustomerPortal, "_items_per_page", size):
                self.url_open("/my/interventions")  # warm the caches
                self.env.invalidate_all()
                before = self.cr.sql_log_count
                with self.assertQueryCount(QUERIES_FOR_LIST):
                    page = self.url_open("/my/interventions?page=2")
                counts[size] = self.cr.sql_log_count - before
            self.assertEqual(page.text.count("HIST/"), size)
        self.assertEqual(counts[20], counts[80], "a longer page costs no query")


class TestPortalRequest(PortalCase):
    def _form(self, **values):
        today = fields.Date.today()
        form = {
            "csrf_token": self.csrf_token(),
            "requested_date_from": str(today + timedelta(days=10)),
            "requested_date_to": str(today + timedelta(days=20)),
            "task_type_ids": [str(self.harvest.id)],
            "description": "Cueillette des poires, 2 ha.",
            "workers_needed": "4",
            "equipment_ids": [str(self.farm_tractor.id)],
            "farm_equipment_note": "Caisses et échelles",
            "every_weeks": "2",
        }
        form.update(values)
        return {key: value for key, value in form.items() if value is not None}

    def _requests(self):
        return self.env["sp.intervention"].search(
            [("state", "=", "draft"), ("farm_id", "in", self.farm.ids)]
        )

    def test_a_request_reaches_the_planners_and_the_farm(self):
        self.login()
        response = self.url_open("/my/interventions/new", data=self._form(regular="1"))
        self.assertEqual(response.status_code, 200)
        request = self._requests()
        self.assertEqual(len(request), 1)
        self.assertIn(request.access_url, response.url)
        self.assertIn("Votre demande est envoyée", response.text)
        self.assertEqual(
            (request.farm_id, request.farm_contact_id, request.create_uid),
            (self.farm, self.contact, self.portal_user),
        )
        self.assertEqual(request.workers_needed, 4)
        self.assertEqual(request.requested_every_weeks, 2, "every 2 weeks")
        self.assertEqual(request.task_type_ids, self.harvest)
        self.assertEqual(request.equipment_ids, self.farm_tractor)
        self.assertEqual(request.farm_equipment_note, "Caisses et échelles")
        activity = request.activity_ids
        self.assertIn(self.manager, activity.user_id, "the coordinators plan it")
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("seconde_pousse.mail_activity_type_farm_request"),
        )
        acknowledgement = request.message_ids.filtered(
            lambda message: self.contact in message.partner_ids
        )
        self.assertEqual(len(acknowledgement), 1, "the farm gets an e-mail")
        self.assertIn("Nous avons bien reçu votre demande", acknowledgement.subject)
        self.assertIn(f"access_token={request.access_token}", acknowledgement.body)

        # The planner plans it with the farm's period proposed for its series.
        request.with_user(self.manager).write(
            {
                "planned_start": datetime(2026, 12, 14, 7),
                "planned_end": datetime(2026, 12, 14, 14),
            }
        )
        request.with_user(self.manager).action_plan()
        self.assertFalse(request.activity_ids, "planning it closes the activities")
        repeat = (
            self.env["sp.intervention.repeat"]
            .with_user(self.manager)
            .with_context(default_intervention_id=request.id)
            .create({})
        )
        self.assertEqual((repeat.interval, repeat.unit), (2, "week"))

    def test_bad_requests_are_answered_in_french_and_write_nothing(self):
        today = fields.Date.today()
        self.login()
        cases = [
            (
                {"requested_date_from": str(today - timedelta(days=1))},
                "Le premier jour ne peut pas être passé.",
            ),
            ({"requested_date_from": "demain"}, "Indiquez une date"),
            (
                {"requested_date_to": str(today + timedelta(days=5))},
                "Le dernier jour vient avant le premier.",
            ),
            ({"task_type_ids": None}, "Choisissez au moins un type de travail."),
            ({"task_type_ids": ["999999"]}, "Choisissez le travail parmi"),
            ({"task_type_ids": ["99999999999"]}, "Choisissez le travail parmi"),
            ({"equipment_ids": ["99999999999"]}, "Choisissez parmi le matériel"),
            ({"workers_needed": "99999999999999"}, "Demandez de 1 à 10"),
            ({"description": "   "}, "Décrivez le travail"),
            ({"description": "x" * 5001}, "moins de 5000 caractères"),
            ({"workers_needed": "0"}, "Demandez de 1 à 10"),
            ({"workers_needed": "999"}, "Demandez de 1 à 10"),
            ({"workers_needed": "-3"}, "Demandez de 1 à 10"),
            ({"workers_needed": "quatre"}, "Demandez de 1 à 10"),
            ({"regular": "1", "every_weeks": "99"}, "toutes les 1 à 52 semaines"),
            ({"regular": "1", "every_weeks": ""}, "Dites toutes les combien"),
            (
                {"equipment_ids": [str(self.other_tractor.id)]},
                "Choisissez parmi le matériel enregistré pour votre ferme.",
            ),
            (
                {"equipment_ids": [str(self.shredder.id)]},
                "Choisissez parmi le matériel enregistré pour votre ferme.",
            ),
        ]
        for values, message in cases:
            response = self.url_open("/my/interventions/new", data=self._form(**values))
            self.assertEqual(response.status_code, 200, values)
            self.assertIn(message, response.text, values)
            self.assertIn("Certaines réponses sont à corriger", response.text)
            self.assertFalse(self._requests(), f"nothing written for {values}")

        # No CSRF token: refused before anything.
        response = self.url_open(
            "/my/interventions/new", data=self._form(csrf_token=None)
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._requests())

        # A user of no farm has no request form.
        self.other_farm.sp_is_farm = False
        self.login(self.other_portal_user)
        response = self.url_open("/my/interventions/new", allow_redirects=False)
        self.assertEqual(response.status_code, 303)

    def test_html_is_escaped(self):
        self.login()
        script = "<script>alert('x')</script><b>gras</b>"
        self.url_open(
            "/my/interventions/new",
            data=self._form(description=script, farm_equipment_note=script),
        )
        request = self._requests()
        self.assertNotIn("<script>", request.description)
        self.assertIn("&lt;script&gt;", request.description)
        page = self.url_open(request.access_url).text
        self.assertNotIn("<script>alert", page)
        self.assertNotIn("<b>gras</b>", page)


class TestPortalReview(PortalCase):
    FEEDBACK = {  # noqa: RUF012
        "quality_rating": "4",
        "punctuality_rating": "5",
        "attitude_rating": "5",
        "overall_rating": "4",
        "farmer_comment": "Très bonne équipe, merci.",
    }

    def _sign(
        self,
        review,
        name="Martine Roux",
        signature=SIGNATURE,
        token=None,
        feedback=None,
    ):
        params = {"name": name, "signature": signature and signature.decode()}
        if token:
            params["access_token"] = token
        if feedback is not None:
            params["feedback"] = feedback
        return self.make_jsonrpc_request(f"/my/reviews/{review.id}/sign", params)

    def _feedback(self, review, **values):
        if "csrf_token" not in values:
            values["csrf_token"] = self.csrf_token(f"/my/reviews/{review.id}")
        form = {**self.FEEDBACK, **values}
        form = {key: value for key, value in form.items() if value is not None}
        return self.url_open(f"/my/reviews/{review.id}/feedback", data=form)

    def test_signing_online_completes_the_review_and_brings_the_farm_in(self):
        self.login()
        page = self.url_open(f"/my/reviews/{self.review.id}").text
        self.assertIn("seconde_pousse.review_signature_form", page)
        response = self._feedback(self.review)
        self.assertIn("Votre avis est enregistré", response.text)
        self.env.invalidate_all()
        self.assertEqual(
            (self.review.overall_rating, self.review.farmer_comment),
            ("4", "Très bonne équipe, merci."),
        )

        result = self._sign(self.review)
        self.assertTrue(result.get("force_refresh"), result)
        self.env.invalidate_all()
        self.assertEqual(self.review.state, "done")
        self.assertEqual(self.review.signed_by, "Martine Roux")
        self.assertFalse(self.review.validated_by_id, "signed, not validated")
        self.assertEqual(self.job.state, "reviewed")
        self.assertEqual(self.farm.membership_state, "waiting")
        self.assertEqual(self.farm.sp_membership_review_id, self.review)

        page = self.url_open(f"/my/reviews/{self.review.id}").text
        self.assertIn("Signé par Martine Roux", page)
        pdf = self.url_open(
            f"/my/reviews/{self.review.id}?report_type=pdf&download=true"
        )
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment", pdf.headers["Content-Disposition"])

        again = self._sign(self.review, name="Quelqu'un d'autre")
        self.assertIn("déjà terminé", again["error"])
        self.assertEqual(self.review.signed_by, "Martine Roux")

    def test_signing_keeps_the_opinion_typed_on_the_page(self):
        """The farmer rates, comments and signs at once, without saving first: the
        opinion comes with the signature and is kept with it."""
        self.login()
        page = self.url_open(f"/my/reviews/{self.review.id}").text
        self.assertIn("seconde_pousse.review_signature_form", page, "sign at once")
        self.assertIn("o_sp_feedback_form", page)
        feedback = {**self.FEEDBACK, "follow_up_wishes": "La taille en hiver."}
        result = self._sign(self.review, feedback=feedback)
        self.assertTrue(result.get("force_refresh"), result)
        self.env.invalidate_all()
        self.assertEqual(self.review.state, "done")
        self.assertEqual(
            (
                self.review.quality_rating,
                self.review.punctuality_rating,
                self.review.attitude_rating,
                self.review.overall_rating,
                self.review.farmer_comment,
                self.review.follow_up_wishes,
            ),
            ("4", "5", "5", "4", "Très bonne équipe, merci.", "La taille en hiver."),
        )
        self.assertEqual(self.review.signed_by, "Martine Roux")
        self.assertEqual(self.job.state, "reviewed")
        self.assertEqual(self.farm.membership_state, "waiting")

    def test_a_refused_signature_keeps_nothing_of_the_opinion(self):
        """The opinion sent with a signature is checked as the save button checks
        it; a refusal, of the opinion or of the signature, writes nothing."""
        self.login()
        for feedback, signature, message in (
            ({"overall_rating": None}, SIGNATURE, "satisfaction globale, de 1 à 5"),
            ({"quality_rating": "7"}, SIGNATURE, "de 1 à 5 étoiles"),
            ({"overall_rating": ["4"]}, SIGNATURE, "n'a pas pu être lu"),
            ({"farmer_comment": "x" * 5001}, SIGNATURE, "moins de 5000 caractères"),
            ({"farmer_comment": 12}, SIGNATURE, "n'a pas pu être lu"),
            ({}, base64.b64encode(b"pas une image"), "pas une image"),
        ):
            sent = {**self.FEEDBACK, **feedback}
            sent = {key: value for key, value in sent.items() if value is not None}
            error = self._sign(self.review, signature=signature, feedback=sent)
            self.assertIn(message, error.get("error", ""), feedback)
            self.env.invalidate_all()
            self.assertEqual(
                (self.review.state, self.review.overall_rating), ("draft", "0")
            )
            self.assertFalse(self.review.farmer_comment, feedback)
            self.assertFalse(self.review.signature, feedback)
        self.assertIn(
            "n'a pas pu être lu",
            self._sign(self.review, feedback="overall_rating=5")["error"],
        )
        # The membership refused by the completion: the opinion is not kept either.
        self.membership.write(
            {
                "membership_date_from": date(2020, 1, 1),
                "membership_date_to": date(2020, 12, 31),
            }
        )
        error = self._sign(self.review, feedback=self.FEEDBACK)["error"]
        self.assertIn("Adhésion Seconde Pousse", error)
        self.env.invalidate_all()
        self.assertEqual(self.review.overall_rating, "0")
        self.assertFalse(self.review.farmer_comment)
        self.assertEqual(self.job.state, "done")

    def test_the_link_of_the_email_signs_without_logging_in(self):
        token = self.review._portal_ensure_token()
        self.authenticate(None, None)
        form_page = f"/my/reviews/{self.review.id}?access_token={token}"
        self.url_open(
            f"/my/reviews/{self.review.id}/feedback",
            data={
                "csrf_token": self.csrf_token(form_page),
                "access_token": token,
                "overall_rating": "5",
            },
        )
        self.assertEqual(
            self._sign(self.other_review, token=token)["error"],
            "Ce bilan n'est pas le vôtre, ou n'existe plus.",
        )
        self.assertTrue(self._sign(self.review, token=token).get("force_refresh"))
        self.env.invalidate_all()
        self.assertEqual(self.review.state, "done")

    def test_forged_reviews_write_nothing(self):
        self.login()
        # Another farm's review.
        self._feedback(self.other_review, csrf_token=self.csrf_token())
        self.assertIn("n'est pas le vôtre", self._sign(self.other_review)["error"])
        self.env.invalidate_all()
        self.assertEqual(
            (self.other_review.overall_rating, self.other_review.state), ("0", "draft")
        )
        # No CSRF token.
        response = self._feedback(self.review, csrf_token=None)
        self.assertEqual(response.status_code, 400)
        # Out-of-range ratings, no overall rating, oversized comments.
        for values in (
            {"quality_rating": "7"},
            {"overall_rating": "-1"},
            {"overall_rating": "0"},
            {"farmer_comment": "x" * 5001},
        ):
            response = self._feedback(self.review, **values)
            self.assertEqual(response.status_code, 200)
            self.assertIn("alert-danger", response.text, values)
            self.env.invalidate_all()
            self.assertEqual(self.review.overall_rating, "0", values)
            self.assertFalse(self.review.farmer_comment, values)
        self.assertIn("satisfaction globale", self._sign(self.review)["error"])

        self._feedback(self.review, farmer_comment="<script>alert(1)</script>")
        page = self.url_open(f"/my/reviews/{self.review.id}").text
        self.assertNotIn("<script>alert(1)", page)
        self.assertIn("&lt;script&gt;alert(1)", page)

        # Signatures: none, not an image, too large, too many pixels, no name.
        big = base64.b64encode(b"\x89PNG" + b"0" * (600 * 1024))
        buffer = io.BytesIO()
        Image.new("1", (5000, 5000)).save(buffer, "PNG")
        huge = base64.b64encode(buffer.getvalue())
        for signature, name, message in (
            (None, "Martine Roux", "manquante ou trop grande"),
            (base64.b64encode(b"pas une image"), "Martine Roux", "pas une image"),
            (big, "Martine Roux", "manquante ou trop grande"),
            (huge, "Martine Roux", "manquante ou trop grande"),
            (SIGNATURE, "  ", "Écrivez votre nom"),
            (SIGNATURE, "M" * 200, "trop long"),
        ):
            self.assertIn(message, self._sign(self.review, name, signature)["error"])
            self.env.invalidate_all()
            self.assertEqual(self.review.state, "draft")
            self.assertFalse(self.review.signature)
        self.assertEqual(self.farm.membership_state, "none")

    def test_a_refused_completion_keeps_no_signature(self):
        """The membership product out of its dates: the back office's refusal,
        and the signature is not kept."""
        self.membership.write(
            {
                "membership_date_from": date(2020, 1, 1),
                "membership_date_to": date(2020, 12, 31),
            }
        )
        self.login()
        self._feedback(self.review)
        error = self._sign(self.review)["error"]
        self.assertIn("Adhésion Seconde Pousse", error)
        self.env.invalidate_all()
        self.assertEqual(self.review.state, "draft")
        self.assertFalse(self.review.signature)
        self.assertEqual(self.job.state, "done")


class TestPortalMails(PortalCase):
    def test_confirmation_gives_dates_and_the_first_name(self):
        day = fields.Date.today() + timedelta(days=30)
        start = datetime.combine(day, datetime.min.time())
        job = (
            self.env["sp.intervention"]
            .with_user(self.manager)
            .create(
                {
                    "farm_id": self.farm.id,
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
        job.action_plan()
        job.action_confirm()
        self.assertFalse(job.farm_notified, "sent after the commit, by the cron")
        self.env["sp.intervention"]._cron_notify_farms()
        self.assertTrue(job.farm_notified)
        message = job.message_ids.filtered(
            lambda message: self.contact in message.partner_ids
        )
        self.assertEqual(len(message), 1)
        self.assertIn("est confirmée", message.subject)
        self.assertIn("Sophie", message.body)
        paris = pytz.utc.localize(start + timedelta(hours=6)).astimezone(
            pytz.timezone("Europe/Paris")
        )
        self.assertIn(paris.strftime("%H:%M"), message.body, "Paris time")
        self.assertIn("2 salarié", message.body)
        self.assertNotIn("Encadrante", message.body)
        self.assertNotIn("Salarié 0", message.body)
        self.assertIn(f"/my/interventions/{job.id}?access_token=", message.body)
        self.env["sp.intervention"]._cron_notify_farms()
        self.assertEqual(len(job.message_ids.filtered("partner_ids")), 1, "once")

    def test_the_review_opens_with_a_link_to_sign(self):
        message = self.review.message_ids.filtered(
            lambda message: self.contact in message.partner_ids
        )
        self.assertEqual(len(message), 1)
        self.assertIn("Votre avis sur l'intervention", message.subject)
        self.assertIn(
            f"/my/reviews/{self.review.id}?access_token={self.review.access_token}",
            message.body,
        )
        self.assertNotIn("Encadrante", message.body)
