"""Receipt scanning benchmark: server time and queries per product scan.

setup/bench tests/benchmarks/bench_scan.py [RETURNS] [SCANS]

Generates RETURNS (default 100,000) approved return authorizations once, set-based
(INSERT ... SELECT generate_series), then creates one return of 50 lines by hand (products
with barcodes, a receipt) and times SCANS (default 200) product scans on it through the
scan handler, each in a fresh cache as in a request. Prints ms and queries per scan.
"""

import time

from odoo import Command, sql_db
from odoo.tools import SQL

args = args  # noqa: F821,PLW0127 (globals given by setup/bench)
env = env  # noqa: F821,PLW0127
n_returns = int(args[0]) if args else 100_000
n_scans = int(args[1]) if len(args) > 1 else 200

partner = env["res.partner"].create({"name": "Bench scan customer"})
env.cr.execute(SQL("SELECT COUNT(*) FROM aftersales_return WHERE name LIKE 'BENCH-RA-%%'"))
have = env.cr.fetchone()[0]
if have < n_returns:
    env.cr.execute(
        SQL(
            """INSERT INTO aftersales_return (name, company_id, state, partner_id, outcome,
               date_request, tracking_ref, create_date, write_date)
           SELECT 'BENCH-RA-' || g, %s, 'approved', %s, 'refund', now(), 'BTRK' || g,
                  now(), now()
             FROM generate_series(%s, %s) g""",
            env.company.id,
            partner.id,
            have + 1,
            n_returns,
        )
    )
    env.cr.commit()
env.cr.execute(SQL("SELECT COUNT(*) FROM aftersales_return"))
print(f"return authorizations in the database: {env.cr.fetchone()[0]}")

products = env["product.product"].create(
    [
        {
            "name": f"Bench part {i}",
            "barcode": f"BENCHPART-{i:03d}-{time.time_ns()}",
            "is_storable": True,
            "lst_price": 0.01,
        }
        for i in range(50)
    ]
)
ra = env["aftersales.return"].create(
    {
        "partner_id": partner.id,
        "line_ids": [Command.create({"product_id": p.id, "quantity": 10}) for p in products],
    }
)
ra.action_submit()
assert ra.state == "approved", ra.state
env.cr.commit()
scans = env["aftersales.return.scan"]
timings, counts = [], []
for i in range(n_scans):
    env.invalidate_all()
    before = sql_db.sql_counter
    started = time.perf_counter()
    result = scans.scan(ra.id, products[i % 50].barcode)
    env.flush_all()
    timings.append((time.perf_counter() - started) * 1000)
    counts.append(sql_db.sql_counter - before)
    assert result["status"] == "ok", result
env.cr.rollback()
timings.sort()
print(
    f"product scan on a 50-line return ({n_scans} scans): "
    f"median {timings[len(timings) // 2]:.1f} ms, p95 {timings[int(len(timings) * 0.95)]:.1f} ms, "
    f"max {timings[-1]:.1f} ms; queries per scan: min {min(counts)}, max {max(counts)}"
)
