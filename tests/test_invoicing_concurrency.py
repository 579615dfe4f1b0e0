"""Two accountants invoice the same interventions at the same moment: each job ends
on one invoice, whatever the timing (PostgreSQL has the last word)."""

from datetime import date, datetime, timedelta

from odoo import Command
from odoo.exceptions import UserError

from .test_concurrency import ConcurrentCase

# What the second accountant reads, in French: the first one billed the jobs.
NOTHING_TO_INVOICE = r"Rien à facturer"


class TestConcurrentInvoicing(ConcurrentCase):
    start = datetime(2025, 5, 5, 6, 0)

    def _build(self, env):
        farm = env["res.partner"].create(
            {"name": "Ferme à deux factures", "is_company": True, "sp_is_farm": True}
        )
        supervisor = env["hr.employee"].create(
            {"name": "Encadrante G", "sp_role": "supervisor"}
        )
        worker = env["hr.employee"].create(
            {"name": "Salarié H", "sp_role": "insertion"}
        )
        interventions = env["sp.intervention"].create(
            [
                {
                    "farm_id": farm.id,
                    "supervisor_id": supervisor.id,
                    "planned_start": self.start + timedelta(days=day),
                    "planned_end": self.start + timedelta(days=day, hours=7),
                    "worker_line_ids": [Command.create({"employee_id": worker.id})],
                }
                for day in range(3)
            ]
        )
        for step in ("action_plan", "action_confirm", "action_start", "action_done"):
            getattr(interventions, step)()
        interventions._action_reviewed()
        return {
            "farm": farm.id,
            "employees": (supervisor | worker).ids,
            "interventions": interventions.ids,
        }

    def _invoicing(self, ids, post, outcome, key):
        def run(env):
            wizard = env["sp.intervention.invoice"].create(
                {
                    "date_from": date(2025, 5, 1),
                    "date_to": date(2025, 5, 31),
                    "farm_ids": [Command.set([ids["farm"]])],
                    "post": post,
                }
            )
            try:
                wizard.action_invoice()
            except UserError as error:  # found nothing left: nothing written
                outcome[key] = str(error)

        return run

    def _clean(self, ids):
        def clean(env):
            lines = env["account.move.line"].search(
                [("sp_intervention_id", "in", ids["interventions"])]
            )
            moves = lines.move_id
            moves.filtered(lambda move: move.state == "posted").button_draft()
            moves.with_context(force_delete=True).unlink()
            env["sp.intervention"].browse(ids["interventions"]).sudo().write(
                {"state": "cancelled"}
            )
            env["sp.intervention"].browse(ids["interventions"]).unlink()
            env["hr.employee"].browse(ids["employees"]).unlink()
            env["res.partner"].browse(ids["farm"]).unlink()

        self._committed(clean)

    def _race_invoicing(self, post):
        ids = self._committed(self._build)
        found_nothing = {}
        try:
            # The loser is told in French; _race checks the log has no error.
            outcome = self._race(
                self._invoicing(ids, post, found_nothing, "first"),
                self._invoicing(ids, post, found_nothing, "second"),
            )
            with self.registry.cursor() as cr:
                env = self._env(cr)
                lines = env["account.move.line"].search(
                    [
                        ("sp_intervention_id", "in", ids["interventions"]),
                        ("sp_billing_main", "=", True),
                    ]
                )
                self.assertEqual(
                    sorted(lines.sp_intervention_id.ids),
                    sorted(ids["interventions"]),
                    "exactly one line per intervention, in all",
                )
                self.assertEqual(len(lines.move_id), 1, "a single invoice")
                self.assertEqual(outcome.get("first"), "committed")
                self.assertNotIn("first", found_nothing)
                second = outcome.get("second", "") + found_nothing.get("second", "")
                self.assertRegex(second, NOTHING_TO_INVOICE)
                self.assertNotIn("operation cannot", second)
                interventions = env["sp.intervention"].browse(ids["interventions"])
                self.assertEqual(
                    set(interventions.mapped("state")),
                    {"invoiced" if post else "reviewed"},
                )
                return second
        finally:
            self._clean(ids)

    def test_two_accountants_draft_invoices_at_once(self):
        # The first one's invoice holds the jobs: the second one waits for it, starts
        # again and finds them held.
        self._race_invoicing(post=False)

    def test_two_accountants_post_invoices_at_once(self):
        # The first one posts: the jobs are invoiced, the second one retries and
        # finds nothing left to invoice.
        second = self._race_invoicing(post=True)
        self.assertRegex(second, NOTHING_TO_INVOICE)
