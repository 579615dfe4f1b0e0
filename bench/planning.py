#!/usr/bin/env python3
"""Benchmark: planning N jobs in one batch, Seconde Pousse against OCA Field Service.

Usage: python3 bench/planning.py [DATABASE] [--quick] [--reinstall]
       (default DATABASE: seconde_pousse_bench_fs)

Per job, in time and SQL queries, for N = 100 and 1,000 jobs in one batch:

- ours: ``create`` of N interventions (a supervisor, then 1 or 10 workers, each
  job on its own day), ``action_plan()`` and ``action_confirm()`` on the batch,
  as a Seconde Pousse manager; and the confirm step alone;
- OCA Field Service (``fieldservice`` 19.0): ``create`` of N ``fsm.order`` (a
  location, a worker assigned, each order on its own day), then the batch moved
  to the stage "Scheduled"; and that move alone; as a Field Service manager.

A planning history of 100,000 crew lines (50 people x 2,000 days) is in place
first. Each measurement is the median of 3 runs; each run is undone (savepoint),
the history and the fixture too (one transaction, rolled back): the database is
left as it was, but for the sequence numbers drawn. ``--quick``: N = 100, a
10,000-line history, 1 run.

DATABASE is for this benchmark only: it is created with seconde_pousse and
fieldservice installed (no demo data) when either is missing; ``--reinstall``
drops it and installs it anew (after changes to the addon). fieldservice comes
from PyPI:

    pip install --no-deps 'odoo-addon-fieldservice==19.0.*' \\
        'odoo-addon-base_territory==19.0.*'
"""

import argparse
import importlib.util
import os
import statistics
import sys
import time
from datetime import datetime, timedelta

from odoo import Command, api
from odoo.modules.registry import Registry
from odoo.tests import new_test_user

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)
from bench import benchdb  # noqa: E402  (REPO is on the path now)
from bench.benchdb import die  # noqa: E402
from tests.common import add_booking_history  # noqa: E402  (REPO is on the path now)

MODULES = ("seconde_pousse", "fieldservice")
# The databases of tools/test and tools/demo: never install fieldservice there.
PIP = (
    "pip install --no-deps 'odoo-addon-fieldservice==19.0.*' "
    "'odoo-addon-base_territory==19.0.*'"
)
HISTORY_CREW = 50  # people in the history; each past day books all of them
FIRST_SLOT = datetime(2030, 1, 7, 6, 0)  # UTC; job i is on day i, 7 hours
HOURS = 7
CONTEXT = {"lang": "en_US", "tz": "Europe/Paris"}  # what the web client sends


# ----------------------------------------------------------------------
# The database
# ----------------------------------------------------------------------


def ensure_database(name, reinstall=False):
    """Configure Odoo for ``name``, with both addons installed there."""
    for module in ("fieldservice", "base_territory"):
        if importlib.util.find_spec(f"odoo.addons.{module}") is None:
            die(f"odoo.addons.{module} is not importable: {PIP}")
    benchdb.ensure_database(name, MODULES, reinstall)


# ----------------------------------------------------------------------
# The fixture (as the superuser; not measured)
# ----------------------------------------------------------------------
def add_history(env, farm, days):
    crew = env["hr.employee"].create(
        [
            {"name": f"History {i:02d}", "sp_role": "insertion"}
            for i in range(HISTORY_CREW)
        ]
    )
    add_booking_history(env, farm, crew, 0, days)
    # Check the bulk rows now, once, rather than inside the first measured batch.
    env.cr.execute("SET CONSTRAINTS ALL IMMEDIATE")
    env.cr.execute("SET CONSTRAINTS ALL DEFERRED")
    env.cr.execute("ANALYZE sp_intervention_worker")
    return env["sp.intervention.worker"].search_count([])


def fixture(env, history_days):
    """The people, the farm and the Field Service records of both flows."""
    farm = env["res.partner"].create(
        {"name": "Ferme du banc d'essai", "is_company": True, "sp_is_farm": True}
    )
    supervisor_user = new_test_user(
        env,
        "bench_encadrant",
        groups="seconde_pousse.group_sp_user",
        name="Encadrant du banc",
        email="encadrant.banc@example.com",
        tz="Europe/Paris",
    )
    Employee = env["hr.employee"]
    supervisor = Employee.create(
        {
            "name": "Encadrant du banc",
            "sp_role": "supervisor",
            "user_id": supervisor_user.id,
        }
    )
    workers = Employee.create(
        [{"name": f"Salarié banc {i:02d}", "sp_role": "insertion"} for i in range(10)]
    )
    sp_manager = new_test_user(
        env,
        "bench_coordinatrice",
        groups="seconde_pousse.group_sp_manager",
        name="Coordinatrice du banc",
        tz="Europe/Paris",
    )
    fsm_manager = new_test_user(
        env,
        "bench_fsm_manager",
        groups="fieldservice.group_fsm_manager",
        name="Field Service manager of the bench",
        tz="Europe/Paris",
    )
    location = env["fsm.location"].create(
        {"name": "Ferme du banc d'essai (FS)", "owner_id": farm.id}
    )
    fsm_worker = env["fsm.person"].create(
        {"name": "FS worker of the bench", "email": "fs.worker@example.com"}
    )
    # fieldservice 19.0 ships the order stages New, Completed and Cancelled only.
    scheduled = env["fsm.stage"].search(
        [("stage_type", "=", "order"), ("name", "=", "Scheduled")], limit=1
    ) or env["fsm.stage"].create(
        {"name": "Scheduled", "sequence": 20, "stage_type": "order"}
    )
    lines = add_history(env, farm, history_days)
    return {
        "farm": farm,
        "supervisor": supervisor,
        "workers": workers,
        "sp_manager": sp_manager,
        "fsm_manager": fsm_manager,
        "location": location,
        "fsm_worker": fsm_worker,
        "scheduled": scheduled,
        "history_lines": lines,
    }


# ----------------------------------------------------------------------
# The flows: prepare the values (not measured), then run the steps
# ----------------------------------------------------------------------
def slot(i):
    start = FIRST_SLOT + timedelta(days=i)
    return start, start + timedelta(hours=HOURS)


def end_of_call(env):
    """What the end of an RPC call does before COMMIT: the deferred SQL, and the
    precommit hooks (mail tracking values among them)."""
    env.flush_all()
    env.cr.precommit.run()


def ours(data, size):
    workers = data["workers"][:size]

    def prepare(env, n):
        return [
            {
                "farm_id": data["farm"].id,
                "supervisor_id": data["supervisor"].id,
                "planned_start": slot(i)[0],
                "planned_end": slot(i)[1],
                "workers_needed": size,
                "worker_line_ids": [
                    Command.create({"employee_id": worker.id}) for worker in workers
                ],
            }
            for i in range(n)
        ]

    def steps(env, vals_list, meter):
        interventions = env["sp.intervention"].create(vals_list)
        end_of_call(env)
        interventions.action_plan()
        end_of_call(env)
        meter.mark()
        interventions.action_confirm()
        end_of_call(env)
        return interventions

    def check(interventions):
        return set(interventions.mapped("state")) == {"confirmed"} and len(
            interventions.crew_line_ids
        ) == len(interventions) * (size + 1)

    return prepare, steps, check


def field_service(data):
    def prepare(env, n):
        return [
            {
                "location_id": data["location"].id,
                "person_id": data["fsm_worker"].id,
                "scheduled_date_start": slot(i)[0],
                "scheduled_duration": HOURS,
            }
            for i in range(n)
        ]

    def steps(env, vals_list, meter):
        orders = env["fsm.order"].create(vals_list)
        end_of_call(env)
        meter.mark()
        orders.write({"stage_id": data["scheduled"].id})
        end_of_call(env)
        return orders

    def check(orders):
        return orders.stage_id == data["scheduled"] and orders.person_id == worker

    worker = data["fsm_worker"]
    return prepare, steps, check


# ----------------------------------------------------------------------
# Measuring
# ----------------------------------------------------------------------
class Rollback(Exception):
    """Undo one measured batch."""


class Meter:
    """Milliseconds and queries of a whole run, and of its last step (from mark())."""

    def __init__(self, cr):
        self.cr = cr
        self.start = self.step = (time.perf_counter(), cr.sql_log_count)

    def mark(self):
        self.step = (time.perf_counter(), self.cr.sql_log_count)

    def read(self):
        now, count = time.perf_counter(), self.cr.sql_log_count
        return {
            "total": ((now - self.start[0]) * 1000, count - self.start[1]),
            "step": ((now - self.step[0]) * 1000, count - self.step[1]),
        }


def run_once(env, flow, n):
    prepare, steps, check = flow
    vals_list = prepare(env, n)
    env.invalidate_all()
    try:
        with env.cr.savepoint():
            meter = Meter(env.cr)
            records = steps(env, vals_list, meter)
            reading = meter.read()
            if len(records) != n or not check(records):
                raise RuntimeError(f"the flow did not plan the {n} jobs")
            raise Rollback  # the next run books the same people on the same days
    except Rollback:
        env.invalidate_all()
    return reading


def measure(env, flow, n, runs):
    """Per job: median ms and queries of the whole run and of its last step."""
    run_once(env, flow, 5)  # warm-up: caches, templates, rules
    readings = [run_once(env, flow, n) for _run in range(runs)]
    return {
        part: tuple(
            statistics.median(reading[part][i] for reading in readings) / n
            for i in (0, 1)
        )
        for part in ("total", "step")
    }


# ----------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------
COLUMNS = (
    "OCA FS",
    "ours, 1 worker",
    "ours, 10 workers",
    "ours 1w / FS",
    "ours 10w / FS",
)


def print_table(title, rows, part):
    print()
    print(title)
    print(f"{'N':>6} | " + " | ".join(f"{name:^17}" for name in COLUMNS))
    print(f"{'':>6} | " + " | ".join(f"{'ms':>7} {'queries':>9}" for _c in COLUMNS))
    for n, result in rows:
        fs, one, ten = (result[flow][part] for flow in ("fs", "ours_1", "ours_10"))
        cells = [f"{ms:7.2f} {queries:9.2f}" for ms, queries in (fs, one, ten)]
        cells += [
            f"{ours_ms / fs[0]:6.2f}x {ours_q / fs[1]:8.2f}x"
            for ours_ms, ours_q in (one, ten)
        ]
        print(f"{n:>6,} | " + " | ".join(cells))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database", nargs="?", default="seconde_pousse_bench_fs")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: N = 100, a 10,000-line history, 1 run",
    )
    parser.add_argument(
        "--reinstall",
        action="store_true",
        help="drop DATABASE and install it anew (after changes to the addon)",
    )
    args = parser.parse_args()
    sizes, history_days, runs = (
        ((100,), 200, 1) if args.quick else ((100, 1_000), 2_000, 3)
    )
    ensure_database(args.database, args.reinstall)

    registry = Registry(args.database)
    rows = []
    with registry.cursor() as cr:
        try:
            root = api.Environment(
                cr, api.SUPERUSER_ID, dict(CONTEXT, tracking_disable=True)
            )
            data = fixture(root, history_days)
            sp_env = api.Environment(cr, data["sp_manager"].id, CONTEXT)
            fsm_env = api.Environment(cr, data["fsm_manager"].id, CONTEXT)
            flows = {
                "fs": (fsm_env, field_service(data)),
                "ours_1": (sp_env, ours(data, 1)),
                "ours_10": (sp_env, ours(data, 10)),
            }
            for n in sizes:
                result = {}
                for key, (env, flow) in flows.items():
                    print(f"N = {n:,}: {key}...", flush=True)
                    result[key] = measure(env, flow, n, runs)
                rows.append((n, result))
        finally:
            cr.rollback()

    print()
    print(
        f"Planning at scale, database {args.database}: per job, median of {runs} "
        f"run(s), with a history of {data['history_lines']:,} crew lines "
        f"({HISTORY_CREW} people x {history_days:,} days)."
    )
    print(
        "Users (not the superuser): ours as a Seconde Pousse manager "
        "(bench_coordinatrice), FS as a Field Service manager (bench_fsm_manager); "
        "mail tracking on, flush and precommit hooks inside the timed block."
    )
    print(
        "Each job on its own day; ours: a supervisor with a user (e-mail) and 1 or "
        "10 workers; FS: one fsm.person as person_id."
    )
    print_table(
        "All steps: ours create + action_plan + action_confirm; "
        "FS create + stage 'Scheduled'",
        rows,
        "total",
    )
    print_table(
        "Confirm step alone: ours action_confirm; FS write of stage 'Scheduled'",
        rows,
        "step",
    )


if __name__ == "__main__":
    main()
