"""A closed month stays closed on the server, for everybody, HR included; the
Responsable insertion reopens it with a reason, which the company's closing
keeps in its chatter, and its ledger is regenerated, that month only."""

from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase

from .common import USER_ERROR, SpTestMixin, XmlRpcMixin, new_sp_user
from .test_ledger import JUNE, MAY, LedgerCase

CLOSED = r"sont dans un mois clôturé"


class TestMonthLock(LedgerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hr_officer = new_sp_user(
            cls.env, "sp_rh_lock", "Sylvie RH", "hr.group_hr_user"
        )
        cls.hr_manager = new_sp_user(
            cls.env, "sp_drh_lock", "Odile DRH", "hr.group_hr_manager"
        )

    def close(self, month):
        wizard = (
            self.env["sp.ledger.close"]
            .with_user(self.insertion_manager)
            .create({"month": month})
        )
        return wizard.action_close()

    def reopen(self, reason, user=None):
        wizard = (
            self.env["sp.ledger.reopen"]
            .with_user(user or self.insertion_manager)
            .create({"reason": reason})
        )
        return wizard.action_reopen()

    def may_12(self, employee):
        return self.env["hr.work.entry"].search(
            [("employee_id", "=", employee.id), ("date", "=", date(2026, 5, 12))]
        )

    def closed_may(self):
        self.generate(MAY)
        intervention = self.job(date(2026, 5, 12), self.anais | self.bruno)
        self.close(MAY)
        return intervention

    def test_a_closed_month_refuses_every_change_to_everybody(self):
        self.closed_may()
        entry = self.may_12(self.anais)
        self.assertEqual(entry.duration, 7.0)
        may = self.figures(self.anais, MAY)
        for user in (self.hr_officer, self.hr_manager, self.insertion_manager):
            with self.subTest(user=user.name):
                mine = entry.with_user(user)
                with self.assertRaisesRegex(UserError, CLOSED):
                    mine.write({"duration": 10.0})
                with self.assertRaisesRegex(UserError, CLOSED):
                    mine.write({"state": "draft"})
                with self.assertRaisesRegex(UserError, CLOSED):
                    mine.unlink()
        # Not even as the system.
        with self.assertRaisesRegex(UserError, CLOSED):
            entry.sudo().write({"duration": 10.0})
        self.assertEqual(self.figures(self.anais, MAY), may)
        [row] = self.Monthly.search(
            [("employee_id", "=", self.anais.id), ("month", "=", MAY)]
        )
        self.assertTrue(row.closed)
        # June, open, changes as before.
        self.generate(JUNE)
        june = self.env["hr.work.entry"].search(
            [("employee_id", "=", self.anais.id), ("date", "=", date(2026, 6, 1))]
        )
        june.with_user(self.hr_officer).write({"duration": 6.0})
        self.assertEqual(june.duration, 6.0)

    def test_reopen_the_month_with_a_reason(self):
        intervention = self.closed_may()
        self.generate(JUNE)
        june_entries = self.env["hr.work.entry"].search([("date", ">=", JUNE)])
        # While May is closed, Anaïs's hours of 12 May are corrected to 3 h: the
        # closed ledger does not follow.
        line = intervention.worker_line_ids.filtered(
            lambda worker: worker.employee_id == self.anais
        )
        line.with_user(self.user).hours_worked = 3
        self.assertEqual(
            self.day_entries(self.anais, date(2026, 5, 12)), {"SPINTER": 7}
        )
        with self.assertRaises(AccessError):
            self.reopen("Correction", user=self.cip)
        with self.assertRaises(AccessError):
            self.reopen("Correction", user=self.hr_manager)
        with self.assertRaisesRegex(
            UserError, r"Indiquez pourquoi le mois est rouvert"
        ):
            self.reopen("   ")
        self.assertEqual(self.env.company.sp_ledger_closed_until, date(2026, 5, 31))

        self.reopen("Heures du 12 mai saisies à tort : 3 h, pas 7 h")
        # April stays closed (May's closing validated it with May).
        self.assertEqual(self.env.company.sp_ledger_closed_until, date(2026, 4, 30))
        # May regenerated from its sources: 3 h on 12 May.
        self.assertEqual(
            self.day_entries(self.anais, date(2026, 5, 12)), {"SPINTER": 3}
        )
        self.assertEqual(set(self.may_12(self.anais).mapped("state")), {"draft"})
        # June untouched: the same entries.
        self.assertEqual(
            self.env["hr.work.entry"].search([("date", ">=", JUNE)]), june_entries
        )
        closing = self.env["sp.ledger.closing"].search(
            [("company_id", "=", self.env.company.id)]
        )
        bodies = closing.message_ids.mapped("body")
        self.assertTrue(any("mai 2026 clôturé" in body for body in bodies), bodies)
        [reopened] = [body for body in bodies if "rouvert" in body]
        self.assertIn("mai 2026 rouvert", reopened)
        self.assertIn("Heures du 12 mai saisies à tort : 3 h, pas 7 h", reopened)
        self.assertEqual(
            closing.message_ids.filtered(lambda m: "rouvert" in m.body).author_id,
            self.insertion_manager.partner_id,
        )
        # Closed again, with the correction.
        self.close(MAY)
        self.assertEqual(self.figures(self.anais, MAY)["hours_intervention"], 3.0)

    def test_nothing_to_reopen(self):
        with self.assertRaisesRegex(UserError, r"Aucun mois d'heures n'est clôturé"):
            self.reopen("Rien")


class TestMonthLockRpc(XmlRpcMixin, SpTestMixin, HttpCase):
    def test_hr_writes_a_closed_entry_over_rpc(self):
        company = self.env.company
        entry = self.env["hr.work.entry"].search(
            [("state", "=", "validated"), ("company_id", "=", company.id)], limit=1
        )
        if not entry:
            employee = self.env["hr.employee"].create({"name": "Paul Lock"})
            entry = self.env["hr.work.entry"].create(
                {
                    "name": "Ferme",
                    "employee_id": employee.id,
                    "date": date(2026, 3, 3),
                    "duration": 7,
                    "work_entry_type_id": self.env.ref(
                        "seconde_pousse.sp_work_entry_type_farm"
                    ).id,
                }
            )
            entry.action_validate()
        company.sp_ledger_closed_until = max(
            entry.date, company.sp_ledger_closed_until or entry.date
        )
        hr = new_sp_user(self.env, "sp_rh_rpc_lock", "Sylvie RH", "hr.group_hr_manager")
        call = self.rpc(hr)
        message = self.assertFault(
            USER_ERROR,
            call,
            "hr.work.entry",
            "write",
            [entry.id],
            {"duration": entry.duration + 3},
        )
        self.assertIn("mois clôturé", message)
        self.assertFault(USER_ERROR, call, "hr.work.entry", "unlink", [entry.id])
