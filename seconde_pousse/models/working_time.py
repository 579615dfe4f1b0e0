"""The working time of a job: what the crew really works between its start and
end, day by day, as the working schedule (``resource.calendar``) says.

A job from Monday 08:00 to Tuesday 17:00 is not 33 hours of work: the night, the
lunch break and a public holiday are not worked. Odoo's planning computes the
allocated hours of a shift the same way (``_work_intervals_batch``), public
holidays being the calendar's global leaves.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

# A half-day is at most 4 working hours; a longer day is a day.
HALF_DAY_HOURS = 4.0


def _localized(value):
    return pytz.utc.localize(value) if value.tzinfo is None else value


def span_by_day(start, end, tz):
    """{local day: hours} of the raw span [start, end) cut at local midnight."""
    days = defaultdict(float)
    current, end = _localized(start).astimezone(tz), _localized(end).astimezone(tz)
    while current < end:
        midnight = tz.localize(
            datetime.combine(current.date() + timedelta(days=1), time.min)
        )
        stop = min(midnight, end)
        days[current.date()] += (stop - current).total_seconds() / 3600
        current = stop
    return dict(days)


def calendar_intervals(calendar, start, end):
    """The calendar's work intervals (aware datetimes) from ``start`` to ``end``
    (UTC, naive), its public holidays taken out: one look-up for many jobs."""
    if not calendar:
        return []
    return [
        (interval_start, interval_stop)
        for interval_start, interval_stop, _meta in calendar._work_intervals_batch(
            _localized(start), _localized(end)
        )[False]
    ]


def working_hours_by_day(calendar, start, end, hours_per_day=0.0, intervals=None):
    """{local day: working hours} of a job from ``start`` to ``end`` (UTC, naive).

    - The calendar's work intervals inside the span, its public holidays (global
      leaves) taken out; ``intervals`` (``calendar_intervals``) may cover a wider
      period shared by several jobs.
    - ``hours_per_day`` set: each day the calendar works counts these hours
      instead (at most the span of that day), for a multi-day job whose days are
      longer or shorter than the schedule.
    - A job entirely outside the schedule (a Saturday harvest) counts its span,
      day by day; ``hours_per_day`` then caps each day.
    """
    if not (start and end and end > start):
        return {}
    tz = pytz.timezone((calendar and calendar.tz) or "UTC")
    span = span_by_day(start, end, tz)
    if intervals is None:
        intervals = calendar_intervals(calendar, start, end)
    job_start, job_end = _localized(start), _localized(end)
    worked = defaultdict(float)
    for interval_start, interval_stop in intervals:
        clipped_start = max(interval_start, job_start)
        clipped_stop = min(interval_stop, job_end)
        if clipped_stop > clipped_start:
            day = clipped_start.astimezone(tz).date()
            worked[day] += (clipped_stop - clipped_start).total_seconds() / 3600
    if not worked:
        worked = span
    if hours_per_day:
        worked = {day: min(hours_per_day, span.get(day, 0.0)) for day in worked}
    return {day: round(hours, 2) for day, hours in sorted(worked.items()) if hours}


def days_and_half_days(hours_by_day):
    """(days, half-days) of a job: a day of at most 4 working hours is a half-day,
    a longer one is a day (two half-days would cost more than the day)."""
    half = sum(1 for hours in hours_by_day.values() if hours <= HALF_DAY_HOURS)
    return len(hours_by_day) - half, half
