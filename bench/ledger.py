#!/usr/bin/env python3
"""Benchmark: the hours ledger at scale.

Usage: python3 bench/ledger.py [DATABASE] [--people N] [--years N]
       (default DATABASE: seconde_pousse_bench_ledger, 40 people, 10 years)

For N insertion employees on 35-hour CDDI contracts (one work entry a day and
kind), with an intervention done every Tuesday for each of them:

- Odoo's generation of one year of their ledger (the ORM, with the crew lines
  replacing the farm days), in seconds and SQL queries;
- the history grown to ``--years`` years (the same year copied in SQL, dates
  shifted), about 100,000 work entries for 40 people and 10 years;
- the monthly roll-up of the N people over the 12 months of the last year
  (``sp.monthly.hours._sp_figures``), in milliseconds and queries, median of 5;
- one intervention of 10 of them corrected after the fact (hours worked), which
  regenerates their day of the ledger, in milliseconds and queries, median of 5.

Everything is in one transaction, rolled back at the end: the database is left
as it was. DATABASE is for this benchmark only (seconde_pousse installed there,
no demo data, when missing).
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date, datetime, timedelta

from odoo import Command, api
from odoo.modules.registry import Registry

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)
from bench import benchdb  # noqa: E402  (REPO is on the path now)

YEAR = 2025
CONTEXT = {"lang": "en_US", "tz": "Europe/Paris", "tracking_disable": True}


def measured(env, call, runs=5):
    """Median milliseconds and queries of ``call()``, each run rolled back."""
    samples = []
    for _run in range(runs):
        env.flush_all()
        env.invalidate_all()
        with env.cr.savepoint(flush=False) as savepoint:
            start, count = time.perf_counter(), env.cr.sql_log_count
            call()
            env.flush_all()
            samples.append(
                ((time.perf_counter() - start) * 1000, env.cr.sql_log_count - count)
            )
            savepoint.rollback()
        env.invalidate_all()
    return (
        statistics.median(ms for ms, _queries in samples),
        statistics.median(queries for _ms, queries in samples),
    )


def fixture(env, people):
    attendances = [
        Command.create(
            {
                "name": name,
                "dayofweek": str(day),
                "hour_from": start,
                "hour_to": end,
                "day_period": period,
            }
        )
        for day in range(5)
        for name, start, end, period in (
            ("Matin", 8, 12, "morning"),
            ("Après-midi", 13, 16, "afternoon"),
        )
    ]
    calendar = env["resource.calendar"].create(
        {
            "name": "Chantier 35 h",
            "tz": "Europe/Paris",
            "attendance_ids": [Command.clear(), *attendances],
        }
    )
    employees = env["hr.employee"].create(
        [
            {
                "name": f"Salarié·e {n:03d}",
                "sp_role": "insertion",
                "tz": "Europe/Paris",
                "date_version": date(YEAR, 1, 1),
                "contract_date_start": date(YEAR, 1, 1),
                "contract_date_end": date(YEAR, 12, 31),
                "contract_type_id": env.ref("seconde_pousse.contract_type_cddi").id,
                "resource_calendar_id": calendar.id,
            }
            for n in range(people)
        ]
    )
    supervisor = env["hr.employee"].create(
        {"name": "Encadrant·e", "sp_role": "supervisor"}
    )
    farm = env["res.partner"].create(
        {"name": "EARL du Banc", "is_company": True, "sp_is_farm": True}
    )
    # An intervention done each Tuesday, 8:00-15:00 in Paris, crews of 10.
    vals_list = []
    day = date(YEAR, 1, 7)
    while day.year == YEAR:
        for first in range(0, people, 10):
            crew = employees[first : first + 10]
            start = datetime.combine(day, datetime.min.time()) + timedelta(hours=7)
            vals_list.append(
                {
                    "farm_id": farm.id,
                    "planned_start": start,
                    "planned_end": start + timedelta(hours=7),
                    "supervisor_id": supervisor.id if first == 0 else False,
                    "state": "done",
                    "worker_line_ids": [
                        Command.create({"employee_id": e.id, "hours_worked": 6.5})
                        for e in crew
                    ],
                }
            )
        day += timedelta(days=7)
    interventions = env["sp.intervention"].create(vals_list)
    return employees, interventions


def copy_history(env, years):
    """The year generated, copied ``years - 1`` times into the past, in SQL."""
    env.flush_all()
    env.cr.execute(
        """
        INSERT INTO hr_work_entry (
            name, active, employee_id, version_id, date, duration, work_entry_type_id,
            state, company_id, amount_rate, conflict)
        SELECT name, active, employee_id, version_id,
               (date - make_interval(years => shift))::date, duration,
               work_entry_type_id, 'validated', company_id, amount_rate, false
          FROM hr_work_entry
         CROSS JOIN generate_series(1, %s) AS shift
         WHERE date BETWEEN %s AND %s
        """,
        [years - 1, date(YEAR, 1, 1), date(YEAR, 12, 31)],
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", nargs="?", default="seconde_pousse_bench_ledger")
    parser.add_argument("--people", type=int, default=40)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    benchdb.ensure_database(args.database, ("seconde_pousse",))
    with Registry(args.database).cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, CONTEXT)
        employees, interventions = fixture(env, args.people)
        env.flush_all()
        start, count = time.perf_counter(), cr.sql_log_count
        employees.generate_work_entries(date(YEAR, 1, 1), date(YEAR, 12, 31))
        env.flush_all()
        seconds, queries = time.perf_counter() - start, cr.sql_log_count - count
        cr.execute(
            "SELECT count(*) FROM hr_work_entry WHERE employee_id IN %s",
            [tuple(employees.ids)],
        )
        one_year = cr.fetchone()[0]
        print(
            f"Generation of {YEAR} for {args.people} people: {one_year} work entries "
            f"in {seconds:.1f} s, {queries} queries"
        )
        copy_history(env, args.years)
        cr.execute("SELECT count(*) FROM hr_work_entry")
        print(f"History: {cr.fetchone()[0]} work entries ({args.years} years)")

        months = [date(YEAR, month, 1) for month in range(1, 13)]
        Monthly = env["sp.monthly.hours"]
        ms, queries = measured(env, lambda: Monthly._sp_figures(employees, months))
        figures = Monthly._sp_figures(employees, months)
        print(
            f"Roll-up, {args.people} people x 12 months: {ms:.1f} ms, {queries} "
            f"queries (January of the first: "
            f"{figures[employees[0].id, months[0]]['hours_worked']} h worked)"
        )
        lines = interventions[-1].worker_line_ids
        ms, queries = measured(env, lambda: lines.write({"hours_worked": 5.0}))
        print(
            f"One intervention of {len(lines)} corrected after the fact: {ms:.1f} ms, "
            f"{queries} queries"
        )
        cr.rollback()


if __name__ == "__main__":
    main()
