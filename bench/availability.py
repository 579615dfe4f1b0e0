#!/usr/bin/env python3
"""Benchmark: availability check and confirming a 10-worker intervention,
against the size of the planning history.

Usage: python3 bench/availability.py [DATABASE]   (default: seconde_pousse_bench)

The database must have seconde_pousse installed (./tools/test leaves one named
seconde_pousse_test; otherwise this script installs the addon into DATABASE).
History is added inside one transaction that is rolled back at the end: the
database is left as it was. Prints a table of median / p90 latencies.
"""

import os
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta

import odoo
from odoo import Command, api
from odoo.modules.registry import Registry

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from tests.common import (
    add_booking_history,  # noqa: E402  (the repository root is on the path now)
)

SCALES = (1_000, 10_000, 100_000)
CREW = 50  # people in the history; each past day books all of them
RUNS = 30


class Rollback(Exception):
    """Undo one measured confirmation."""


def ensure_database(name):
    here = os.path.dirname(os.path.abspath(__file__))
    odoo_bin = os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(odoo.release.__file__))),
        "odoo-bin",
    )
    addons = f"{os.path.dirname(odoo_bin)}/addons,{os.path.dirname(here)}"
    odoo.tools.config.parse_config(
        ["--addons-path", addons, "-d", name, "--log-level", "warn"]
    )
    check = subprocess.run(
        [
            "psql",
            "-d",
            name,
            "-Atqc",
            "select state from ir_module_module where name = 'seconde_pousse'",
        ],
        capture_output=True,
        text=True,
    )
    if check.stdout.strip() != "installed":
        print(f"Installing seconde_pousse into {name}...", flush=True)
        subprocess.run(
            [
                sys.executable,
                odoo_bin,
                "--addons-path",
                addons,
                "-d",
                name,
                "-i",
                "seconde_pousse",
                "--stop-after-init",
                "--http-interface=127.0.0.1",
                "--log-level=warn",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def add_history(env, farm, crew, first_day, days):
    add_booking_history(env, farm, crew, first_day, days)
    # Check the bulk rows now, once, rather than inside the first measured confirmation.
    env.cr.execute("SET CONSTRAINTS ALL IMMEDIATE")
    env.cr.execute("SET CONSTRAINTS ALL DEFERRED")
    env.cr.execute("ANALYZE sp_intervention_worker")


def timed(function, runs=RUNS):
    samples = []
    for _run in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.9) - 1]


def main():
    database = sys.argv[1] if len(sys.argv) > 1 else "seconde_pousse_bench"
    ensure_database(database)
    registry = Registry(database)
    with registry.cursor() as cr:
        env = api.Environment(
            cr,
            api.SUPERUSER_ID,
            {"tracking_disable": True, "lang": "fr_FR", "tz": "Europe/Paris"},
        )
        farm = env["res.partner"].create(
            {"name": "Ferme du banc d'essai", "is_company": True, "sp_is_farm": True}
        )
        supervisor = env["hr.employee"].create(
            {"name": "Encadrant banc", "sp_role": "supervisor"}
        )
        workers = env["hr.employee"].create(
            [{"name": f"Banc {i:02d}", "sp_role": "insertion"} for i in range(10)]
        )
        crew = env["hr.employee"].create(
            [
                {"name": f"Historique {i:02d}", "sp_role": "insertion"}
                for i in range(CREW)
            ]
        )
        Intervention = env["sp.intervention"]
        slot = datetime(2030, 1, 7, 7, 0)
        rows = []
        done_days = 0
        for scale in SCALES:
            days = scale // CREW - done_days
            add_history(env, farm, crew, done_days, days)
            done_days += days
            lines = env["sp.intervention.worker"].search_count([])

            def check():
                env.invalidate_all()
                Intervention._booked_employees(slot, slot + timedelta(hours=7))

            def form_availability():
                env.invalidate_all()
                draft = Intervention.new(
                    {
                        "farm_id": farm.id,
                        "planned_start": slot,
                        "planned_end": slot + timedelta(hours=7),
                    }
                )
                return draft.available_employee_ids

            def confirm():
                try:
                    with cr.savepoint():
                        intervention = Intervention.create(
                            {
                                "farm_id": farm.id,
                                "supervisor_id": supervisor.id,
                                "planned_start": slot,
                                "planned_end": slot + timedelta(hours=7),
                                "worker_line_ids": [
                                    Command.create({"employee_id": w.id})
                                    for w in workers
                                ],
                            }
                        )
                        intervention.action_plan()
                        intervention.action_confirm()
                        env.flush_all()
                        raise Rollback  # the next run books the same people again
                except Rollback:
                    env.invalidate_all()

            timed(check, 3), timed(confirm, 3)  # warm-up
            rows.append(
                (
                    scale,
                    lines,
                    *timed(check),
                    *timed(form_availability),
                    *timed(confirm, 15),
                )
            )
        cr.rollback()

    print()
    print("Seconde Pousse planning benchmark (median / p90, milliseconds)")
    print(
        f"{'history':>9} {'lines':>8} | {'booked check':>15} | "
        f"{'form availability':>18} | {'confirm, 10 workers':>20}"
    )
    for scale, lines, c50, c90, f50, f90, k50, k90 in rows:
        print(
            f"{scale:>9,} {lines:>8,} | {c50:7.2f} / {c90:5.2f} | {f50:8.2f} / "
            f"{f90:7.2f} | {k50:9.2f} / {k90:8.2f}"
        )


if __name__ == "__main__":
    main()
