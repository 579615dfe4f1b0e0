import random
from collections import defaultdict
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.fields import Domain

from .funding_agreement import (
    COMMERCIAL_CEILING,
    DEFAULT_HOURS_REFERENCE,
    DEFAULT_TARGET_DYNAMIC,
    DEFAULT_TARGET_LASTING,
)

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
    return part / whole if whole else 0.0


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
        return {
            "pathways": pathways,
            "hours": self._sp_read_hours(employee_ids, date_from, worked_to),
            "exit_year_hours": self._sp_read_exit_year_hours(exited),
            "barriers": self._sp_read_barriers(pathway_ids, date_from, date_to),
            "trainings": self._sp_read_trainings(pathway_ids, date_from, date_to),
            "immersions": self._sp_read_immersions(pathway_ids, date_from, date_to),
            "accounting": self._sp_read_accounting(company, date_from, date_to),
            "labels": self._sp_labels(),
        }

    @api.model
    def _sp_read_accounting(self, company, date_from, date_to):
        """Commercial income and charges of the period: the posted journal items
        on the accounts of the company's settings, in one grouped query."""
        income_prefixes = company._sp_account_prefixes("sp_commercial_account_prefixes")
        charge_prefixes = company._sp_account_prefixes("sp_charge_account_prefixes")
        by_account = Domain.OR(
            Domain("account_id.code", "=like", f"{prefix}%")
            for prefix in income_prefixes + charge_prefixes
        )
        domain = by_account & Domain(
            [
                ("company_id", "=", company.id),
                ("parent_state", "=", "posted"),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ]
        )
        groups = (
            self.env["account.move.line"]
            .with_company(company)
            ._read_group(domain, ["account_id"], ["balance:sum"])
        )
        income = charges = 0.0
        for account, balance in groups:
            code = account.code or ""
            if any(code.startswith(prefix) for prefix in income_prefixes):
                income -= balance  # income is on the credit side
            elif any(code.startswith(prefix) for prefix in charge_prefixes):
                charges += balance
        return {
            "income": income,
            "charges": charges,
            "income_prefixes": ", ".join(income_prefixes),
            "charge_prefixes": ", ".join(charge_prefixes),
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
    def _sp_read_hours(self, employee_ids, date_from, date_to):
        """Hours worked by month, from the ledger's monthly roll-up."""
        months = list(_months(date_from, date_to))
        figures = self.env["sp.monthly.hours"]._sp_figures(
            self.env["hr.employee"].browse(employee_ids), months
        )
        return {key: month["hours_worked"] for key, month in figures.items()}

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
        """The labels of the codes the figures show, in the user's language."""

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
            self._sp_hours_block(context, sources["hours"], date_from, date_to),
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
        for code, label in [*level_labels.items(), ("none", _("Not recorded"))]:
            if education[code]:
                key = f"people.education.{code}"
                values[key] = education[code]
                education_rows.append({"key": key, "cells": [label, education[code]]})
        bands = self._sp_age_bands()
        sex_labels = labels.get("sex", {})
        ft_labels = labels.get("ft_since", {})
        lines = []
        for employee_id, profile in context["profiles"].items():
            lines.append(
                [
                    context["pseudonyms"][employee_id],
                    sex_labels.get(profile["sex"], ""),
                    bands.get(profile["age_band"], ""),
                    *(profile[flag] for flag in FLAGS),
                    ft_labels.get(profile["ft_since"], ""),
                    level_labels.get(profile["education_level"], ""),
                    context["worked"][employee_id],
                ]
            )
        lines.sort()
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
    def _sp_hours_block(self, context, hours, date_from, date_to):
        params, values = context["params"], context["values"]
        href = params["hours_reference"]
        by_month = defaultdict(float)
        people_by_month = defaultdict(set)
        for (employee_id, month), amount in hours.items():
            if employee_id in context["profiles"]:
                by_month[month] += amount
                if amount > 0:
                    people_by_month[month].add(employee_id)
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
            month_rows.append(
                {
                    "key": key,
                    "cells": [
                        fields.Date.to_string(month),
                        by_month[month],
                        by_month[month] / href * 12,
                        len(people_by_month[month]),
                    ],
                }
            )
        seen = set()
        ft_labels = context["labels"].get("ft_since", {})
        level_labels = context["labels"].get("education_level", {})
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
                    "ft_since": ft_labels.get(profile["ft_since"], ""),
                    "education_level": level_labels.get(profile["education_level"], ""),
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
                        {"key": key, "cells": [label, values[key]], "unit": unit}
                        for label, key, unit in summary
                    ],
                ),
                self._sp_table(
                    _("Hours by month"),
                    [_("Month"), _("Hours worked"), _("Monthly FTE"), _("People")],
                    ["month", "hours", "fte", "count"],
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
        params, values, labels = context["params"], context["values"], context["labels"]
        category_labels = labels.get("exit_category", {})
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
                    category_labels.get(category, ""),
                    not reason,
                    why.get(reason, ""),
                ]
            )
        lines.sort()
        examined = sum(counts[c] for c in EXAMINED_CATEGORIES)
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
                        category_labels.get(category, category),
                        counts[category],
                        _rate(counts[category], examined),
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
                    values["exits.dynamic_rate"],
                    params["target_dynamic"],
                ],
            },
            {
                "key": "exits.lasting_rate",
                "cells": [
                    _("Lasting employment rate"),
                    lasting,
                    values["exits.lasting_rate"],
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
        mode_labels = labels.get("support_mode", {})
        type_labels = labels.get("barrier_type", {})
        for barrier in sources["barriers"]:
            employee_id = in_scope.get(barrier["pathway_id"])
            if employee_id is None:
                continue
            modes[barrier["type"], employee_id].add(barrier["support_mode"] or "")
            barrier_lines.append(
                [
                    pseudonyms[employee_id],
                    type_labels.get(barrier["type"], ""),
                    mode_labels.get(barrier["support_mode"], ""),
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
        for kind, label in type_labels.items():
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
                        label,
                        counts["concerned"],
                        counts["internal"],
                        counts["external"],
                        counts["both"],
                        rate,
                    ],
                }
            )
        training_rows, training_lines = self._sp_count_actions(
            context,
            sources["trainings"],
            in_scope,
            "category",
            labels.get("training_category", {}),
            "trainings",
            with_hours=True,
        )
        immersion_rows, immersion_lines = self._sp_count_actions(
            context,
            sources["immersions"],
            in_scope,
            "kind",
            labels.get("immersion_kind", {}),
            "immersions",
        )
        barrier_lines.sort()
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
        self, context, actions, in_scope, field, kind_labels, prefix, with_hours=False
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
            line = [pseudonyms[employee_id], kind_labels.get(kind, "")]
            lines.append([*line, action.get("hours") or 0.0] if with_hours else line)
        lines.sort()
        rows = []
        kinds = [*kind_labels.items(), ("total", _("Total"))]
        for kind, label in kinds:
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
        values.update(
            {
                "commercial.income": accounting["income"],
                "commercial.charges": accounting["charges"],
                "commercial.share": share,
                "commercial.ceiling": params["ceiling"],
                "commercial.within_ceiling": share <= params["ceiling"],
            }
        )
        rows = [
            (_("Commercial income invoiced"), "commercial.income", "amount"),
            (_("Charges of the structure"), "commercial.charges", "amount"),
            (_("Commercial income / charges"), "commercial.share", "rate"),
            (_("Ceiling"), "commercial.ceiling", "rate"),
            (_("Within the ceiling"), "commercial.within_ceiling", "yesno"),
        ]
        accounts = [
            (_("Income accounts"), accounting["income_prefixes"]),
            (_("Charge accounts"), accounting["charge_prefixes"]),
        ]
        return {
            "key": "commercial",
            "title": _("Commercial Income"),
            "tables": [
                self._sp_table(
                    _("Share of commercial income"),
                    [_("Indicator"), _("Value")],
                    ["text", "amount"],
                    [
                        {"key": key, "cells": [label, values[key]], "unit": unit}
                        for label, key, unit in rows
                    ]
                    + [
                        {"key": "", "cells": [label, codes], "unit": "text"}
                        for label, codes in accounts
                    ],
                )
            ],
            "lines": [],
        }
