"""The farm portal in Chromium: a request reaches the back office, a review signed
online brings a new farm in, and every page fits a phone."""

from .test_portal import PortalCase


class PortalTourCase(PortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Tours log in with the login as password.
        cls.portal_user.password = cls.portal_user.login


class TestPortalTours(PortalTourCase):
    def test_a_request_from_the_portal_reaches_the_back_office(self):
        self.start_tour(
            "/my/interventions", "sp_portal_request_tour", login=self.portal_user.login
        )
        request = self.env["sp.intervention"].search(
            [("farm_id", "=", self.farm.id), ("state", "=", "draft")]
        )
        self.assertEqual(len(request), 1)
        self.assertEqual(request.create_uid, self.portal_user)
        self.assertEqual(
            (request.workers_needed, request.requested_every_weeks), (3, 3)
        )
        self.assertEqual(request.equipment_ids, self.farm_tractor)
        self.assertIn(self.manager, request.activity_ids.user_id)

        self.start_tour(
            "/odoo/seconde-pousse-interventions",
            "sp_portal_request_backoffice_tour",
            login=self.manager.login,
        )

    def test_a_review_signed_online_brings_a_new_farm_in(self):
        self.assertEqual(self.farm.membership_state, "none")
        self.start_tour(
            "/my/reviews?filterby=to_sign",
            "sp_portal_review_sign_tour",
            login=self.portal_user.login,
        )
        self.assertEqual(self.review.state, "done")
        self.assertEqual(self.review.signed_by, "Martine Roux")
        self.assertTrue(self.review.signature)
        self.assertEqual(
            (
                self.review.quality_rating,
                self.review.punctuality_rating,
                self.review.attitude_rating,
                self.review.overall_rating,
            ),
            ("4", "5", "5", "4"),
            "the ratings given before signing, never saved apart",
        )
        self.assertEqual(self.review.farmer_comment, "Équipe ponctuelle et efficace.")
        self.assertEqual(
            self.review.follow_up_wishes, "La taille des pommiers en hiver."
        )
        self.assertEqual(self.job.state, "reviewed")
        self.assertEqual(self.farm.membership_state, "waiting")
        self.assertEqual(self.farm.sp_membership_review_id, self.review)


class TestPortalPhoneTour(PortalTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_the_pages_on_a_phone(self):
        self.loan.action_checkout()
        self.start_tour("/my", "sp_portal_mobile_tour", login=self.portal_user.login)
