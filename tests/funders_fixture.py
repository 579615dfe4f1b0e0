"""The funders' indicators' fixture: an association of its own, with the French
chart of accounts, whose people, hours and exits of 2025 are known by heart.

A company apart from the demo's, so that the demo's pathways, hours and invoices
never enter the figures the tests count by hand.
"""

from contextlib import contextmanager
from datetime import date

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

from .common import SpTestMixin, schedule

YEAR = (date(2025, 1, 1), date(2025, 12, 31))
MANAGER = "seconde_pousse.group_sp_insertion_manager"


def month(number, year=2025):
    return date(year, number, 1)


class FundersFixture:
    """Two funding agreements of 2025 and the people they fund.

    Insertion hours of 2025 by person and month (hand-built ledger, one entry a
    month, on the 10th): the hours of a day under an insertion contract (a CDI
    inclusion from the hiring to the exit, unless said otherwise) and inside a
    pathway. The hours the ledger holds besides are in brackets: they are left
    out of the figures ("hors parcours d'insertion").

    ====== ====================== ========================== =============
    person profile at hiring       exit                       hours 2025
    ====== ====================== ========================== =============
    Alice  F, 25, RSA, QPV, CAP,   30/06/2025 CDI (lasting)   6 × 100 = 600
           FT 12-23 m              (+ 100 h in Dec. 2024)
                                   kept by the association    [6 × 150 = 900
                                   on a plain CDI from 1/7    July-December]
    Bruno  M, 54, ASS, RQTH, FT    15/04/2025 unemployed,     80+80+40 = 200
           24+ m, below CAP        2.4 months: not examined;  [40 on 20/04,
                                   his CDDI (1/2-31/7) ran    3 × 80 = 240
                                   on in the ledger           May-July: 280]
    Chloé  F, 35, RSA majoré, AAH, 31/12/2025 CDD < 6 months  12 × 120 = 1,440
           ZRR, non-certifying     (transition), last day
    David  M, 39, bac              01/01/2026 training:       12 × 110 = 1,320
                                   after the period           (+ 10 h in 2026)
    Emma   F, 23, RSA, bac         31/03/2025 serious         3 × 90 = 270
                                   misconduct: withdrawal
    Farid  M, 29, QPV, CAP         31/05/2025 no news         5 × 100 = 500
                                   (other exit)
    Gaëlle F, 30                   hired 01/12/2025, works    0
                                   from January 2026 only     (+ 120 h in 2026)
    Hugo   M, 45                   05/01/2025 CDI, no hour    0
                                   in 2025: not examined
    Jules  M, 36, bac (1st)        31/03/2025 unemployed,     2 × 100 = 200
           hired 3/2 without RSA,  1.9 months: not examined
           CDDI 3/2-2/6
           M, 37, CAP (2nd)        none                       4 × 100 = 400
           hired 1/9 with RSA,
           CDDI 1/9/25-28/2/26
    ====== ====================== ========================== =============

    State's view: insertion hours 4,330 + 600 (Jules) = 4,930; the ledger
    holds 900 (Alice) + 280 (Bruno) more: 6,110.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env["res.company"].create(
            {
                "name": "Chantier d'insertion du Luberon",
                "country_id": cls.env.ref("base.fr").id,
                "currency_id": cls.env.ref("base.EUR").id,
            }
        )
        cls.env["account.chart.template"].try_loading(
            "fr", cls.company, install_demo=False
        )
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                lang="fr_FR",
                allowed_company_ids=[cls.company.id],
            )
        )
        cls.insertion_manager = cls._user(
            "sp_funders_resp", "Inès Responsable", MANAGER
        )
        cls.coordinator = cls._user(
            "sp_funders_coord",
            "Claire Coordinatrice",
            "seconde_pousse.group_sp_manager",
        )
        cls.supervisor = cls._user(
            "sp_funders_sup", "Karim Encadrant", "seconde_pousse.group_sp_user"
        )
        cls.cip = cls._user(
            "sp_funders_cip", "Nadia Conseillère", "seconde_pousse.group_sp_cip"
        )
        cls.ddets = cls.env["res.partner"].create(
            {"name": "DDETS de Vaucluse", "is_company": True}
        )
        cls.department = cls.env["res.partner"].create(
            {"name": "Département de Vaucluse", "is_company": True}
        )
        Agreement = cls.env["sp.funding.agreement"].with_company(cls.company)
        cls.state_agreement = Agreement.create(
            {
                "name": "Annexe financière ACI 2025",
                "company_id": cls.company.id,
                "funder_id": cls.ddets.id,
                "kind": "state",
                "date_from": YEAR[0],
                "date_to": YEAR[1],
                "fte_agreed": 4.0,
                "aid_per_fte": 23000,
                "modulated_rate": 5,
            }
        )
        cls.department_agreement = Agreement.create(
            {
                "name": "Convention RSA 2025",
                "company_id": cls.company.id,
                "funder_id": cls.department.id,
                "kind": "department",
                "date_from": YEAR[0],
                "date_to": YEAR[1],
                "fte_agreed": 1.5,
            }
        )
        cls.reason = {
            key: cls.env.ref(f"seconde_pousse.exit_reason_{key}")
            for key in (
                "cdi",
                "unemployed",
                "cdd_short",
                "qualifying_training",
                "serious_misconduct",
                "no_news",
            )
        }
        cls.work_type = cls.env.ref("seconde_pousse.sp_work_entry_type_farm")
        # A 35-hour week: what an insertion contract allows.
        cls.calendar = schedule(cls.env, 7)
        cls.calendar.company_id = cls.company
        cls.contract_type = {
            "cddi": cls.env.ref("seconde_pousse.contract_type_cddi"),
            "inclusion": cls.env.ref("seconde_pousse.contract_type_cdi_inclusion"),
            "cdi": cls.env.ref("hr.contract_type_permanent"),
        }
        cls.people = {}
        cls.pathways = {}
        cls._person(
            "Alice Martin",
            "female",
            date(1999, 3, 10),
            date(2024, 9, 1),
            {"rsa": "OUI-NM", "qpv": True, "education_level": "51", "ft_since": "03"},
            exit=(date(2025, 6, 30), "cdi"),
            hours={month(m): 100 for m in range(1, 7)} | {month(12, 2024): 100},
        )
        # Kept by the association on a plain CDI after her pathway.
        cls._contract(
            "Alice",
            "cdi",
            date(2025, 7, 1),
            None,
            hours={month(m): 150 for m in range(7, 13)},
        )
        cls._person(
            "Bruno Garcia",
            "male",
            date(1970, 5, 1),
            date(2025, 2, 1),
            {
                "rsa": "NON",
                "ass": True,
                "rqth": True,
                "ft_since": "04",
                "education_level": "70",
            },
            exit=(date(2025, 4, 15), "unemployed"),
            hours={month(2): 80, month(3): 80, month(4): 40},
            contract=("cddi", date(2025, 7, 31)),
        )
        # He left on 15 April; the ledger ran on until his contract's end.
        cls._entries(
            cls.people["Bruno"],
            {date(2025, 4, 20): 40}
            | {month(m).replace(day=10): 80 for m in range(5, 8)},
        )
        cls._person(
            "Chloé Bernard",
            "female",
            date(1990, 1, 1),
            date(2023, 1, 2),
            {
                "rsa": "OUI-M",
                "aah": True,
                "zrr": True,
                "education_level": "00",
                "ft_since": "02",
            },
            exit=(date(2025, 12, 31), "cdd_short"),
            hours={month(m): 120 for m in range(1, 13)},
        )
        cls._person(
            "David Petit",
            "male",
            date(1985, 7, 1),
            date(2024, 1, 15),
            {"rsa": "NON", "education_level": "40"},
            exit=(date(2026, 1, 1), "qualifying_training"),
            hours={month(m): 110 for m in range(1, 13)} | {month(1, 2026): 10},
        )
        cls._person(
            "Emma Roux",
            "female",
            date(2001, 6, 1),
            date(2024, 3, 1),
            {"rsa": "OUI-NM", "education_level": "40"},
            exit=(date(2025, 3, 31), "serious_misconduct"),
            hours={month(m): 90 for m in range(1, 4)},
        )
        cls._person(
            "Farid Haddad",
            "male",
            date(1995, 9, 15),
            date(2024, 6, 1),
            {"rsa": "NON", "qpv": True, "education_level": "51"},
            exit=(date(2025, 5, 31), "no_news"),
            hours={month(m): 100 for m in range(1, 6)},
        )
        cls._person(
            "Gaëlle Fabre",
            "female",
            date(1995, 2, 2),
            date(2025, 12, 1),
            {"rsa": "OUI-NM"},
            hours={month(1, 2026): 120},
        )
        cls._person(
            "Hugo Blanc",
            "male",
            date(1980, 4, 4),
            date(2024, 2, 1),
            {"rsa": "NON"},
            exit=(date(2025, 1, 5), "cdi"),
            hours={month(11, 2024): 100},
        )
        # A first pathway without RSA, a short one; a second one with RSA.
        cls._person(
            "Jules Moreau",
            "male",
            date(1988, 4, 12),
            date(2025, 2, 3),
            {"rsa": "NON", "education_level": "40"},
            exit=(date(2025, 3, 31), "unemployed"),
            hours={month(2): 100, month(3): 100},
            contract=("cddi", date(2025, 6, 2)),
        )
        cls.pathways["Jules (RSA)"] = cls._pathway(
            cls.people["Jules"],
            date(2025, 9, 1),
            {"rsa": "OUI-NM", "education_level": "51"},
        )
        cls._contract(
            "Jules",
            "cddi",
            date(2025, 9, 1),
            date(2026, 2, 28),
            hours={month(m): 100 for m in range(9, 13)},
        )
        cls._follow_up()

    @classmethod
    def _user(cls, login, name, groups):
        return new_test_user(
            cls.env,
            login,
            groups=groups,
            name=name,
            lang="fr_FR",
            tz="Europe/Paris",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    @classmethod
    def _person(
        cls,
        name,
        sex,
        birthday,
        hired,
        situation,
        exit=None,
        hours=(),
        contract=("inclusion", None),
    ):
        """A person, their pathway and their hours (``{first of month: hours}``,
        on the 10th), under an insertion contract from the hiring to the exit,
        or to the end ``contract`` gives."""
        kind, end = contract
        employee = cls.env["hr.employee"].create(
            {
                "name": name,
                "company_id": cls.company.id,
                "sp_role": "insertion",
                "sex": sex,
                "birthday": birthday,
                "date_version": hired,
                "contract_date_start": hired,
                "contract_date_end": end or (exit and exit[0]),
                "contract_type_id": cls.contract_type[kind].id,
                "resource_calendar_id": cls.calendar.id,
            }
        )
        pathway = cls._pathway(employee, hired, situation, exit)
        cls._entries(
            employee, {first.replace(day=10): amount for first, amount in hours.items()}
        )
        key = name.split()[0]
        cls.people[key] = employee
        cls.pathways[key] = pathway

    @classmethod
    def _pathway(cls, employee, hired, situation, exit=None):
        pathway = cls.env["sp.pathway"].create(
            {
                "employee_id": employee.id,
                "company_id": cls.company.id,
                "hiring_date": hired,
                **situation,
            }
        )
        if exit:
            pathway.write(
                {"exit_date": exit[0], "exit_reason_id": cls.reason[exit[1]].id}
            )
            pathway.action_exit()
        return pathway

    @classmethod
    def _contract(cls, key, kind, start, end, hours=()):
        """A new contract of the person ``key`` from ``start``, and its hours."""
        employee = cls.people[key]
        employee.create_version(
            {
                "date_version": start,
                "contract_date_start": start,
                "contract_date_end": end,
                "contract_type_id": cls.contract_type[kind].id,
            }
        )
        cls._entries(
            employee, {first.replace(day=10): amount for first, amount in hours.items()}
        )

    @classmethod
    def _entries(cls, employee, hours):
        """Ledger entries ``{day: hours}``, on the version of their day."""
        cls.env["hr.work.entry"].create(
            [
                {
                    "employee_id": employee.id,
                    "version_id": employee._get_version(day).id,
                    "company_id": cls.company.id,
                    "work_entry_type_id": cls.work_type.id,
                    "date": day,
                    "duration": duration,
                }
                for day, duration in hours.items()
            ]
        )

    @classmethod
    def _follow_up(cls):
        """Barriers, trainings and immersions, some outside the period."""
        p = cls.pathways
        Barrier = cls.env["sp.pathway.barrier"]
        for person, kind, mode, identified, lifted in (
            ("Alice", "housing", "internal", date(2024, 9, 15), None),
            ("Alice", "mobility", "both", date(2024, 9, 15), None),
            ("Bruno", "health", "external", date(2025, 2, 10), None),
            ("Bruno", "housing", "external", date(2025, 2, 10), None),
            # Two housing barriers of Chloé, one supported inside, one outside: both.
            ("Chloé", "housing", "internal", date(2023, 2, 1), None),
            ("Chloé", "housing", "external", date(2025, 3, 1), None),
            ("Chloé", "mobility", False, date(2025, 3, 1), None),
            # Identified after the period, lifted before it: not counted.
            ("David", "debt", "internal", date(2026, 2, 1), None),
            ("Emma", "literacy", "external", date(2024, 3, 15), date(2024, 12, 15)),
        ):
            Barrier.create(
                {
                    "pathway_id": p[person].id,
                    "barrier_type": kind,
                    "support_mode": mode,
                    "date_identified": identified,
                    "date_lifted": lifted,
                    "state": "lifted" if lifted else "in_progress",
                }
            )
        cls.env["sp.pathway.training"].create(
            [
                {
                    "pathway_id": p[person].id,
                    "name": title,
                    "category": category,
                    "hours": hours,
                    "date_start": start,
                    "date_end": start,
                }
                for person, title, category, hours, start in (
                    ("Alice", "CACES R489", "qualifying", 35, date(2025, 3, 10)),
                    (
                        "Chloé",
                        "Remise à niveau",
                        "pre_qualifying",
                        20,
                        date(2025, 12, 15),
                    ),
                    (
                        "David",
                        "Taille des oliviers",
                        "qualifying",
                        14,
                        date(2024, 11, 1),
                    ),
                    ("Farid", "Sauveteur secouriste", "other", 7, date(2025, 5, 2)),
                )
            ]
        )
        host = cls.env["res.partner"].create({"name": "EARL Les Vergers de Cucuron"})
        cls.env["sp.pathway.immersion"].create(
            [
                {
                    "pathway_id": p[person].id,
                    "immersion_type": kind,
                    "host_partner_id": host.id,
                    "date_start": start,
                    "date_end": start,
                }
                for person, kind, start in (
                    ("Chloé", "pmsmp", date(2025, 10, 6)),
                    ("Farid", "mrs", date(2025, 4, 1)),
                    ("David", "pmsmp", date(2025, 6, 2)),
                    ("Alice", "pmsmp", date(2024, 10, 1)),
                )
            ]
        )

    def indicators(self, user=None, **vals):
        """The indicators screen, as ``user`` opens it (the insertion manager)."""
        Indicators = self.env["sp.funder.indicators"].with_user(
            user or self.insertion_manager
        )
        vals.setdefault("agreement_id", self.state_agreement.id)
        return Indicators.create({"company_id": self.company.id, **vals})


class FundersCase(FundersFixture, SpTestMixin, TransactionCase):
    """The fixture, for unit tests."""

    @contextmanager
    def assertRaisesRegex(self, exception, regex):
        """Like Odoo's ``assertRaises``: the failed call is rolled back, as an RPC call
        would be."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), regex)
