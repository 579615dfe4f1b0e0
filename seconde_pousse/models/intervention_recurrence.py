from datetime import datetime, time

import pytz
from dateutil.rrule import MONTHLY, WEEKLY, rrule

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date

from .intervention_worker import BOOKED_PERIOD, IS_BOOKING

MAX_OCCURRENCES = 104
# States whose occurrences a series edit no longer touches.
SETTLED_STATES = ("in_progress", "done", "reviewed", "invoiced", "cancelled")


class SpInterventionRecurrence(models.Model):
    """A regular request: the same job on a farm every N weeks or every month.

    Its occurrences are ordinary interventions; the series lets a planner
    generate them at once and edit "this one and the following".
    """

    _name = "sp.intervention.recurrence"
    _description = "Recurring Intervention Series"

    interval = fields.Integer(string="Repeat Every", default=1, required=True)
    unit = fields.Selection([("week", "Weeks"), ("month", "Months")], default="week", required=True)
    end_type = fields.Selection(
        [("count", "Number of occurrences"), ("until", "End date")], default="count", required=True,
    )
    count = fields.Integer(string="Occurrences", default=4)
    until = fields.Date(string="Until")
    intervention_ids = fields.One2many("sp.intervention", "recurrence_id", string="Interventions")

    _interval_positive = models.Constraint("CHECK(interval > 0)", "A series repeats at least every week or month.")

    def _local_starts(self, first_start, tz_name):
        """Start datetimes (naive UTC) of the series, the first one included.

        The rule runs in the planner's time zone so that an 8 o'clock job stays
        at 8 across daylight-saving changes.
        """
        self.ensure_one()
        tz = pytz.timezone(tz_name or "Europe/Paris")
        local_first = pytz.utc.localize(first_start).astimezone(tz).replace(tzinfo=None)
        rule = {"freq": WEEKLY if self.unit == "week" else MONTHLY, "interval": self.interval, "dtstart": local_first}
        if self.end_type == "count":
            rule["count"] = self.count
        else:
            rule["until"] = datetime.combine(self.until, time.max)
        starts = []
        for index, local_start in enumerate(rrule(**rule)):
            if index > MAX_OCCURRENCES:
                raise UserError(_("A series has at most %(max)s occurrences.", max=MAX_OCCURRENCES))
            starts.append(tz.localize(local_start).astimezone(pytz.utc).replace(tzinfo=None))
        return starts

    @api.model
    def _clashes(self, people, periods):
        """Bookings of ``people`` overlapping any of ``periods`` ({key: (start, end)}).

        Returns {key: [(employee, intervention)]}, in one query for the whole series.
        """
        if not people or not periods:
            return {}
        self.env["sp.intervention.worker"].flush_model(["employee_id", "planned_start", "planned_end", "state"])
        values = SQL(", ").join(SQL("(%s, %s::timestamp, %s::timestamp)", key, start, end) for key, (start, end) in periods.items())
        self.env.cr.execute(SQL(
            f"""SELECT period.key, line.employee_id, line.intervention_id
                  FROM (VALUES %s) AS period(key, start, stop)
                  JOIN sp_intervention_worker line
                    ON {BOOKED_PERIOD.format('line')} && tsrange(period.start, period.stop, '[)')
                 WHERE line.employee_id = ANY(%s) AND {IS_BOOKING.format('line')}
              ORDER BY period.key, line.employee_id""",
            values, people.ids,
        ))
        clashes = {}
        for key, employee_id, intervention_id in self.env.cr.fetchall():
            clashes.setdefault(key, []).append((
                self.env["hr.employee"].browse(employee_id), self.env["sp.intervention"].browse(intervention_id),
            ))
        return clashes

    @api.model
    def _describe_clashes(self, clashes):
        return [
            self.env._("%(person)s is already on %(intervention)s", person=employee.name, intervention=intervention.display_name)
            for employee, intervention in clashes
        ]

    @api.model
    def _format_day(self, start):
        return format_date(self.env, fields.Datetime.context_timestamp(self, start).date())


class SpIntervention(models.Model):
    _inherit = "sp.intervention"

    def _following_occurrences(self):
        self.ensure_one()
        return self.recurrence_id.intervention_ids.filtered(
            lambda i: i.planned_start and i.planned_start > self.planned_start and i.state not in SETTLED_STATES
        ).sorted("planned_start")

    def action_apply_to_following(self):
        """Give the following occurrences of the series this one's time, supervisor, team, tasks and crew."""
        self.ensure_one()
        if not (self.recurrence_id and self.planned_start and self.planned_end):
            raise UserError(_("%(name)s is not part of a planned series.", name=self.name))
        Recurrence = self.env["sp.intervention.recurrence"]
        tz = pytz.timezone(self.env.user.tz or "Europe/Paris")
        local_time = pytz.utc.localize(self.planned_start).astimezone(tz).time()
        duration = self.planned_end - self.planned_start
        periods = {}
        for occurrence in self._following_occurrences():
            local_day = pytz.utc.localize(occurrence.planned_start).astimezone(tz).date()
            start = tz.localize(datetime.combine(local_day, local_time)).astimezone(pytz.utc).replace(tzinfo=None)
            periods[occurrence.id] = (start, start + duration)
        people = self.crew_line_ids.employee_id
        clashes = Recurrence._clashes(people, periods)
        # An occurrence's own crew does not clash with itself.
        clashes = {
            key: [(employee, intervention) for employee, intervention in found if intervention.id != key]
            for key, found in clashes.items()
        }
        updated, skipped = self.browse(), []
        for occurrence in self.browse(periods):
            if clashes.get(occurrence.id):
                skipped.append(_("%(day)s: %(clashes)s", day=Recurrence._format_day(periods[occurrence.id][0]),
                                 clashes="; ".join(Recurrence._describe_clashes(clashes[occurrence.id]))))
                continue
            start, end = periods[occurrence.id]
            occurrence.write({
                "planned_start": start, "planned_end": end,
                "team_id": self.team_id.id, "supervisor_id": self.supervisor_id.id,
                "task_type_ids": [Command.set(self.task_type_ids.ids)],
                "workers_needed": self.workers_needed, "description": self.description,
                "worker_line_ids": [Command.clear()] + [
                    Command.create({"employee_id": line.employee_id.id, "planned_hours": line.planned_hours})
                    for line in self.worker_line_ids
                ],
            })
            updated |= occurrence
        message = _("%(count)s following interventions updated.", count=len(updated))
        if skipped:
            message += " " + _("Left unchanged because of clashes: %(list)s", list=" | ".join(skipped))
        return {
            "type": "ir.actions.client", "tag": "display_notification",
            "params": {"title": _("Series"), "message": message, "sticky": bool(skipped),
                       "type": "warning" if skipped else "success",
                       "next": {"type": "ir.actions.act_window_close"}},
        }

    def action_cancel_following(self):
        """Cancel this intervention and the following ones of its series."""
        self.ensure_one()
        (self | self._following_occurrences()).action_cancel()
