# Shared by tools/demo and tools/test: check or set up what seconde_pousse needs.
# Each step either succeeds or stops the script with a one-line reason.

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

die() { echo "seconde_pousse: $*" >&2; exit 1; }

# Odoo 19.0 must be importable from the python3 in use (a source install, see README).
require_odoo() {
    python3 -c 'import odoo.release as r; assert r.version_info[:2] == (19, 0), r.version' 2>/dev/null \
        || die "Odoo 19.0 is not importable from $(command -v python3) (python3 -c 'import odoo'); install it from source first (README, Prerequisites)."
    ODOO_SRC=$(python3 -c 'import os, odoo.release as r; print(os.path.dirname(os.path.dirname(os.path.abspath(r.__file__))))')
    ODOO_BIN="$ODOO_SRC/odoo-bin"
    [ -f "$ODOO_BIN" ] || die "odoo-bin not found next to the odoo package ($ODOO_SRC): use a source install of Odoo 19.0."
    ADDONS_PATH="$ODOO_SRC/addons,$REPO"
}

# PostgreSQL running, and a role for the current user (Odoo refuses 'postgres').
require_postgres() {
    command -v pg_isready >/dev/null || die "PostgreSQL client tools not found: install PostgreSQL 15 (apt-get install postgresql)."
    if ! pg_isready -q; then
        if command -v pg_lsclusters >/dev/null; then
            pg_lsclusters -h | while read -r ver name _rest; do pg_ctlcluster "$ver" "$name" start 2>/dev/null; done
        fi
        for _ in $(seq 1 20); do pg_isready -q && break; sleep 0.5; done
        pg_isready -q || die "PostgreSQL is not running and could not be started (pg_ctlcluster)."
    fi
    if ! psql -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
        [ "$(id -u)" = 0 ] || die "no PostgreSQL role '$USER' with CREATEDB: ask an administrator to create one."
        su postgres -c "createuser --superuser $(id -un)" >/dev/null 2>&1 \
            || die "could not create the PostgreSQL role '$(id -un)'."
    fi
}

# True when every line of requirements.txt is installed at a version it allows and the
# packages import (the test dependencies and the lint and packaging tools).
python_packages_ok() {
    python3 - "$REPO/requirements.txt" <<'PY' 2>/dev/null
import sys
from importlib.metadata import PackageNotFoundError, version
try:
    from packaging.requirements import Requirement
except ImportError:
    from pip._vendor.packaging.requirements import Requirement
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if line:
        req = Requirement(line)
        if req.marker is None or req.marker.evaluate():
            try:
                installed = version(req.name)
            except PackageNotFoundError:
                sys.exit(f"{req.name} is not installed")
            if not req.specifier.contains(installed, prereleases=True):
                sys.exit(f"{req.name} {installed} does not match {req.specifier}")
import odoo.addons.membership, pytest_odoo, websocket, openupgradelib
import pylint_odoo, oca_pre_commit_hooks, whool, build, pre_commit
PY
}

# Python packages of requirements.txt, installed with Odoo's own pins as constraints
# so that nothing Odoo depends on is upgraded (openupgradelib would pull lxml 6).
require_python_packages() {
    python_packages_ok && command -v ruff >/dev/null && return 0
    local constraints
    constraints=$(mktemp)
    # cbor2's 3.11 pin does not build; Odoo works with the newer one already installed.
    grep -v '^cbor2' "$ODOO_SRC/requirements.txt" > "$constraints"
    # OCA wheels require the distribution "odoo==19.0.*": a source install that pip does not
    # know about is fine for us, so they go in without dependencies (they need only Odoo).
    grep -v '^odoo-addon-' "$REPO/requirements.txt" > "$constraints.req"
    python3 -m pip install --quiet -r "$constraints.req" -c "$constraints" \
        && grep '^odoo-addon-' "$REPO/requirements.txt" | xargs python3 -m pip install --quiet --no-deps \
        || die "pip could not install requirements.txt."
    rm -f "$constraints" "$constraints.req"
    python_packages_ok && command -v ruff >/dev/null \
        || die "requirements.txt installed but its packages do not import."
}

# Debian packages: chromium (browser tours), wkhtmltopdf (PDF reports).
require_debian_packages() {
    local missing=()
    command -v chromium >/dev/null || missing+=(chromium)
    command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
    [ ${#missing[@]} = 0 ] && return 0
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null \
        || die "missing ${missing[*]}: install them (apt-get install ${missing[*]})."
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >/dev/null 2>&1 \
        || die "apt-get could not install ${missing[*]}."
}

db_exists() { [ "$(psql -d postgres -Atqc "select 1 from pg_database where datname = '$1'")" = 1 ]; }
