"""Shared fixture: the people and farms every Seconde Pousse test works with."""

import base64
import xmlrpc.client
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

import pytz

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user

# The farmer's signature, as the signature widget sends it.
SIGNATURE = base64.b64encode(
    (
        Path(__file__).parent.parent / "seconde_pousse/static/img/demo_signature.png"
    ).read_bytes()
)


def add_booking_history(env, farm, crew, first_day, days, origin="2000-01-01 06:00"):
    """Past interventions, one a day from ``origin`` + ``first_day``, each booking
    all of ``crew``.

    Written in SQL, to build planning histories of 10^4 to 10^5 worker lines fast
    (scaling tests and bench/); the rows are the ORM's own, one line per person and
    day.
    """
    env.flush_all()
    env.cr.execute(
        """
        WITH new AS (
            INSERT INTO sp_intervention (
                name, company_id, farm_id, state, workers_needed,
                planned_start, planned_end, planned_duration)
            SELECT 'HIST/' || day, %(company)s, %(farm)s, 'done', %(size)s,
                   %(origin)s::timestamp + day * interval '1 day',
                   %(origin)s::timestamp + day * interval '1 day' + interval '7 h',
                   7
              FROM generate_series(%(first)s, %(first)s + %(days)s - 1) AS day
         RETURNING id, company_id, farm_id, state, planned_start, planned_end
        )
        INSERT INTO sp_intervention_worker (
            intervention_id, employee_id, role, company_id, farm_id, released,
            planned_start, planned_end, planned_hours, hours_worked, attended)
        SELECT new.id, employee, 'worker', new.company_id, new.farm_id, false,
               new.planned_start, new.planned_end, 7, 7, true
          FROM new CROSS JOIN unnest(%(crew)s) AS employee
    """,
        {
            "company": env.company.id,
            "farm": farm.id,
            "origin": origin,
            "size": len(crew),
            "first": first_day,
            "days": days,
            "crew": crew.ids,
        },
    )


def working_end(start, hours, tz="Europe/Paris"):
    """The end (UTC) of ``hours`` of work from ``start`` (UTC), on the day of a
    schedule that works Monday to Friday and stops for lunch from 12:00 to 13:00
    (local time). Longer jobs, and days off, keep their span."""
    zone = pytz.timezone(tz)
    local = pytz.utc.localize(start).astimezone(zone)
    noon = local.replace(hour=12, minute=0, second=0, microsecond=0)
    end = start + timedelta(hours=hours)
    local_end = pytz.utc.localize(end).astimezone(zone)
    if (
        local.weekday() < 5
        and local < noon < local_end
        and local_end < noon.replace(hour=23)
    ):
        end += timedelta(hours=1)
    return end


def farms_and_crew(env, supervisor_user, crew_size):
    """Two farms of the Pays d'Aix, a supervisor who is ``supervisor_user`` and a
    crew of ``crew_size`` insertion employees: what every suite plans with."""
    Partner = env["res.partner"]
    farm = Partner.create(
        {
            "name": "EARL Les Vergers de Rognes",
            "is_company": True,
            "sp_is_farm": True,
            "city": "Rognes",
            "sp_surface_ha": 12.5,
            "child_ids": [
                Command.create({"name": "Martine Roux", "function": "Exploitante"})
            ],
        }
    )
    other_farm = Partner.create(
        {
            "name": "GAEC du Mas de Lambesc",
            "is_company": True,
            "sp_is_farm": True,
            "city": "Lambesc",
        }
    )
    Employee = env["hr.employee"]
    supervisor = Employee.create(
        {
            "name": "Sophie Encadrante",
            "user_id": supervisor_user.id,
            "sp_role": "supervisor",
        }
    )
    workers = Employee.create(
        [
            {"name": f"Salarié {i:02d}", "sp_role": "insertion"}
            for i in range(1, crew_size + 1)
        ]
    )
    return farm, other_farm, supervisor, workers


def schedule(env, hours_per_day, days=5, tz="Europe/Paris"):
    """A working schedule of ``days`` days a week (Monday first), 8:00-12:00 then
    from 13:00 for the rest of ``hours_per_day``: what an insertion contract sets."""
    afternoon = hours_per_day - 4
    attendances = []
    for day in range(days):
        attendances.append(
            Command.create(
                {
                    "name": "Matin",
                    "dayofweek": str(day),
                    "hour_from": 8,
                    "hour_to": 12,
                    "day_period": "morning",
                }
            )
        )
        if afternoon > 0:
            attendances.append(
                Command.create(
                    {
                        "name": "Après-midi",
                        "dayofweek": str(day),
                        "hour_from": 13,
                        "hour_to": 13 + afternoon,
                        "day_period": "afternoon",
                    }
                )
            )
    return env["resource.calendar"].create(
        {
            "name": f"Chantier {hours_per_day * days:g} h",
            "tz": tz,
            "attendance_ids": [Command.clear(), *attendances],
        }
    )


# The fault codes of an AccessError and of a UserError or ValidationError.
ACCESS_ERROR = 4
USER_ERROR = 2


class XmlRpcMixin:
    """Calls over XML-RPC as a given user (an HttpCase), in French, and the Fault
    a refusal answers."""

    def rpc(self, user):
        # new_test_user's password: the login, padded to 8 characters.
        db, password = self.env.cr.dbname, user.login.ljust(8, "x")
        uid = self.xmlrpc_common.authenticate(db, user.login, password, {})
        self.assertEqual(uid, user.id)

        def call(model, method, *args, **kwargs):
            kwargs.setdefault("context", {"lang": "fr_FR"})
            return self.xmlrpc_object.execute_kw(
                db, uid, password, model, method, list(args), kwargs
            )

        return call

    def assertFault(self, code, call, *args, **kwargs):
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            call(*args, **kwargs)
        self.assertEqual(caught.exception.faultCode, code, caught.exception.faultString)
        return caught.exception.faultString


def membership_product(env, price=25.0):
    """The membership of the current year, set in Settings as the one a farm's
    first review gives it."""
    today = fields.Date.today()
    product = env["product.product"].create(
        {
            "name": "Adhésion Seconde Pousse",
            "type": "service",
            "membership": True,
            "list_price": price,
            "membership_date_from": date(today.year, 1, 1),
            "membership_date_to": date(today.year, 12, 31),
            "taxes_id": [],
        }
    )
    env["ir.config_parameter"].set_param(
        "seconde_pousse.membership_product_id", product.id
    )
    return product


def new_sp_user(env, login, name, groups="seconde_pousse.group_sp_user"):
    """A user of the association, working in French on Paris time."""
    return new_test_user(
        env, login, groups=groups, name=name, lang="fr_FR", tz="Europe/Paris"
    )


class SpTestMixin:
    """What Odoo derives from ``odoo.addons.<module>.tests`` for its own suites.

    These tests live at the repository root, so pytest imports them as
    ``tests.*``: name their module and tags explicitly.
    """

    test_module = "seconde_pousse"
    test_tags = {"standard", "post_install"}


class SpCase(SpTestMixin, TransactionCase):
    """Users of each group, two farms, a supervisor and a crew of ten."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The users work in French, and the web client sends their language with every
        # call.
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, lang="fr_FR")
        )
        cls.user = new_sp_user(cls.env, "sp_encadrant", "Karim Encadrant")
        cls.manager = new_sp_user(
            cls.env,
            "sp_coordinatrice",
            "Claire Coordinatrice",
            "seconde_pousse.group_sp_manager",
        )
        cls.outsider = new_test_user(
            cls.env,
            "sp_compta",
            groups="base.group_user",
            name="Paul Comptable",
            lang="fr_FR",
        )
        cls.farm, cls.other_farm, cls.supervisor, cls.workers = farms_and_crew(
            cls.env, cls.user, crew_size=10
        )
        cls.harvest = cls.env.ref("seconde_pousse.task_type_harvest")
        cls.start = datetime(2026, 6, 1, 6, 0)

    @contextmanager
    def assertRaisesRegex(self, exception, regex):
        """Like Odoo's ``assertRaises``: the failed call is rolled back, as an RPC call
        would be."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), regex)

    @classmethod
    def _intervention_vals(cls, workers=None, start=None, hours=7, **vals):
        """A job of ``hours`` working hours from ``start`` (8:00 in Paris by
        default): one that runs past noon ends an hour later, as the lunch hour
        (12:00-13:00 in the company's schedule) is not worked. 8:00-16:00: 7 h."""
        start = start or cls.start
        return {
            "farm_id": cls.farm.id,
            "task_type_ids": [Command.link(cls.harvest.id)],
            "planned_start": start,
            "planned_end": working_end(start, hours),
            "supervisor_id": cls.supervisor.id,
            "workers_needed": len(workers or []),
            "worker_line_ids": [
                Command.create({"employee_id": w.id}) for w in (workers or [])
            ],
            **vals,
        }

    def create_intervention(self, workers=None, user=None, **vals):
        Intervention = self.env["sp.intervention"].with_user(user or self.user)
        return Intervention.create(self._intervention_vals(workers=workers, **vals))


class ReviewCase(SpCase):
    """Interventions done on the fixture's farms; a membership product in Settings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hr_officer = new_sp_user(
            cls.env,
            "sp_cip",
            "Nadia Conseillère",
            "seconde_pousse.group_sp_user,hr.group_hr_user",
        )
        cls.membership = membership_product(cls.env)

    def done_intervention(self, workers=None, day=0, **vals):
        intervention = self.create_intervention(
            workers=self.workers[:2] if workers is None else workers,
            start=self.start + timedelta(days=day),
            **vals,
        )
        intervention.action_plan()
        intervention.action_confirm()
        if intervention._before_their_day():
            # A day still to come: the coordinator starts it early, saying why.
            self.start_early(intervention)
        else:
            intervention.action_start()
        intervention.action_done()
        return intervention

    def start_early(self, intervention, reason="Avancée à la demande de la ferme."):
        action = intervention.with_user(self.manager).action_start()
        self.env[action["res_model"]].with_user(self.manager).with_context(
            action["context"]
        ).create({"reason": reason}).action_start()

    def signed_review(self, intervention, signer="Martine Roux"):
        review = intervention.review_id.with_user(self.user)
        review.write({"signature": SIGNATURE, "signed_by": signer})
        return review

    def membership_lines(self, farm):
        return self.env["membership.membership_line"].search(
            [("partner_id", "=", farm.id)]
        )
