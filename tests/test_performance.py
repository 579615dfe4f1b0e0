"""Creating interventions in bulk (recurring series, imports) costs no query per
intervention."""

from datetime import timedelta

from .common import ReviewCase, SpCase, add_booking_history, new_sp_user

# Queries to create interventions with ten workers each (plus the supervisor's
# line), as a supervisor, mail tracking on, double-booking checks included.
# Nothing is paid per intervention: the only growth is the ORM's own INSERT
# chunks of 100 crew lines (one query per 100 lines). Two read the working
# schedule, its hours and its public holidays, and five make the farm's contact
# a follower of the jobs (its subtypes, the followers already there, one insert),
# once for the whole batch.
QUERIES_FOR_10 = 22  # 10 interventions, 110 crew lines
QUERIES_FOR_100 = 31  # 100 interventions, 1,100 crew lines
# Queries to complete a signed review as its supervisor, for a member farm, then
# for a farm's first review, which also locks the farm and drafts its membership
# invoice (account.move creation is about a hundred queries of its own).
# (17 of them price the job for accounting: the farm's membership on the job's
# day, the members' pricelist in Settings, the products, the loans; 3 wake the
# cron that sends the farm its completed review, after the commit.)
QUERIES_TO_COMPLETE = 39
QUERIES_TO_COMPLETE_AND_JOIN = 139
# Queries to confirm planned interventions at once, as the coordinator, the crews'
# calendar events and each person's one message (mail queue) included, by workers
# per intervention and number of interventions. Nothing is paid per intervention:
# 100 cost what 10 cost plus the ORM's own batches of 100 rows (the crew lines'
# status, the events' attendees), one query per 100 rows. Three of them wake the
# cron that sends the farms their dates, once for the whole batch, and one makes
# the links of their e-mails.
QUERIES_TO_CONFIRM = {(1, 10): 49, (1, 100): 51, (10, 10): 49, (10, 100): 52}


class TestPerformance(SpCase):
    def _create_batch(self, count, first_day):
        Intervention = (
            self.env["sp.intervention"]
            .with_user(self.user)
            .with_context(tracking_disable=False)
        )
        vals_list = [
            self._intervention_vals(
                workers=self.workers, start=self.start + timedelta(days=first_day + i)
            )
            for i in range(count)
        ]
        return Intervention.create(vals_list)

    def test_batch_creation_query_count(self):
        self._create_batch(
            2, first_day=0
        )  # warm the caches (sequence, access rights, rules)
        for count, first_day, bound in (
            (10, 10, QUERIES_FOR_10),
            (100, 100, QUERIES_FOR_100),
        ):
            with self.assertQueryCount(bound):
                interventions = self._create_batch(count, first_day)
            self.assertEqual(len(interventions), count)
            self.assertEqual(len(interventions.worker_line_ids), count * 10)
            self.assertEqual(
                len(interventions.crew_line_ids),
                count * 11,
                "the supervisor is booked too",
            )
            self.assertEqual(
                len(set(interventions.mapped("name"))),
                count,
                "each has its own reference",
            )
            # Each of the 10 workers is planned for the job's working hours.
            self.assertEqual(
                interventions.mapped("planned_hours"),
                [10 * job.working_hours for job in interventions],
            )


class TestAvailabilityScaling(SpCase):
    """The availability check costs the same queries whatever the planning's history."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.crew = cls.env["hr.employee"].create(
            [{"name": f"Renfort {i:02d}", "sp_role": "insertion"} for i in range(50)]
        )

    def _availability_queries(self):
        Intervention = self.env["sp.intervention"].with_user(self.user)
        start = self.start + timedelta(days=400)
        self.env.invalidate_all()
        count0 = self.cr.sql_log_count
        draft = Intervention.new(
            {
                "farm_id": self.farm.id,
                "planned_start": start,
                "planned_end": start + timedelta(hours=7),
            }
        )
        available = draft.available_employee_ids
        queries = self.cr.sql_log_count - count0
        self.assertLessEqual(
            set((self.crew | self.workers | self.supervisor).ids),
            set(available.ids),
            "everyone is free on a day nobody is booked",
        )
        return queries

    def test_same_queries_with_1000_and_50000_lines(self):
        add_booking_history(
            self.env, self.farm, self.crew, 0, 20, origin="2020-01-01 06:00"
        )
        self._availability_queries()  # warm the caches (access rights, rules)
        with_1000 = self._availability_queries()
        add_booking_history(
            self.env, self.farm, self.crew, 20, 980, origin="2020-01-01 06:00"
        )
        self.assertEqual(
            self.env["sp.intervention.worker"].search_count(
                [("employee_id", "in", self.crew.ids)]
            ),
            50000,
        )
        with_50000 = self._availability_queries()
        self.assertEqual(with_1000, with_50000)
        self.assertLessEqual(with_50000, 4)


class TestBatchConfirmation(SpCase):
    """A coordinator confirms a week, or a whole series, in one call."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.worker_user = new_sp_user(cls.env, "sp_salarie01", "Salarié 01")
        cls.workers[0].user_id = cls.worker_user

    def _planned(self, count, first_day, workers):
        interventions = (
            self.env["sp.intervention"]
            .with_user(self.manager)
            .create(
                [
                    self._intervention_vals(
                        workers=workers,
                        start=self.start + timedelta(days=first_day + i),
                    )
                    for i in range(count)
                ]
            )
        )
        interventions.action_plan()
        self.env.flush_all()
        self.env.invalidate_all()
        return interventions

    def _messages_to(self, partner):
        return self.env["mail.message"].search([("partner_ids", "in", partner.ids)])

    def test_confirming_costs_the_same_for_10_and_100(self):
        self._planned(3, 0, self.workers[:1]).action_confirm()  # warm the caches
        first_day = 10
        for workers in (self.workers[:1], self.workers):
            for count in (10, 100):
                interventions = self._planned(count, first_day, workers)
                first_day += count
                with self.assertQueryCount(QUERIES_TO_CONFIRM[len(workers), count]):
                    interventions.action_confirm()
                self.assertEqual(set(interventions.mapped("state")), {"confirmed"})
                self.assertEqual(len(interventions.calendar_event_id), count)
        bound = QUERIES_TO_CONFIRM
        for workers in (1, 10):
            rows = 100 * (workers + 1) + 100 * 2  # crew lines, attendees
            self.assertLessEqual(bound[workers, 100] - bound[workers, 10], rows / 100)

    def test_one_message_per_person_for_a_batch(self):
        supervisor = self.user.partner_id
        before = self._messages_to(supervisor) | self._messages_to(
            self.worker_user.partner_id
        )
        mails_before = self.env["mail.mail"].search([])
        interventions = self._planned(5, 0, self.workers[:3])
        interventions.action_confirm()
        for partner in (supervisor, self.worker_user.partner_id):
            received = self._messages_to(partner) - before
            self.assertEqual(len(received), 1, "one message for the five bookings")
            self.assertIn("5 interventions", received.subject)
            for intervention in interventions:
                self.assertIn(intervention.name, received.body)
        new_mails = self.env["mail.mail"].search([]) - mails_before
        self.assertEqual(
            sorted(new_mails.recipient_ids.ids),
            sorted((supervisor | self.worker_user.partner_id).ids),
            "no invitation per intervention, no 'assigned to you'",
        )
        self.assertFalse(
            interventions.activity_ids, "the crew's events add no activity to the job"
        )
        for intervention in interventions:
            self.assertIn(
                "État : Planifiée → Confirmée",
                intervention.message_ids[0].body,
                "each job's history says it was confirmed",
            )

    def test_a_single_confirmation_sends_its_invitation(self):
        supervisor = self.user.partner_id
        mails_before = self.env["mail.mail"].search([])
        # The calendar invites to future events only.
        intervention = self._planned(1, 500, self.workers[:1])
        intervention.action_confirm()
        new_mails = self.env["mail.mail"].search([]) - mails_before
        to_supervisor = new_mails.filtered(
            lambda mail: supervisor in mail.recipient_ids
        )
        self.assertEqual(len(to_supervisor), 1, "the invitation, and nothing else")
        self.assertEqual(
            to_supervisor.mail_message_id.model, "calendar.event", "the calendar's own"
        )


class TestReviewPerformance(ReviewCase):
    """Completing a review: what one call from the form costs."""

    def _ready_review(self, day, farm):
        review = self.signed_review(
            self.done_intervention(
                workers=self.workers[day : day + 1], day=day, farm_id=farm.id
            )
        )
        review.write({"overall_rating": "4", "farmer_comment": "Très bien."})
        self.env.flush_all()
        self.env.invalidate_all()
        return review

    def test_complete_review_query_count(self):
        self.farm.free_member = True
        # Warm the caches (access rights, rules, templates): the first completion
        # fetches users as the system, so the second is the first to check their rules.
        for day in (0, 1):
            self._ready_review(day, self.farm).action_complete()
        review = self._ready_review(2, self.farm)
        with self.assertQueryCount(QUERIES_TO_COMPLETE):
            review.action_complete()
        first = self._ready_review(3, self.other_farm)
        with self.assertQueryCount(QUERIES_TO_COMPLETE_AND_JOIN):
            first.action_complete()
        self.assertEqual(self.other_farm.membership_state, "waiting")
