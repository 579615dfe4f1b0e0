import random
from collections import defaultdict
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from .funding_agreement import (
    COMMERCIAL_CEILING,
    DEFAULT_HOURS_REFERENCE,
    DEFAULT_TARGET_DYNAMIC,
    DEFAULT_TARGET_LASTING,
)

# Income that is no sale of goods or services produced (D5132-34), whatever the
# income accounts of the settings: operating subsidies (74), membership dues
# (756) and transfers of charges (79).
NOT_SALES_PREFIXES = ("74", "756", "79")
# The exit categories the ASP examines, in the order of its annual report.
EXAMINED_CATEGORIES = (
    "emploi_durable",
    "emploi_transition",
    "sortie_positive",
    "autre_sortie",
)
DYNAMIC_CATEGORIES = ("emploi_durable", "emploi_transition", "sortie_positive")
RSA_YES = ("OUI-M", "OUI-NM")
# The ASP education levels as the annual report groups them.
LEVEL_CAP_BEP = ("50", "51")
LEVEL_NON_CERTIFYING = ("00",)
LEVEL_BELOW_CAP = ("01", "60", "70")
# Registered with France Travail for 12 to 23 months, and for 24 months or more.
FT_12_23 = "03"
FT_24_PLUS = "04"
# The profile flags of a person, as the lines carry them.
FLAGS = ("brsa", "ass", "aah", "rqth", "zrr", "qpv")


def _month_start(day):
    return day.replace(day=1)


def _months(date_from, date_to):
    month = _month_start(date_from)
    while month <= date_to:
        yield month
        month += relativedelta(months=1)


def _rate(part, whole):
    """``part / whole``; None when there is no ``whole`` (no exit examined, no
    charge): a rate without a denominator is no rate, not 0 %."""
    return part / whole if whole else None


def _choice(selection, code):
    """A cell holding the code of a selection (``_sp_labels``): the reader's
    output shows its label, in the reader's language."""
    return {"choice": selection, "code": code} if code else ""


def _line_order(line):
    """The order of pseudonymous lines: by person, then by their cells."""
    return [
        f"{cell.get('choice')}:{cell.get('code')}" if isinstance(cell, dict) else cell
        for cell in line
    ]


def _or_why(rate, why):
    """A rate's cell: the rate, or why there is none (a label to translate)."""
    return why if rate is None else rate


def _no_none(value):
    """``value`` with False for every None: an empty cell, as Odoo sends an empty
    value, which XML-RPC clients can read (XML-RPC has no None)."""
    if value is None:
        return False
    if isinstance(value, dict):
        return {key: _no_none(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_no_none(item) for item in value]
    return value


class SpFunderFigures(models.AbstractModel):
    """The arithmetic of the funders' indicators, in one place.

    ``_sp_compute`` reads the pathways, the hours ledger, the follow-up and the
    accounting of a period in a fixed number of queries, whatever the number of
    people, and returns one JSON-ready dict that the screen, the workbook and the
    PDF all show. The definitions are the ASP's (see the readme): people who
    worked, hours and FTE against the agreed posts, the exits examined and their
    rates, the support given, and the share of commercial income.
    """

    _name = "sp.funder.figures"
    _description = "Funders' Indicators: Computation"

    @api.model
    def _sp_compute(
        self, company, date_from, date_to, agreements, agreement=None, rsa_only=False
    ):
        """The figures of [date_from, date_to] for ``company``, compared with
        ``agreements`` (the first one gives the reference hours and the targets);
        with ``rsa_only``, for the people on RSA at their hiring only."""
        # Without an agreement, the defaults of a new one.
        reference = agreements[:1]
        params = {
            "company": company.name,
            "currency": company.currency_id.name,
            "date_from": fields.Date.to_string(date_from),
            "date_to": fields.Date.to_string(date_to),
            "agreement": agreement.name if agreement else "",
            "funder": agreement.funder_id.name if agreement else "",
            "agreements": ", ".join(agreements.mapped("name")),
            "rsa_only": bool(rsa_only),
            "hours_reference": reference.hours_reference or DEFAULT_HOURS_REFERENCE,
            "target_dynamic": (
                reference.target_dynamic_exit_rate
                if reference
                else DEFAULT_TARGET_DYNAMIC
            )
            / 100,
            "target_lasting": (
                reference.target_lasting_employment_rate
                if reference
                else DEFAULT_TARGET_LASTING
            )
            / 100,
            "ceiling": (
                reference.commercial_ceiling if reference else COMMERCIAL_CEILING
            )
            / 100,
            "fte_agreed": agreements._prorated_fte(date_from, date_to),
            "today": fields.Date.to_string(self._sp_today()),
        }
        # The result is stored and read by people of other languages: its labels
        # are the source terms and codes, translated when shown (see
        # sp.funder.indicators._sp_text), never in the language of whoever
        # computed.
        self = self.with_context(lang="en_US")
        sources = self.sudo()._sp_read(company, date_from, date_to, rsa_only)
        return _no_none(self._sp_aggregate(params, sources))

    @api.model
    def _sp_today(self):
        """Today, or the day the figures are looked at from (context ``sp_today``,
        as the pathways have it)."""
        return fields.Date.to_date(self.env.context.get("sp_today")) or (
            fields.Date.context_today(self)
        )

    # ------------------------------------------------------------------
    # Reading: a fixed number of queries
    # ------------------------------------------------------------------

    @api.model
    def _sp_read(self, company, date_from, date_to, rsa_only):
        """What the figures are made of. Called as the superuser: the pathways
        are confidential, and only aggregates and pseudonymous lines leave."""
        # Hours are worked ones: none after today, even if the schedule planned them.
        worked_to = min(date_to, self._sp_today())
        pathways = self._sp_read_pathways(company, date_from, date_to)
        if rsa_only:
            pathways = [p for p in pathways if p["rsa"] in RSA_YES]
        employee_ids = sorted({p["employee_id"] for p in pathways})
        exited = [
            p
            for p in pathways
            if p["exit_date"] and date_from <= p["exit_date"] <= date_to
        ]
        pathway_ids = [p["id"] for p in pathways]
        hours, ledger = self._sp_read_hours(
            employee_ids, pathway_ids, date_from, worked_to
        )
        return {
            "pathways": pathways,
            "hours": hours,
            "ledger_hours": ledger,
            "exit_year_hours": self._sp_read_exit_year_hours(exited),
            "barriers": self._sp_read_barriers(pathway_ids, date_from, date_to),
            "trainings": self._sp_read_trainings(pathway_ids, date_from, date_to),
            "immersions": self._sp_read_immersions(pathway_ids, date_from, date_to),
            "accounting": self._sp_read_accounting(company, date_from, date_to),
            "labels": self._sp_labels(),
        }

    @api.model
    def _sp_accounting_domains(self, company, date_from, date_to):
        """The journal items of each side of the commercial share: (income,
        charges), as domains on account.move.line.

        D5132-34 counts the income from selling the goods and services the
        workshop produces. Income accounts come from the settings (class 70 by
        default), less what is no sale whatever its account: subsidies (74),
        membership dues (756, and any line of a membership product, which a
        chart may post to 70) and transfers of charges (79).
        """
        income_prefixes = company._sp_account_prefixes("sp_commercial_account_prefixes")
        charge_prefixes = company._sp_account_prefixes("sp_charge_account_prefixes")

        def on_accounts(prefixes):
            return Domain.OR(
                Domain("account_id.code", "=like", f"{prefix}%") for prefix in prefixes
            )

        period = Domain(
            [
                ("company_id", "=", company.id),
                ("parent_state", "=", "posted"),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ]
        )
        income = (
            period
            & on_accounts(income_prefixes)
            & ~on_accounts(NOT_SALES_PREFIXES)
            & (
                Domain("product_id", "=", False)
                | Domain("product_id.membership", "=", False)
            )
        )
        return income, period & on_accounts(charge_prefixes)

    @api.model
    def _sp_read_accounting(self, company, date_from, date_to):
        """Commercial income and charges of the period, and the accounts behind
        them, in one grouped query."""
        income_domain, charge_domain = self._sp_accounting_domains(
            company, date_from, date_to
        )
        charge_prefixes = company._sp_account_prefixes("sp_charge_account_prefixes")
        groups = (
            self.env["account.move.line"]
            .with_company(company)
            ._read_group(income_domain | charge_domain, ["account_id"], ["balance:sum"])
        )
        # The accounts by their names in the books, as the accountant reads them
        # (their language, not the computation's).
        balances = {account.id: balance for account, balance in groups}
        books = self.env["account.account"].with_company(company).browse(balances)
        if books:
            books = books.with_context(lang=company.partner_id.lang or "fr_FR")
        income = charges = 0.0
        accounts = []
        for account in books.sorted("code"):
            code, name, balance = account.code or "", account.name, balances[account.id]
            if any(code.startswith(prefix) for prefix in charge_prefixes):
                side = "charges"
                charges += balance
            else:
                side = "income"
                balance = -balance  # income is on the credit side
                income += balance
            accounts.append(
                {"account": f"{code} {name}", "side": side, "amount": balance}
            )
        return {
            "income": income,
            "charges": charges,
            "accounts": accounts,
            "income_prefixes": company.sp_commercial_account_prefixes,
            "charge_prefixes": company.sp_charge_account_prefixes,
        }

    # The readers of the pathways, the ledger and the follow-up: each returns
    # plain dicts (see _sp_aggregate for their keys), in one or two queries.

    @api.model
    def _sp_read_pathways(self, company, date_from, date_to):
        """The pathways open at some point of the period, with the situation at
        hiring of their people."""
        pathways = self.env["sp.pathway"].search_fetch(
            [
                ("company_id", "=", company.id),
                ("hiring_date", "<=", date_to),
                "|",
                ("exit_date", "=", False),
                ("exit_date", ">=", date_from),
            ],
            [
                "employee_id",
                "hiring_date",
                "exit_date",
                "exit_category",
                "counts_as_exit",
                "rsa",
                "ass",
                "aah",
                "rqth",
                "zrr",
                "qpv",
                "ft_since",
                "education_level",
            ],
        )
        employees = pathways.employee_id
        employees.fetch(["sex", "birthday"])
        return [
            {
                "id": pathway.id,
                "employee_id": pathway.employee_id.id,
                "hiring_date": pathway.hiring_date,
                "exit_date": pathway.exit_date,
                "exit_category": pathway.exit_category,
                "counts_as_exit": pathway.counts_as_exit,
                "sex": pathway.employee_id.sex,
                "birthday": pathway.employee_id.birthday,
                "rsa": pathway.rsa,
                "ass": pathway.ass,
                "aah": pathway.aah,
                "rqth": pathway.rqth,
                "zrr": pathway.zrr,
                "qpv": pathway.qpv,
                "ft_since": pathway.ft_since,
                "education_level": pathway.education_level,
            }
            for pathway in pathways
        ]

    @api.model
    def _sp_read_hours(self, employee_ids, pathway_ids, date_from, date_to):
        """Insertion hours and ledger hours by person and month, in one query.

        The insertion hours are those the ASP counts: hours worked (as the
        monthly statement counts them, time off aside) on a day under an
        insertion contract (the version of the entry has an insertion contract
        type and the day is within its contract dates) and inside one of the
        pathways ``pathway_ids`` (hiring date to exit date). The ledger hours
        are every hour worked of these people, so that the hours left out (a
        CDI after the pathway, days after an early exit, a pathway out of the
        funder's scope) can be shown and the total ties to the ledger.

        :return: ``({(employee id, month): insertion hours},
            {(employee id, month): ledger hours})``
        """
        if not employee_ids:
            return {}, {}
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
            SELECT e.employee_id,
                   DATE_TRUNC('month', e.date)::date,
                   ROUND(SUM(e.duration)::numeric, 2),
                   ROUND(SUM(CASE WHEN ct.sp_insertion
                                   AND v.contract_date_start <= e.date
                                   AND (v.contract_date_end IS NULL
                                        OR e.date <= v.contract_date_end)
                                   AND EXISTS (
                                       SELECT 1
                                         FROM sp_pathway p
                                        WHERE p.id = ANY(%(pathways)s)
                                          AND p.employee_id = e.employee_id
                                          AND p.hiring_date <= e.date
                                          AND (p.exit_date IS NULL
                                               OR e.date <= p.exit_date))
                                  THEN e.duration ELSE 0 END)::numeric, 2)
              FROM hr_work_entry e
              JOIN hr_work_entry_type t ON t.id = e.work_entry_type_id
              JOIN hr_version v ON v.id = e.version_id
         LEFT JOIN hr_contract_type ct ON ct.id = v.contract_type_id
             WHERE e.active
               AND e.state != 'cancelled'
               AND NOT t.is_leave
               AND e.employee_id = ANY(%(employees)s)
               AND e.date BETWEEN %(date_from)s AND %(date_to)s
          GROUP BY e.employee_id, DATE_TRUNC('month', e.date)
                """,
                pathways=list(pathway_ids),
                employees=list(employee_ids),
                date_from=date_from,
                date_to=date_to,
            )
        )
        insertion, ledger = {}, {}
        for employee_id, month, all_hours, insertion_hours in rows:
            ledger[employee_id, month] = float(all_hours)
            insertion[employee_id, month] = float(insertion_hours)
        return insertion, ledger

    @api.model
    def _sp_read_exit_year_hours(self, exited):
        """Hours worked in its exit year, for each pathway of ``exited``."""
        if not exited:
            return {}
        years = {p["exit_date"].year for p in exited}
        months = [
            month
            for year in sorted(years)
            for month in _months(date(year, 1, 1), date(year, 12, 31))
        ]
        figures = self.env["sp.monthly.hours"]._sp_figures(
            self.env["hr.employee"].browse({p["employee_id"] for p in exited}), months
        )
        totals = defaultdict(float)
        for (employee_id, month), month_figures in figures.items():
            totals[employee_id, month.year] += month_figures["hours_worked"]
        return {p["id"]: totals[p["employee_id"], p["exit_date"].year] for p in exited}

    @api.model
    def _sp_read_barriers(self, pathway_ids, date_from, date_to):
        """The barriers the people faced in the period: identified by its end,
        not lifted before its start."""
        barriers = self.env["sp.pathway.barrier"].search_fetch(
            [
                ("pathway_id", "in", pathway_ids),
                "|",
                ("date_identified", "=", False),
                ("date_identified", "<=", date_to),
                "|",
                ("date_lifted", "=", False),
                ("date_lifted", ">=", date_from),
            ],
            ["pathway_id", "barrier_type", "support_mode"],
        )
        return [
            {
                "pathway_id": barrier.pathway_id.id,
                "type": barrier.barrier_type,
                "support_mode": barrier.support_mode,
            }
            for barrier in barriers
        ]

    @api.model
    def _sp_read_trainings(self, pathway_ids, date_from, date_to):
        """The trainings started in the period."""
        trainings = self.env["sp.pathway.training"].search_fetch(
            [
                ("pathway_id", "in", pathway_ids),
                ("date_start", ">=", date_from),
                ("date_start", "<=", date_to),
            ],
            ["pathway_id", "category", "hours"],
        )
        return [
            {
                "pathway_id": training.pathway_id.id,
                "category": training.category,
                "hours": training.hours,
            }
            for training in trainings
        ]

    @api.model
    def _sp_read_immersions(self, pathway_ids, date_from, date_to):
        """The immersions started in the period."""
        immersions = self.env["sp.pathway.immersion"].search_fetch(
            [
                ("pathway_id", "in", pathway_ids),
                ("date_start", ">=", date_from),
                ("date_start", "<=", date_to),
            ],
            ["pathway_id", "immersion_type"],
        )
        return [
            {"pathway_id": immersion.pathway_id.id, "kind": immersion.immersion_type}
            for immersion in immersions
        ]

    @api.model
    def _sp_labels(self):
        """The labels of the codes the figures show, in the user's language:
        {selection: {code: label}}, in the order of the selection."""

        def labels(model, fname):
            field = self.env[model]._fields[fname]
            return dict(field._description_selection(self.env))

        return {
            "education_level": labels("sp.pathway", "education_level"),
            "ft_since": labels("sp.pathway", "ft_since"),
            "exit_category": labels("sp.pathway", "exit_category"),
            "sex": labels("sp.funder.indicator.line", "sex"),
            "barrier_type": labels("sp.pathway.barrier", "barrier_type"),
            "support_mode": labels("sp.pathway.barrier", "support_mode"),
            "training_category": labels("sp.pathway.training", "category"),
            "immersion_kind": labels("sp.pathway.immersion", "immersion_type"),
        }

    # ------------------------------------------------------------------
    # Aggregating: pure Python over what was read
    # ------------------------------------------------------------------

    @api.model
    def _sp_aggregate(self, params, sources):
        """The figures, from ``sources``:

        - ``pathways``: dicts with ``id``, ``employee_id``, ``hiring_date``,
          ``exit_date``, ``exit_category``, ``counts_as_exit`` (more than three
          months in the structure), ``sex``, ``birthday``, ``rsa``, the booleans
          ``ass``, ``aah``, ``rqth``, ``zrr``, ``qpv``, and the codes
          ``ft_since`` and ``education_level``;
        - ``hours``: {(employee id, first day of the month): hours worked};
        - ``exit_year_hours``: {pathway id: hours worked in its exit year};
        - ``barriers``: dicts with ``pathway_id``, ``type``, ``support_mode``;
        - ``trainings``: dicts with ``pathway_id``, ``category``, ``hours``;
          ``immersions``: dicts with ``pathway_id``, ``kind``;
        - ``accounting``: ``income``, ``charges`` and the account prefixes;
        - ``labels``: {selection: {code: label}}.

        Returns {"params", "values" (every figure by key), "blocks" (the
        tables of each block and the pseudonymous lines behind them),
        "analysis" (person × month lines for the graph and the pivot)}.
        """
        date_from = fields.Date.to_date(params["date_from"])
        date_to = fields.Date.to_date(params["date_to"])
        pathways = sorted(
            sources["pathways"], key=lambda p: (p["hiring_date"], p["id"])
        )
        worked = defaultdict(float)
        for (employee_id, _month), amount in sources["hours"].items():
            worked[employee_id] += amount
        # A person counts once, with the situation of their latest hiring.
        people = {}
        for pathway in pathways:
            if worked[pathway["employee_id"]] > 0:
                people[pathway["employee_id"]] = pathway
        exited = [
            p
            for p in pathways
            if p["exit_date"] and date_from <= p["exit_date"] <= date_to
        ]
        context = {
            "params": params,
            "labels": sources["labels"],
            "values": {},
            "profiles": {
                employee_id: self._sp_profile(pathway)
                for employee_id, pathway in people.items()
            },
            "pseudonyms": self._sp_pseudonyms(
                [*people, *(p["employee_id"] for p in exited)]
            ),
            "worked": worked,
        }
        in_scope = {
            p["id"]: p["employee_id"] for p in pathways if p["employee_id"] in people
        }
        blocks = [
            self._sp_people_block(context),
            self._sp_hours_block(
                context, sources["hours"], sources["ledger_hours"], date_from, date_to
            ),
            self._sp_exits_block(context, exited, sources["exit_year_hours"]),
            self._sp_support_block(context, sources, in_scope),
            self._sp_commercial_block(context, sources["accounting"]),
        ]
        return {
            "params": params,
            "values": context["values"],
            "blocks": blocks,
            "analysis": context["analysis"],
        }

    @api.model
    def _sp_pseudonyms(self, employee_ids):
        """A pseudonym per person, drawn in a random order for this computation
        only: the lines of two reports cannot be matched with each other."""
        unique = sorted(set(employee_ids))
        random.SystemRandom().shuffle(unique)
        width = max(2, len(str(len(unique))))
        return {
            employee_id: f"P{index:0{width}d}"
            for index, employee_id in enumerate(unique, start=1)
        }

    @api.model
    def _sp_profile(self, pathway):
        """What the breakdowns count of a person: their situation at hiring."""
        birthday = pathway.get("birthday")
        age = (
            relativedelta(pathway["hiring_date"], birthday).years if birthday else None
        )
        if age is None:
            age_band = False
        elif age < 26:
            age_band = "under_26"
        else:
            age_band = "50_plus" if age >= 50 else "26_49"
        return {
            "sex": pathway.get("sex") or False,
            "age_band": age_band,
            "brsa": pathway.get("rsa") in RSA_YES,
            "ass": bool(pathway.get("ass")),
            "aah": bool(pathway.get("aah")),
            "rqth": bool(pathway.get("rqth")),
            "zrr": bool(pathway.get("zrr")),
            "qpv": bool(pathway.get("qpv")),
            "ft_since": pathway.get("ft_since") or False,
            "education_level": pathway.get("education_level") or False,
        }

    @api.model
    def _sp_age_bands(self):
        return {
            "under_26": _("Under 26"),
            "26_49": _("26 to 49"),
            "50_plus": _("50 and over"),
        }

    @api.model
    def _sp_table(self, title, headers, units, rows):
        return {"title": title, "headers": headers, "units": units, "rows": rows}

    @api.model
    def _sp_people_block(self, context):
        values, labels = context["values"], context["labels"]
        counts = defaultdict(int)
        education = defaultdict(int)
        for profile in context["profiles"].values():
            level = profile["education_level"]
            counts["total"] += 1
            counts["women"] += profile["sex"] == "female"
            counts["men"] += profile["sex"] == "male"
            for flag in FLAGS:
                counts[flag] += profile[flag]
            counts["under_26"] += profile["age_band"] == "under_26"
            counts["over_50"] += profile["age_band"] == "50_plus"
            counts["ft_12_23"] += profile["ft_since"] == FT_12_23
            counts["ft_24_plus"] += profile["ft_since"] == FT_24_PLUS
            counts["level_cap_bep"] += level in LEVEL_CAP_BEP
            counts["level_non_certifying"] += level in LEVEL_NON_CERTIFYING
            counts["level_below_cap"] += level in LEVEL_BELOW_CAP
            education[level or "none"] += 1
        breakdown = {
            "total": _("People who worked in the period"),
            "women": _("Women"),
            "men": _("Men"),
            "brsa": _("RSA recipients (BRSA)"),
            "ass": _("ASS recipients"),
            "aah": _("AAH recipients"),
            "rqth": _("Recognised disabled workers (RQTH)"),
            "zrr": _("Living in a rural revitalisation zone (ZRR)"),
            "qpv": _("Living in a priority urban district (QPV)"),
            "under_26": _("Under 26"),
            "over_50": _("50 and over"),
            "ft_12_23": _("Job seekers for 12 to 23 months"),
            "ft_24_plus": _("Job seekers for 24 months or more"),
            "level_cap_bep": _("CAP-BEP level"),
            "level_non_certifying": _("Non-certifying qualifications level"),
            "level_below_cap": _("Below CAP level"),
        }
        rows = []
        for key, label in breakdown.items():
            values[f"people.{key}"] = counts[key]
            rows.append({"key": f"people.{key}", "cells": [label, counts[key]]})
        level_labels = labels.get("education_level", {})
        education_rows = []
        for code in [*level_labels, "none"]:
            if education[code]:
                key = f"people.education.{code}"
                values[key] = education[code]
                label = (
                    _choice("education_level", code)
                    if code != "none"
                    else _("Not recorded")
                )
                education_rows.append({"key": key, "cells": [label, education[code]]})
        bands = self._sp_age_bands()
        lines = []
        for employee_id, profile in context["profiles"].items():
            lines.append(
                [
                    context["pseudonyms"][employee_id],
                    _choice("sex", profile["sex"]),
                    bands.get(profile["age_band"], ""),
                    *(profile[flag] for flag in FLAGS),
                    _choice("ft_since", profile["ft_since"]),
                    _choice("education_level", profile["education_level"]),
                    context["worked"][employee_id],
                ]
            )
        lines.sort(key=_line_order)
        return {
            "key": "people",
            "title": _("People"),
            "tables": [
                self._sp_table(
                    _("Situation at hiring"),
                    [_("Indicator"), _("People")],
                    ["text", "count"],
                    rows,
                ),
                self._sp_table(
                    _("Education level at hiring"),
                    [_("Level"), _("People")],
                    ["text", "count"],
                    education_rows,
                ),
            ],
            "lines": [
                self._sp_table(
                    _("People (lines)"),
                    [
                        _("Person"),
                        _("Sex"),
                        _("Age at hiring"),
                        _("BRSA"),
                        _("ASS"),
                        _("AAH"),
                        _("RQTH"),
                        _("ZRR"),
                        _("QPV"),
                        _("Job seeker since"),
                        _("Education level"),
                        _("Hours worked"),
                    ],
                    ["text"] * 3 + ["yesno"] * len(FLAGS) + ["text", "text", "hours"],
                    lines,
                )
            ],
        }

    @api.model
    def _sp_hours_block(self, context, hours, ledger, date_from, date_to):
        params, values = context["params"], context["values"]
        href = params["hours_reference"]
        by_month = defaultdict(float)
        people_by_month = defaultdict(set)
        for (employee_id, month), amount in hours.items():
            if employee_id in context["profiles"]:
                by_month[month] += amount
                if amount > 0:
                    people_by_month[month].add(employee_id)
        # The ledger's hours of the same people (every person of the scope, even
        # one without an insertion hour): what the insertion hours leave out.
        ledger_by_month = defaultdict(float)
        for (_employee_id, month), amount in ledger.items():
            ledger_by_month[month] += amount
        outside_by_month = {
            month: round(ledger_by_month[month] - by_month[month], 2)
            for month in ledger_by_month
        }
        total = sum(by_month.values())
        fte_worked = total / href
        fte_agreed = params["fte_agreed"]
        today = fields.Date.to_date(params["today"])
        # At the pace of the months so far (the ledger counts whole months).
        elapsed = len(list(_months(date_from, min(date_to, today))))
        months = len(list(_months(date_from, date_to)))
        projected = total * months / elapsed if elapsed else None
        values.update(
            {
                "hours.worked": total,
                "hours.outside_pathway": round(sum(outside_by_month.values()), 2),
                "hours.ledger": round(sum(ledger_by_month.values()), 2),
                "hours.reference": href,
                "hours.fte_worked": fte_worked,
                "hours.fte_agreed": fte_agreed,
                "hours.completion_rate": _rate(fte_worked, fte_agreed),
                "hours.projected_hours": projected,
                "hours.projected_fte": None if projected is None else projected / href,
                "hours.projected_completion_rate": (
                    None if projected is None else _rate(projected / href, fte_agreed)
                ),
            }
        )
        # The label first: a string after a _() call in a list confuses the
        # extraction of the terms to translate.
        summary = [
            (_("Hours worked"), "hours.worked", "hours"),
            (
                _("Hours outside an insertion pathway"),
                "hours.outside_pathway",
                "hours",
            ),
            (_("Hours in the ledger for these people"), "hours.ledger", "hours"),
            (_("Annual hours of a full-time post"), "hours.reference", "hours"),
            (_("FTE worked"), "hours.fte_worked", "fte"),
            (_("FTE agreed for the period"), "hours.fte_agreed", "fte"),
            (_("Completion rate"), "hours.completion_rate", "rate"),
            (
                _("Hours at the end of the period, at the current pace"),
                "hours.projected_hours",
                "hours",
            ),
            (
                _("FTE at the end of the period, at the current pace"),
                "hours.projected_fte",
                "fte",
            ),
            (
                _("Completion rate at the end of the period, at the current pace"),
                "hours.projected_completion_rate",
                "rate",
            ),
        ]
        month_rows = []
        month_lines = []
        analysis = []
        pseudonyms, profiles = context["pseudonyms"], context["profiles"]
        for month in _months(date_from, date_to):
            key = f"hours.month.{month:%Y-%m}"
            values[key] = by_month[month]
            values[f"{key}.people"] = len(people_by_month[month])
            values[f"{key}.outside_pathway"] = outside_by_month.get(month, 0.0)
            month_rows.append(
                {
                    "key": key,
                    "cells": [
                        fields.Date.to_string(month),
                        by_month[month],
                        by_month[month] / href * 12,
                        len(people_by_month[month]),
                        outside_by_month.get(month, 0.0),
                    ],
                }
            )
        seen = set()
        for (employee_id, month), amount in sorted(
            hours.items(), key=lambda item: (pseudonyms.get(item[0][0], ""), item[0][1])
        ):
            if employee_id not in profiles or not amount:
                continue
            profile = profiles[employee_id]
            month_lines.append(
                [
                    pseudonyms[employee_id],
                    fields.Date.to_string(month),
                    amount,
                    amount / href,
                ]
            )
            analysis.append(
                {
                    "pseudonym": pseudonyms[employee_id],
                    "month": fields.Date.to_string(month),
                    "hours": amount,
                    "fte": amount / href,
                    # 1 on one line per person: summed, the people who worked.
                    "people": int(employee_id not in seen),
                    **{k: profile[k] for k in ("sex", "age_band", *FLAGS)},
                    # Codes: the lines show their labels in the reader's language.
                    "ft_since": profile["ft_since"],
                    "education_level": profile["education_level"],
                }
            )
            seen.add(employee_id)
        context["analysis"] = analysis
        return {
            "key": "hours",
            "title": _("Hours and FTE"),
            "tables": [
                self._sp_table(
                    _("Agreed posts and their completion"),
                    [_("Indicator"), _("Value")],
                    ["text", "hours"],
                    [
                        {
                            "key": key,
                            "cells": [
                                label,
                                _or_why(values[key], _("No agreed post"))
                                if unit == "rate" and not fte_agreed
                                else values[key],
                            ],
                            "unit": unit,
                        }
                        for label, key, unit in summary
                    ],
                ),
                self._sp_table(
                    _("Hours by month"),
                    [
                        _("Month"),
                        _("Hours worked"),
                        _("Monthly FTE"),
                        _("People"),
                        _("Hours outside an insertion pathway"),
                    ],
                    ["month", "hours", "fte", "count", "hours"],
                    month_rows,
                ),
            ],
            "lines": [
                self._sp_table(
                    _("Hours (lines)"),
                    [_("Person"), _("Month"), _("Hours worked"), _("FTE")],
                    ["text", "month", "hours", "fte"],
                    month_lines,
                )
            ],
        }

    @api.model
    def _sp_exits_block(self, context, exited, exit_year_hours):
        params, values = context["params"], context["values"]
        counts = defaultdict(int)
        not_examined = defaultdict(int)
        lines = []
        why = {
            "retrait": _("Withdrawal: not counted"),
            "too_short": _("Three months or less in the structure"),
            "no_hours": _("No hour worked in the exit year"),
            "no_category": _("No exit reason"),
        }
        for pathway in exited:
            category = pathway["exit_category"]
            if not category:
                reason = "no_category"
            elif category not in EXAMINED_CATEGORIES:
                reason = "retrait"
            elif not pathway["counts_as_exit"]:
                reason = "too_short"
            elif exit_year_hours.get(pathway["id"], 0.0) < 1:
                reason = "no_hours"
            else:
                reason = False
            if reason:
                not_examined[reason] += 1
            else:
                counts[category] += 1
            lines.append(
                [
                    context["pseudonyms"][pathway["employee_id"]],
                    fields.Date.to_string(_month_start(pathway["exit_date"])),
                    _choice("exit_category", category),
                    not reason,
                    why.get(reason, ""),
                ]
            )
        lines.sort(key=_line_order)
        examined = sum(counts[c] for c in EXAMINED_CATEGORIES)
        no_exit = _("No exit examined")
        dynamic = sum(counts[c] for c in DYNAMIC_CATEGORIES)
        lasting = counts["emploi_durable"]
        values.update(
            {
                "exits.examined": examined,
                "exits.dynamic": dynamic,
                "exits.dynamic_rate": _rate(dynamic, examined),
                "exits.lasting_rate": _rate(lasting, examined),
                "exits.target_dynamic": params["target_dynamic"],
                "exits.target_lasting": params["target_lasting"],
            }
        )
        rows = []
        for category in EXAMINED_CATEGORIES:
            values[f"exits.{category}"] = counts[category]
            rows.append(
                {
                    "key": f"exits.{category}",
                    "cells": [
                        _choice("exit_category", category),
                        counts[category],
                        _or_why(_rate(counts[category], examined), no_exit),
                        None,
                    ],
                }
            )
        rows += [
            {
                "key": "exits.examined",
                "cells": [_("Exits examined"), examined, None, None],
            },
            {
                "key": "exits.dynamic_rate",
                "cells": [
                    _("Dynamic exit rate (lasting, transition, other positive)"),
                    dynamic,
                    _or_why(values["exits.dynamic_rate"], no_exit),
                    params["target_dynamic"],
                ],
            },
            {
                "key": "exits.lasting_rate",
                "cells": [
                    _("Lasting employment rate"),
                    lasting,
                    _or_why(values["exits.lasting_rate"], no_exit),
                    params["target_lasting"],
                ],
            },
        ]
        aside = []
        for reason, label in why.items():
            values[f"exits.not_examined.{reason}"] = not_examined[reason]
            aside.append(
                {
                    "key": f"exits.not_examined.{reason}",
                    "cells": [label, not_examined[reason]],
                }
            )
        return {
            "key": "exits",
            "title": _("Exits"),
            "tables": [
                self._sp_table(
                    _("Exits by category"),
                    [_("Exits"), _("Number of exits"), _("Rate"), _("Target")],
                    ["text", "count", "rate", "rate"],
                    rows,
                ),
                self._sp_table(
                    _("Exits of the period not examined"),
                    [_("Why"), _("Number of exits")],
                    ["text", "count"],
                    aside,
                ),
            ],
            "lines": [
                self._sp_table(
                    _("Exits (lines)"),
                    [
                        _("Person"),
                        _("Exit month"),
                        _("Category"),
                        _("Examined"),
                        _("Why not"),
                    ],
                    ["text", "month", "text", "yesno", "text"],
                    lines,
                )
            ],
        }

    @api.model
    def _sp_support_block(self, context, sources, in_scope):
        values, labels = context["values"], context["labels"]
        pseudonyms = context["pseudonyms"]
        # A person's support for a barrier type: both when any of their barriers
        # of that type is supported both ways, or they have internal and external.
        modes = defaultdict(set)
        barrier_lines = []
        type_labels = labels.get("barrier_type", {})
        for barrier in sources["barriers"]:
            employee_id = in_scope.get(barrier["pathway_id"])
            if employee_id is None:
                continue
            modes[barrier["type"], employee_id].add(barrier["support_mode"] or "")
            barrier_lines.append(
                [
                    pseudonyms[employee_id],
                    _choice("barrier_type", barrier["type"]),
                    _choice("support_mode", barrier["support_mode"]),
                ]
            )
        barrier_counts = defaultdict(lambda: defaultdict(int))
        for (kind, _employee_id), supported in modes.items():
            counts = barrier_counts[kind]
            counts["concerned"] += 1
            if "both" in supported or {"internal", "external"} <= supported:
                counts["both"] += 1
            elif "internal" in supported:
                counts["internal"] += 1
            elif "external" in supported:
                counts["external"] += 1
        barrier_rows = []
        for kind in type_labels:
            counts = barrier_counts[kind]
            supported = counts["internal"] + counts["external"] + counts["both"]
            rate = _rate(supported, counts["concerned"])
            for key in ("concerned", "internal", "external", "both"):
                values[f"support.{kind}.{key}"] = counts[key]
            values[f"support.{kind}.rate"] = rate
            barrier_rows.append(
                {
                    "key": f"support.{kind}",
                    "cells": [
                        _choice("barrier_type", kind),
                        counts["concerned"],
                        counts["internal"],
                        counts["external"],
                        counts["both"],
                        _or_why(rate, _("Nobody concerned")),
                    ],
                }
            )
        training_rows, training_lines = self._sp_count_actions(
            context,
            sources["trainings"],
            in_scope,
            "category",
            "training_category",
            labels.get("training_category", {}),
            "trainings",
            with_hours=True,
        )
        immersion_rows, immersion_lines = self._sp_count_actions(
            context,
            sources["immersions"],
            in_scope,
            "kind",
            "immersion_kind",
            labels.get("immersion_kind", {}),
            "immersions",
        )
        barrier_lines.sort(key=_line_order)
        return {
            "key": "support",
            "title": _("Support"),
            "tables": [
                self._sp_table(
                    _("Barriers to employment"),
                    [
                        _("Barrier"),
                        _("People concerned"),
                        _("Supported internally"),
                        _("Supported externally"),
                        _("Both"),
                        _("Supported"),
                    ],
                    ["text", "count", "count", "count", "count", "rate"],
                    barrier_rows,
                ),
                self._sp_table(
                    _("Trainings"),
                    [_("Category"), _("Actions"), _("Hours"), _("People")],
                    ["text", "count", "hours", "count"],
                    training_rows,
                ),
                self._sp_table(
                    _("Immersions"),
                    [_("Kind"), _("Immersions"), _("People")],
                    ["text", "count", "count"],
                    immersion_rows,
                ),
            ],
            "lines": [
                self._sp_table(
                    _("Barriers (lines)"),
                    [_("Person"), _("Barrier"), _("Support")],
                    ["text", "text", "text"],
                    barrier_lines,
                ),
                self._sp_table(
                    _("Trainings (lines)"),
                    [_("Person"), _("Category"), _("Hours")],
                    ["text", "text", "hours"],
                    training_lines,
                ),
                self._sp_table(
                    _("Immersions (lines)"),
                    [_("Person"), _("Kind")],
                    ["text", "text"],
                    immersion_lines,
                ),
            ],
        }

    @api.model
    def _sp_count_actions(
        self,
        context,
        actions,
        in_scope,
        field,
        selection,
        kind_labels,
        prefix,
        with_hours=False,
    ):
        """Actions (trainings, immersions) by kind: how many, their hours, and the
        people who took part; with the pseudonymous lines behind them."""
        values, pseudonyms = context["values"], context["pseudonyms"]
        count = defaultdict(int)
        hours = defaultdict(float)
        people = defaultdict(set)
        lines = []
        for action in actions:
            employee_id = in_scope.get(action["pathway_id"])
            if employee_id is None:
                continue
            kind = action[field] or ""
            for key in (kind, "total"):
                count[key] += 1
                hours[key] += action.get("hours") or 0.0
                people[key].add(employee_id)
            line = [pseudonyms[employee_id], _choice(selection, kind)]
            lines.append([*line, action.get("hours") or 0.0] if with_hours else line)
        lines.sort(key=_line_order)
        rows = []
        kinds = [(kind, _choice(selection, kind)) for kind in kind_labels]
        for kind, label in [*kinds, ("total", _("Total"))]:
            if kind != "total" and not count[kind]:
                continue
            values[f"support.{prefix}.{kind}.count"] = count[kind]
            values[f"support.{prefix}.{kind}.people"] = len(people[kind])
            cells = [label, count[kind]]
            if with_hours:
                values[f"support.{prefix}.{kind}.hours"] = hours[kind]
                cells.append(hours[kind])
            rows.append(
                {
                    "key": f"support.{prefix}.{kind}",
                    "cells": [*cells, len(people[kind])],
                }
            )
        return rows, lines

    @api.model
    def _sp_commercial_block(self, context, accounting):
        params, values = context["params"], context["values"]
        share = _rate(accounting["income"], accounting["charges"])
        # "Inférieure à 30 %": the ceiling itself is over it.
        within = None if share is None else share < params["ceiling"]
        values.update(
            {
                "commercial.income": accounting["income"],
                "commercial.charges": accounting["charges"],
                "commercial.share": share,
                "commercial.ceiling": params["ceiling"],
                "commercial.within_ceiling": within,
            }
        )
        no_charge = _("No charge posted")
        rows = [
            (
                _("Sales of goods and services produced"),
                "commercial.income",
                "amount",
            ),
            (_("Charges of the structure"), "commercial.charges", "amount"),
            (_("Commercial income / charges"), "commercial.share", "rate"),
            (_("Ceiling (the share must stay below it)"), "commercial.ceiling", "rate"),
            (_("Below the ceiling"), "commercial.within_ceiling", "yesno"),
        ]
        settings = [
            (_("Income accounts (settings)"), accounting["income_prefixes"]),
            (
                _("Income never counted"),
                _(
                    "subsidies (74), membership dues (756 and membership products), "
                    "transfers of charges (79)"
                ),
            ),
            (_("Charge accounts (settings)"), accounting["charge_prefixes"]),
        ]
        sides = {"income": _("Commercial income"), "charges": _("Charges")}
        account_rows = []
        for line in accounting["accounts"]:
            key = f"commercial.account.{line['account'].split()[0]}"
            values[key] = line["amount"]
            account_rows.append(
                {
                    "key": key,
                    "cells": [line["account"], sides[line["side"]], line["amount"]],
                }
            )
        return {
            "key": "commercial",
            "title": _("Commercial Income"),
            "tables": [
                self._sp_table(
                    _("Share of commercial income"),
                    [_("Indicator"), _("Value")],
                    ["text", "amount"],
                    [
                        {
                            "key": key,
                            "cells": [
                                label,
                                values[key]
                                if unit == "amount" or key == "commercial.ceiling"
                                else _or_why(values[key], no_charge),
                            ],
                            "unit": unit,
                        }
                        for label, key, unit in rows
                    ]
                    + [
                        {"key": "", "cells": [label, codes], "unit": "text"}
                        for label, codes in settings
                    ],
                ),
                self._sp_table(
                    _("Accounts counted"),
                    [_("Account"), _("Side"), _("Amount")],
                    ["text", "text", "amount"],
                    account_rows,
                ),
            ],
            "lines": [],
        }
