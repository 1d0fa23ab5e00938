"""Loads the Odoo registry of a database and runs a benchmark script in it.

Usage: bench_runner.py ODOO_CONF DBNAME SCRIPT [ARGS...] (see setup/bench).
"""

import runpy
import sys

import odoo.api
import odoo.modules.registry
import odoo.tools


def main(conf, dbname, script, *args):
    odoo.tools.config.parse_config(["-c", conf, "-d", dbname])
    registry = odoo.modules.registry.Registry(dbname)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        runpy.run_path(
            script,
            init_globals={"env": env, "registry": registry, "args": list(args)},
            run_name="__main__",
        )


if __name__ == "__main__":
    main(*sys.argv[1:])
