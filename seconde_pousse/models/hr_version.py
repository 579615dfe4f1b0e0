from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date, formatLang

# Weekly hours of an insertion contract (L5132-15-1), unless a derogation.
MIN_WEEKLY_HOURS = 20
MAX_WEEKLY_HOURS = 35
# A derogation of the préfet lasts at most this many months (D5132-43-5 and -8).
DEROGATION_MONTHS = 12
# Durations of the fixed-term insertion contracts, in months.
FIRST_CONTRACT_MONTHS = 4
TOTAL_MONTHS = 24
EXTENDED_TOTAL_MONTHS = 60
# The exceptions that lift the 24 months, and those decided year by year up to 60.
BEYOND_TOTAL = ("training", "senior", "rqth", "difficulties")
YEARLY_DECISIONS = ("senior", "rqth", "difficulties")
# The fields the rules of the insertion contracts read.
CHECKED_FIELDS = {
    "contract_type_id",
    "resource_calendar_id",
    "contract_date_start",
    "contract_date_end",
    "date_version",
    "employee_id",
    "active",
    "sp_hours_derogation",
    "sp_hours_derogation_date",
    "sp_duration_exception",
    "sp_duration_exception_date",
    "departure_reason_id",
    "departure_date",
}
CHECK_LATER = "sp_check_insertion_later"
# Sources that take their hours out of the farm day instead of replacing it.
DEDUCTING_KINDS = ("training",)
# Justice and health: the CIP and the insertion manager only, and never in the
# chatter (not tracked); of the CIPs, the person's referents only.
CIP_GROUP = "seconde_pousse.group_sp_cip"
# The NIR: also the HR managers, who make the payroll (domain reference, section c).
NIR_GROUPS = "seconde_pousse.group_sp_cip,hr.group_hr_manager"
# What the person's referent CIP(s) read, and no other CIP.
REFERENT_FIELDS = (
    "ssnid",
    "sp_hours_derogation",
    "sp_hours_derogation_date",
    "sp_duration_exception",
    "sp_duration_exception_date",
)


class HrVersion(models.Model):
    """The CDDI: contract data of an insertion employee lives on Odoo 19's version.

    The rules of the insertion contracts are checked on every version whose
    contract type is an insertion one; the documented exceptions are dated
    decisions held on the version, readable by the CIP group only.
    """

    _name = "hr.version"
    _inherit = ["hr.version", "sp.referent.mixin"]
    _sp_referent_fields = REFERENT_FIELDS
    _sp_referent_privileged_groups = {"ssnid": "hr.group_hr_manager"}

    # The NIR: the person's referent CIP(s), the Insertion Manager and the HR
    # managers, and never tracked (domain reference, section c).
    ssnid = fields.Char(groups=NIR_GROUPS, tracking=False)

    sp_hours_derogation = fields.Selection(
        [
            ("individual", "Individual (D5132-43-5)"),
            ("structure", "Whole ACI (D5132-43-8)"),
        ],
        string="Hours Derogation",
        groups=CIP_GROUP,
        help="The préfet's decision allowing weekly hours outside 20-35 h, for this "
        "person or for the whole workshop.",
    )
    sp_hours_derogation_date = fields.Date(
        string="Derogation Decision",
        groups=CIP_GROUP,
        help="Date of the préfet's decision; a derogation lasts 12 months at most.",
    )
    sp_duration_exception = fields.Selection(
        [
            ("sentence", "Sentence adjustment"),
            ("training", "To finish a training"),
            ("senior", "Aged 50 or more"),
            ("rqth", "Recognised disabled worker (RQTH)"),
            ("difficulties", "Particularly serious difficulties"),
        ],
        string="Duration Exception",
        groups=CIP_GROUP,
        copy=False,
        help="Sentence adjustment: the first contract may last less than 4 months. "
        "The others allow renewals beyond 24 months: to the end of the training, or "
        "by yearly decisions up to 60 months in all.",
    )
    sp_duration_exception_date = fields.Date(
        string="Exception Decision",
        groups=CIP_GROUP,
        copy=False,
    )

    # hr_holidays turns any ValidationError raised while a version is created or
    # its dates or schedule written into its own message about time off: the rules
    # of the insertion contracts are checked once the write is over, so that the
    # user reads what is wrong.
    @api.model_create_multi
    def create(self, vals_list):
        versions = super(HrVersion, self.with_context(**{CHECK_LATER: True})).create(
            vals_list
        )
        versions = versions.with_env(self.env)
        if not self.env.context.get(CHECK_LATER):
            versions._check_insertion_contract()
        return versions

    def write(self, vals):
        if not CHECKED_FIELDS & vals.keys() or self.env.context.get(CHECK_LATER):
            return super().write(vals)
        result = super(HrVersion, self.with_context(**{CHECK_LATER: True})).write(vals)
        self._check_insertion_contract()
        return result

    @api.constrains(*CHECKED_FIELDS)
    def _check_insertion_contract_constraint(self):
        if not self.env.context.get(CHECK_LATER):
            self._check_insertion_contract()

    def _check_insertion_contract(self):
        # As the system: HR officers write contracts, the exceptions are the CIP's.
        versions = self.sudo().filtered(
            lambda v: v.contract_type_id.sp_insertion and v.employee_id and v.active
        )
        for version in versions:
            version._check_insertion_hours()
        fixed_term = versions.filtered(lambda v: v.contract_type_id.sp_fixed_term)
        if not fixed_term:
            return
        # Every insertion contract of these people, in one read.
        siblings = self.sudo().search(
            [
                ("employee_id", "in", fixed_term.employee_id.ids),
                ("contract_type_id.sp_insertion", "=", True),
                ("contract_type_id.sp_fixed_term", "=", True),
                ("contract_date_start", "!=", False),
            ]
        )
        for version in fixed_term:
            version._check_insertion_duration(
                siblings.filtered(lambda v, e=version.employee_id: v.employee_id == e)
            )

    def _check_insertion_hours(self):
        self.ensure_one()
        hours = self.resource_calendar_id.hours_per_week
        if not self.resource_calendar_id or (
            MIN_WEEKLY_HOURS <= hours <= MAX_WEEKLY_HOURS
        ):
            return
        if not self.sp_hours_derogation or not self.sp_hours_derogation_date:
            raise ValidationError(
                _(
                    "%(employee)s: an insertion contract has between %(min)s and "
                    "%(max)s hours a week, not %(hours)s, unless a derogation of the "
                    "préfet (individual or for the whole workshop) with its decision "
                    "date.",
                    employee=self.employee_id.name,
                    min=MIN_WEEKLY_HOURS,
                    max=MAX_WEEKLY_HOURS,
                    hours=formatLang(self.env, hours),
                )
            )
        decision = self.sp_hours_derogation_date
        expiry = decision + relativedelta(months=DEROGATION_MONTHS, days=-1)
        start = max(self.date_version, self.contract_date_start or self.date_version)
        end = self.date_end
        if start < decision or not end or end > expiry:
            raise ValidationError(
                _(
                    "%(employee)s: the derogation decided on %(decision)s covers "
                    "%(hours)s hours a week until %(expiry)s only (12 months at most): "
                    "this version must start after the decision and end by then.",
                    employee=self.employee_id.name,
                    decision=format_date(self.env, decision),
                    hours=formatLang(self.env, hours),
                    expiry=format_date(self.env, expiry),
                )
            )

    def _check_insertion_duration(self, siblings):
        """The first contract lasts 4 months, the contracts 24 months in all.

        ``siblings``: the fixed-term insertion versions of the same person. A
        contract is the span its versions share (Odoo keeps their dates in step).
        """
        self.ensure_one()
        start, end = self.contract_date_start, self.contract_date_end
        employee = self.employee_id.name
        if not start:
            return
        if not end:
            raise ValidationError(
                _(
                    "%(employee)s: a fixed-term insertion contract needs its end date.",
                    employee=employee,
                )
            )
        contracts = sorted(
            {(v.contract_date_start, v.contract_date_end) for v in siblings}
            | {(start, end)}
        )
        exception = self._insertion_exception(siblings)
        minimum_end = start + relativedelta(months=FIRST_CONTRACT_MONTHS, days=-1)
        if contracts[0] == (start, end) and end < minimum_end:
            # The minimum is the contract's as signed: one ended early on a lawful
            # ground (L1243-1, L1243-2, L5132-15-1) ends on its departure date.
            if exception != "sentence" and not self._insertion_early_end(siblings):
                raise ValidationError(
                    _(
                        "%(employee)s: a first insertion contract lasts at least "
                        "%(months)s months, until %(date)s, unless the person is under "
                        "a sentence adjustment, or the contract ends early on one of "
                        "the grounds of the Code du travail (a departure reason of an "
                        "early end, on its departure date).",
                        employee=employee,
                        months=FIRST_CONTRACT_MONTHS,
                        date=format_date(self.env, minimum_end),
                    )
                )
        # The contracts up to this one, laid end to end from the first start.
        first_start = contracts[0][0]
        cursor = first_start
        for contract_start, contract_end in contracts:
            if contract_start > start:
                break
            cursor += contract_end - contract_start + relativedelta(days=1)
        limit = first_start + relativedelta(months=TOTAL_MONTHS)
        if cursor <= limit:
            return
        if exception not in BEYOND_TOTAL:
            raise ValidationError(
                _(
                    "%(employee)s: insertion contracts last %(months)s months in all, "
                    "renewals included, unless to finish a training, for a person "
                    "aged 50 or more or with an RQTH, or for particularly serious "
                    "difficulties.",
                    employee=employee,
                    months=TOTAL_MONTHS,
                )
            )
        decision = self._insertion_exception_date(siblings)
        if not decision:
            raise ValidationError(
                _(
                    "%(employee)s: give the date of the decision that extends the "
                    "contract beyond %(months)s months.",
                    employee=employee,
                    months=TOTAL_MONTHS,
                )
            )
        if exception not in YEARLY_DECISIONS:
            return
        if cursor > first_start + relativedelta(months=EXTENDED_TOTAL_MONTHS):
            raise ValidationError(
                _(
                    "%(employee)s: even with an exception, insertion contracts last "
                    "%(months)s months in all.",
                    employee=employee,
                    months=EXTENDED_TOTAL_MONTHS,
                )
            )
        decision_end = decision + relativedelta(years=1, days=-1)
        # A yearly decision covers the year after it, not the months before: what
        # runs beyond the 24 months starts on the decision or later.
        covered_from = max(start, limit)
        if covered_from < decision:
            raise ValidationError(
                _(
                    "%(employee)s: the decision of %(decision)s covers the contract "
                    "from that day only, for a year: the contract beyond %(months)s "
                    "months starts on %(date)s, before it.",
                    employee=employee,
                    decision=format_date(self.env, decision),
                    months=TOTAL_MONTHS,
                    date=format_date(self.env, covered_from),
                )
            )
        if end > decision_end:
            raise ValidationError(
                _(
                    "%(employee)s: an extension beyond %(months)s months is decided "
                    "for a year at a time: the decision of %(decision)s covers the "
                    "contract until %(date)s.",
                    employee=employee,
                    months=TOTAL_MONTHS,
                    decision=format_date(self.env, decision),
                    date=format_date(self.env, decision_end),
                )
            )

    def _insertion_contract_versions(self, siblings):
        """The versions of ``self``'s contract: those sharing its dates."""
        key = (self.contract_date_start, self.contract_date_end)
        return self | siblings.filtered(
            lambda v: (v.contract_date_start, v.contract_date_end) == key
        )

    def _insertion_early_end(self, siblings):
        """The contract of ``self`` ends early, on a lawful ground, on its end date."""
        return any(
            v.departure_reason_id.sp_early_end
            and v.departure_date == v.contract_date_end
            for v in self._insertion_contract_versions(siblings)
        )

    def _insertion_exception(self, siblings):
        versions = self._insertion_contract_versions(siblings)
        return next(
            (v.sp_duration_exception for v in versions if v.sp_duration_exception),
            False,
        )

    def _insertion_exception_date(self, siblings):
        versions = self._insertion_contract_versions(siblings)
        return next(
            (
                v.sp_duration_exception_date
                for v in versions
                if v.sp_duration_exception_date
            ),
            False,
        )

    # ------------------------------------------------------------------
    # The hours ledger: Odoo's work entries, from the working schedule, with
    # the crew lines and the trainings replacing the farm day they fall on.
    # ------------------------------------------------------------------
    def _get_interval_work_entry_type(self, interval):
        """The scheduled days of an insertion contract are worked on the
        association's farm at La Roque-d'Anthéron."""
        work_entry_type = super()._get_interval_work_entry_type(interval)
        if (
            work_entry_type.id == self._get_default_work_entry_type_id()
            and self.sudo().contract_type_id.sp_insertion
        ):
            return self.env.ref("seconde_pousse.sp_work_entry_type_farm")
        return work_entry_type

    def _get_work_entries_values(self, date_start, date_stop):
        vals_list = super()._get_work_entries_values(date_start, date_stop)
        return self._sp_apply_ledger_overrides(vals_list, date_start, date_stop)

    def _sp_apply_ledger_overrides(self, vals_list, date_start, date_stop):
        """Replace the worked hours of the schedule by the day's own entries.

        For each person and day of ``_sp_ledger_overrides``, the schedule's
        worked entries go and the overrides come instead; time off stays, and
        explains an absence on the same day (the absence entry is dropped).
        A day belongs to the window when its noon does: windows are whole local
        days, or a time off's hours.
        """
        if not self:
            return vals_list
        utc = pytz.utc
        start = (
            date_start
            if isinstance(date_start, datetime)
            else datetime.combine(date_start, time.min)
        )
        stop = (
            date_stop
            if isinstance(date_stop, datetime)
            else datetime.combine(date_stop, time.max)
        )
        start = start if start.tzinfo else utc.localize(start)
        stop = stop if stop.tzinfo else utc.localize(stop)
        overrides = self._sp_ledger_overrides(
            start.date() - timedelta(days=1), stop.date() + timedelta(days=1)
        )
        if not overrides:
            return vals_list
        # The version that holds each overridden day.
        tz_of = {v.id: pytz.timezone(v._get_tz() or "UTC") for v in self}
        days_of = defaultdict(list)
        for employee_id, day in overrides:
            days_of[employee_id].append(day)
        holder = {}
        for version in self.sudo():
            first, last = version.date_start, version.date_end or datetime.max.date()
            tz = tz_of[version.id]
            employee_id = version.employee_id.id
            for day in days_of[employee_id]:
                noon = tz.localize(datetime.combine(day, time(12)))
                if first <= day <= last and start <= noon <= stop:
                    holder[employee_id, day] = version
        if not holder:
            return vals_list
        Type = self.env["hr.work.entry.type"]
        # An intervention (or its absence) replaces the day's scheduled work, and
        # a training's share of that day; elsewhere a training only takes its
        # hours out of the day: a long training followed a few
        # hours a week leaves the rest of the day at the farm.
        replaced = {
            key
            for key in holder
            if any(t.sp_hours_kind not in DEDUCTING_KINDS for t, _h in overrides[key])
        }
        deduction = {
            key: sum(h for t, h in overrides[key] if t.sp_hours_kind in DEDUCTING_KINDS)
            for key in holder
            if key not in replaced
        }
        kept, time_off = [], set()
        for vals in vals_list:
            if "date_start" in vals:
                moment = vals["date_start"]
                moment = moment if moment.tzinfo else utc.localize(moment)
                day = moment.astimezone(tz_of.get(vals["version_id"], utc)).date()
            else:
                day = vals.get("date")
            key = (vals["employee_id"], day)
            if key in holder:
                if Type.browse(vals.get("work_entry_type_id")).is_leave:
                    time_off.add(key)
                elif key in replaced:
                    continue
                else:
                    vals = self._sp_deduct(vals, day, deduction, key)
                    if not vals:
                        continue
            kept.append(vals)
        for key, version in holder.items():
            entries = overrides[key]
            if key in replaced:
                # The day of a job is the job's: the person was not at the training
                # then, and its share of that day is not counted twice.
                entries = [
                    e for e in entries if e[0].sp_hours_kind not in DEDUCTING_KINDS
                ]
            kept += version._sp_override_vals(key, entries, key in time_off)
        return kept

    def _sp_override_vals(self, key, entries, time_off):
        """The work entries of one overridden day; time off explains an absence."""
        self.ensure_one()
        employee = self.employee_id
        return [
            {
                "name": f"{work_entry_type.name}: {employee.name}",
                "date": key[1],
                "duration": hours,
                "work_entry_type_id": work_entry_type.id,
                "employee_id": employee.id,
                "version_id": self.id,
                "company_id": self.company_id.id,
                "state": "draft",
            }
            for work_entry_type, hours in entries
            if hours > 0
            and not (time_off and work_entry_type.sp_hours_kind == "absence")
        ]

    @api.model
    def _sp_deduct(self, vals, day, deduction, key):
        """``vals`` of scheduled work, shortened by what is left of ``deduction[key]``
        (as a day and a duration); None when nothing is left of it."""
        if "date_start" in vals:
            hours = (vals["date_stop"] - vals["date_start"]).total_seconds() / 3600
            vals = {
                k: v for k, v in vals.items() if k not in ("date_start", "date_stop")
            }
        else:
            hours = vals["duration"]
        taken = min(hours, deduction[key])
        deduction[key] -= taken
        if hours - taken <= 0:
            return None
        return {**vals, "date": day, "duration": hours - taken}

    def _sp_ledger_overrides(self, date_from, date_to):
        """What replaces the schedule, per person and day, between two dates.

        :return: ``{(employee_id, date): [(hr.work.entry.type, hours), ...]}``.
        Each source adds its entries: the crew lines of the interventions done,
        and the trainings of the pathways.
        """
        overrides = defaultdict(list)
        employees = self.employee_id
        if employees:
            self.env["sp.intervention.worker"]._sp_ledger_entries(
                employees, date_from, date_to, overrides
            )
            self._sp_training_entries(employees, date_from, date_to, overrides)
        return overrides

    @api.model
    def _sp_training_entries(self, employees, date_from, date_to, overrides):
        """A training's hours as "Formation", spread evenly over its sessions: the
        person's scheduled working days in its span (on its weekday, for a weekly
        one), never a public holiday, time off or a day off."""
        trainings = (
            self.env["sp.pathway.training"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", employees.ids),
                    ("date_start", "<=", date_to),
                    ("date_end", ">=", date_from),
                    ("hours", ">", 0),
                ]
            )
        )
        training_type = self.env.ref("seconde_pousse.sp_work_entry_type_training")
        for training in trainings:
            days = training._sp_session_days()
            if not days:
                continue
            hours = training.hours / len(days)
            for day in days:
                if date_from <= day <= date_to:
                    overrides[training.employee_id.id, day].append(
                        (training_type, hours)
                    )
        return overrides

    def _sp_working_days(self, date_from, date_to):
        """The days the person of each version is scheduled to work between two
        dates, under these versions' schedules, without public holidays and time
        off: ``{employee_id: {date, ...}}``."""
        days = defaultdict(set)
        for version in self.sudo().filtered("resource_calendar_id"):
            first = max(date_from, version.date_start)
            last = min(date_to, version.date_end or date_to)
            if first > last:
                continue
            tz = pytz.timezone(version._get_tz() or "UTC")
            resource = version.employee_id.resource_id
            intervals = version.resource_calendar_id._work_intervals_batch(
                tz.localize(datetime.combine(first, time.min)),
                tz.localize(datetime.combine(last, time.max)),
                resources=resource,
                tz=tz,
            )[resource.id]
            for start, stop, _attendance in intervals:
                if stop > start:
                    days[version.employee_id.id].add(start.astimezone(tz).date())
        return days
