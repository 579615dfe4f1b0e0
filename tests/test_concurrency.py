"""Concurrent planners and supervisors: PostgreSQL lets exactly one win."""
import threading
import time
from datetime import date, datetime, timedelta

from odoo import Command, api
from odoo.exceptions import ValidationError
from odoo.modules.registry import Registry
from odoo.service.model import retrying
from odoo.tests import BaseCase, get_db_name

from .common import SpTestMixin


class ConcurrentCase(SpTestMixin, BaseCase):
    """Real transactions on their own cursors, committed, then cleaned up.

    No TransactionCase here: its open test transaction would hold locks that the
    concurrent transactions wait for.
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

    def _race(self, step, first_arg, second_arg):
        """Run ``step(env, arg)`` for both args in two transactions, the first one first.

        The first transaction stays open until the second one waits for a lock it
        holds, then commits. Returns each transaction's outcome: "committed", or
        the message of the ``ValidationError`` that rolled it back.
        """
        first_done, release_first = threading.Event(), threading.Event()
        outcome = {}

        def run(key, arg, hold):
            with self.registry.cursor() as cr:
                env = self._env(cr)

                def call():
                    step(env, arg)
                    if hold:
                        first_done.set()
                        release_first.wait(30)
                try:
                    # What the web client's call goes through: the same conversion of
                    # database errors into a message for the user, retries on
                    # serialization failures, then the commit.
                    retrying(call, env)
                    outcome[key] = "committed"
                except ValidationError as error:
                    outcome[key] = str(error)

        first = threading.Thread(target=run, args=("first", first_arg, True))
        first.start()
        self.assertTrue(first_done.wait(30), "the first transaction did its work")
        second = threading.Thread(target=run, args=("second", second_arg, False))
        second.start()
        with self.registry.cursor() as cr:
            for _attempt in range(300):
                if self._waiting_transactions(cr):
                    break
                time.sleep(0.1)
            self.assertTrue(self._waiting_transactions(cr), "the second transaction waits for the first")
        release_first.set()
        first.join(30)
        second.join(60)
        return outcome


class TestConcurrentBooking(ConcurrentCase):
    """Two planners book the same person at the same moment."""

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
            self._book(ids)
        finally:
            with self.registry.cursor() as cr:
                env = self._env(cr)
                env["sp.intervention"].browse([ids["first"], ids["second"]]).unlink()
                env["hr.employee"].browse(ids["employees"]).unlink()
                env["res.partner"].browse(ids["farm"]).unlink()

    def _book(self, ids):
        def book(env, intervention_id):
            intervention = env["sp.intervention"].browse(intervention_id)
            intervention.write({"worker_line_ids": [Command.create({"employee_id": ids["worker"]})]})
            intervention.action_confirm()

        outcome = self._race(book, ids["first"], ids["second"])

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


class TestConcurrentMembership(ConcurrentCase):
    """Two supervisors complete two first reviews of one farm at once: it becomes a member once."""

    def test_one_membership_for_two_first_reviews(self):
        start = datetime(2031, 4, 7, 7, 0)
        with self.registry.cursor() as cr:
            env = self._env(cr)
            today = date.today()
            product = env["product.product"].create({
                "name": "Adhésion concurrente", "type": "service", "membership": True, "list_price": 20.0,
                "membership_date_from": date(today.year, 1, 1), "membership_date_to": date(today.year, 12, 31),
            })
            parameter = env["ir.config_parameter"].get_param("seconde_pousse.membership_product_id")
            env["ir.config_parameter"].set_param("seconde_pousse.membership_product_id", product.id)
            farm = env["res.partner"].create({"name": "Ferme à deux bilans", "is_company": True, "sp_is_farm": True})
            supervisors = env["hr.employee"].create([
                {"name": "Encadrante C", "sp_role": "supervisor"}, {"name": "Encadrant D", "sp_role": "supervisor"},
            ])
            workers = env["hr.employee"].create([
                {"name": "Salariée E", "sp_role": "insertion"}, {"name": "Salarié F", "sp_role": "insertion"},
            ])
            interventions = env["sp.intervention"].create([{
                "farm_id": farm.id, "supervisor_id": supervisor.id,
                "planned_start": start, "planned_end": start + timedelta(hours=6),
                "worker_line_ids": [Command.create({"employee_id": worker.id})],
            } for supervisor, worker in zip(supervisors, workers)])
            for step in ("action_plan", "action_confirm", "action_start", "action_done"):
                getattr(interventions, step)()
            interventions.review_ids.write({"validation_reason": "Bilan oral avec l'exploitant."})
            ids = {"reviews": interventions.review_ids.ids, "interventions": interventions.ids, "farm": farm.id,
                   "employees": (supervisors | workers).ids, "product": product.id, "parameter": parameter}
        try:
            self._complete(ids)
        finally:
            with self.registry.cursor() as cr:
                env = self._env(cr)
                lines = env["membership.membership_line"].search([("partner_id", "=", ids["farm"])])
                lines.account_invoice_id.unlink()
                lines.exists().unlink()
                env["sp.intervention"].browse(ids["interventions"]).unlink()
                env["hr.employee"].browse(ids["employees"]).unlink()
                env["res.partner"].browse(ids["farm"]).unlink()
                env["product.product"].browse(ids["product"]).unlink()
                env["ir.config_parameter"].set_param("seconde_pousse.membership_product_id", ids["parameter"])

    def _complete(self, ids):
        def complete(env, review_id):
            env["sp.intervention.review"].browse(review_id).action_complete()

        outcome = self._race(complete, *ids["reviews"])

        self.assertEqual(outcome, {"first": "committed", "second": "committed"})
        with self.registry.cursor() as cr:
            env = self._env(cr)
            reviews = env["sp.intervention.review"].browse(ids["reviews"])
            self.assertEqual(reviews.mapped("state"), ["done", "done"])
            self.assertEqual(reviews.intervention_id.mapped("state"), ["reviewed", "reviewed"])
            lines = env["membership.membership_line"].search([("partner_id", "=", ids["farm"])])
            self.assertEqual(len(lines), 1, "a single membership invoice")
            self.assertEqual(env["res.partner"].browse(ids["farm"]).sp_membership_review_id, reviews[0])
