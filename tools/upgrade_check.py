"""The upgrade check behind tools/check_upgrades (run that script, not this file).

A released version is a version the addon's manifest has had on main (git's
first-parent history of HEAD); its code is the last commit of main that carried it.
The working tree's own version is the target, not a released one.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import psycopg2

ADDON = "seconde_pousse"
ERROR_LINE = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ", re.M)

# Records that an upgrade may replace: the ledger's draft work entries are made
# again from their sources (crew lines, trainings, time off) when these change; the
# entries of a closed month (validated) are kept.
KEPT_ONLY = {"hr.work.entry": "state = 'validated'"}

# Values that must survive the upgrade, record by record: (label, query of key, value).
# A query that fails on the old schema (a column did not exist yet) does not apply.
VALUE_CHECKS = [
    ("intervention states", "SELECT id, name || ' ' || state FROM sp_intervention"),
    # Hours worked on invoiced jobs: what the posted invoices say. (Jobs done and
    # not invoiced have the hours of 19.0.1.8.0's working time: see its migration.)
    (
        "hours worked on invoiced jobs",
        """SELECT w.id, round(w.hours_worked::numeric, 2)::text
             FROM sp_intervention_worker w
             JOIN sp_intervention i ON i.id = w.intervention_id
            WHERE i.state = 'invoiced'""",
    ),
    (
        "jobs done",
        """SELECT id, name FROM sp_intervention
            WHERE state IN ('done', 'reviewed', 'invoiced')""",
    ),
    ("review states", "SELECT id, state FROM sp_intervention_review"),
    ("loan states", "SELECT id, state FROM sp_equipment_loan"),
    ("farms", "SELECT id, name FROM res_partner WHERE sp_is_farm"),
    (
        "membership lines",
        """SELECT id, concat_ws(' ', partner_id, membership_id, state,
                                date_from, date_to)
             FROM membership_membership_line""",
    ),
    (
        "invoice links",
        """SELECT l.sp_intervention_id,
                  string_agg(DISTINCT m.name || ' ' || m.state, ', ')
             FROM account_move_line l JOIN account_move m ON m.id = l.move_id
            WHERE l.sp_intervention_id IS NOT NULL GROUP BY l.sp_intervention_id""",
    ),
    ("pathway states", "SELECT id, state FROM sp_pathway"),
    ("PASS IAE", "SELECT id, number FROM sp_iae_pass"),
]


def git(repo, *args):
    return subprocess.run(
        ["git", "-C", repo, *args], check=True, capture_output=True, text=True
    ).stdout


def manifest_version(text):
    match = re.search(r"[\"']version[\"']\s*:\s*[\"']([^\"']+)[\"']", text)
    return match and match.group(1)


def released_versions(repo):
    """{version: last commit of main carrying it}, oldest version first."""
    current = manifest_version(
        open(os.path.join(repo, ADDON, "__manifest__.py"), encoding="utf-8").read()
    )
    found = {}
    for commit in git(repo, "rev-list", "--first-parent", "HEAD").split():
        try:
            text = git(repo, "show", f"{commit}:{ADDON}/__manifest__.py")
        except subprocess.CalledProcessError:
            continue
        version = manifest_version(text)
        if version and version != current:
            found.setdefault(version, commit)  # newest first: keep the first seen
    key = lambda v: tuple(int(p) for p in v.split(".") if p.isdigit())  # noqa: E731
    return current, {v: found[v] for v in sorted(found, key=key)}


def odoo(odoo_bin, addons, db, log, *options):
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.run(
            [
                sys.executable,
                odoo_bin,
                f"--addons-path={addons}",
                f"--database={db}",
                "--stop-after-init",
                "--http-interface=127.0.0.1",
                "--http-port=0",
                "--log-level=info",
                *options,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    text = open(log, encoding="utf-8", errors="replace").read()
    return proc.returncode, text


def snapshot(db):
    """Record ids of every stored model of the addon, and the checked values."""
    conn = psycopg2.connect(dbname=db)
    conn.autocommit = True
    cr = conn.cursor()
    cr.execute(
        """SELECT m.model FROM ir_model m
             JOIN ir_model_data d ON d.model = 'ir.model' AND d.res_id = m.id
            WHERE d.module = %s AND NOT coalesce(m.transient, false)""",
        [ADDON],
    )
    records = {}
    for (model,) in cr.fetchall():
        table = model.replace(".", "_")
        cr.execute(
            """SELECT 1 FROM information_schema.tables
                WHERE table_name = %s AND table_type = 'BASE TABLE'""",
            [table],
        )
        if cr.fetchone():
            where = KEPT_ONLY.get(model, "true")
            # table from ir_model, condition from KEPT_ONLY: not input
            cr.execute(f'SELECT id FROM "{table}" WHERE {where}')
            records[model] = {row[0] for row in cr.fetchall()}
    values = {}
    for label, query in VALUE_CHECKS:
        try:
            cr.execute(query)
        except psycopg2.Error:
            continue  # not in this version's schema
        values[label] = {key: value for key, value in cr.fetchall()}
    cr.execute(
        "SELECT state, latest_version FROM ir_module_module WHERE name = %s", [ADDON]
    )
    module = cr.fetchone()
    conn.close()
    return records, values, module


def compare(before, after):
    """The problems found, and a summary of the records kept."""
    problems = []
    records_before, values_before, _module = before
    records_after, values_after, _module = after
    kept = new = 0
    for model, ids in sorted(records_before.items()):
        if not ids:
            continue
        missing = ids - records_after.get(model, set())
        if missing:
            problems.append(
                f"{model}: {len(missing)} of {len(ids)} records lost "
                f"(ids {sorted(missing)[:10]})"
            )
        kept += len(ids) - len(missing)
    new = sum(len(ids) for ids in records_after.values()) - kept
    for label, old in values_before.items():
        current = values_after.get(label)
        if current is None:
            problems.append(f"{label}: can no longer be read after the upgrade")
            continue
        changed = [
            f"{key}: {value!r} -> {current.get(key)!r}"
            for key, value in old.items()
            if current.get(key) != value
        ]
        if changed:
            problems.append(
                f"{label}: {len(changed)} changed ({'; '.join(changed[:5])})"
            )
    checked = ", ".join(f"{label} ({len(v)})" for label, v in values_before.items())
    return problems, f"{kept} records kept, {new} new; values: {checked}"


def dropdb(db):
    subprocess.run(["dropdb", "--if-exists", db], check=True, capture_output=True)
    filestore = os.path.expanduser(f"~/.local/share/Odoo/filestore/{db}")
    shutil.rmtree(filestore, ignore_errors=True)


def database_exists(db):
    conn = psycopg2.connect(dbname="postgres")
    try:
        cr = conn.cursor()
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db])
        return bool(cr.fetchone())
    finally:
        conn.close()


def copy_filestore(source, target):
    root = os.path.expanduser("~/.local/share/Odoo/filestore")
    if os.path.isdir(os.path.join(root, source)):
        shutil.copytree(os.path.join(root, source), os.path.join(root, target))


def check(version, commit, target, args, workdir):
    """Install ``commit``, upgrade it to the working tree; return (ok, row)."""
    db = f"sp_upgrade_{version.replace('.', '_')}"
    old_tree = os.path.join(workdir, version)
    os.makedirs(old_tree)
    archive = subprocess.run(
        ["git", "-C", args.repo, "archive", commit, ADDON],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", old_tree], input=archive, check=True)
    dropdb(db)
    base = f"sp_upgrade_base_{version.replace('.', '_')}"
    started = time.monotonic()
    if args.reuse and database_exists(base):
        subprocess.run(["createdb", "-T", base, db], check=True)
        copy_filestore(base, db)
    else:
        install_log = os.path.join(workdir, f"{version}-install.log")
        code, text = odoo(
            args.odoo_bin,
            f"{args.odoo_addons},{old_tree}",
            db,
            install_log,
            f"--init={ADDON}",
            "--with-demo",
            "--load-language=fr_FR",
        )
        if code or ERROR_LINE.search(text) or "demo data failed" in text:
            failure = f"the install failed: {install_log}"
            return False, (f"{time.monotonic() - started:.0f} s", "-", failure)
        if args.reuse:
            dropdb(base)
            subprocess.run(["createdb", "-T", db, base], check=True)
            copy_filestore(db, base)
    install_time = time.monotonic() - started
    before = snapshot(db)
    started = time.monotonic()
    upgrade_log = os.path.join(workdir, f"{version}-upgrade.log")
    code, text = odoo(
        args.odoo_bin,
        f"{args.odoo_addons},{args.repo}",
        db,
        upgrade_log,
        f"--update={ADDON}",
    )
    upgrade_time = f"{time.monotonic() - started:.0f} s"
    errors = [m.group(0) for m in re.finditer(r"^.*(ERROR|CRITICAL) .*$", text, re.M)]
    errors = [line for line in errors if ERROR_LINE.match(line)]
    # Odoo logs a demo data file that fails as a warning, and goes on without it.
    errors += re.findall(r"^.*demo data failed to install.*$", text, re.M)
    if code or errors:
        first = errors[0][:160] if errors else f"exit code {code}"
        failure = f"{first} ({upgrade_log})"
        return False, (f"{install_time:.0f} s", upgrade_time, failure)
    after = snapshot(db)
    problems, summary = compare(before, after)
    if after[2] != ("installed", target):
        problems.insert(0, f"the addon is {after[2]} after the upgrade, not {target}")
    if problems:
        return False, (f"{install_time:.0f} s", upgrade_time, " | ".join(problems))
    dropdb(db)
    return True, (f"{install_time:.0f} s", upgrade_time, summary)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--odoo-bin", required=True)
    parser.add_argument("--odoo-addons", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--last", type=int, help="only the N latest released versions")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep each old install as a template database and reuse it next time",
    )
    parser.add_argument("versions", nargs="*", help="released versions to check")
    args = parser.parse_args()

    target, released = released_versions(args.repo)
    versions = list(released)
    if args.versions:
        unknown = sorted(set(args.versions) - set(released))
        if unknown:
            sys.exit(f"check_upgrades: not a released version: {', '.join(unknown)}")
        versions = [v for v in versions if v in args.versions]
    if args.last:
        versions = versions[-args.last :]
    for version in versions:
        dropdb(f"sp_upgrade_{version.replace('.', '_')}")
    print(f"Upgrading to the working tree ({target}) from: {', '.join(versions)}")
    workdir = tempfile.mkdtemp(prefix="sp_check_upgrades.")
    rows, failed = [], False
    for version in versions:
        print(f"  {version} ({released[version][:7]}): install, upgrade...", flush=True)
        ok, (install, upgrade, detail) = check(
            version, released[version], target, args, workdir
        )
        failed |= not ok
        rows.append((version, released[version][:7], install, upgrade, ok, detail))
    print()
    print(f"{'version':<12} {'commit':<8} {'install':>8} {'upgrade':>8}  result")
    for version, commit, install, upgrade, ok, detail in rows:
        result = "OK" if ok else "FAILED"
        times = f"{install:>8} {upgrade:>8}"
        print(f"{version:<12} {commit:<8} {times}  {result}: {detail}")
    if failed:
        print(f"\nLogs and the failed versions' databases are kept ({workdir}).")
        sys.exit(1)
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
