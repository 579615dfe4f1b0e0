from datetime import datetime, time

import pytz
from dateutil.rrule import MONTHLY, WEEKLY, rrule

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from .booking_mixin import planning_tz

# Two years of weekly jobs.
MAX_OCCURRENCES = 104


class SpInterventionRecurrence(models.Model):
    """A regular request: the same job on a farm every N weeks or every month.

    Its occurrences are ordinary interventions; the series lets a planner
    generate them at once and edit "this one and the following".
    """

    _name = "sp.intervention.recurrence"
    _description = "Recurring Intervention Series"

    interval = fields.Integer(string="Repeat Every", default=1, required=True)
    unit = fields.Selection(
        [("week", "Weeks"), ("month", "Months")], default="week", required=True
    )
    end_type = fields.Selection(
        [("count", "Number of occurrences"), ("until", "End date")],
        default="count",
        required=True,
    )
    count = fields.Integer(string="Occurrences", default=4)
    until = fields.Date()
    intervention_ids = fields.One2many(
        "sp.intervention", "recurrence_id", string="Interventions"
    )

    _interval_positive = models.Constraint(
        "CHECK(interval > 0)", "A series repeats at least every week or month."
    )

    def _local_starts(self, first_start, tz):
        """Start datetimes (naive UTC) of the series, the first one included.

        The rule runs in the planner's time zone ``tz`` so that an 8 o'clock
        job stays at 8 across daylight-saving changes.
        """
        self.ensure_one()
        local_first = pytz.utc.localize(first_start).astimezone(tz).replace(tzinfo=None)
        rule = {
            "freq": WEEKLY if self.unit == "week" else MONTHLY,
            "interval": self.interval,
            "dtstart": local_first,
        }
        if self.end_type == "count":
            rule["count"] = self.count
        else:
            rule["until"] = datetime.combine(self.until, time.max)
        starts = []
        for index, local_start in enumerate(rrule(**rule)):
            if index == MAX_OCCURRENCES:
                raise UserError(
                    _("A series has at most %(max)s occurrences.", max=MAX_OCCURRENCES)
                )
            starts.append(
                tz.localize(local_start).astimezone(pytz.utc).replace(tzinfo=None)
            )
        return starts

    @api.model
    def _format_day(self, start):
        return format_date(
            self.env, pytz.utc.localize(start).astimezone(planning_tz(self.env)).date()
        )
