"""The database of a benchmark: its own, with the addons it measures installed.

Shared by bench/planning.py and bench/invoicing.py. Never the databases of
tools/ (tests, demo): what a benchmark installs there for comparison (OCA Field
Service, Odoo's sale) must not reach them.
"""

import os
import subprocess
import sys
import tempfile

import psycopg2

from odoo import release
from odoo.service.db import exp_drop
from odoo.sql_db import db_connect
from odoo.tools import config

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESERVED = ("seconde_pousse_test", "seconde_pousse_demo")


def die(reason):
    sys.exit(f"{os.path.basename(sys.argv[0])}: {reason}")


def installed_modules(name, modules):
    """Which of ``modules`` are installed in the database ``name`` (none if it is
    missing or empty)."""
    try:
        with db_connect("postgres").cursor() as cr:
            cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if not cr.fetchone():
                return set()
    except psycopg2.OperationalError as error:
        die(f"PostgreSQL is not reachable ({str(error).strip()}): start it first.")
    with db_connect(name).cursor() as cr:
        cr.execute("SELECT to_regclass('ir_module_module')")
        if cr.fetchone()[0] is None:
            return set()
        cr.execute(
            "SELECT name FROM ir_module_module WHERE state = 'installed' "
            "AND name IN %s",
            [tuple(modules)],
        )
        return {module for (module,) in cr.fetchall()}


def ensure_database(name, modules, reinstall=False):
    """Configure Odoo for ``name``; install ``modules`` there if any is missing,
    on a new database if ``reinstall``. Returns whether it installed them."""
    if name in RESERVED:
        die(f"{name} belongs to tools/: give a database for this benchmark only.")
    odoo_src = os.path.dirname(os.path.dirname(os.path.abspath(release.__file__)))
    addons = f"{odoo_src}/addons,{REPO}"
    server = ["--addons-path", addons, "-d", name, "--http-interface=127.0.0.1"]
    config.parse_config([*server, "--log-level=warn"])
    if reinstall and installed_modules(name, modules) != set():
        print(f"Dropping {name}...", flush=True)
        exp_drop(name)
    elif installed_modules(name, modules) == set(modules):
        return False
    print(f"Installing {', '.join(modules)} into {name}...", flush=True)
    with tempfile.NamedTemporaryFile(
        "w", prefix="bench_", suffix=".log", delete=False
    ) as log:
        done = subprocess.run(
            [
                sys.executable,
                os.path.join(odoo_src, "odoo-bin"),
                *server,
                "-i",
                ",".join(modules),
                "--stop-after-init",
                "--http-port=0",
                "--log-level=warn",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    if done.returncode or installed_modules(name, modules) != set(modules):
        die(f"installing {', '.join(modules)} into {name} failed; log: {log.name}")
    os.unlink(log.name)
    return True
