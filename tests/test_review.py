"""The review with the farmer that closes each intervention, played by the supervisor
who holds it."""

import importlib.util
from datetime import timedelta
from pathlib import Path

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger

from .common import SIGNATURE, ReviewCase


class TestReview(ReviewCase):
    def test_review_lifecycle(self):
        intervention = self.done_intervention(
            task_type_ids=[
                (
                    6,
                    0,
                    (
                        self.harvest | self.env.ref("seconde_pousse.task_type_packing")
                    ).ids,
                )
            ]
        )
        review = intervention.review_id.with_user(self.user)
        self.assertTrue(review, "marking the intervention as done opens its review")
        self.assertEqual(review.state, "draft")
        self.assertEqual(
            (review.farm_id, review.supervisor_id), (self.farm, self.supervisor)
        )
        self.assertEqual(review.task_type_ids, intervention.task_type_ids)
        self.assertEqual(
            review.display_name,
            f"Bilan {intervention.name} · EARL Les Vergers de Rognes",
        )
        self.assertEqual(
            intervention.with_user(self.user).action_open_review()["res_id"], review.id
        )

        review.write(
            {
                "work_done": "<p>Pommes cueillies sur les rangs 1 à 14.</p>",
                "objectives_met": "partly",
                "quality_rating": "4",
                "punctuality_rating": "5",
                "attitude_rating": "5",
                "overall_rating": "4",
                "farmer_comment": "Très bonne équipe.",
                "signature": SIGNATURE,
                "signed_by": "Martine Roux",
            }
        )
        self.assertTrue(review.signed_on, "the signature is dated")
        self.assertEqual(
            (
                review.quality_score,
                review.punctuality_score,
                review.attitude_score,
                review.overall_score,
            ),
            (4, 5, 5, 4),
        )
        review.action_complete()
        self.assertEqual(review.state, "done")
        self.assertEqual(intervention.state, "reviewed")
        self.assertEqual(intervention.review_state, "done")
        self.assertFalse(
            review.validated_by_id, "signed by the farmer, not validated by the staff"
        )

        with self.assertRaisesRegex(UserError, "Le bilan .* est déjà terminé"):
            review.action_complete()
        with self.assertRaisesRegex(
            UserError,
            "Un bilan terminé garde la signature avec laquelle il a été terminé",
        ):
            review.signed_by = "Quelqu'un d'autre"
        self.assertEqual(review.signed_by, "Martine Roux")

    def test_one_review_per_intervention(self):
        intervention = self.done_intervention()
        Review = self.env["sp.intervention.review"].with_user(self.user)
        self.assertFalse(
            Review._open_for(intervention), "an intervention keeps its review"
        )
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            Review.create({"intervention_id": intervention.id})
            Review.flush_model()

    def test_completion_refused_without_signature_or_reason(self):
        intervention = self.done_intervention()
        review = intervention.review_id.with_user(self.user)
        with self.assertRaisesRegex(
            UserError,
            "Le bilan .* doit être signé par l'agriculteur·trice, ou validé par "
            "l'équipe avec la raison de cette validation sans signature.",
        ):
            review.action_complete()
        review.validation_reason = "   "
        with self.assertRaisesRegex(
            UserError, "doit être signé par l'agriculteur·trice"
        ):
            review.action_complete()
        review.signature = SIGNATURE
        with self.assertRaisesRegex(
            UserError, "Indiquez le nom de la personne qui a signé le bilan"
        ):
            review.action_complete()
        self.assertEqual(
            (review.state, intervention.state), ("draft", "done"), "nothing is written"
        )
        self.assertFalse(self.membership_lines(self.farm))

        review.signature = False
        self.assertFalse(review.signed_on)
        review.validation_reason = (
            "L'exploitante était au marché ; bilan fait par téléphone."
        )
        review.action_complete()
        self.assertEqual((review.state, intervention.state), ("done", "reviewed"))
        self.assertEqual(review.validated_by_id, self.user)

    def test_only_a_done_intervention_is_reviewed(self):
        intervention = self.create_intervention(workers=self.workers[:1])
        with self.assertRaisesRegex(
            UserError, "est « Demande » : son bilan vient une fois qu'elle est réalisée"
        ):
            intervention.with_user(self.user).action_open_review()
        review = (
            self.env["sp.intervention.review"]
            .with_user(self.user)
            .create(
                {
                    "intervention_id": intervention.id,
                    "validation_reason": "Test",
                }
            )
        )
        with self.assertRaisesRegex(
            UserError, "Seule une intervention réalisée peut faire l'objet d'un bilan"
        ):
            review.action_complete()
        self.assertEqual(review.state, "draft")

    def test_follow_up_request(self):
        intervention = self.done_intervention()
        review = intervention.review_id.with_user(self.user)
        with self.assertRaisesRegex(
            UserError, "Notez les souhaits de suite de la ferme"
        ):
            review.action_create_follow_up()
        review.follow_up_wishes = "Une autre récolte dans deux semaines."
        action = review.action_create_follow_up()
        follow_up = review.follow_up_intervention_id
        self.assertEqual(action["res_id"], follow_up.id)
        self.assertEqual(follow_up.state, "draft")
        self.assertEqual(
            (
                follow_up.farm_id,
                follow_up.farm_contact_id,
                follow_up.task_type_ids,
                follow_up.supervisor_id,
            ),
            (
                intervention.farm_id,
                intervention.farm_contact_id,
                intervention.task_type_ids,
                intervention.supervisor_id,
            ),
        )
        self.assertIn("Une autre récolte dans deux semaines.", follow_up.description)
        self.assertFalse(follow_up.worker_line_ids, "the next crew is planned anew")
        with self.assertRaisesRegex(
            UserError, f"La demande de suite {follow_up.name} existe déjà"
        ):
            review.action_create_follow_up()

    def test_access(self):
        intervention = self.done_intervention()
        review = intervention.review_id
        self.assertTrue(review.with_user(self.user).read(["farm_id", "overall_rating"]))
        with self.assertRaises(AccessError):
            review.with_user(self.user).unlink()
        with self.assertRaises(AccessError):
            review.with_user(self.outsider).read(["farm_id"])
        review.with_user(self.manager).unlink()
        self.assertFalse(intervention.review_id)


class TestObservations(ReviewCase):
    """What the workers showed on the job: for HR officers only."""

    def test_hr_officer_records_observations(self):
        intervention = self.done_intervention()
        review = intervention.review_id.with_user(self.hr_officer)
        teamwork = self.env.ref("hr_skills.hr_skill_teamwork")
        review.write(
            {
                "observation_ids": [
                    (
                        0,
                        0,
                        {
                            "employee_id": self.workers[0].id,
                            "skill_ids": [(6, 0, teamwork.ids)],
                            "note": "Aide spontanément les autres.",
                        },
                    )
                ]
            }
        )
        observation = review.observation_ids
        self.assertEqual(
            (observation.employee_id, observation.skill_ids),
            (self.workers[0], teamwork),
        )
        self.assertEqual(
            self.workers[0].with_user(self.hr_officer).sp_observation_ids, observation
        )
        with self.assertRaisesRegex(Exception, "Salarié 09 n'a pas travaillé sur"):
            review.write(
                {"observation_ids": [(0, 0, {"employee_id": self.workers[8].id})]}
            )

    def test_user_without_hr_group_cannot_read_observations(self):
        self.assertFalse(self.user.has_group("hr.group_hr_user"))
        intervention = self.done_intervention()
        review = intervention.review_id
        review.with_user(self.hr_officer).write(
            {
                "observation_ids": [
                    (
                        0,
                        0,
                        {
                            "employee_id": self.workers[0].id,
                            "note": "Fatigue en fin de journée, à suivre avec la CIP.",
                        },
                    )
                ]
            }
        )
        observation = review.sudo().observation_ids
        Observation = self.env["sp.intervention.review.observation"].with_user(
            self.user
        )
        with self.assertRaises(AccessError):
            Observation.search([])
        with self.assertRaises(AccessError):
            observation.with_user(self.user).read(["note"])
        with self.assertRaises(AccessError):
            review.with_user(self.user).read(["observation_ids"])
        with self.assertRaises(AccessError):
            Observation.create(
                {
                    "review_id": review.id,
                    "employee_id": self.workers[1].id,
                    "note": "Test",
                }
            )
        with self.assertRaises(AccessError):
            review.with_user(self.user).write(
                {"observation_ids": [(0, 0, {"employee_id": self.workers[1].id})]}
            )
        self.assertNotIn("observation_ids", review.with_user(self.user).fields_get())

    def test_observations_stay_out_of_the_history_and_the_pdf(self):
        intervention = self.done_intervention()
        review = intervention.review_id.with_user(self.hr_officer).with_context(
            tracking_disable=False
        )
        self.cr.precommit.run()  # the review was created in an earlier transaction
        review.write(
            {
                "overall_rating": "5",
                "observation_ids": [
                    (
                        0,
                        0,
                        {
                            "employee_id": self.workers[0].id,
                            "note": "Note confidentielle CIP",
                        },
                    )
                ],
            }
        )
        self.env.flush_all()
        # tracking values are written when the transaction commits
        self.cr.precommit.run()
        tracked = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id.res_id", "=", review.id),
                    ("mail_message_id.model", "=", review._name),
                ]
            )
        )
        self.assertTrue(tracked, "the satisfaction is tracked")
        values = " ".join(
            str(v)
            for v in tracked.mapped("old_value_char") + tracked.mapped("new_value_char")
        )
        self.assertNotIn("Note confidentielle", values)
        html = (
            self.env["ir.actions.report"]
            .with_user(self.user)
            ._render_qweb_html(
                "seconde_pousse.action_report_intervention_review", review.ids
            )[0]
            .decode()
        )
        self.assertNotIn("Note confidentielle", html)
        self.assertNotIn(
            "Salarié 01", html, "the workers stay anonymous on the farm's copy"
        )


class TestOverdueReviews(ReviewCase):
    """Reviews still to hold N days after the job give their supervisor an activity."""

    def _run_cron(self):
        self.env["sp.intervention.review"]._cron_remind_overdue()

    def _reminders(self, reviews):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "sp.intervention.review"),
                ("res_id", "in", reviews.ids),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("seconde_pousse.mail_activity_type_review_overdue").id,
                ),
            ]
        )

    def test_cron_reminds_the_supervisor_once(self):
        self.env["ir.config_parameter"].set_param("seconde_pousse.review_delay_days", 5)
        now = fields.Datetime.now()
        overdue = self.done_intervention(workers=self.workers[:1], day=0)
        recent = self.done_intervention(workers=self.workers[1:2], day=1)
        reviewed = self.done_intervention(workers=self.workers[2:3], day=2)
        overdue.actual_end = reviewed.actual_end = now - timedelta(days=6)
        recent.actual_end = now - timedelta(days=4)
        self.signed_review(reviewed).action_complete()

        self._run_cron()
        reminder = self._reminders(
            overdue.review_id | recent.review_id | reviewed.review_id
        )
        self.assertEqual(len(reminder), 1)
        self.assertEqual(
            (reminder.res_id, reminder.user_id), (overdue.review_id.id, self.user)
        )
        self.assertEqual(overdue.review_id.with_user(self.user).activity_ids, reminder)

        self._run_cron()
        self.assertEqual(
            self._reminders(overdue.review_id),
            reminder,
            "no second reminder while one is open",
        )

        self.signed_review(overdue).action_complete()
        self.assertFalse(reminder.exists(), "completing the review closes its reminder")

    def test_migration_opens_missing_reviews(self):
        """Interventions done before reviews existed get theirs from the 19.0.1.3.0
        migration, not the cron."""
        intervention = self.done_intervention()
        intervention.review_id.sudo().unlink()
        intervention.actual_end = fields.Datetime.now() - timedelta(days=30)
        self._run_cron()
        self.assertFalse(intervention.review_id, "the reminder only reminds")

        path = (
            Path(__file__).parent.parent
            / "seconde_pousse/migrations/19.0.1.3.0/post-migrate.py"
        )
        spec = importlib.util.spec_from_file_location(
            "sp_post_migrate_19_0_1_3_0", path
        )
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "19.0.1.2.0")
        intervention.invalidate_recordset(["review_ids"])
        self.assertEqual(intervention.review_id.state, "draft")
        self._run_cron()
        self.assertEqual(len(self._reminders(intervention.review_id)), 1)

    def test_cron_is_batched(self):
        """The same queries for 3 and for 9 overdue reviews."""

        def overdue(first, count):
            interventions = self.env["sp.intervention"]
            for day in range(first, first + count):
                interventions |= self.done_intervention(
                    workers=self.workers[day : day + 1], day=day
                )
            interventions.actual_end = fields.Datetime.now() - timedelta(days=10)
            self.env.flush_all()
            return interventions

        def queries():
            self.env.invalidate_all()
            count0 = self.cr.sql_log_count
            self._run_cron()
            return self.cr.sql_log_count - count0

        warm = overdue(0, 1)
        self._run_cron()  # warm the caches (access rights, rules, activity type)
        three = overdue(1, 3)
        with_3 = queries()
        nine = overdue(4, 6) | three
        self._reminders(three.review_id).unlink()
        with_9 = queries()
        self.assertEqual(len(self._reminders((warm | nine).review_id)), 10)
        self.assertEqual(with_3, with_9)
