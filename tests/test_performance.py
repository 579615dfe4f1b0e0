"""Creating interventions in bulk (recurring series, imports) costs no query per
intervention."""

from datetime import timedelta

from .common import ReviewCase, SpCase, add_booking_history

# Queries to create interventions with ten workers each (plus the supervisor's
# line), as a supervisor, mail tracking on, double-booking checks included.
# Nothing is paid per intervention: the only growth is the ORM's own INSERT and
# UPDATE chunks of 100 crew lines (2 queries per 100 lines).
QUERIES_FOR_10 = 25  # 10 interventions, 110 crew lines
QUERIES_FOR_100 = 43  # 100 interventions, 1,100 crew lines
# Queries to complete a signed review as its supervisor, for a member farm, then
# for a farm's first review, which also locks the farm and drafts its membership
# invoice (account.move creation is about a hundred queries of its own).
QUERIES_TO_COMPLETE = 19
QUERIES_TO_COMPLETE_AND_JOIN = 118


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
            self.assertEqual(interventions.mapped("planned_hours"), [70.0] * count)


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
