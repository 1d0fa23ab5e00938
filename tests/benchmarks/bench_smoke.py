"""Smallest benchmark: times a batch of case creations (setup/bench example).

setup/bench tests/benchmarks/bench_smoke.py [N]
"""

import time

from odoo import sql_db

n = int(args[0]) if args else 500  # noqa: F821 (globals given by setup/bench)
env = env  # noqa: F821,PLW0127

vals = [{"name": f"Bench case {i}", "description": "generated"} for i in range(n)]
queries_before = sql_db.sql_counter
started = time.perf_counter()
env["helpdesk.ticket"].create(vals)
env.flush_all()
elapsed = time.perf_counter() - started
queries = sql_db.sql_counter - queries_before
env.cr.rollback()
print(
    f"create {n} cases: {elapsed:.2f} s, {n / elapsed:.0f} cases/s, {queries / n:.2f} queries/case"
)
