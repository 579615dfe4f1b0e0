"""The first review of a farm brings it into the association, through OCA membership,
once."""

from odoo.exceptions import UserError

from .common import ReviewCase


class TestMembership(ReviewCase):
    def test_first_review_brings_the_farm_in(self):
        self.assertEqual(self.farm.membership_state, "none")
        review = self.signed_review(self.done_intervention())
        review.action_complete()

        line = self.membership_lines(self.farm)
        self.assertEqual(len(line), 1)
        invoice = line.account_invoice_id
        self.assertEqual(
            (invoice.state, invoice.move_type, invoice.partner_id),
            ("draft", "out_invoice", self.farm),
            "a draft invoice, for accounting to post",
        )
        self.assertEqual(invoice.invoice_line_ids.product_id, self.membership)
        self.assertEqual(invoice.amount_total, 25.0)
        self.assertEqual(self.farm.membership_state, "waiting")
        self.assertEqual(self.farm.sp_membership_review_id, review)
        self.assertIn(
            "EARL Les Vergers de Rognes rejoint l'association : sa facture d'adhésion "
            "attend la comptabilité.",
            review.message_ids[0].body,
        )

        invoice.action_post()
        self.assertEqual(
            self.farm.membership_state,
            "invoiced",
            "a member once accounting posts the invoice",
        )

    def test_second_review_brings_nothing_more(self):
        first = self.signed_review(self.done_intervention(workers=self.workers[:1]))
        first.action_complete()
        second = self.signed_review(
            self.done_intervention(workers=self.workers[1:2], day=1)
        )
        second.action_complete()
        self.assertEqual(len(self.membership_lines(self.farm)), 1)
        self.assertEqual(self.farm.sp_membership_review_id, first)

    def test_farm_already_member(self):
        self.farm.free_member = True
        self.signed_review(self.done_intervention()).action_complete()
        self.assertFalse(self.membership_lines(self.farm))
        self.assertFalse(self.farm.sp_membership_review_id)

        self.other_farm.create_membership_invoice(self.membership, 25.0).action_post()
        self.assertEqual(self.other_farm.membership_state, "invoiced")
        self.signed_review(
            self.done_intervention(farm_id=self.other_farm.id, day=1)
        ).action_complete()
        self.assertEqual(len(self.membership_lines(self.other_farm)), 1)

    def test_farm_with_a_pending_invoice(self):
        pending = self.farm.create_membership_invoice(self.membership, 25.0)
        self.assertEqual(self.farm.membership_state, "waiting")
        self.signed_review(self.done_intervention()).action_complete()
        self.assertEqual(self.membership_lines(self.farm).account_invoice_id, pending)

    def test_pending_invoice_outside_its_period_counts_too(self):
        """A draft invoice for next year's membership is still a pending membership."""
        next_year = self.membership.copy(
            {
                "membership_date_from": self.membership.membership_date_from.replace(
                    year=self.membership.membership_date_from.year + 1
                ),
                "membership_date_to": self.membership.membership_date_to.replace(
                    year=self.membership.membership_date_to.year + 1
                ),
            }
        )
        self.farm.create_membership_invoice(next_year, 25.0)
        self.assertEqual(
            self.farm.membership_state, "none", "OCA only counts lines covering today"
        )
        self.signed_review(self.done_intervention()).action_complete()
        self.assertEqual(len(self.membership_lines(self.farm)), 1)

    def test_two_reviews_of_a_farm_completed_together(self):
        first = self.signed_review(self.done_intervention(workers=self.workers[:1]))
        second = self.signed_review(
            self.done_intervention(workers=self.workers[1:2], day=1)
        )
        (first | second).action_complete()
        self.assertEqual(len(self.membership_lines(self.farm)), 1)

    def test_free_membership_when_the_fee_is_zero(self):
        self.membership.list_price = 0.0
        review = self.signed_review(self.done_intervention())
        review.action_complete()
        self.assertTrue(self.farm.free_member)
        self.assertEqual(self.farm.membership_state, "free")
        self.assertFalse(
            self.membership_lines(self.farm), "no invoice for a free membership"
        )
        self.assertIn(
            "rejoint l'association comme adhérente à titre gratuit",
            review.message_ids[0].body,
        )

    def test_missing_membership_product(self):
        self.env["ir.config_parameter"].set_param(
            "seconde_pousse.membership_product_id", False
        )
        intervention = self.done_intervention()
        review = self.signed_review(intervention)
        with self.assertRaisesRegex(
            UserError,
            "Choisissez le produit d'adhésion dans Seconde Pousse > Configuration > "
            "Paramètres",
        ):
            review.action_complete()
        self.assertEqual(
            (review.state, intervention.state), ("draft", "done"), "nothing is written"
        )
        self.assertFalse(self.farm.sp_membership_review_id)

        # Not needed for a farm that is already a member.
        self.farm.free_member = True
        review.action_complete()
        self.assertEqual(review.state, "done")

    def test_membership_product_out_of_date(self):
        self.membership.write(
            {
                "membership_date_from": self.membership.membership_date_from.replace(
                    year=2000
                ),
                "membership_date_to": self.membership.membership_date_to.replace(
                    year=2000
                ),
            }
        )
        review = self.signed_review(self.done_intervention())
        with self.assertRaisesRegex(UserError, "ne couvre pas aujourd'hui"):
            review.action_complete()
        self.assertEqual(review.state, "draft")
        self.assertFalse(self.membership_lines(self.farm))

    def test_supervisor_without_accounting_rights(self):
        self.assertFalse(self.user.has_group("account.group_account_invoice"))
        self.signed_review(self.done_intervention()).with_user(
            self.user
        ).action_complete()
        self.assertEqual(
            self.membership_lines(self.farm).account_invoice_id.create_uid, self.user
        )

    def test_members_stand_out_on_the_farm_kanban(self):
        self.assertEqual(self.farm.sp_member_color, 0)
        self.signed_review(self.done_intervention()).action_complete()
        self.assertEqual(
            self.farm.sp_member_color, 6, "waiting for its invoice to be posted"
        )
        self.farm.free_member = True
        self.assertEqual(self.farm.sp_member_color, 10)
