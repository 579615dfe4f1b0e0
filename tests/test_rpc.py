"""The addon driven over XML-RPC, as an integrator's script does it.

Real users log in with their password and call ``execute_kw`` through a plain
``xmlrpc.client.ServerProxy`` on ``/xmlrpc/2/`` (no ``allow_none``): a method
that returns ``None`` reaches the client as a Fault, and a refusal must come as
a Fault carrying the user's message in French, with nothing written.
"""

import xmlrpc.client
from contextlib import contextmanager

from odoo.tests import HttpCase

from .common import (
    SIGNATURE,
    SpTestMixin,
    farms_and_crew,
    membership_product,
    new_sp_user,
)

# Planned periods are sent as UTC strings, as any client does: 8:00-15:00 in Paris.
START, END = "2026-06-01 06:00:00", "2026-06-01 13:00:00"
# The fault code of a UserError or ValidationError; 1 is a crash, with a traceback.
USER_ERROR = 2


class TestRpc(SpTestMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.planner = new_sp_user(cls.env, "sp_rpc_planner", "Karim Encadrant")
        cls.manager = new_sp_user(
            cls.env,
            "sp_rpc_manager",
            "Claire Coordinatrice",
            "seconde_pousse.group_sp_manager",
        )
        cls.farm, cls.other_farm, cls.supervisor, cls.workers = farms_and_crew(
            cls.env, cls.planner, crew_size=6
        )
        cls.harvest = cls.env.ref("seconde_pousse.task_type_harvest")
        # A farm's first review makes it a member: the product comes from Settings.
        membership_product(cls.env)

    # ------------------------------------------------------------------
    # The client
    # ------------------------------------------------------------------
    def rpc(self, user, lang="fr_FR"):
        """``execute_kw`` as ``user``, logged in with their password.

        (new_test_user's password is the login.) Each call sends ``lang`` in its
        context, as the web client does; ``None`` sends no context.
        """
        db, password = self.env.cr.dbname, user.login
        uid = self.xmlrpc_common.authenticate(db, user.login, password, {})
        self.assertEqual(uid, user.id, "the user logs in with their password")

        def call(model, method, *args, **kwargs):
            if lang:
                kwargs.setdefault("context", {"lang": lang})
            try:
                return self.xmlrpc_object.execute_kw(
                    db, uid, password, model, method, list(args), kwargs
                )
            except xmlrpc.client.Fault as fault:
                if "cannot marshal None" not in fault.faultString:
                    raise
            # Outside the except clause: the server's traceback would only hide this.
            self.fail(
                f"{model}.{method} returned None, which XML-RPC cannot send: "
                "the client gets a Fault although the change was saved"
            )

        return call

    @contextmanager
    def assertFault(self, message):
        """A refusal the client can show its user.

        A user error (not a crash) whose text matches the regex ``message``.
        """
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            yield caught
        fault = caught.exception
        self.assertEqual(
            fault.faultCode,
            USER_ERROR,
            f"a user error, not a crash: {fault.faultString}",
        )
        self.assertRegex(fault.faultString, message)

    def read(self, call, model, record_id, fields_):
        [values] = call(model, "read", [record_id], fields_)
        return values

    def state(self, call, model, record_id):
        return self.read(call, model, record_id, ["state"])["state"]

    def intervention_vals(self, workers, start=START, end=END, **vals):
        return {
            "farm_id": self.farm.id,
            "task_type_ids": [(6, 0, self.harvest.ids)],
            "planned_start": start,
            "planned_end": end,
            "supervisor_id": self.supervisor.id,
            "workers_needed": len(workers),
            "worker_line_ids": [
                (0, 0, {"employee_id": worker.id}) for worker in workers
            ],
            **vals,
        }

    def crew(self, call, intervention_id):
        """Employee ids of the intervention's worker lines (not the supervisor's)."""
        lines = call(
            "sp.intervention.worker",
            "search_read",
            [("intervention_id", "=", intervention_id), ("role", "=", "worker")],
            fields=["employee_id"],
        )
        return sorted(line["employee_id"][0] for line in lines)

    def prepared_intervention(self, workers, **vals):
        """An intervention the planner made earlier, in the web client.

        The data of a test, not its subject.
        """
        return (
            self.env["sp.intervention"]
            .with_user(self.planner)
            .create(self.intervention_vals(workers, **vals))
        )

    # ------------------------------------------------------------------
    # Interventions
    # ------------------------------------------------------------------
    def test_intervention_lifecycle(self):
        planner = self.rpc(self.planner)
        intervention_id = planner(
            "sp.intervention", "create", self.intervention_vals(self.workers[:3])
        )
        created = self.read(
            planner,
            "sp.intervention",
            intervention_id,
            ["name", "state", "planned_duration", "worker_count", "farm_contact_id"],
        )
        self.assertTrue(
            created["name"].startswith("INT/"), "a reference from the sequence"
        )
        self.assertEqual(
            (created["state"], created["planned_duration"], created["worker_count"]),
            ("draft", 7.0, 3),
        )
        self.assertEqual(
            created["farm_contact_id"][1], "EARL Les Vergers de Rognes, Martine Roux"
        )

        for method, state in (
            ("action_plan", "planned"),
            ("action_confirm", "confirmed"),
            ("action_start", "in_progress"),
        ):
            self.assertIs(
                planner("sp.intervention", method, [intervention_id]),
                True,
                f"{method} answers True",
            )
            self.assertEqual(
                self.state(planner, "sp.intervention", intervention_id),
                state,
            )

        # Attendance, as the supervisor records it at the end of the day.
        absent, short, full = (
            line["id"]
            for line in planner(
                "sp.intervention.worker",
                "search_read",
                [("intervention_id", "=", intervention_id), ("role", "=", "worker")],
                fields=["id"],
                order="id",
            )
        )
        self.assertIs(
            planner(
                "sp.intervention.worker",
                "write",
                [absent],
                {"attended": False, "absence_type": "notified"},
            ),
            True,
        )
        self.assertIs(
            planner("sp.intervention.worker", "write", [short], {"hours_worked": 5.0}),
            True,
        )
        self.assertIs(
            planner("sp.intervention", "action_done", [intervention_id]),
            True,
            "action_done answers True",
        )

        done = self.read(
            planner,
            "sp.intervention",
            intervention_id,
            [
                "state",
                "actual_start",
                "actual_end",
                "hours_worked",
                "review_id",
                "review_state",
            ],
        )
        self.assertEqual(done["state"], "done")
        self.assertTrue(done["actual_start"] and done["actual_end"])
        # 8:00-15:00 on the schedule 8:00-12:00, 13:00-17:00: 6 working hours.
        self.assertEqual(
            done["hours_worked"], 11.0, "an absentee, 5 hours and a full 6-hour day"
        )
        hours = planner(
            "sp.intervention.worker", "read", [absent, short, full], ["hours_worked"]
        )
        self.assertEqual([line["hours_worked"] for line in hours], [0.0, 5.0, 6.0])
        self.assertTrue(done["review_id"], "a done intervention opens its review")
        self.assertEqual(done["review_state"], "draft")

    def test_cancel_and_reset_draft(self):
        planner = self.rpc(self.planner)
        intervention_id = planner(
            "sp.intervention", "create", self.intervention_vals(self.workers[:2])
        )
        self.assertIs(
            planner("sp.intervention", "action_cancel", [intervention_id]),
            True,
            "action_cancel answers True",
        )
        self.assertEqual(
            self.state(planner, "sp.intervention", intervention_id),
            "cancelled",
        )
        self.assertIs(
            planner("sp.intervention", "action_reset_draft", [intervention_id]),
            True,
            "action_reset_draft answers True",
        )
        back = self.read(
            planner, "sp.intervention", intervention_id, ["state", "worker_count"]
        )
        self.assertEqual(
            (back["state"], back["worker_count"]),
            ("draft", 2),
            "back to request, with its crew",
        )

    def test_repeat_series(self):
        source = self.prepared_intervention(self.workers[:2])
        source.action_plan()
        planner = self.rpc(self.planner)
        wizard_id = planner(
            "sp.intervention.repeat",
            "create",
            {
                "intervention_id": source.id,
                "interval": 1,
                "unit": "week",
                "end_type": "count",
                "count": 4,
            },
        )
        action = planner("sp.intervention.repeat", "action_generate", [wizard_id])
        self.assertEqual(
            (action["type"], action["res_model"], action["res_id"]),
            ("ir.actions.act_window", "sp.intervention.repeat", wizard_id),
            "the wizard shows its report",
        )
        self.assertIn(
            "3 interventions créées dans la série",
            self.read(planner, "sp.intervention.repeat", wizard_id, ["report"])[
                "report"
            ],
        )

        recurrence = self.read(
            planner, "sp.intervention", source.id, ["recurrence_id"]
        )["recurrence_id"]
        self.assertTrue(recurrence, "the source joins the series")
        series = planner(
            "sp.intervention",
            "search_read",
            [("recurrence_id", "=", recurrence[0])],
            fields=["planned_start", "state", "farm_id"],
            order="planned_start",
        )
        self.assertEqual(series[0]["id"], source.id)
        self.assertEqual(
            [occurrence["planned_start"] for occurrence in series],
            [
                START,
                "2026-06-08 06:00:00",
                "2026-06-15 06:00:00",
                "2026-06-22 06:00:00",
            ],
            "three new weekly occurrences, at 8:00 in Paris",
        )
        self.assertEqual({occurrence["state"] for occurrence in series}, {"planned"})
        self.assertEqual(
            {occurrence["farm_id"][0] for occurrence in series}, {self.farm.id}
        )
        for occurrence in series[1:]:
            self.assertEqual(
                self.crew(planner, occurrence["id"]), sorted(self.workers[:2].ids)
            )

        second = series[1]["id"]
        self.assertIs(
            planner("sp.intervention", "action_cancel_following", [second]),
            True,
            "action_cancel_following answers True",
        )
        states = planner(
            "sp.intervention",
            "read",
            [occurrence["id"] for occurrence in series],
            ["state"],
        )
        self.assertEqual(
            [occurrence["state"] for occurrence in states],
            ["planned", "cancelled", "cancelled", "cancelled"],
            "this one and the following",
        )

    def test_team_proposes_its_crew_on_write(self):
        manager = self.rpc(self.manager)
        team_id = manager(
            "sp.team",
            "create",
            {
                "name": "Équipe Luberon",
                "supervisor_id": self.supervisor.id,
                "member_ids": [(6, 0, self.workers[:3].ids)],
            },
        )
        planner = self.rpc(self.planner)
        request_id = planner(
            "sp.intervention",
            "create",
            {
                "farm_id": self.farm.id,
                "planned_start": START,
                "planned_end": END,
            },
        )
        self.assertEqual(self.crew(planner, request_id), [], "a request without a crew")

        self.assertIs(
            planner("sp.intervention", "write", [request_id], {"team_id": team_id}),
            True,
        )
        self.assertEqual(
            self.crew(planner, request_id),
            sorted(self.workers[:3].ids),
            "the team's members are proposed as the crew, as in the form",
        )
        written = self.read(
            planner, "sp.intervention", request_id, ["supervisor_id", "worker_count"]
        )
        self.assertEqual(
            (written["supervisor_id"][0], written["worker_count"]),
            (self.supervisor.id, 3),
        )

    # ------------------------------------------------------------------
    # Equipment loans
    # ------------------------------------------------------------------
    def _register_equipment(self, name="Motoculteur", meter=128):
        """The manager registers a lendable piece of equipment, over RPC too."""
        return self.rpc(self.manager)(
            "maintenance.equipment",
            "create",
            {
                "name": name,
                "sp_lendable": True,
                "sp_meter": meter,
            },
        )

    def test_loan_checkout_and_return(self):
        equipment_id = self._register_equipment()
        planner = self.rpc(self.planner)
        loan_id = planner(
            "sp.equipment.loan",
            "create",
            {
                "equipment_id": equipment_id,
                "partner_id": self.farm.id,
                "date_start": "2026-06-16 06:00:00",
                "date_end": "2026-06-16 16:00:00",
            },
        )
        reserved = self.read(
            planner,
            "sp.equipment.loan",
            loan_id,
            ["name", "state", "direction", "meter_out"],
        )
        self.assertTrue(reserved["name"].startswith("PRET/"))
        self.assertEqual(
            (reserved["state"], reserved["direction"], reserved["meter_out"]),
            ("reserved", "lend", 128.0),
        )

        planner(
            "sp.equipment.loan",
            "write",
            [loan_id],
            {"condition_out": "good", "meter_out": 128, "notes_out": "Plein fait"},
        )
        self.assertIs(
            planner("sp.equipment.loan", "action_checkout", [loan_id]),
            True,
            "action_checkout answers True",
        )
        out = self.read(
            planner,
            "sp.equipment.loan",
            loan_id,
            ["state", "checkout_date", "condition_out"],
        )
        self.assertEqual((out["state"], out["condition_out"]), ("out", "good"))
        self.assertTrue(out["checkout_date"])

        planner(
            "sp.equipment.loan",
            "write",
            [loan_id],
            {"condition_in": "worn", "meter_in": 131, "notes_in": "Lame usée"},
        )
        self.assertIs(
            planner("sp.equipment.loan", "action_return", [loan_id]),
            True,
            "action_return answers True",
        )
        returned = self.read(
            planner,
            "sp.equipment.loan",
            loan_id,
            ["state", "return_date", "usage", "maintenance_request_id"],
        )
        self.assertEqual((returned["state"], returned["usage"]), ("returned", 3.0))
        self.assertTrue(returned["return_date"])
        self.assertFalse(
            returned["maintenance_request_id"], "worn is not damaged: no repair request"
        )
        self.assertEqual(
            self.read(planner, "maintenance.equipment", equipment_id, ["sp_meter"])[
                "sp_meter"
            ],
            131.0,
        )

        cancelled_id = planner(
            "sp.equipment.loan",
            "create",
            {
                "equipment_id": equipment_id,
                "partner_id": self.other_farm.id,
                "date_start": "2026-06-17 06:00:00",
                "date_end": "2026-06-17 16:00:00",
            },
        )
        self.assertIs(
            planner("sp.equipment.loan", "action_cancel", [cancelled_id]),
            True,
            "action_cancel answers True",
        )
        self.assertEqual(
            self.state(planner, "sp.equipment.loan", cancelled_id),
            "cancelled",
        )

    def test_loan_handover_wizard_with_damage(self):
        equipment_id = self._register_equipment(name="Débroussailleuse", meter=40)
        planner = self.rpc(self.planner)
        loan_id = planner(
            "sp.equipment.loan",
            "create",
            {
                "equipment_id": equipment_id,
                "partner_id": self.farm.id,
                "date_start": "2026-06-16 06:00:00",
                "date_end": "2026-06-16 16:00:00",
            },
        )
        checkout_id = planner(
            "sp.equipment.loan.handover",
            "create",
            {
                "loan_id": loan_id,
                "mode": "checkout",
                "condition": "good",
                "meter": 40,
                "notes": "Plein fait",
            },
        )
        self.assertEqual(
            planner("sp.equipment.loan.handover", "action_confirm", [checkout_id]),
            {"type": "ir.actions.act_window_close"},
        )
        out = self.read(
            planner,
            "sp.equipment.loan",
            loan_id,
            ["state", "condition_out", "meter_out", "notes_out"],
        )
        self.assertEqual(
            (out["state"], out["condition_out"], out["meter_out"], out["notes_out"]),
            ("out", "good", 40.0, "Plein fait"),
        )

        return_id = planner(
            "sp.equipment.loan.handover",
            "create",
            {
                "loan_id": loan_id,
                "mode": "return",
                "condition": "damaged",
                "meter": 43,
                "damage_description": "Carter fendu",
            },
        )
        planner("sp.equipment.loan.handover", "action_confirm", [return_id])
        returned = self.read(
            planner,
            "sp.equipment.loan",
            loan_id,
            [
                "state",
                "condition_in",
                "meter_in",
                "damage_description",
                "maintenance_request_id",
            ],
        )
        self.assertEqual(
            (returned["state"], returned["condition_in"], returned["meter_in"]),
            ("returned", "damaged", 43.0),
        )
        self.assertTrue(
            returned["maintenance_request_id"],
            "damage on return opens a repair request",
        )
        repair = self.read(
            planner,
            "maintenance.request",
            returned["maintenance_request_id"][0],
            ["equipment_id", "maintenance_type", "description"],
        )
        self.assertEqual(repair["equipment_id"][0], equipment_id)
        self.assertEqual(repair["maintenance_type"], "corrective")
        self.assertIn("Carter fendu", repair["description"])

    # ------------------------------------------------------------------
    # Review with the farmer
    # ------------------------------------------------------------------
    def test_complete_review(self):
        intervention = self.prepared_intervention(self.workers[:2])
        for step in ("action_plan", "action_confirm", "action_start", "action_done"):
            getattr(intervention, step)()
        planner = self.rpc(self.planner)
        review = self.read(planner, "sp.intervention", intervention.id, ["review_id"])[
            "review_id"
        ]
        self.assertTrue(review, "the done intervention has its review to hold")
        review_id = review[0]

        with self.assertFault(
            r"^Le bilan de INT/\S+ doit être signé par l'agriculteur·trice, "
            r"ou validé par l'équipe"
        ):
            planner("sp.intervention.review", "action_complete", [review_id])
        self.assertEqual(
            self.state(planner, "sp.intervention.review", review_id),
            "draft",
        )

        self.assertIs(
            planner(
                "sp.intervention.review",
                "write",
                [review_id],
                {
                    "signature": SIGNATURE.decode(),
                    "signed_by": "Martine Roux",
                    "overall_rating": "5",
                },
            ),
            True,
        )
        self.assertIs(
            planner("sp.intervention.review", "action_complete", [review_id]),
            True,
            "action_complete answers True",
        )
        completed = self.read(
            planner,
            "sp.intervention.review",
            review_id,
            ["state", "signed_by", "signed_on", "overall_score"],
        )
        self.assertEqual(
            (completed["state"], completed["signed_by"], completed["overall_score"]),
            ("done", "Martine Roux", 5),
        )
        self.assertTrue(completed["signed_on"])
        self.assertEqual(
            self.state(planner, "sp.intervention", intervention.id),
            "reviewed",
        )
        self.assertEqual(
            self.read(planner, "res.partner", self.farm.id, ["membership_state"])[
                "membership_state"
            ],
            "waiting",
            "the farm's first review brings it in: "
            "its membership invoice awaits accounting",
        )

    # ------------------------------------------------------------------
    # Refusals: a Fault with the French message, nothing written
    # ------------------------------------------------------------------
    def _counts(self, call):
        return (
            call("sp.intervention", "search_count", []),
            call("sp.intervention.worker", "search_count", []),
        )

    def test_double_booking_refused_on_create(self):
        booked = self.prepared_intervention(self.workers[:1])
        planner = self.rpc(self.planner)
        before = self._counts(planner)
        with self.assertFault(
            rf"^Salarié 01 est déjà réservé·e sur {booked.name} "
            r"\(EARL Les Vergers de Rognes\) "
            r"du 01/06/2026 08:00 au 01/06/2026 15:00\.$"
        ):
            planner(
                "sp.intervention",
                "create",
                self.intervention_vals(
                    self.workers[:2],
                    start="2026-06-01 11:00:00",
                    end="2026-06-01 15:00:00",
                    farm_id=self.other_farm.id,
                    supervisor_id=False,
                ),
            )
        self.assertEqual(
            self._counts(planner),
            before,
            "neither the intervention nor any of its lines is written",
        )

    def test_double_booking_refused_on_write(self):
        booked = self.prepared_intervention(self.workers[:1])
        other = self.prepared_intervention(
            self.workers[1:2],
            start="2026-06-01 11:00:00",
            end="2026-06-01 15:00:00",
            farm_id=self.other_farm.id,
            supervisor_id=False,
        )
        later = self.prepared_intervention(
            self.workers[:1] | self.workers[2:3],
            start="2026-06-02 06:00:00",
            end="2026-06-02 13:00:00",
            supervisor_id=False,
        )
        planner = self.rpc(self.planner)
        before = self._counts(planner)
        clash = (
            rf"^Salarié 01 est déjà réservé·e sur {booked.name} "
            r"\(EARL Les Vergers de Rognes\) "
            r"du 01/06/2026 08:00 au 01/06/2026 15:00\.$"
        )

        # Adding the busy person to a crew at the same time...
        with self.assertFault(clash):
            planner(
                "sp.intervention",
                "write",
                [other.id],
                {
                    "worker_line_ids": [(0, 0, {"employee_id": self.workers[0].id})],
                },
            )
        self.assertEqual(self.crew(planner, other.id), self.workers[1:2].ids)
        # ... or moving onto their booking an intervention they are on.
        with self.assertFault(clash):
            planner(
                "sp.intervention",
                "write",
                [later.id],
                {"planned_start": START, "planned_end": END},
            )
        moved = self.read(
            planner, "sp.intervention", later.id, ["planned_start", "planned_end"]
        )
        self.assertEqual(
            (moved["planned_start"], moved["planned_end"]),
            ("2026-06-02 06:00:00", "2026-06-02 13:00:00"),
        )
        self.assertEqual(self._counts(planner), before)

    def _refused_confirmation(self, planner):
        """A request confirmed over RPC: refused, in French, with its state named."""
        intervention_id = planner(
            "sp.intervention", "create", self.intervention_vals(self.workers[:1])
        )
        name = self.read(planner, "sp.intervention", intervention_id, ["name"])["name"]
        with self.assertFault(
            "^Seule une intervention planifiée peut être confirmée : "
            rf"{name} est « Demande »\.$"
        ):
            planner("sp.intervention", "action_confirm", [intervention_id])
        return intervention_id, name

    def test_refused_transitions(self):
        planner = self.rpc(self.planner)
        intervention_id, name = self._refused_confirmation(planner)
        with self.assertFault(
            "^Seule une intervention en cours peut être marquée comme réalisée : "
            rf"{name} est « Demande »\.$"
        ):
            planner("sp.intervention", "action_done", [intervention_id])
        self.assertEqual(
            self.state(planner, "sp.intervention", intervention_id),
            "draft",
        )

        equipment_id = self._register_equipment()
        loan_id = planner(
            "sp.equipment.loan",
            "create",
            {
                "equipment_id": equipment_id,
                "partner_id": self.farm.id,
                "date_start": START,
                "date_end": END,
            },
        )
        loan = self.read(planner, "sp.equipment.loan", loan_id, ["name"])["name"]
        with self.assertFault(
            rf"^{loan} n'a pas été sorti, il ne peut donc pas être rendu\.$"
        ):
            planner("sp.equipment.loan", "action_return", [loan_id])
        self.assertEqual(
            self.state(planner, "sp.equipment.loan", loan_id),
            "reserved",
        )

    def test_refusal_in_the_users_language_without_context(self):
        """A script that sends no context gets a French user's refusals in French.

        The whole message, the state's label included.
        """
        planner = self.rpc(self.planner, lang=None)
        intervention_id, _name = self._refused_confirmation(planner)
        self.assertEqual(
            self.state(planner, "sp.intervention", intervention_id),
            "draft",
        )
