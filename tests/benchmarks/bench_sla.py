"""SLA engine benchmark: batch creation, stage changes, escalation passes.

setup/bench tests/benchmarks/bench_sla.py [N] [BATCH] [REPEAT]

Creates N cases (default 2,000) in batches of BATCH (default 1,000) with six
active SLA policies and prints cases/s and queries/case, the same for the base
helpdesk without the SLA engine (first batch size of cases, rolled back), stage
changes/s (with and without chatter tracking, on at most 10,000 cases; above
that many the creation skips the chatter's creation log), and two escalation passes over
the N open cases: an idle one (nothing due) and one where a quarter of the cases
(very high priority, 2 h acknowledgement) are escalated. Cases carry no team
and no assignee, like bench_smoke's, so the base helpdesk's follower
notifications do not dominate the figures: their timers count in the company's
working hours and their escalation notices are chatter notes (no one to give
an activity to). Clock frozen on a Monday
so deadlines are reproducible; the cases are deleted at the end.

The escalating pass is measured REPEAT times (default 1): between two passes
the escalation is undone exactly (timers, case status, priority and team as
they were, the notes, activities and followers it added deleted), so each pass
does the same work. With AFTERSALES_BENCH_KEEP=1 the cases are kept at the end
and a next run with the same N reuses them (the creation is then not
measured), which spares the creation of 100,000 cases per
measurement.
"""

import os
from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo import sql_db

env = env  # noqa: F821,PLW0127 (globals given by setup/bench)
args = args  # noqa: F821,PLW0127
N = int(args[0]) if args else 2000
BATCH = int(args[1]) if len(args) > 1 else 1000
REPEAT = int(args[2]) if len(args) > 2 else 1
KEEP = bool(os.environ.get("AFTERSALES_BENCH_KEEP"))
PREFIX = "Bench SLA case"
LARGE = 10000  # stage changes are timed on at most this many cases
MONDAY_8 = datetime(2026, 3, 2, 8, 0)

Ticket = env["helpdesk.ticket"]


def wall_clock():
    """Elapsed real time: freezegun fakes the time module, not os.times()."""
    return os.times().elapsed


Timer = env["aftersales.sla.timer"]


def cleanup():
    env.cr.execute(
        "DELETE FROM mail_activity WHERE res_model = 'helpdesk.ticket' AND res_id IN "
        "(SELECT id FROM helpdesk_ticket WHERE name LIKE %s)",
        [PREFIX + "%"],
    )
    env.cr.execute(
        "DELETE FROM mail_message WHERE model = 'helpdesk.ticket' AND res_id IN "
        "(SELECT id FROM helpdesk_ticket WHERE name LIKE %s)",
        [PREFIX + "%"],
    )
    env.cr.execute(
        "DELETE FROM mail_followers WHERE res_model = 'helpdesk.ticket' AND res_id IN "
        "(SELECT id FROM helpdesk_ticket WHERE name LIKE %s)",
        [PREFIX + "%"],
    )
    env.cr.execute("DELETE FROM helpdesk_ticket WHERE name LIKE %s", [PREFIX + "%"])
    env.cr.commit()
    env.invalidate_all()


def snapshot():
    """Remember what an escalation pass changes, to undo it with restore()."""
    env.flush_all()
    env.cr.execute(
        "CREATE TEMP TABLE IF NOT EXISTS bench_sla_tickets AS"
        " SELECT id, aftersales_sla_status, priority, team_id FROM helpdesk_ticket WITH NO DATA"
    )
    env.cr.execute(
        "CREATE TEMP TABLE IF NOT EXISTS bench_sla_timers AS"
        " SELECT id, status, escalation_level FROM aftersales_sla_timer WITH NO DATA"
    )
    env.cr.execute("TRUNCATE bench_sla_tickets, bench_sla_timers")
    env.cr.execute(
        "INSERT INTO bench_sla_tickets SELECT id, aftersales_sla_status, priority, team_id"
        " FROM helpdesk_ticket WHERE name LIKE %s",
        [PREFIX + "%"],
    )
    env.cr.execute(
        "INSERT INTO bench_sla_timers SELECT t.id, t.status, t.escalation_level"
        " FROM aftersales_sla_timer t JOIN bench_sla_tickets c ON c.id = t.ticket_id"
    )
    marks = {}
    for table in ("mail_message", "mail_activity", "mail_followers"):
        env.cr.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        marks[table] = env.cr.fetchone()[0]
    env.cr.commit()
    return marks


def restore(marks):
    """Undo an escalation pass on the bench cases (see snapshot())."""
    for table in ("mail_message", "mail_activity", "mail_followers"):
        env.cr.execute(
            f"DELETE FROM {table} WHERE id > %s AND res_model = 'helpdesk.ticket'"  # noqa: S608
            " AND res_id IN (SELECT id FROM bench_sla_tickets)"
            if table != "mail_message"
            else f"DELETE FROM {table} WHERE id > %s AND model = 'helpdesk.ticket'"  # noqa: S608
            " AND res_id IN (SELECT id FROM bench_sla_tickets)",
            [marks[table]],
        )
    env.cr.execute(
        "UPDATE aftersales_sla_timer t SET status = s.status,"
        " escalation_level = s.escalation_level FROM bench_sla_timers s"
        " WHERE s.id = t.id AND (t.status, t.escalation_level)"
        " IS DISTINCT FROM (s.status, s.escalation_level)"
    )
    env.cr.execute(
        "UPDATE helpdesk_ticket t SET aftersales_sla_status = s.aftersales_sla_status,"
        " priority = s.priority, team_id = s.team_id FROM bench_sla_tickets s WHERE s.id = t.id"
        " AND (t.aftersales_sla_status, t.priority, t.team_id)"
        " IS DISTINCT FROM (s.aftersales_sla_status, s.priority, s.team_id)"
    )
    env.cr.commit()
    env.invalidate_all()


def setup_data():
    Policy = env["aftersales.sla.policy"].with_context(active_test=False)
    policies = Policy.search([("active", "=", True)])
    extra = [
        {
            "name": "Bench repairs",
            "sequence": 30,
            "case_kind": "repair",
            "resolution_hours": 60,
            "ack_hours": 8,
        },
        {
            "name": "Bench key accounts",
            "sequence": 40,
            "customer_tier": "key",
            "resolution_hours": 16,
            "ack_hours": 2,
        },
        {
            "name": "Bench logistics",
            "sequence": 50,
            "case_kind": "logistics",
            "resolution_hours": 24,
            "response_hours": 8,
        },
    ]
    for vals in extra:
        if len(policies) >= 6:
            break
        existing = Policy.search([("name", "=", vals["name"])], limit=1)
        policy = existing or Policy.create(vals)
        policy.active = True
        policies |= policy
    stage_new = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
    stage_progress = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
    env.cr.commit()
    return stage_new, stage_progress, len(policies)


def case_vals(stage, count, offset=0):
    kinds = ["complaint", "inquiry", "repair", "logistics"]
    return [
        {
            "name": f"{PREFIX} {offset + i}",
            "description": "<p>generated</p>",
            "stage_id": stage.id,
            "priority": str(i % 4),
            "aftersales_case_kind": kinds[(i // 4) % 4],
        }
        for i in range(count)
    ]


def create(stage, total, batch, model=Ticket):
    queries = sql_db.sql_counter
    started = wall_clock()
    ids = []
    for offset in range(0, total, batch):
        size = min(batch, total - offset)
        ids += model.create(case_vals(stage, size, offset)).ids
        env.flush_all()
        env.invalidate_all()
    elapsed = wall_clock() - started
    return ids, elapsed, sql_db.sql_counter - queries


def main():
    env.cr.execute("SELECT id FROM helpdesk_ticket WHERE name LIKE %s ORDER BY id", [PREFIX + "%"])
    ids = [row[0] for row in env.cr.fetchall()]
    reuse = KEEP and len(ids) == N
    if not reuse:
        cleanup()
    stage_new, stage_progress, policy_count = setup_data()
    print(f"SLA benchmark: N={N}, batch={BATCH}, {policy_count} active policies")
    if reuse:
        print(f"  reusing the {N} cases kept by the last run (AFTERSALES_BENCH_KEEP)")
    else:
        ids = create_cases(stage_new)
    move(ids, stage_new, stage_progress)
    escalate()
    if not KEEP:
        cleanup()


def create_cases(stage_new):
    with freeze_time(MONDAY_8):
        # the base helpdesk alone, for comparison on this machine
        base_n = min(N, BATCH)
        with patch.object(type(Ticket), "_aftersales_sla_start", lambda tickets: None):
            _ids, elapsed, queries = create(stage_new, base_n, BATCH)
        env.cr.rollback()
        env.invalidate_all()
        print(
            f"  base helpdesk create (no SLA engine), {base_n} cases: "
            f"{base_n / elapsed:.0f} cases/s, {queries / base_n:.2f} queries/case"
        )

        # above LARGE cases, the chatter's creation log is left out (the data
        # is generated for the escalation pass; the SLA engine runs the same)
        model = Ticket.with_context(mail_create_nolog=True) if N > LARGE else Ticket
        ids, elapsed, queries = create(stage_new, N, BATCH, model)
        env.cr.commit()
        timers = Timer.search_count([("ticket_id", "in", ids)])
        note = " (mail_create_nolog)" if N > LARGE else ""
        print(
            f"  create with SLA{note}, {N} cases ({timers} timers): {elapsed:.1f} s, "
            f"{N / elapsed:.0f} cases/s, {queries / N:.2f} queries/case"
        )
    return ids


def move(ids, stage_new, stage_progress):
    moved = ids[:LARGE]
    for label, ctx in (("tracked", {}), ("tracking off", {"tracking_disable": True})):
        target = stage_progress if label == "tracked" else stage_new
        with freeze_time(datetime(2026, 3, 2, 8, 10)):
            queries = sql_db.sql_counter
            started = wall_clock()
            for offset in range(0, len(moved), BATCH):
                Ticket.browse(moved[offset : offset + BATCH]).with_context(**ctx).write(
                    {"stage_id": target.id}
                )
                env.flush_all()
                env.invalidate_all()
            elapsed = wall_clock() - started
            queries = sql_db.sql_counter - queries
        env.cr.commit()
        print(
            f"  stage change ({label}), {len(moved)} cases: {elapsed:.1f} s, "
            f"{len(moved) / elapsed:.0f} changes/s, {queries / len(moved):.2f} queries/case"
        )


def escalate():
    batches = []
    real_commit = type(env["ir.cron"])._commit_progress

    def counting_commit(cron, processed=0, remaining=None, deactivate=False):
        batches.append(processed)
        return real_commit(cron, processed, remaining=remaining, deactivate=deactivate)

    marks = snapshot()
    passes = [("idle, nothing due", datetime(2026, 3, 2, 8, 30))]
    passes += [("a quarter of the cases escalated", datetime(2026, 3, 2, 10, 0))] * REPEAT
    for number, (label, moment) in enumerate(passes):
        if number > 1:
            restore(marks)
        batches.clear()
        with (
            freeze_time(moment),
            patch.object(type(env["ir.cron"]), "_commit_progress", counting_commit),
        ):
            started = wall_clock()
            processed = Timer._cron_escalate()
            elapsed = wall_clock() - started
        print(
            f"  escalation pass over {N} open cases ({label}): {elapsed:.2f} s, "
            f"{processed} timers escalated in {len([b for b in batches if b])} batches"
        )
    if KEEP:
        # the kept cases are left as before the escalating pass, for the next run
        restore(marks)


main()
