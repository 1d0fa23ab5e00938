"""Loads the Odoo registry of a database and runs a benchmark script in it.

Usage: bench_runner.py ODOO_CONF DBNAME SCRIPT [ARGS...] (see setup/bench).
"""

import contextlib
import runpy
import sys

import psycopg2

import odoo.api
import odoo.modules.registry
import odoo.sql_db
import odoo.tools


def vacuum_analyze(dbname):
    """VACUUM (ANALYZE) the whole database, as autovacuum leaves a production one: for
    the scripts to call between measurements, outside the timings, after deleting what
    the previous measurement made. It cannot run in a transaction: its own connection."""
    _name, connection_info = odoo.sql_db.connection_info_for(dbname)
    with contextlib.closing(psycopg2.connect(**connection_info)) as connection:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")


def main(conf, dbname, script, *args):
    odoo.tools.config.parse_config(["-c", conf, "-d", dbname])
    registry = odoo.modules.registry.Registry(dbname)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        runpy.run_path(
            script,
            init_globals={
                "env": env,
                "registry": registry,
                "args": list(args),
                "vacuum": lambda: vacuum_analyze(dbname),
            },
            run_name="__main__",
        )


if __name__ == "__main__":
    main(*sys.argv[1:])
