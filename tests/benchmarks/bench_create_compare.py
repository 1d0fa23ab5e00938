"""One measurement of the case creation and stage change, for setup/bench_compare.

setup/bench_compare runs this script in four databases (the base helpdesk_mgmt,
OCA helpdesk_mgmt_sla, helpdesk_mgmt with the apps the suite builds on, this
suite), round after round, and prints the figures side by side; alone:
setup/bench tests/benchmarks/bench_create_compare.py [N] [BATCH].

Measures, on N cases (default 1,000) created in batches of BATCH (default 500):
- create in the default context (chatter creation log, tracking);
- stage change of those N cases (one write per batch), tracked;
- create in the import context (tracking_disable, mail_create_nolog,
  mail_create_nosubscribe, mail_notrack);
- stage change of those N cases in the import context (no tracking).
The created cases are committed before they are moved, as agents move cases that
earlier requests created: PostgreSQL re-checks every foreign key of a row updated
by the transaction that inserted it, changed or not, which a move of committed
cases does not pay (about 25 us per case on the bare helpdesk, more with more
many2one columns). The move is rolled back and the cases are deleted afterwards,
so the cases do not pile up between rounds. The database is then vacuumed and analyzed,
and once before the first measurement, outside the timings, as autovacuum leaves a
production database. Without it, two leftovers of the earlier measurements weighed on
the next one, the more so the more rows a database's cases write (the suite's clocks):
- the deleted and rolled-back rows, which autovacuum cleaned up while the next
  measurement ran, on the same cores;
- statistics that autoanalyze took of a table emptied by the deletion: the planner
  then expects one case where there are thousands and moves them with a sequential
  scan of the whole table per hundred cases (10x slower stage changes, seen in 3 of
  30 rounds in the suite's database without the ANALYZE, in none of 11 with it).
Each batch ends as a request's commit does, short of the COMMIT itself: the
flush and the pre-commit hooks, where the chatter writes the tracking messages
and checks the stages' email templates. Without them a tracked stage change
would cost what an untracked one does.
The cases carry a customer and no team (so the base helpdesk's team follower
notifications do not dominate). A warm-up batch runs first, rolled back too.
Prints one JSON line: {"create": [cases/s, queries/case], ...}.
"""

import json
import time

from odoo import sql_db

env = env  # noqa: F821,PLW0127 (globals given by setup/bench)
args = args  # noqa: F821,PLW0127
vacuum = vacuum  # noqa: F821,PLW0127
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


def end_of_request():
    """What committing a request runs before COMMIT: the flush, then the pre-commit hooks
    (tracking messages, the stages' email templates)."""
    env.cr.flush()


def measure(function):
    end_of_request()
    env.invalidate_all()
    queries = sql_db.sql_counter
    started = wall_clock()
    result = function()
    end_of_request()
    elapsed = wall_clock() - started
    return result, elapsed, sql_db.sql_counter - queries


def create(model, stage, customers):
    def run():
        ids = []
        for offset in range(0, N, BATCH):
            ids += model.create(vals_list(min(BATCH, N - offset), offset, stage, customers)).ids
            end_of_request()
            env.invalidate_all()
        return ids

    return run


def move(model, ids, stage):
    def run():
        for offset in range(0, N, BATCH):
            model.browse(ids[offset : offset + BATCH]).write({"stage_id": stage.id})
            end_of_request()
            env.invalidate_all()

    return run


def remove(ids):
    """Delete the committed cases of a measurement (their chatter, followers and
    clocks go with them)."""
    env.cr.rollback()
    env.invalidate_all()
    Ticket.browse(ids).unlink()
    env.cr.commit()
    env.invalidate_all()


def main():
    new, progress = stages()
    customers = partners()
    # warm-up: the caches of a fresh registry
    Ticket.create(vals_list(min(BATCH, 50), 0, new, customers))
    end_of_request()
    env.cr.rollback()
    env.invalidate_all()
    vacuum()
    figures = {}
    contexts = (
        ("create", "stage", Ticket),
        ("import", "stage_import", Ticket.with_context(**IMPORT)),
    )
    for create_key, stage_key, model in contexts:
        ids, elapsed, queries = measure(create(model, new, customers))
        figures[create_key] = [N / elapsed, queries / N]
        env.cr.commit()
        try:
            _result, elapsed, queries = measure(move(model, ids, progress))
            figures[stage_key] = [N / elapsed, queries / N]
            env.cr.rollback()
        finally:
            remove(ids)
            vacuum()
    print("BENCH " + json.dumps(figures))


main()
