"""Creating interventions in bulk (recurring series, imports) costs no query per intervention."""
from datetime import timedelta

from .common import SpCase

# Queries to create interventions with ten workers each (plus the supervisor's
# line), as a supervisor, mail tracking on, double-booking checks included.
# Nothing is paid per intervention: the only growth is the ORM's own INSERT and
# UPDATE chunks of 100 crew lines (2 queries per 100 lines).
QUERIES_FOR_10 = 25    # 10 interventions, 110 crew lines
QUERIES_FOR_100 = 43   # 100 interventions, 1,100 crew lines


class TestPerformance(SpCase):

    def _create_batch(self, count, first_day):
        Intervention = self.env["sp.intervention"].with_user(self.user).with_context(tracking_disable=False)
        vals_list = [
            self._intervention_vals(workers=self.workers, start=self.start + timedelta(days=first_day + i))
            for i in range(count)
        ]
        return Intervention.create(vals_list)

    def test_batch_creation_query_count(self):
        self._create_batch(2, first_day=0)  # warm the caches (sequence, access rights, rules)
        for count, first_day, bound in ((10, 10, QUERIES_FOR_10), (100, 100, QUERIES_FOR_100)):
            with self.assertQueryCount(bound):
                interventions = self._create_batch(count, first_day)
            self.assertEqual(len(interventions), count)
            self.assertEqual(len(interventions.worker_line_ids), count * 10)
            self.assertEqual(len(interventions.crew_line_ids), count * 11, "the supervisor is booked too")
            self.assertEqual(len(set(interventions.mapped("name"))), count, "each has its own reference")
            self.assertEqual(interventions.mapped("planned_hours"), [70.0] * count)
