"""One measurement of the case creation and stage change, for setup/bench_compare.

setup/bench_compare runs this script in three databases (the base helpdesk_mgmt,
OCA helpdesk_mgmt_sla, this suite), round after round, and prints the figures
side by side; alone: setup/bench tests/benchmarks/bench_create_compare.py [N] [BATCH].

Measures, on N cases (default 1,000) created in batches of BATCH (default 500),
all rolled back at the end (the database does not grow between rounds):
- create in the default context (chatter creation log, tracking);
- create in the import context (tracking_disable, mail_create_nolog,
  mail_create_nosubscribe, mail_notrack);
- stage change of the N cases (one write per batch, tracked).
The cases carry a customer and no team (so the base helpdesk's team follower
notifications do not dominate). A warm-up batch runs first, rolled back too.
Prints one JSON line: {"create": [cases/s, queries/case], ...}.
"""

import json
import time

from odoo import sql_db

env = env  # noqa: F821,PLW0127 (globals given by setup/bench)
args = args  # noqa: F821,PLW0127
N = int(args[0]) if args else 1000
BATCH = int(args[1]) if len(args) > 1 else 500
IMPORT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}

Ticket = env["helpdesk.ticket"]


def wall_clock():
    return time.perf_counter()


def stages():
    new = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
    progress = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
    return new, progress


def partners():
    found = env["res.partner"].search([("name", "like", "Bench compare customer %")], order="id")
    if len(found) < 10:
        found |= env["res.partner"].create(
            [
                {"name": f"Bench compare customer {i}", "email": f"bench{i}@example.com"}
                for i in range(10 - len(found))
            ]
        )
        env.cr.commit()
    return found


def vals_list(count, offset, stage, customers):
    return [
        {
            "name": f"Bench compare case {offset + i}",
            "description": "<p>The kettle arrived broken.</p>",
            "stage_id": stage.id,
            "partner_id": customers[(offset + i) % len(customers)].id,
        }
        for i in range(count)
    ]


def measure(function):
    env.flush_all()
    env.invalidate_all()
    queries = sql_db.sql_counter
    started = wall_clock()
    result = function()
    env.flush_all()
    elapsed = wall_clock() - started
    return result, elapsed, sql_db.sql_counter - queries


def create(model, stage, customers):
    def run():
        ids = []
        for offset in range(0, N, BATCH):
            ids += model.create(vals_list(min(BATCH, N - offset), offset, stage, customers)).ids
            env.flush_all()
            env.invalidate_all()
        return ids

    return run


def main():
    new, progress = stages()
    customers = partners()
    # warm-up: the caches of a fresh registry
    Ticket.create(vals_list(min(BATCH, 50), 0, new, customers))
    env.flush_all()
    env.cr.rollback()
    env.invalidate_all()
    figures = {}
    ids, elapsed, queries = measure(create(Ticket, new, customers))
    figures["create"] = [N / elapsed, queries / N]

    def move():
        for offset in range(0, N, BATCH):
            Ticket.browse(ids[offset : offset + BATCH]).write({"stage_id": progress.id})
            env.flush_all()
            env.invalidate_all()

    _result, elapsed, queries = measure(move)
    figures["stage"] = [N / elapsed, queries / N]
    env.cr.rollback()
    env.invalidate_all()
    _ids, elapsed, queries = measure(create(Ticket.with_context(**IMPORT), new, customers))
    figures["import"] = [N / elapsed, queries / N]
    env.cr.rollback()
    env.invalidate_all()
    print("BENCH " + json.dumps(figures))


main()
