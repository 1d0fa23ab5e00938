# shellcheck shell=bash
# Shared by setup/run, setup/test and setup/lint: locate Odoo, bootstrap the
# virtualenv, start (or reuse) PostgreSQL and write the Odoo configuration.

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ODOO_SRC=${ODOO_SRC:-/opt/odoo}
VENV=${AFTERSALES_VENV:-$REPO/.venv}
STATE=${AFTERSALES_STATE:-$REPO/.local}
ADDONS=aftersales_flow,aftersales_sla,aftersales_merge,aftersales_returns,aftersales_quality,aftersales_quality_returns,aftersales_returns_repair,aftersales_knowledge,aftersales_queue
PY=$VENV/bin/python

log() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

check_odoo_src() {
    if [ ! -f "$ODOO_SRC/odoo-bin" ] || [ ! -f "$ODOO_SRC/setup.py" ] \
        || [ ! -f "$ODOO_SRC/requirements.txt" ] || [ ! -d "$ODOO_SRC/addons" ] \
        || [ ! -d "$ODOO_SRC/odoo/addons/base" ]; then
        die "no Odoo 19.0 Community source tree at ODOO_SRC=$ODOO_SRC.
    Put one there (it must hold odoo-bin, setup.py, requirements.txt, odoo/ and addons/),
    e.g. a checkout of the 19.0 branch of Odoo's published source, or point ODOO_SRC at it:
        ODOO_SRC=/path/to/odoo-19.0 $0"
    fi
    if ! grep -q "^version_info = (19, 0," "$ODOO_SRC/odoo/release.py"; then
        die "ODOO_SRC=$ODOO_SRC is not Odoo 19.0 ($(grep '^version_info' "$ODOO_SRC/odoo/release.py"))"
    fi
}

find_python() {
    local candidate
    for candidate in ${PYTHON:-} python3.12 python3.11 python3.10 python3; do
        if command -v "$candidate" >/dev/null 2>&1 \
            && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
            command -v "$candidate"
            return
        fi
    done
    die "Python 3.10 or newer is needed (set PYTHON=/path/to/python3)"
}

# Runs pip quietly; its full output goes to the bootstrap log, shown on failure.
venv_pip() {
    if ! "$PY" -m pip install --disable-pip-version-check "$@" >>"$STATE/bootstrap.log" 2>&1; then
        grep -v "WARNING: Location" "$STATE/bootstrap.log" | tail -40 >&2
        die "pip install $* failed (full log: $STATE/bootstrap.log)"
    fi
}

bootstrap() {
    check_odoo_src
    mkdir -p "$STATE"
    local stamp_file="$STATE/bootstrap.stamp" stamp
    stamp=$(cat "$ODOO_SRC/requirements.txt" "$REPO/requirements.txt" \
        "$REPO/setup/install_odoo_requirements.py" <(echo "$ODOO_SRC") | sha256sum | cut -d' ' -f1)
    if [ -x "$PY" ] && [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ] \
        && "$PY" -c 'import odoo.release; import importlib.util as u; assert u.find_spec("odoo.addons.helpdesk_mgmt")' 2>/dev/null; then
        return
    fi
    log "bootstrapping the virtualenv in $VENV (log: $STATE/bootstrap.log)"
    : >"$STATE/bootstrap.log"
    [ -x "$PY" ] || "$(find_python)" -m venv "$VENV"
    venv_pip --upgrade pip wheel "setuptools" packaging
    log "installing Odoo's requirements from $ODOO_SRC/requirements.txt"
    if ! "$PY" "$REPO/setup/install_odoo_requirements.py" "$ODOO_SRC/requirements.txt" \
        >>"$STATE/bootstrap.log" 2>&1; then
        grep -v "WARNING: Location" "$STATE/bootstrap.log" | tail -40 >&2
        die "Odoo's requirements could not be installed (full log: $STATE/bootstrap.log)"
    fi
    log "installing Odoo from $ODOO_SRC"
    venv_pip --no-build-isolation -e "$ODOO_SRC"
    log "installing $REPO/requirements.txt"
    venv_pip -r "$REPO/requirements.txt"
    echo "$stamp" >"$stamp_file"
}

# --- PostgreSQL ----------------------------------------------------------

PG_STARTED_HERE=0

pg_bindir() {
    local dir
    for dir in ${PG_BINDIR:-} /usr/lib/postgresql/*/bin; do
        [ -x "$dir/initdb" ] && { echo "$dir"; return; }
    done
    command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return; }
    die "PostgreSQL server binaries (initdb, pg_ctl) not found: install PostgreSQL 14+ \
(Debian: apt-get install postgresql) or give a server with PGHOST/PGPORT/PGUSER"
}

# initdb refuses to run as root: the embedded cluster belongs to `postgres` then.
as_pg_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pg_start() {
    if [ -n "${PGHOST:-}${PGPORT:-}${PGUSER:-}" ]; then
        log "using the PostgreSQL server given by PGHOST=${PGHOST:-} PGPORT=${PGPORT:-} PGUSER=${PGUSER:-}"
        return
    fi
    local bindir pgroot
    bindir=$(pg_bindir)
    pgroot="$STATE/pg"
    mkdir -p "$pgroot"
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$pgroot"
        if ! runuser -u postgres -- test -w "$pgroot"; then
            # The clone sits where the postgres user can't reach it.
            pgroot="${TMPDIR:-/tmp}/aftersales-pg-$(echo "$REPO" | sha256sum | cut -c1-12)"
            mkdir -p "$pgroot" && chown postgres: "$pgroot"
        fi
    fi
    PGDATA_DIR="$pgroot/data"
    local sockdir="$pgroot/socket"
    as_pg_owner mkdir -p "$sockdir"
    exec 9>"$STATE/pg.lock"
    flock 9
    if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
        log "creating the embedded PostgreSQL cluster in $PGDATA_DIR"
        as_pg_owner "$bindir/initdb" -D "$PGDATA_DIR" -U odoo --auth=trust -E UTF8 --no-locale \
            >"$STATE/initdb.log" 2>&1 || { cat "$STATE/initdb.log" >&2; die "initdb failed"; }
    fi
    if as_pg_owner "$bindir/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
        PGPORT=$(sed -n 4p "$PGDATA_DIR/postmaster.pid")
        log "reusing the running embedded PostgreSQL (port $PGPORT)"
    else
        PGPORT=$(free_port)
        as_pg_owner "$bindir/pg_ctl" -D "$PGDATA_DIR" -l "$pgroot/postgresql.log" -w -t 60 start \
            -o "-p $PGPORT -k $sockdir -c listen_addresses='' -c max_connections=200 \
                -c shared_buffers=256MB -c fsync=${AFTERSALES_PG_FSYNC:-on} \
                -c synchronous_commit=${AFTERSALES_PG_FSYNC:-on} \
                -c full_page_writes=${AFTERSALES_PG_FSYNC:-on}" >/dev/null \
            || { tail -20 "$pgroot/postgresql.log" >&2; die "PostgreSQL did not start"; }
        PG_STARTED_HERE=1
        log "embedded PostgreSQL started (socket $sockdir, port $PGPORT)"
    fi
    flock -u 9
    export PGHOST="$sockdir" PGPORT PGUSER=odoo
    PG_BINDIR_USED=$bindir
}

pg_stop() {
    if [ "$PG_STARTED_HERE" = 1 ] && [ -z "${AFTERSALES_KEEP_PG:-}" ]; then
        as_pg_owner "$PG_BINDIR_USED/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null 2>&1 || true
        PG_STARTED_HERE=0
    fi
}

# --- Odoo ----------------------------------------------------------------

# write_odoo_conf FILE DBNAME [extra "key = value" lines...]
write_odoo_conf() {
    local file=$1 db=$2
    shift 2
    mkdir -p "$STATE/data"
    {
        echo "[options]"
        echo "addons_path = $REPO,$ODOO_SRC/addons"
        echo "data_dir = $STATE/data"
        echo "db_host = ${PGHOST:-False}"
        echo "db_port = ${PGPORT:-False}"
        echo "db_user = ${PGUSER:-False}"
        [ -z "${PGPASSWORD:-}" ] || echo "db_password = $PGPASSWORD"
        echo "db_name = $db"
        echo "dbfilter = ^$db\$"
        echo "list_db = False"
        echo "http_interface = 127.0.0.1"
        printf '%s\n' "$@"
    } >"$file"
}

# addon_tests_dir NAME: the tests/ folder of an addon installed in the virtualenv
addon_tests_dir() {
    "$PY" -c 'import importlib.util, os, sys
spec = importlib.util.find_spec("odoo.addons." + sys.argv[1])
print(os.path.join(spec.submodule_search_locations[0], "tests"))' "$1"
}

odoo_bin() {
    "$PY" "$ODOO_SRC/odoo-bin" "$@"
}
