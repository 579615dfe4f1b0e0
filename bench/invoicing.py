#!/usr/bin/env python3
"""Benchmark: invoicing at scale, Seconde Pousse's wizard against Odoo's sale flow.

Usage: python3 bench/invoicing.py [DATABASE] [--quick] [--reinstall]
       (default DATABASE: seconde_pousse_bench_inv)

Per document (per intervention, per sale order), in time and SQL queries, for
1,000 documents of 100 farms (10 each):

- ours: the wizard ``sp.intervention.invoice`` (all farms, a date range covering
  the 1,000 reviewed interventions, invoices posted), created then run
  (``action_invoice()``) by a billing user (``seconde_pousse.group_sp_billing``
  and ``account.group_account_invoice``);
- Odoo's sale flow: ``_create_invoices()`` on 1,000 confirmed sale orders (one
  service line each, invoice policy "order"), then ``action_post()`` on the
  invoices, by a salesman (``sales_team.group_sale_salesman_all_leads`` and
  ``account.group_account_invoice``).

Both make one invoice per farm with one line per document. Each measurement is
the median of 3 runs; each run is undone (savepoint), the fixture too (one
transaction, rolled back): the database is left as it was, but for the sequence
numbers drawn. ``--quick``: 100 documents of 10 farms, 1 run.

DATABASE is for this benchmark only: it is created with seconde_pousse and sale
installed (no demo data) when either is missing, and the French chart of
accounts loaded on its main company when l10n_fr_account is installed;
``--reinstall`` drops it and installs it anew (after changes to the addon).
"""

import argparse
import os
import re
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from odoo import Command, api
from odoo.modules.registry import Registry
from odoo.tests import new_test_user

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)
from bench import benchdb  # noqa: E402  (REPO is on the path now)
from bench.benchdb import die, installed_modules  # noqa: E402

MODULES = ("seconde_pousse", "sale")
# The databases of tools/test and tools/demo: never install sale there.
WIZARD = "sp.intervention.invoice"
FIRST_SLOT = datetime(2023, 1, 2, 6, 0)  # UTC; job j on day j: all in the past
HOURS = 7  # planned, per job
CREW = 3  # workers per job, and a supervisor
HOURS_WORKED = 6.5  # per worker, as the supervisor enters them
CONTEXT = {"lang": "en_US", "tz": "Europe/Paris"}  # what the web client sends


# ----------------------------------------------------------------------
# The database
# ----------------------------------------------------------------------


def load_french_chart(name):
    """The French chart of accounts (20 % VAT) on the main company of the new
    database, when l10n_fr_account is installed (a dependency of seconde_pousse
    with invoicing): the install leaves Odoo's generic chart on a company without
    a country. Committed: part of preparing the database."""
    if not installed_modules(name, ("l10n_fr_account",)):
        return
    with Registry(name).cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        company = env.ref("base.main_company")
        if company.chart_template != "fr":
            print(f"Loading the French chart of accounts into {name}...", flush=True)
            env["account.chart.template"].try_loading("fr", company, install_demo=False)
        cr.commit()


def ensure_database(name, reinstall=False):
    """Configure Odoo for ``name``, with both addons and the French chart there."""
    if benchdb.ensure_database(name, MODULES, reinstall):
        load_french_chart(name)


def wizard_in_source():
    """Whether the addon's code defines the invoicing wizard (the lead's work on
    the issue "Invoicing")."""
    pattern = re.compile(r"""_name\s*=\s*["']sp\.intervention\.invoice["']""")
    return any(
        pattern.search(path.read_text(encoding="utf-8"))
        for path in Path(REPO, "seconde_pousse").rglob("*.py")
    )


# ----------------------------------------------------------------------
# The fixture (as the superuser; not measured)
# ----------------------------------------------------------------------
def pricelists(env):
    """The member and non-member pricelists of seconde_pousse; stand-ins (-20 %,
    list prices) where the addon has none yet."""
    member = env.ref("seconde_pousse.pricelist_member", raise_if_not_found=False)
    non_member = env.ref(
        "seconde_pousse.pricelist_non_member", raise_if_not_found=False
    )
    if member and non_member:
        return member, non_member
    Pricelist = env["product.pricelist"]
    member = Pricelist.create(
        {
            "name": "Tarif adhérent (banc)",
            "item_ids": [
                Command.create(
                    {
                        "applied_on": "3_global",
                        "compute_price": "percentage",
                        "percent_price": 20.0,
                    }
                )
            ],
        }
    )
    return member, Pricelist.create({"name": "Tarif non-adhérent (banc)"})


def add_users(env, ours):
    users = {
        "supervisor": new_test_user(
            env,
            "bench_inv_encadrant",
            groups="seconde_pousse.group_sp_user",
            name="Encadrant du banc",
            email="encadrant.banc@example.com",
            tz="Europe/Paris",
        ),
        "salesman": new_test_user(
            env,
            "bench_inv_vendeur",
            groups="sales_team.group_sale_salesman_all_leads,"
            "account.group_account_invoice",
            name="Vendeur du banc",
            tz="Europe/Paris",
        ),
    }
    if ours:
        users["billing"] = new_test_user(
            env,
            "bench_inv_facturation",
            groups="seconde_pousse.group_sp_billing,account.group_account_invoice",
            name="Facturation du banc",
            tz="Europe/Paris",
        )
    return users


def add_reviewed_interventions(env, farms, jobs, supervisor_user):
    """``jobs`` interventions per farm, each on its own day, a supervisor and a
    crew of CREW workers, taken through the whole flow to a completed review."""
    Employee = env["hr.employee"]
    supervisor = Employee.create(
        {
            "name": "Encadrant du banc",
            "sp_role": "supervisor",
            "user_id": supervisor_user.id,
        }
    )
    workers = Employee.create(
        [{"name": f"Salarié banc {i:02d}", "sp_role": "insertion"} for i in range(CREW)]
    )
    harvest = env.ref("seconde_pousse.task_type_harvest")
    vals_list = []
    for k in range(jobs):
        for f, farm in enumerate(farms):
            start = FIRST_SLOT + timedelta(days=k * len(farms) + f)
            vals_list.append(
                {
                    "farm_id": farm.id,
                    "task_type_ids": [Command.link(harvest.id)],
                    "supervisor_id": supervisor.id,
                    "planned_start": start,
                    "planned_end": start + timedelta(hours=HOURS),
                    "workers_needed": CREW,
                    "worker_line_ids": [
                        Command.create({"employee_id": worker.id}) for worker in workers
                    ],
                }
            )
    interventions = env["sp.intervention"].create(vals_list)
    interventions.action_plan()
    interventions.action_confirm()
    interventions.action_start()
    interventions.worker_line_ids.write({"hours_worked": HOURS_WORKED})
    interventions.action_done()
    reviews = interventions.review_id
    reviews.write({"validation_reason": "bench"})
    reviews.action_complete()
    env.flush_all()
    if set(interventions.mapped("state")) != {"reviewed"}:
        die("the fixture's interventions did not all reach 'reviewed'")
    return interventions


def add_confirmed_orders(env, farms, orders):
    """``orders`` confirmed sale orders per farm, one service line each: the hours
    of a crew, of our worker-hour product (a stand-in before invoicing), invoice
    policy "order"."""
    product = env.ref("seconde_pousse.product_worker_hour", raise_if_not_found=False)
    if product:  # the product, pricelist rules and taxes of our worker-hour
        product.invoice_policy = "order"
        # Created at the install, under the generic chart whose taxes the French
        # one replaced: the company's default sale tax, as on a French install.
        if not product.taxes_id:
            product.taxes_id = env.company.account_sale_tax_id
    else:
        product = env["product.product"].create(
            {
                "name": "Heure de travail d'équipe (banc)",
                "type": "service",
                "invoice_policy": "order",
                "list_price": 18.0,
            }
        )
    vals_list = [
        {
            "partner_id": farm.id,
            "order_line": [
                Command.create(
                    {"product_id": product.id, "product_uom_qty": CREW * HOURS_WORKED}
                )
            ],
        }
        for _k in range(orders)
        for farm in farms
    ]
    sale_orders = env["sale.order"].create(vals_list)
    sale_orders.action_confirm()
    env.flush_all()
    if set(sale_orders.mapped("invoice_status")) != {"to invoice"}:
        die("the fixture's sale orders are not all 'to invoice'")
    return sale_orders, product


def fixture(env, farm_count, per_farm, ours):
    """Farms with their pricelists, the users, the reviewed interventions (when
    the wizard exists) and the confirmed sale orders."""
    member, non_member = pricelists(env)
    farms = env["res.partner"].create(
        [
            {
                "name": f"Ferme du banc {i:03d}",
                "is_company": True,
                "sp_is_farm": True,
                # A member already: no membership invoice on its first review.
                "free_member": True,
                "property_product_pricelist": (member if i % 2 else non_member).id,
            }
            for i in range(farm_count)
        ]
    )
    users = add_users(env, ours)
    data = {"farms": farms, "users": users, "pricelists": (member, non_member)}
    if ours:
        data["interventions"] = add_reviewed_interventions(
            env, farms, per_farm, users["supervisor"]
        )
    data["orders"], data["product"] = add_confirmed_orders(env, farms, per_farm)
    return data


# ----------------------------------------------------------------------
# The flows: a batch of farms, its values (not measured), then the steps
# ----------------------------------------------------------------------
def end_of_call(env):
    """What the end of an RPC call does before COMMIT: the deferred SQL, and the
    precommit hooks (mail tracking values among them)."""
    env.flush_all()
    env.cr.precommit.run()


def ours(data):
    """The wizard over the interventions of ``farms`` (all farms: no farm chosen,
    as for the monthly run)."""
    all_farms = data["farms"]
    starts = data["interventions"].mapped("planned_start")
    date_from, date_to = min(starts).date(), max(starts).date()

    def documents(env, farms):
        return (
            env["sp.intervention"]
            .browse(data["interventions"].ids)
            .filtered(lambda job: job.farm_id in farms)
        )

    def prepare(env, farms):
        vals = {"date_from": date_from, "date_to": date_to, "post": True}
        if farms != all_farms:
            vals["farm_ids"] = [Command.set(farms.ids)]
        return vals

    def steps(env, vals):
        wizard = env[WIZARD].create(vals)
        end_of_call(env)
        wizard.action_invoice()
        end_of_call(env)

    def invoices(env, jobs):
        lines = (
            env["account.move.line"]
            .sudo()
            .search(
                [
                    ("sp_intervention_id", "in", jobs.ids),
                    ("display_type", "=", "product"),
                ]
            )
        )
        moves = lines.move_id
        done = set(jobs.mapped("state")) == {"invoiced"} and len(
            lines.sp_intervention_id
        ) == len(jobs)
        return moves, len(lines), done

    return documents, prepare, steps, invoices


def sale(data):
    """_create_invoices() on the confirmed orders of ``farms``, then action_post()."""

    def documents(env, farms):
        return (
            env["sale.order"]
            .browse(data["orders"].ids)
            .filtered(lambda order: order.partner_id in farms)
        )

    def prepare(env, farms):
        return documents(env, farms)

    def steps(env, orders):
        moves = orders._create_invoices()
        end_of_call(env)
        moves.action_post()
        end_of_call(env)

    def invoices(env, orders):
        moves = orders.invoice_ids
        lines = moves.invoice_line_ids.filtered(lambda line: line.sale_line_ids)
        done = set(orders.mapped("invoice_status")) == {"invoiced"}
        return moves, len(lines), done

    return documents, prepare, steps, invoices


# ----------------------------------------------------------------------
# Measuring
# ----------------------------------------------------------------------
class Rollback(Exception):
    """Undo one measured batch."""


def run_once(env, flow, farms):
    """ms and queries of invoicing the documents of ``farms``; the invoices made
    (count, lines per invoice, total amount), checked, then rolled back."""
    documents, prepare, steps, invoices = flow
    vals = prepare(env, farms)
    env.invalidate_all()
    try:
        with env.cr.savepoint():
            start, count = time.perf_counter(), env.cr.sql_log_count
            steps(env, vals)
            reading = (
                (time.perf_counter() - start) * 1000,
                env.cr.sql_log_count - count,
            )
            docs = documents(env, farms)
            moves, lines, done = invoices(env, docs)
            if not (
                done
                and len(moves) == len(farms)
                and set(moves.mapped("state")) == {"posted"}
                and set(moves.mapped("move_type")) == {"out_invoice"}
                and moves.partner_id == farms
                and lines == len(docs)
            ):
                raise RuntimeError(
                    f"expected {len(farms)} posted invoices of {len(docs)} lines in "
                    f"all, got {len(moves)} ({set(moves.mapped('state'))}) of "
                    f"{lines} lines"
                )
            shape = (len(moves), lines / len(moves), sum(moves.mapped("amount_total")))
            raise Rollback  # the next run invoices the same documents
    except Rollback:
        env.invalidate_all()
    return reading, len(docs), shape


def measure(env, flow, farms, runs):
    """Per document: median ms and queries; and the invoices of a run."""
    run_once(env, flow, farms[:1])  # warm-up: caches, templates, rules
    results = [run_once(env, flow, farms) for _run in range(runs)]
    n, shape = results[0][1], results[0][2]
    per_doc = tuple(
        statistics.median(reading[i] for reading, _n, _s in results) / n for i in (0, 1)
    )
    return per_doc, n, shape


# ----------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------
def print_table(n, result):
    columns = ("Odoo sale", "ours", "ours / sale")
    print(f"{'N':>6} | " + " | ".join(f"{name:^17}" for name in columns))
    print(f"{'':>6} | " + " | ".join(f"{'ms':>7} {'queries':>9}" for _c in columns))
    sale_ms, sale_q = result["sale"]
    cells = [f"{sale_ms:7.2f} {sale_q:9.2f}"]
    if "ours" in result:
        ours_ms, ours_q = result["ours"]
        cells += [
            f"{ours_ms:7.2f} {ours_q:9.2f}",
            f"{ours_ms / sale_ms:6.2f}x {ours_q / sale_q:8.2f}x",
        ]
    else:
        cells += [f"{'n/a':>7} {'n/a':>9}"] * 2
    print(f"{n:>6,} | " + " | ".join(cells))


def chart_label(env, product):
    company = env.company
    code = company.chart_template or "none"
    name = {
        "fr": "the French chart of accounts (fr)",
        "generic_coa": "Odoo's generic chart of accounts (generic_coa)",
    }.get(code, f"the chart of accounts {code}")
    taxes = ", ".join(product.taxes_id.mapped("name")) or "none"
    return (
        f"{name}, company {company.name} in {company.currency_id.name}; the product "
        f"billed, {product.display_name}, with the taxes {taxes}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database", nargs="?", default="seconde_pousse_bench_inv")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: 100 documents of 10 farms, 1 run",
    )
    parser.add_argument(
        "--reinstall",
        action="store_true",
        help="drop DATABASE and install it anew (after changes to the addon)",
    )
    args = parser.parse_args()
    farm_count, per_farm, runs = (10, 10, 1) if args.quick else (100, 10, 3)
    ensure_database(args.database, args.reinstall)

    registry = Registry(args.database)
    has_wizard = WIZARD in registry
    if not has_wizard and wizard_in_source():
        die(
            f"{args.database} has seconde_pousse without its invoicing wizard, "
            "which the code now has: run with --reinstall."
        )
    result = {}
    with registry.cursor() as cr:
        try:
            root = api.Environment(
                cr, api.SUPERUSER_ID, dict(CONTEXT, tracking_disable=True)
            )
            print(
                f"Fixture: {farm_count} farms, {farm_count * per_farm:,} sale orders"
                + (
                    f" and {farm_count * per_farm:,} reviewed interventions"
                    if has_wizard
                    else ""
                )
                + "...",
                flush=True,
            )
            data = fixture(root, farm_count, per_farm, has_wizard)
            chart = chart_label(root, data["product"])
            users = data["users"]
            flows = {"sale": (users["salesman"], sale(data))}
            if has_wizard:
                flows["ours"] = (users["billing"], ours(data))
            shapes = {}
            for key, (user, flow) in flows.items():
                print(f"N = {farm_count * per_farm:,}: {key}...", flush=True)
                env = api.Environment(cr, user.id, CONTEXT)
                result[key], n, shapes[key] = measure(
                    env, flow, data["farms"].with_env(env), runs
                )
        finally:
            cr.rollback()

    print()
    print(
        f"Invoicing at scale, database {args.database}: per document (ours: per "
        f"intervention; sale: per sale order), median of {runs} run(s), "
        f"{n:,} documents of {farm_count} farms."
    )
    print(f"Accounting: {chart}.")
    print(
        "Users (not the superuser): sale as a salesman, all documents "
        "(bench_inv_vendeur: sales_team.group_sale_salesman_all_leads, "
        "account.group_account_invoice)"
        + (
            "; ours as billing (bench_inv_facturation: seconde_pousse.group_sp_billing,"
            " account.group_account_invoice)"
            if has_wizard
            else ""
        )
        + "; mail tracking on, flush and precommit hooks inside the timed block."
    )
    print(
        "Sale: one line per order, of the same product (invoice policy 'order'), "
        "_create_invoices() on the batch then action_post(); "
        + (
            "ours: the wizard (all farms, one date range, post) created then "
            "action_invoice(), interventions reviewed with a supervisor and "
            f"{CREW} workers."
            if has_wizard
            else f"ours: not available yet ({WIZARD} is not in seconde_pousse)."
        )
    )
    print(
        "Invoices of a run: "
        + "; ".join(
            f"{key} {count} posted, {lines:g} lines each, {total:,.2f} in all "
            "(taxes included)"
            for key, (count, lines, total) in shapes.items()
        )
        + "."
    )
    print()
    print_table(n, result)


if __name__ == "__main__":
    main()
