from collections import defaultdict
from datetime import timedelta

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import format_date


class HrWorkEntry(models.Model):
    """The hours ledger of every employee: Odoo's work entries, one per person,
    day and kind of hours (farm, intervention, training, time off, absence)."""

    _inherit = "hr.work.entry"

    # A closed month is closed for everybody, HR included: what the ASP monthly
    # statement and the funders counted does not change behind them. It changes
    # through "Reopen the Month" only, which leaves its reason in the chatter of
    # the company's closing.
    def write(self, vals):
        self._sp_check_not_closed()
        return super().write(vals)

    def unlink(self):
        self._sp_check_not_closed()
        return super().unlink()

    def _sp_check_not_closed(self):
        closed = self.sudo().filtered(
            lambda entry: entry.state == "validated"
            and entry.company_id.sp_ledger_closed_until
            and entry.date <= entry.company_id.sp_ledger_closed_until
        )
        if closed:
            entry = closed[0]
            raise UserError(
                _(
                    "The hours of %(employee)s on %(date)s are in a closed month (the "
                    "hours are closed until %(closed_until)s): they no longer change. "
                    "The Responsable insertion may reopen the month, with a reason.",
                    employee=entry.employee_id.name,
                    date=format_date(self.env, entry.date),
                    closed_until=format_date(
                        self.env, entry.company_id.sp_ledger_closed_until
                    ),
                )
            )

    def _get_leaves_entries_outside_schedule(self):
        # An absence from an intervention on a day off (a Saturday job) is no
        # conflict: the crew line, not the schedule, planned that day.
        return (
            super()
            ._get_leaves_entries_outside_schedule()
            .filtered(lambda entry: entry.work_entry_type_id.sp_hours_kind != "absence")
        )

    @api.model
    def _sp_regenerate_periods(self, periods):
        """``_sp_regenerate`` for whole periods: ``[(employee, first, last)]``, as a
        source spanning days (a training) gives them."""
        keys = set()
        for employee, first, last in periods:
            keys |= {
                (employee.id, first + timedelta(days=n))
                for n in range((last - first).days + 1)
            }
        return self._sp_regenerate(keys)

    @api.model
    def _sp_regenerate(self, keys):
        """Regenerate the ledger on the days ``keys`` ({(employee_id, date)}).

        Only days already generated are redone (the others come with Odoo's monthly
        generation, which reads the same sources), the entries of a closed month
        never: those days are returned, untouched.
        """
        if not keys:
            return set()
        employees = self.env["hr.employee"].sudo().browse({key[0] for key in keys})
        closed_until = {e.id: e.company_id.sp_ledger_closed_until for e in employees}
        closed = {
            key
            for key in keys
            if closed_until[key[0]] and key[1] <= closed_until[key[0]]
        }
        # The window already generated for each person, over their versions (a
        # version never generated has an empty one: Odoo's generation will come).
        window = {}
        for version in employees.version_ids:
            if version.date_generated_from >= version.date_generated_to:
                continue
            first = version.date_generated_from.date()
            last = version.date_generated_to.date()
            lo, hi = window.get(version.employee_id.id, (first, last))
            window[version.employee_id.id] = (min(lo, first), max(hi, last))
        open_keys = {
            key
            for key in keys - closed
            if key[0] in window and window[key[0]][0] <= key[1] <= window[key[0]][1]
        }
        if not open_keys:
            return closed
        entries = self.sudo().search(
            [
                ("employee_id", "in", list({key[0] for key in open_keys})),
                ("date", "in", list({key[1] for key in open_keys})),
                ("state", "!=", "validated"),
            ]
        )
        entries.filtered(
            lambda entry: (entry.employee_id.id, entry.date) in open_keys
        ).unlink()
        # Consecutive days of a person make one range; people sharing a range are
        # generated together.
        by_range = defaultdict(list)
        days_by_employee = defaultdict(list)
        for employee_id, day in open_keys:
            days_by_employee[employee_id].append(day)
        for employee_id, days in days_by_employee.items():
            days.sort()
            first = last = days[0]
            for day in days[1:]:
                if day - last > timedelta(days=1):
                    by_range[first, last].append(employee_id)
                    first = day
                last = day
            by_range[first, last].append(employee_id)
        for (first, last), employee_ids in by_range.items():
            employees.browse(employee_ids).generate_work_entries(first, last, True)
        return closed
