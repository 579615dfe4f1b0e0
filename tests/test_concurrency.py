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
        return api.Environment(
            cr,
            api.SUPERUSER_ID,
            {"lang": "fr_FR", "tz": "Europe/Paris", "tracking_disable": True},
        )

    def _committed(self, build):
        """Run ``build(env)`` in its own committed transaction; return its result."""
        with self.registry.cursor() as cr:
            return build(self._env(cr))

    def _race(self, first, second):
        """``first(env)`` runs and holds its transaction open; ``second(env)`` then
        runs and must wait for it in PostgreSQL; then the first commits. Both go
        through Odoo's RPC wrapper (``retrying``), in French. Returns their
        outcomes: "committed", or the message the loser reads. The loser's refusal
        is expected: no ERROR line in the server log.
        """
        with self.assertNoLogs("odoo", level="ERROR"):
            return self._race_logged(first, second)

    def _race_logged(self, first, second):
        first_done, release_first = threading.Event(), threading.Event()
        outcome = {}

        def run(key, function, hold):
            # As Odoo's HTTP layer does: an error leaves the cursor's block, which rolls
            # back.
            try:
                with self.registry.cursor() as cr:
                    env = self._env(cr)

                    def call():
                        function(env)
                        if hold:
                            first_done.set()
                            release_first.wait(30)

                    retrying(call, env)
                outcome[key] = "committed"
            except ValidationError as error:
                outcome[key] = str(error)

        first_thread = threading.Thread(target=run, args=("first", first, True))
        first_thread.start()
        self.assertTrue(first_done.wait(30), "the first planner made the booking")
        second_thread = threading.Thread(target=run, args=("second", second, False))
        second_thread.start()
        with self.registry.cursor() as cr:
            for _attempt in range(300):
                cr.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
                if cr.fetchone()[0]:
                    break
                time.sleep(0.1)
            else:
                self.fail(
                    "the second planner did not wait for the first in the database"
                )
        release_first.set()
        first_thread.join(30)
        second_thread.join(30)
        return outcome


class TestConcurrentBooking(ConcurrentCase):
    """Two planners book the same person, or the same tractor, at the same moment."""

    def test_one_person_booked_by_two_planners(self):
        start = datetime(2031, 3, 3, 7, 0)

        def build(env):
            farm = env["res.partner"].create(
                {"name": "Ferme concurrente", "is_company": True, "sp_is_farm": True}
            )
            supervisors = env["hr.employee"].create(
                [
                    {"name": "Encadrante A", "sp_role": "supervisor"},
                    {"name": "Encadrant B", "sp_role": "supervisor"},
                ]
            )
            worker = env["hr.employee"].create(
                {"name": "Nadia Concurrente", "sp_role": "insertion"}
            )
            interventions = env["sp.intervention"].create(
                [
                    {
                        "farm_id": farm.id,
                        "supervisor_id": supervisor.id,
                        "planned_start": start + timedelta(hours=offset),
                        "planned_end": start + timedelta(hours=offset + 6),
                    }
                    for supervisor, offset in zip(supervisors, (0, 2), strict=False)
                ]
            )
            interventions.action_plan()
            return farm.id, (supervisors | worker).ids, worker.id, interventions.ids

        farm_id, employee_ids, worker_id, (first_id, second_id) = self._committed(build)

        def book(intervention_id):
            def plan(env):
                intervention = env["sp.intervention"].browse(intervention_id)
                intervention.write(
                    {"worker_line_ids": [Command.create({"employee_id": worker_id})]}
                )
                intervention.action_confirm()

            return plan

        try:
            # An expected refusal: in French, without Odoo's English prefix.
            outcome = self._race(book(first_id), book(second_id))
            self.assertNotIn("operation cannot", outcome.get("second", ""))
            with self.registry.cursor() as cr:
                env = self._env(cr)
                first, second = env["sp.intervention"].browse([first_id, second_id])
                self.assertEqual(outcome.get("first"), "committed")
                self.assertIn(
                    f"Nadia Concurrente est déjà réservé·e sur {first.name} (Ferme "
                    f"concurrente) "
                    "du 03/03/2031 08:00 au 03/03/2031 14:00.",
                    outcome.get("second", ""),
                )
                self.assertEqual(
                    (first.state, second.state),
                    ("confirmed", "planned"),
                    "the second planner's change is rolled back",
                )
                self.assertNotIn(worker_id, second.crew_line_ids.employee_id.ids)
        finally:

            def clean(env):
                env["sp.intervention"].browse([first_id, second_id]).unlink()
                env["hr.employee"].browse(employee_ids).unlink()
                env["res.partner"].browse(farm_id).unlink()

            self._committed(clean)

    def test_one_tractor_reserved_by_two_planners(self):
        start = datetime(2031, 4, 7, 6, 0)

        def build(env):
            farms = env["res.partner"].create(
                [
                    {
                        "name": "Ferme du Tracteur",
                        "is_company": True,
                        "sp_is_farm": True,
                    },
                    {"name": "Ferme Voisine", "is_company": True, "sp_is_farm": True},
                ]
            )
            tractor = env["maintenance.equipment"].create(
                {
                    "name": "Tracteur partagé",
                    "sp_lendable": True,
                    "sp_owner_id": farms[0].id,
                }
            )
            return farms.ids, tractor.id

        farm_ids, tractor_id = self._committed(build)

        def reserve(hours_later):
            def plan(env):
                env["sp.equipment.loan"].create(
                    {
                        "equipment_id": tractor_id,
                        "partner_id": farm_ids[0],
                        "direction": "borrow",
                        "date_start": start + timedelta(hours=hours_later),
                        "date_end": start + timedelta(hours=hours_later + 8),
                    }
                )

            return plan

        try:
            outcome = self._race(reserve(0), reserve(4))
            with self.registry.cursor() as cr:
                loans = self._env(cr)["sp.equipment.loan"].search(
                    [("equipment_id", "=", tractor_id)]
                )
                self.assertEqual(outcome.get("first"), "committed")
                self.assertEqual(len(loans), 1, "exactly one reservation exists")
                self.assertIn(
                    f"Tracteur partagé est déjà réservé du 07/04/2031 08:00 au "
                    f"07/04/2031 16:00 "
                    f"({loans.name}, Ferme du Tracteur).",
                    outcome.get("second", ""),
                )
        finally:

            def clean(env):
                env["sp.equipment.loan"].search(
                    [("equipment_id", "=", tractor_id)]
                ).unlink()
                env["maintenance.equipment"].browse(tractor_id).unlink()
                env["res.partner"].browse(farm_ids).unlink()

            self._committed(clean)


class TestConcurrentMembership(ConcurrentCase):
    """Two supervisors complete two first reviews of one farm at once: it becomes a
    member once."""

    def test_one_membership_for_two_first_reviews(self):
        start = datetime(2025, 4, 7, 7, 0)

        def build(env):
            today = date.today()
            product = env["product.product"].create(
                {
                    "name": "Adhésion concurrente",
                    "type": "service",
                    "membership": True,
                    "list_price": 20.0,
                    "membership_date_from": date(today.year, 1, 1),
                    "membership_date_to": date(today.year, 12, 31),
                }
            )
            parameter = env["ir.config_parameter"].get_param(
                "seconde_pousse.membership_product_id"
            )
            env["ir.config_parameter"].set_param(
                "seconde_pousse.membership_product_id", product.id
            )
            farm = env["res.partner"].create(
                {"name": "Ferme à deux bilans", "is_company": True, "sp_is_farm": True}
            )
            supervisors = env["hr.employee"].create(
                [
                    {"name": "Encadrante C", "sp_role": "supervisor"},
                    {"name": "Encadrant D", "sp_role": "supervisor"},
                ]
            )
            workers = env["hr.employee"].create(
                [
                    {"name": "Salariée E", "sp_role": "insertion"},
                    {"name": "Salarié F", "sp_role": "insertion"},
                ]
            )
            interventions = env["sp.intervention"].create(
                [
                    {
                        "farm_id": farm.id,
                        "supervisor_id": supervisor.id,
                        "planned_start": start,
                        "planned_end": start + timedelta(hours=6),
                        "worker_line_ids": [Command.create({"employee_id": worker.id})],
                    }
                    for supervisor, worker in zip(supervisors, workers, strict=False)
                ]
            )
            for step in (
                "action_plan",
                "action_confirm",
                "action_start",
                "action_done",
            ):
                getattr(interventions, step)()
            interventions.review_ids.write(
                {"validation_reason": "Bilan oral avec l'exploitant."}
            )
            return {
                "reviews": interventions.review_ids.ids,
                "interventions": interventions.ids,
                "farm": farm.id,
                "employees": (supervisors | workers).ids,
                "product": product.id,
                "parameter": parameter,
            }

        ids = self._committed(build)

        def complete(review_id):
            return (
                lambda env: env["sp.intervention.review"]
                .browse(review_id)
                .action_complete()
            )

        try:
            # Odoo's own row lock on the farm (lock_for_update) logs the loser's
            # serialization failure before Odoo retries it: not checked here.
            outcome = self._race_logged(
                *(complete(review_id) for review_id in ids["reviews"])
            )
            self.assertEqual(outcome, {"first": "committed", "second": "committed"})
            with self.registry.cursor() as cr:
                env = self._env(cr)
                reviews = env["sp.intervention.review"].browse(ids["reviews"])
                self.assertEqual(reviews.mapped("state"), ["done", "done"])
                self.assertEqual(
                    reviews.intervention_id.mapped("state"), ["reviewed", "reviewed"]
                )
                lines = env["membership.membership_line"].search(
                    [("partner_id", "=", ids["farm"])]
                )
                self.assertEqual(len(lines), 1, "a single membership invoice")
                self.assertEqual(
                    env["res.partner"].browse(ids["farm"]).sp_membership_review_id,
                    reviews[0],
                )
        finally:

            def clean(env):
                lines = env["membership.membership_line"].search(
                    [("partner_id", "=", ids["farm"])]
                )
                lines.account_invoice_id.unlink()
                lines.exists().unlink()
                env["sp.intervention"].browse(ids["interventions"]).unlink()
                env["hr.employee"].browse(ids["employees"]).unlink()
                env["res.partner"].browse(ids["farm"]).unlink()
                env["product.product"].browse(ids["product"]).unlink()
                env["ir.config_parameter"].set_param(
                    "seconde_pousse.membership_product_id", ids["parameter"]
                )

            self._committed(clean)


class TestConfirmationSender(ConcurrentCase):
    """The farms' confirmation e-mails go out one job at a time: a job a planner is
    writing at that moment waits for the next run, the others are sent."""

    def test_a_job_being_written_does_not_hold_back_the_others(self):
        start = datetime.combine(date.today() + timedelta(days=20), datetime.min.time())

        def build(env):
            farm = env["res.partner"].create(
                {"name": "Ferme Annoncée", "is_company": True, "sp_is_farm": True}
            )
            contact = env["res.partner"].create(
                {"name": "Rose Annoncée", "parent_id": farm.id, "email": "r@example.fr"}
            )
            jobs = env["sp.intervention"].create(
                [
                    {
                        "farm_id": farm.id,
                        "farm_contact_id": contact.id,
                        "planned_start": start + timedelta(days=day, hours=6),
                        "planned_end": start + timedelta(days=day, hours=13),
                    }
                    for day in range(3)
                ]
            )
            # Confirmed as action_confirm leaves them, crew checks aside.
            jobs.write({"state": "confirmed"})
            return farm.id, jobs.ids

        farm_id, (locked_id, changed_id, free_id) = self._committed(build)
        cron = self._committed(
            lambda env: env.ref("seconde_pousse.ir_cron_notify_farms").id
        )
        try:
            with (
                self.registry.cursor() as writer,
                self.registry.cursor() as sender_cr,
            ):
                sender = self._env(sender_cr)
                # The sender's transaction begins: its snapshot is taken.
                sender_cr.execute("SELECT count(*) FROM sp_intervention")
                # A supervisor starts one job and commits after that snapshot...
                with self.registry.cursor() as starter:
                    starter.execute(
                        "UPDATE sp_intervention SET state = 'in_progress' "
                        "WHERE id = %s",
                        [changed_id],
                    )
                # ... and a planner is still writing another one.
                writer.execute(
                    "UPDATE sp_intervention SET description = '<p>x</p>' WHERE id = %s",
                    [locked_id],
                )
                with self.assertNoLogs("odoo", level="ERROR"):
                    sender["sp.intervention"]._cron_notify_farms()
                notified = (
                    sender["sp.intervention"]
                    .browse([locked_id, changed_id, free_id])
                    .mapped("farm_notified")
                )
                self.assertEqual(notified, [False, False, True])
                retry = sender["ir.cron.trigger"].search(
                    [("cron_id", "=", cron)], order="call_at desc", limit=1
                )
                self.assertGreater(retry.call_at, datetime.now() + timedelta(minutes=4))
                sender_cr.commit()
                writer.rollback()
            with self.registry.cursor() as cr:
                env = self._env(cr)
                env["sp.intervention"]._cron_notify_farms()
                jobs = env["sp.intervention"].browse([locked_id, changed_id, free_id])
                self.assertEqual(
                    jobs.mapped("farm_notified"),
                    [True, False, True],
                    "the busy job is sent on the next run; the started one needs "
                    "no announcement",
                )
                self.assertEqual(
                    len(jobs[0].message_ids.filtered("partner_ids")), 1, "once"
                )
        finally:

            def clean(env):
                env["sp.intervention"].browse([locked_id, changed_id, free_id]).unlink()
                env["res.partner"].search([("parent_id", "=", farm_id)]).unlink()
                env["res.partner"].browse(farm_id).unlink()
                env["ir.cron.trigger"].search([("cron_id", "=", cron)]).unlink()

            self._committed(clean)
