"""The pathway as the CIP follows it: its states, the exit and whether the
funders count it, interviews with their next step, and the skills seen on the
job that become the employee's skills."""

from datetime import datetime, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import ReviewCase
from .pathway_common import PathwayCase, pathway_users


class TestPathwayExit(PathwayCase):
    def exit(self, pathway, days, reason):
        """The exit ``days`` days after hiring (exit date - hiring date, as the
        ASP counts them)."""
        pathway.write(
            {
                "exit_date": pathway.hiring_date + timedelta(days=days),
                "exit_reason_id": reason.id,
            }
        )
        self.assertIs(pathway.action_exit(), True)
        return pathway

    def test_reference_and_states(self):
        pathway = self.create_pathway()
        self.assertRegex(pathway.name, r"^PAR/\d{4}/\d{4}$")
        self.assertEqual(pathway.state, "ongoing")
        self.assertIn(self.workers[0].name, pathway.display_name)

        self.assertIs(pathway.action_suspend(), True)
        self.assertEqual(pathway.state, "suspended")
        with self.assertRaisesRegex(UserError, "cette étape ne s'applique pas"):
            pathway.action_suspend()
        self.assertIs(pathway.action_resume(), True)

        with self.assertRaisesRegex(UserError, "date et le motif de sortie"):
            pathway.action_exit()
        self.assertEqual(pathway.state, "ongoing", "nothing written")
        # Said in French before PostgreSQL's CHECK would say it in English.
        with self.assertRaisesRegex(ValidationError, "ne peut pas précéder"):
            pathway.write({"exit_date": pathway.hiring_date - timedelta(days=1)})
            pathway.flush_recordset()

    def test_one_pathway_at_a_time(self):
        first = self.create_pathway(hiring=self.today - timedelta(days=400))
        with self.assertRaisesRegex(ValidationError, "déjà un parcours en cours"):
            self.create_pathway(hiring=self.today)
        # Nor through another CIP, who does not see the first pathway.
        with self.assertRaisesRegex(ValidationError, "déjà un parcours en cours"):
            self.create_pathway(hiring=self.today, user=self.other_cip)
        self.exit(first, 200, self.reason_cdi)
        # A person may come back later, on a new pathway.
        second = self.create_pathway(hiring=self.today - timedelta(days=10))
        self.assertEqual(second.state, "ongoing")
        self.assertEqual(self.workers[0].with_user(self.cip).sp_pathway_count, 2)

    def test_exit_counts_after_three_months(self):
        # The ASP counts an exit after more than 2.65 months in the structure,
        # (exit - hiring) x 0.0328767 (pilotage, contrats_sorties.sql): 80 days after
        # hiring is 80 x 0.0328767 = 2.630 months, not counted; 81 days is 2.663.
        short = self.exit(
            self.create_pathway(employee=self.workers[0]), 80, self.reason_cdi
        )
        self.assertFalse(short.counts_as_exit)
        self.assertEqual(short.exit_category, "emploi_durable")
        enough = self.exit(
            self.create_pathway(employee=self.workers[1]), 81, self.reason_cdi
        )
        self.assertTrue(enough.counts_as_exit)
        self.assertEqual(enough.months_in_structure, 2.7, "shown to a tenth")

        # A withdrawal never counts, however long the pathway.
        withdrawn = self.exit(
            self.create_pathway(
                employee=self.workers[2], hiring=self.today - timedelta(days=700)
            ),
            600,
            self.reason_withdrawal,
        )
        self.assertEqual(withdrawn.exit_category, "retrait")
        self.assertFalse(withdrawn.counts_as_exit)

        Pathway = self.env["sp.pathway"].with_user(self.cip)
        self.assertEqual(Pathway.search([("counts_as_exit", "=", True)]), enough)

    def test_exit_counts_over_all_the_persons_pathways(self):
        person = self.workers[3]
        first = self.exit(
            self.create_pathway(
                employee=person, hiring=self.today - timedelta(days=300)
            ),
            40,
            self.reason_no_news,
        )
        self.assertFalse(first.counts_as_exit, "40 days alone")
        # Back later, with another CIP: (40 + 45) x 0.0328767 = 2.79 months in all.
        second = self.exit(
            self.create_pathway(
                employee=person,
                hiring=self.today - timedelta(days=100),
                user=self.other_cip,
            ),
            45,
            self.reason_cdi,
        )
        self.assertTrue(second.counts_as_exit)
        self.assertFalse(first.counts_as_exit, "the later pathway does not count back")

        # Correcting the first exit date updates the stored rule of the second.
        first.exit_date = first.hiring_date + timedelta(days=29)
        self.assertFalse(second.counts_as_exit, "(29 + 45) x 0.0328767 = 2.43 months")

        # Reopened, an exit no longer counts.
        second.with_user(self.insertion_manager).action_reopen()
        self.assertFalse(second.counts_as_exit)
        self.assertFalse(second.exit_date)

    def test_an_exit_needs_its_date_and_reason(self):
        pathway = self.create_pathway()
        with self.assertRaisesRegex(ValidationError, "une sortie demande sa date"):
            pathway.write({"state": "exited", "exit_date": self.today})


class TestPathwayFollowUp(PathwayCase):
    def test_interview_next_step_is_an_activity_of_the_cip(self):
        pathway = self.create_pathway()
        barrier = (
            self.env["sp.pathway.barrier"]
            .with_user(self.cip)
            .create(
                {
                    "pathway_id": pathway.id,
                    "barrier_type": "mobility",
                    "support_mode": "external",
                }
            )
        )
        interview = (
            self.env["sp.pathway.interview"]
            .with_user(self.cip)
            .create(
                {
                    "pathway_id": pathway.id,
                    "interview_type": "interim_review",
                    "start": datetime(2026, 6, 2, 8, 0),
                    "barrier_ids": [Command.link(barrier.id)],
                    "notes": "<p>Permis B : code obtenu.</p>",
                    "next_step": "Appeler l'auto-école sociale",
                    "next_step_date": self.today + timedelta(days=7),
                }
            )
        )
        self.assertEqual(interview.employee_id, self.workers[0])
        self.assertEqual(interview.stop, datetime(2026, 6, 2, 9, 0))
        self.assertEqual(
            interview.display_name, f"Bilan intermédiaire — {self.workers[0].name}"
        )
        self.assertEqual(barrier.display_name, "Manque de mobilité")
        activity = pathway.activity_ids
        self.assertEqual(activity, interview.next_step_activity_id)
        self.assertEqual(activity.summary, "Appeler l'auto-école sociale")
        self.assertEqual(activity.user_id, self.cip)
        self.assertEqual(activity.date_deadline, self.today + timedelta(days=7))

        # Moving the next step moves the same activity.
        interview.next_step_date = self.today + timedelta(days=14)
        self.assertEqual(pathway.activity_ids, activity)
        self.assertEqual(activity.date_deadline, self.today + timedelta(days=14))
        self.assertEqual(pathway.interview_count, 1)
        self.assertEqual(pathway.barrier_open_count, 1)

        # No date, no to-do; a date again, a new one; the interview deleted, its
        # to-do goes with it.
        interview.next_step_date = False
        self.assertFalse(pathway.activity_ids)
        interview.next_step_date = self.today + timedelta(days=21)
        self.assertEqual(pathway.activity_ids.summary, "Appeler l'auto-école sociale")
        interview.unlink()
        self.assertFalse(pathway.activity_ids)

    def test_trainings_and_immersions(self):
        pathway = self.create_pathway(hiring=self.today - timedelta(days=60))
        Training = self.env["sp.pathway.training"].with_user(self.cip)
        training = Training.create(
            {
                "pathway_id": pathway.id,
                "name": "Certiphyto",
                "category": "qualifying",
                "date_start": self.today - timedelta(days=10),
                "date_end": self.today - timedelta(days=9),
                "hours": 14,
            }
        )
        self.assertEqual(training.employee_id, self.workers[0])
        self.assertEqual(pathway.training_hours, 14)
        with self.assertRaisesRegex(ValidationError, "commence avant l'embauche"):
            Training.create(
                {
                    "pathway_id": pathway.id,
                    "name": "SST",
                    "date_start": self.today - timedelta(days=61),
                    "date_end": self.today - timedelta(days=60),
                    "hours": 14,
                }
            )
        host = self.env["res.partner"].create({"name": "Pépinières de la Durance"})
        immersion = (
            self.env["sp.pathway.immersion"]
            .with_user(self.cip)
            .create(
                {
                    "pathway_id": pathway.id,
                    "immersion_type": "pmsmp",
                    "host_partner_id": host.id,
                    "date_start": self.today,
                    "date_end": self.today + timedelta(days=10),
                }
            )
        )
        self.assertEqual(pathway.immersion_ids, immersion)


class TestObservedSkills(ReviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        users = pathway_users(cls.env)
        cls.cip = users["cip"]
        skill_type = cls.env["hr.skill.type"].create(
            {
                "name": "Travaux agricoles",
                "skill_level_ids": [
                    Command.create(
                        {
                            "name": "Découverte",
                            "level_progress": 25,
                            "default_level": True,
                        }
                    ),
                    Command.create({"name": "Autonome", "level_progress": 100}),
                ],
                "skill_ids": [
                    Command.create({"name": "Taille"}),
                    Command.create({"name": "Récolte"}),
                ],
            }
        )
        cls.pruning, cls.harvesting = skill_type.skill_ids
        cls.discovery = skill_type.skill_level_ids.filtered("default_level")

    def test_cip_validates_the_skills_seen_on_the_job_once(self):
        worker = self.workers[0]
        intervention = self.done_intervention(workers=worker)
        review = intervention.review_id
        observation = self.env["sp.intervention.review.observation"].create(
            {
                "review_id": review.id,
                "employee_id": worker.id,
                "skill_ids": [Command.set([self.pruning.id, self.harvesting.id])],
                "note": "Taille soignée.",
            }
        )
        pathway = (
            self.env["sp.pathway"]
            .with_user(self.cip)
            .create(
                {
                    "employee_id": worker.id,
                    "hiring_date": intervention.planned_start.date()
                    - timedelta(days=30),
                    "cip_user_id": self.cip.id,
                }
            )
        )
        self.assertEqual(pathway.observation_ids, observation)

        # A supervisor who is not a CIP cannot turn them into skills.
        with self.assertRaises(AccessError):
            observation.with_user(self.hr_officer).action_validate()

        # The employee already had one of them: it is kept, the other is added.
        self.env["hr.employee.skill"].create(
            {
                "employee_id": worker.id,
                "skill_id": self.harvesting.id,
                "skill_type_id": self.harvesting.skill_type_id.id,
                "skill_level_id": self.harvesting.skill_type_id.skill_level_ids[-1].id,
            }
        )
        self.assertIs(observation.with_user(self.cip).action_validate(), True)
        skills = self.env["hr.employee.skill"].search([("employee_id", "=", worker.id)])
        self.assertEqual(skills.skill_id, self.pruning | self.harvesting)
        self.assertEqual(
            skills.filtered(lambda s: s.skill_id == self.pruning).skill_level_id,
            self.discovery,
            "at the default level",
        )
        self.assertEqual(observation.validated_by_id, self.cip)

        observation.with_user(self.cip).action_validate()
        self.assertEqual(
            self.env["hr.employee.skill"].search_count(
                [("employee_id", "=", worker.id)]
            ),
            2,
            "once",
        )


class TestPathwayQueries(PathwayCase):
    def test_list_costs_the_same_for_3_or_9_pathways(self):
        pathways = self.env["sp.pathway"]
        for i, worker in enumerate(self.workers[:9]):
            iae_pass = self.create_pass(employee=worker, number=f"99999260010{i}")
            pathway = self.create_pathway(employee=worker, pass_id=iae_pass.id)
            self.env["sp.pathway.interview"].with_user(self.cip).create(
                {"pathway_id": pathway.id}
            )
            pathways |= pathway
        fields_ = [
            "display_name",
            "employee_id",
            "cip_user_id",
            "pass_end_date",
            "pass_state",
            "pass_expiry_soon",
            "months_in_structure",
            "state",
            "counts_as_exit",
            "interview_count",
            "barrier_open_count",
            "training_hours",
        ]
        self.env.flush_all()

        def queries(records):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            records.with_user(self.cip).read(fields_)
            return self.env.cr.sql_log_count - before

        queries(pathways[:1])  # warm the caches (rules, settings) once
        self.assertEqual(queries(pathways[:3]), queries(pathways))
        self.assertLessEqual(queries(pathways), 12)
