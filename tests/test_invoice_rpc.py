"""Prices and invoiced jobs over XML-RPC, as a script of a supervisor or of the
accountant would call them: refusals come as Faults, in French, nothing written."""

from odoo.tests import HttpCase

from .common import ACCESS_ERROR, USER_ERROR, XmlRpcMixin
from .test_invoicing import InvoicingCase

PRICES_ARE_ACCOUNTINGS = "Seule la comptabilité"
ON_THE_INVOICE = "figure sur la facture"


class TestInvoiceRpc(XmlRpcMixin, InvoicingCase, HttpCase):
    def test_a_supervisor_neither_reads_nor_writes_prices(self):
        job = self.reviewed()
        other = self.reviewed(day=1)
        call = self.rpc(self.user)
        model = "sp.intervention"
        # The expected amount: 2 workers × 7 h × 14.40 = 201.60, accounting's.
        self.assertEqual(job.amount_to_invoice, 201.6)
        fault = self.assertFault(
            ACCESS_ERROR, call, model, "write", [job.id], {"flat_fee": 1.0}
        )
        self.assertIn(PRICES_ARE_ACCOUNTINGS, fault)
        fault = self.assertFault(
            ACCESS_ERROR,
            call,
            model,
            "write",
            [other.id],
            {"billable": False, "not_billable_reason": "Offert"},
        )
        self.assertIn(PRICES_ARE_ACCOUNTINGS, fault)
        for fname in ("pricing_mode", "flat_fee", "billable", "amount_to_invoice"):
            with self.subTest(fname):
                self.assertFault(ACCESS_ERROR, call, model, "read", [job.id], [fname])
        self.assertEqual(
            (job.pricing_mode, job.flat_fee, other.billable),
            ("worker_hour", 0.0, True),
            "nothing written",
        )
        # The form a supervisor opens shows no price and no amount.
        views = call(model, "get_views", [[False, "form"]])
        arch = views["views"]["form"]["arch"]
        for fname in ("pricing_mode", "flat_fee", "billable", "amount_to_invoice"):
            self.assertNotIn(f'name="{fname}"', arch)
        # The farm's pricing is accounting's too.
        self.assertFault(
            ACCESS_ERROR,
            call,
            "res.partner",
            "write",
            [self.farm.id],
            {"sp_flat_fee": 1.0},
        )

    def test_the_accountant_prices_a_reviewed_job(self):
        job = self.reviewed()
        call = self.rpc(self.accountant)
        self.assertTrue(
            call(
                "sp.intervention",
                "write",
                [job.id],
                {"pricing_mode": "flat", "flat_fee": 320.0},
            )
        )
        self.assertEqual(job.amount_to_invoice, 320.0)

    def test_an_invoiced_job_is_locked_for_the_accountant(self):
        job = self.reviewed()
        invoice = self.invoice(post=True)
        self.assertEqual(job.state, "invoiced")
        call = self.rpc(self.accountant)
        line = job.crew_line_ids.filtered(lambda line: line.role == "worker")[:1]
        refusals = [
            ("sp.intervention.worker", [line.id], {"hours_worked": 9.0}),
            ("sp.intervention", [job.id], {"planned_end": "2026-06-01 15:00:00"}),
            ("sp.intervention", [job.id], {"flat_fee": 10.0, "pricing_mode": "flat"}),
        ]
        for model, ids, vals in refusals:
            with self.subTest(model=model, vals=vals):
                fault = self.assertFault(USER_ERROR, call, model, "write", ids, vals)
                self.assertIn(ON_THE_INVOICE, fault)
                self.assertIn(invoice.name, fault)
                self.assertIn(job.name, fault)
        self.assertEqual(
            (line.hours_worked, job.pricing_mode),
            (7.0, "worker_hour"),
            "nothing written",
        )
