"""Two planners book the same person at the same moment: PostgreSQL lets exactly one win."""
import threading
import time
from datetime import datetime, timedelta

from odoo import Command, api
from odoo.exceptions import ValidationError
from odoo.modules.registry import Registry
from odoo.service.model import retrying
from odoo.tests import BaseCase, get_db_name

from .common import SpTestMixin


class TestConcurrentBooking(SpTestMixin, BaseCase):
    """Real transactions on their own cursors, committed, then cleaned up.

    No TransactionCase here: its open test transaction would hold locks that the
    planners' transactions wait for.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    def _env(self, cr):
        return api.Environment(cr, api.SUPERUSER_ID, {"lang": "fr_FR", "tz": "Europe/Paris", "tracking_disable": True})

    def _waiting_transactions(self, cr):
        cr.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cr.fetchone()[0]

    def test_exactly_one_planner_wins(self):
        start = datetime(2031, 3, 3, 7, 0)
        with self.registry.cursor() as cr:
            env = self._env(cr)
            farm = env["res.partner"].create({"name": "Ferme concurrente", "is_company": True, "sp_is_farm": True})
            supervisors = env["hr.employee"].create([
                {"name": "Encadrante A", "sp_role": "supervisor"}, {"name": "Encadrant B", "sp_role": "supervisor"},
            ])
            worker = env["hr.employee"].create({"name": "Nadia Concurrente", "sp_role": "insertion"})
            first, second = env["sp.intervention"].create([{
                "farm_id": farm.id, "supervisor_id": supervisor.id,
                "planned_start": start + timedelta(hours=offset), "planned_end": start + timedelta(hours=offset + 6),
            } for supervisor, offset in zip(supervisors, (0, 2))])
            (first | second).action_plan()
            ids = {"first": first.id, "second": second.id, "worker": worker.id,
                   "farm": farm.id, "employees": (supervisors | worker).ids}
        try:
            self._race(ids)
        finally:
            with self.registry.cursor() as cr:
                env = self._env(cr)
                env["sp.intervention"].browse([ids["first"], ids["second"]]).unlink()
                env["hr.employee"].browse(ids["employees"]).unlink()
                env["res.partner"].browse(ids["farm"]).unlink()

    def _race(self, ids):
        first_booked, release_first = threading.Event(), threading.Event()
        outcome = {}

        def book(key, intervention_id, wait_before_commit):
            with self.registry.cursor() as cr:
                env = self._env(cr)
                intervention = env["sp.intervention"].browse(intervention_id)

                def plan():
                    intervention.write({"worker_line_ids": [Command.create({"employee_id": ids["worker"]})]})
                    intervention.action_confirm()
                    if wait_before_commit:
                        first_booked.set()
                        release_first.wait(30)
                try:
                    # What the web client's call goes through: the same conversion of
                    # database errors into a message for the user, then the commit.
                    retrying(plan, env)
                    outcome[key] = "committed"
                except ValidationError as error:
                    outcome[key] = str(error)

        first = threading.Thread(target=book, args=("first", ids["first"], True))
        first.start()
        self.assertTrue(first_booked.wait(30), "the first planner booked the worker")
        second = threading.Thread(target=book, args=("second", ids["second"], False))
        second.start()
        # Let the second planner reach the database check, where it must wait for the first.
        with self.registry.cursor() as cr:
            for _attempt in range(300):
                if self._waiting_transactions(cr):
                    break
                time.sleep(0.1)
            self.assertTrue(self._waiting_transactions(cr), "the second planner waits for the first")
        release_first.set()
        first.join(30)
        second.join(30)

        self.assertEqual(outcome.get("first"), "committed")
        with self.registry.cursor() as cr:
            env = self._env(cr)
            first_intervention = env["sp.intervention"].browse(ids["first"])
            second_intervention = env["sp.intervention"].browse(ids["second"])
            self.assertIn(
                f"Nadia Concurrente est déjà réservé·e sur {first_intervention.name} (Ferme concurrente) "
                "du 03/03/2031 08:00 au 03/03/2031 14:00.",
                outcome.get("second", ""),
            )
            self.assertEqual(first_intervention.state, "confirmed")
            self.assertEqual(second_intervention.state, "planned", "the second planner's change is rolled back")
            self.assertNotIn(ids["worker"], second_intervention.crew_line_ids.employee_id.ids)
