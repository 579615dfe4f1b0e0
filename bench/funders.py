#!/usr/bin/env python3
"""Benchmark: the funders' indicators of a year, on screen, in XLSX and in PDF.

Usage: python3 bench/funders.py [DATABASE] [--runs N] [--reinstall]
       (default DATABASE: seconde_pousse_bench_funders)

One year (2025) of indicators for 40 people on integration pathways, over an
hours ledger of 100,000 work entries (their last 2,500 weekdays each) and 5,000
past interventions, as the Insertion Manager (a user of
seconde_pousse.group_sp_insertion_manager, not the superuser):

- the computation alone (``sp.funder.figures._sp_compute``);
- the screen: the indicators created (computed and stored) and their figures
  read, as the web client's form does;
- the XLSX workbook (OCA report_xlsx) and the PDF (QWeb, wkhtmltopdf; the
  script serves Odoo over HTTP on a free local port for the PDF's assets).

Each measurement is the median of ``--runs`` runs (5 by default) after an
unmeasured warm-up; a run starts with the cache invalidated, inside a savepoint
rolled back afterwards. Everything the script adds is in one transaction, rolled
back at the end: the database is left as it was, but for the sequence numbers
drawn. DATABASE is for this benchmark only: created with seconde_pousse (no demo
data) and the French chart of accounts when missing; ``--reinstall`` drops it
and installs it anew (after changes to the addon).
"""

import argparse
import os
import socket
import statistics
import sys
import time
from datetime import date

from odoo import Command, api
from odoo.modules.registry import Registry
from odoo.tests import new_test_user
from odoo.tools import config

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)
from bench import benchdb  # noqa: E402  (REPO is on the path now)
from bench.invoicing import load_french_chart  # noqa: E402
from tests.common import add_booking_history  # noqa: E402

MODULES = ("seconde_pousse",)
PEOPLE = 40
LEDGER_DAYS = 2500  # weekdays per person: 40 x 2,500 = 100,000 work entries
INTERVENTIONS = 5000
YEAR = (date(2025, 1, 1), date(2025, 12, 31))
CONTEXT = {"lang": "fr_FR", "tz": "Europe/Paris"}  # what the web client sends
XLSX = "seconde_pousse.action_report_funder_indicators_xlsx"
PDF = "seconde_pousse.action_report_funder_indicators"
EXIT_REASONS = (
    "cdi",
    "cdd_short",
    "qualifying_training",
    "unemployed",
    "no_news",
    "serious_misconduct",
    "cdd_6_months",
)


class Rollback(Exception):
    pass


# ----------------------------------------------------------------------
# The fixture
# ----------------------------------------------------------------------


def fixture(env):
    """40 people of 2025 and their history; returns the user and the agreement."""
    company = env.company
    env["res.lang"]._activate_lang("fr_FR")
    manager = new_test_user(
        env,
        "bench_funders_resp",
        groups="seconde_pousse.group_sp_insertion_manager",
        name="Inès Responsable",
        lang="fr_FR",
    )
    farm = env["res.partner"].create(
        {"name": "EARL Bench", "is_company": True, "sp_is_farm": True}
    )
    employees = env["hr.employee"].create(
        [
            {
                "name": f"Salarié bench {i:02d}",
                "sp_role": "insertion",
                "sex": "female" if i % 2 else "male",
                "birthday": date(1965 + i % 37, 1 + i % 12, 1),
            }
            for i in range(PEOPLE)
        ]
    )
    reasons = [env.ref(f"seconde_pousse.exit_reason_{key}") for key in EXIT_REASONS]
    pathways = env["sp.pathway"].create(
        [
            {
                "employee_id": employee.id,
                "hiring_date": date(2023 + i % 3, 1 + i % 6, 1),
                "rsa": ("NON", "OUI-M", "OUI-NM")[i % 3],
                "ass": i % 7 == 0,
                "aah": i % 11 == 0,
                "rqth": i % 5 == 0,
                "qpv": i % 4 == 0,
                "zrr": i % 9 == 0,
                "ft_since": ("01", "02", "03", "04")[i % 4],
                "education_level": ("00", "40", "50", "51", "60", "70")[i % 6],
                "barrier_ids": [
                    Command.create(
                        {
                            "barrier_type": ("housing", "mobility", "health")[i % 3],
                            "support_mode": ("internal", "external", "both")[i % 3],
                        }
                    ),
                    Command.create({"barrier_type": "administrative"}),
                ],
                "training_ids": [
                    Command.create(
                        {
                            "name": "CACES",
                            "category": "qualifying",
                            "hours": 21,
                            "date_start": date(2025, 1 + i % 12, 3),
                            "date_end": date(2025, 1 + i % 12, 5),
                        }
                    )
                ],
                "immersion_ids": [
                    Command.create(
                        {
                            "host_partner_id": farm.id,
                            "date_start": date(2025, 1 + i % 12, 10),
                            "date_end": date(2025, 1 + i % 12, 14),
                        }
                    )
                ],
            }
            for i, employee in enumerate(employees)
        ]
    )
    for i, pathway in enumerate(pathways[::3]):
        pathway.write(
            {
                "exit_date": date(2025, 6 + i % 7, 28),
                "exit_reason_id": reasons[i % len(reasons)].id,
            }
        )
    pathways[::3].action_exit()
    add_ledger(env, employees)
    # 5,000 past interventions, one a day up to the end of 2025, crews of four.
    add_booking_history(
        env, farm, employees[:4], 0, INTERVENTIONS, origin="2012-04-23 06:00"
    )
    add_accounting(env, farm)
    agreement = env["sp.funding.agreement"].create(
        {
            "name": "Annexe financière ACI 2025",
            "funder_id": env["res.partner"]
            .create({"name": "DDETS", "is_company": True})
            .id,
            "date_from": YEAR[0],
            "date_to": YEAR[1],
            "fte_agreed": 40,
            "aid_per_fte": 23500,
        }
    )
    env.flush_all()
    return manager, agreement, company


def add_ledger(env, employees):
    """The hours ledger: 7 hours at the farm each weekday, the last LEDGER_DAYS
    weekdays up to 31 December 2025, for each person (SQL, as the ORM writes
    them)."""
    env.flush_all()
    env.cr.execute(
        """
        WITH days AS (
            SELECT day::date AS day
              FROM generate_series(
                       %(last)s::date - %(span)s, %(last)s::date, interval '1 day'
                   ) AS day
             WHERE extract(isodow FROM day) < 6
          ORDER BY day DESC
             LIMIT %(days)s
        )
        INSERT INTO hr_work_entry (
            employee_id, version_id, work_entry_type_id, company_id, name,
            state, date, active, conflict, duration, create_uid, write_uid,
            create_date, write_date)
        SELECT e.id, e.current_version_id, %(type)s, %(company)s, 'Ferme',
               'draft', days.day, true, false, 7, 1, 1, now(), now()
          FROM hr_employee e CROSS JOIN days
         WHERE e.id IN %(ids)s
        """,
        {
            "type": env.ref("seconde_pousse.sp_work_entry_type_farm").id,
            "company": env.company.id,
            "last": YEAR[1],
            "span": LEDGER_DAYS * 2,
            "days": LEDGER_DAYS,
            "ids": tuple(employees.ids),
        },
    )
    env.invalidate_all()


def add_accounting(env, farm):
    """Invoices of the year to the farm (class 70) and the year's charges (6)."""
    Account = env["account.account"]

    def account(code):
        return Account.search(
            [("code", "=like", f"{code}%"), ("company_ids", "in", env.company.id)],
            limit=1,
        )

    income, charge, counterpart = account("706"), account("641"), account("421")
    invoices = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": farm.id,
                "invoice_date": date(2025, 1 + i % 12, 15),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Chantier",
                            "price_unit": 1200,
                            "account_id": income.id,
                            "tax_ids": [],
                        }
                    )
                ],
            }
            for i in range(60)
        ]
    )
    invoices.action_post()
    payroll = env["account.move"].create(
        {
            "move_type": "entry",
            "date": date(2025, 12, 31),
            "journal_id": env["account.journal"]
            .search([("type", "=", "general")], limit=1)
            .id,
            "line_ids": [
                Command.create({"account_id": charge.id, "debit": 400000}),
                Command.create({"account_id": counterpart.id, "credit": 400000}),
            ],
        }
    )
    payroll.action_post()


# ----------------------------------------------------------------------
# Measuring
# ----------------------------------------------------------------------


def timed(env, step):
    """ms and queries of ``step()``, from an empty cache, ending as an RPC call
    does before its commit (flush inside the timed block); rolled back."""
    cr = env.cr
    env.invalidate_all()
    try:
        with cr.savepoint():
            queries = cr.sql_log_count
            start = time.perf_counter()
            result = step()
            env.flush_all()
            elapsed = (time.perf_counter() - start) * 1000
            queries = cr.sql_log_count - queries
            raise Rollback((elapsed, queries, result))
    except Rollback as done:
        return done.args[0]


def measure(env, step, runs):
    timed(env, step)  # warm-up: caches, templates, rules
    readings = [timed(env, step) for _run in range(runs)]
    return (
        statistics.median(r[0] for r in readings),
        statistics.median(r[1] for r in readings),
        readings[-1][2],
    )


def serve_http():
    """Odoo's HTTP server on a free local port: wkhtmltopdf fetches the PDF's
    stylesheets from it."""
    from odoo.http import root
    from odoo.service import server

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config["http_port"] = port
    config["http_interface"] = "127.0.0.1"
    server.load_server_wide_modules()
    server.server = server.ThreadedServer(root)
    server.server.start(stop=False)
    return port


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database", nargs="?", default="seconde_pousse_bench_funders")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--reinstall",
        action="store_true",
        help="drop DATABASE and install it anew (after changes to the addon)",
    )
    args = parser.parse_args()
    benchdb.ensure_database(args.database, MODULES, args.reinstall)
    load_french_chart(args.database)
    port = serve_http()
    registry = Registry(args.database)
    with registry.cursor() as cr:
        try:
            root = api.Environment(
                cr, api.SUPERUSER_ID, dict(CONTEXT, tracking_disable=True)
            )
            print("Fixture...", flush=True)
            start = time.perf_counter()
            manager, agreement, company = fixture(root)
            root["ir.config_parameter"].set_param(
                "report.url", f"http://127.0.0.1:{port}"
            )
            root.flush_all()
            cr.execute(
                "SELECT count(*), count(*) FILTER (WHERE date BETWEEN %s AND %s) "
                "FROM hr_work_entry",
                YEAR,
            )
            ledger, ledger_year = cr.fetchone()
            interventions = root["sp.intervention"].search_count([])
            print(f"Fixture in {time.perf_counter() - start:.0f} s.", flush=True)
            env = api.Environment(cr, manager.id, CONTEXT)
            Figures = env["sp.funder.figures"]
            Indicators = env["sp.funder.indicators"]
            Report = env["ir.actions.report"]
            screen = Indicators.create(
                {"company_id": company.id, "agreement_id": agreement.id}
            )
            rows = {}
            print("Computation...", flush=True)
            rows["computation"] = measure(
                env,
                lambda: Figures._sp_compute(
                    company, *YEAR, agreement, agreement=agreement
                ),
                args.runs,
            )
            print("Screen...", flush=True)
            rows["screen"] = measure(
                env,
                lambda: Indicators.create(
                    {"company_id": company.id, "agreement_id": agreement.id}
                ).web_read({"display_name": {}, "figures_html": {}, "figures": {}}),
                args.runs,
            )
            print("XLSX...", flush=True)
            rows["xlsx"] = measure(
                env, lambda: Report._render_xlsx(XLSX, screen.ids, None)[0], args.runs
            )
            print("PDF...", flush=True)
            rows["pdf"] = measure(
                env, lambda: Report._render_qweb_pdf(PDF, screen.ids)[0], args.runs
            )
            values = rows["computation"][2]["values"]
        finally:
            cr.rollback()

    print()
    print(
        f"Funders' indicators of 2025, database {args.database}, as the Insertion "
        f"Manager; median of {args.runs} runs, from an empty cache."
    )
    print(
        f"Data: {PEOPLE} people on pathways; hours ledger {ledger:,} work entries "
        f"({ledger_year:,} in 2025); {interventions:,} interventions."
    )
    print(
        f"Figures: {values['people.total']} people, "
        f"{values['hours.worked']:,.0f} hours, {values['hours.fte_worked']:.2f} FTE "
        f"of {values['hours.fte_agreed']:.2f} agreed, {values['exits.examined']} exits "
        f"examined, dynamic {values['exits.dynamic_rate']:.1%}, lasting "
        f"{values['exits.lasting_rate']:.1%}, commercial share "
        f"{values['commercial.share']:.1%}."
    )
    print()
    print(f"| {'step':<11} | {'ms':>8} | {'queries':>7} | {'size':>8} |")
    print(f"| {'-' * 11} | {'-' * 7}: | {'-' * 6}: | {'-' * 7}: |")
    for key, (ms, queries, result) in rows.items():
        size = f"{len(result) / 1024:.0f} KiB" if isinstance(result, bytes) else ""
        print(f"| {key:<11} | {ms:8.1f} | {queries:7.0f} | {size:>8} |")


if __name__ == "__main__":
    main()
