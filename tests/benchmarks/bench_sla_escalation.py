"""SLA escalation at volume: N breach notices, a note and an activity each.

setup/bench tests/benchmarks/bench_sla_escalation.py [N] [REPEAT] [PROFILE] [WORKERS]

Creates N cases (default 25,000; without the chatter's creation log, so the
creation is quicker) assigned to an agent, who follows them as on any case
assigned at its creation, all of very high priority (2 h acknowledgement), on a
frozen Monday 08:00, then runs the escalation cron at 10:30: every case gets
one note (its breached and at-risk targets) and one activity for its
assignee. The pass is measured REPEAT times (default 3), undone exactly
between two passes (timers, case status, priority and team as they were; the
notes, activities and followers it added deleted), and the database vacuumed
and analyzed before each pass, outside the timings: otherwise autovacuum cleans
up the 50,000 deleted notes and activities and the 100,000 rewritten rows of
the undoing while the next pass runs, on the same cores. PROFILE=1 prints the 25
heaviest functions of the last pass (cProfile).

WORKERS > 1 runs each pass in that many Odoo processes at once, each running
the escalation as a cron worker (or a job runner) does: the batches are
claimed with SKIP LOCKED, so the workers share them out. The figure is the
wall time from the start signal to the end of the last worker.

When the database server runs on this machine and its data directory is
readable (the embedded cluster of setup/bench, whose user may read the
data_directory setting), each pass also prints the CPU time the whole cluster
spent during it (its background work, autovacuum included) and the floor that
Odoo's and PostgreSQL's CPU put on the wall time with this machine's cores.

The cases are kept (AFTERSALES_BENCH_KEEP semantics are the default here: a
next run with the same N reuses them); AFTERSALES_BENCH_CLEAN=1 deletes them
at the end.
"""

import cProfile
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from unittest.mock import patch

import psycopg2
from freezegun import freeze_time

from odoo import sql_db

env = env  # noqa: F821,PLW0127 (globals given by setup/bench)
args = args  # noqa: F821,PLW0127
vacuum = vacuum  # noqa: F821,PLW0127
WORKER = bool(args) and args[0] == "--worker"
N = int(args[0]) if args and not WORKER else 25000
REPEAT = int(args[1]) if len(args) > 1 and not WORKER else 3
PROFILE = len(args) > 2 and args[2] == "1"
WORKERS = int(args[3]) if len(args) > 3 else 1
PREFIX = "Bench escalation case"
MONDAY_8 = datetime(2026, 3, 2, 8, 0)
MONDAY_10_30 = datetime(2026, 3, 2, 10, 30)
BATCH = 1000

Ticket = env["helpdesk.ticket"]
Timer = env["aftersales.sla.timer"]


def wall_clock():
    """Elapsed real time: freezegun fakes the time module, not os.times()."""
    return os.times().elapsed


def cpu_time():
    """CPU time of this (Odoo) process: less sensitive to the machine's load than the
    wall clock, PostgreSQL's own work left out."""
    times = os.times()
    return times.user + times.system


def postgres_pid_file():
    """The cluster's postmaster.pid, read once: a query in the middle of a pass would
    hold a snapshot over the workers' commits."""
    try:
        env.cr.execute("SELECT current_setting('data_directory')")
        return os.path.join(env.cr.fetchone()[0], "postmaster.pid")
    except psycopg2.Error:
        return None
    finally:
        env.cr.rollback()


def postgres_cpu(pid_file):
    """CPU seconds the PostgreSQL cluster has used so far (its postmaster, the
    backends it has reaped and the live ones), or None when it cannot be read."""
    if not pid_file:
        return None
    try:
        with open(pid_file) as lines:
            postmaster = int(lines.readline())
        with open(f"/proc/{postmaster}/task/{postmaster}/children") as children:
            pids = [int(pid) for pid in children.read().split()]
        ticks = 0
        for pid in [postmaster, *pids]:
            with open(f"/proc/{pid}/stat") as stat:
                # after the command's closing parenthesis: utime, stime, cutime, cstime
                times = stat.read().rsplit(")", 1)[1].split()[11:15]
            # reaped children count only for the postmaster: backends fork none
            # (parallel workers are the postmaster's children too)
            ticks += sum(map(int, times if pid == postmaster else times[:2]))
    except (OSError, ValueError):
        return None
    return ticks / os.sysconf("SC_CLK_TCK")


def cpu_floor(odoo_cpu, pid_file, postgres_start):
    """What the pass's CPU puts under its wall time, for the report line."""
    postgres_end = postgres_cpu(pid_file)
    if postgres_start is None or postgres_end is None:
        return ""
    database = postgres_end - postgres_start
    cores = os.cpu_count()
    return (
        f"; PostgreSQL {database:.2f} s CPU: with Odoo's, a floor of"
        f" {(odoo_cpu + database) / cores:.2f} s on {cores} cores"
    )


def bench_ticket_ids():
    env.cr.execute("SELECT id FROM helpdesk_ticket WHERE name LIKE %s ORDER BY id", [PREFIX + "%"])
    return [row[0] for row in env.cr.fetchall()]


def cleanup():
    for table, model_column in (
        ("mail_activity", "res_model"),
        ("mail_message", "model"),
        ("mail_followers", "res_model"),
    ):
        env.cr.execute(
            f"DELETE FROM {table} WHERE {model_column} = 'helpdesk.ticket' AND res_id IN "  # noqa: S608
            "(SELECT id FROM helpdesk_ticket WHERE name LIKE %s)",
            [PREFIX + "%"],
        )
    env.cr.execute("DELETE FROM helpdesk_ticket WHERE name LIKE %s", [PREFIX + "%"])
    env.cr.commit()
    env.invalidate_all()


def agent():
    user = env["res.users"].search([("login", "=", "bench_escalation_agent")], limit=1)
    if not user:
        user = env["res.users"].create(
            {
                "name": "Bench Escalation Agent",
                "login": "bench_escalation_agent",
                "group_ids": [(6, 0, env.ref("aftersales_flow.group_aftersales_user").ids)],
            }
        )
    return user


def create_cases(user):
    stage = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
    # the assignee follows the case (auto-subscription of the creation), as in real use
    model = Ticket.with_context(mail_create_nolog=True)
    started = wall_clock()
    with freeze_time(MONDAY_8):
        for offset in range(0, N, BATCH):
            size = min(BATCH, N - offset)
            model.create(
                [
                    {
                        "name": f"{PREFIX} {offset + i}",
                        "description": "<p>generated</p>",
                        "stage_id": stage.id,
                        "priority": "3",
                        "user_id": user.id,
                    }
                    for i in range(size)
                ]
            )
            env.flush_all()
            env.cr.commit()
            env.invalidate_all()
    print(f"  {N} cases created in {wall_clock() - started:.0f} s")


def snapshot():
    env.flush_all()
    env.cr.execute(
        "CREATE TEMP TABLE IF NOT EXISTS bench_esc_tickets AS"
        " SELECT id, aftersales_sla_status, priority, team_id FROM helpdesk_ticket WITH NO DATA"
    )
    env.cr.execute(
        "CREATE TEMP TABLE IF NOT EXISTS bench_esc_timers AS"
        " SELECT id, status, escalation_level FROM aftersales_sla_timer WITH NO DATA"
    )
    env.cr.execute("TRUNCATE bench_esc_tickets, bench_esc_timers")
    env.cr.execute(
        "INSERT INTO bench_esc_tickets SELECT id, aftersales_sla_status, priority, team_id"
        " FROM helpdesk_ticket WHERE name LIKE %s",
        [PREFIX + "%"],
    )
    env.cr.execute(
        "INSERT INTO bench_esc_timers SELECT t.id, t.status, t.escalation_level"
        " FROM aftersales_sla_timer t JOIN bench_esc_tickets c ON c.id = t.ticket_id"
    )
    marks = {}
    for table in ("mail_message", "mail_activity", "mail_followers"):
        env.cr.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        marks[table] = env.cr.fetchone()[0]
    env.cr.commit()
    return marks


def restore(marks):
    for table, model_column in (
        ("mail_message", "model"),
        ("mail_activity", "res_model"),
        ("mail_followers", "res_model"),
    ):
        env.cr.execute(
            f"DELETE FROM {table} WHERE id > %s AND {model_column} = 'helpdesk.ticket'"  # noqa: S608
            " AND res_id IN (SELECT id FROM bench_esc_tickets)",
            [marks[table]],
        )
    env.cr.execute(
        "UPDATE aftersales_sla_timer t SET status = s.status,"
        " escalation_level = s.escalation_level FROM bench_esc_timers s WHERE s.id = t.id"
    )
    env.cr.execute(
        "UPDATE helpdesk_ticket t SET aftersales_sla_status = s.aftersales_sla_status,"
        " priority = s.priority, team_id = s.team_id FROM bench_esc_tickets s WHERE s.id = t.id"
    )
    env.cr.commit()
    env.invalidate_all()


def count_notices():
    """(notes, activities) the escalation left on the benchmark's cases."""
    ids = bench_ticket_ids()
    env.cr.execute(
        "SELECT COUNT(*) FROM mail_activity WHERE res_model = 'helpdesk.ticket'"
        " AND res_id = ANY(%s)",
        [ids],
    )
    activities = env.cr.fetchone()[0]
    env.cr.execute(
        "SELECT COUNT(*) FROM mail_message WHERE model = 'helpdesk.ticket'"
        " AND res_id = ANY(%s) AND body LIKE %s",
        [ids, "%Service level%"],
    )
    return env.cr.fetchone()[0], activities


def escalate_pass(profile=None):
    batches = []
    real_commit = type(env["ir.cron"])._commit_progress

    def counting_commit(cron, processed=0, remaining=None, deactivate=False):
        batches.append(processed)
        return real_commit(cron, processed, remaining=remaining, deactivate=deactivate)

    with (
        freeze_time(MONDAY_10_30),
        patch.object(type(env["ir.cron"]), "_commit_progress", counting_commit),
    ):
        queries = sql_db.sql_counter
        started = wall_clock()
        cpu = cpu_time()
        if profile:
            profile.enable()
        # the whole backlog in this pass: with the background-jobs bridge the batches
        # after the first would otherwise be queued as jobs, not measured here
        processed = Timer.with_context(queue_job__no_delay=True)._cron_escalate()
        if profile:
            profile.disable()
        elapsed = wall_clock() - started
        cpu = cpu_time() - cpu
        queries = sql_db.sql_counter - queries
    notes, activities = count_notices()
    return elapsed, cpu, processed, notes, activities, queries, len([b for b in batches if b])


def worker(signal):
    """One worker process: wait for the start signal, escalate what it can claim."""
    with open(f"{signal}.ready.{os.getpid()}", "w"):
        pass
    while not os.path.exists(signal):
        time.sleep(0.005)
    with freeze_time(MONDAY_10_30):
        started = wall_clock()
        cpu = cpu_time()
        processed = Timer.with_context(queue_job__no_delay=True)._cron_escalate()
        print(
            "WORKER "
            + json.dumps(
                {"start": started, "end": wall_clock(), "cpu": cpu_time() - cpu, "done": processed}
            )
        )


def escalate_parallel():
    """The pass in WORKERS processes started together; the wall time of the whole."""
    # the arguments of setup/bench_runner.py (runpy put this script in argv[0])
    runner = os.path.join(os.path.dirname(__file__), "..", "..", "setup", "bench_runner.py")
    conf, dbname = sys.argv[1:3]
    with tempfile.TemporaryDirectory() as folder:
        signal = os.path.join(folder, "go")
        processes = [
            subprocess.Popen(
                [sys.executable, runner, conf, dbname, __file__, "--worker", signal],
                stdout=subprocess.PIPE,
                text=True,
            )
            for _number in range(WORKERS)
        ]
        while len([name for name in os.listdir(folder) if ".ready." in name]) < WORKERS:
            if any(process.poll() is not None for process in processes):
                raise RuntimeError("a worker stopped before the start")
            time.sleep(0.05)
        started = wall_clock()
        with open(signal, "w"):
            pass
        reports = []
        for process in processes:
            output, _errors = process.communicate()
            if process.returncode:
                raise RuntimeError("a worker failed")
            reports += [
                json.loads(line[len("WORKER ") :])
                for line in output.splitlines()
                if line.startswith("WORKER ")
            ]
    elapsed = max(report["end"] for report in reports) - started
    cpu = sum(report["cpu"] for report in reports)
    processed = sum(report["done"] for report in reports)
    env.invalidate_all()
    notes, activities = count_notices()
    split = "+".join(str(report["done"]) for report in reports)
    return elapsed, cpu, processed, notes, activities, split


def main():
    user = agent()
    env.cr.commit()
    ids = bench_ticket_ids()
    followed = False
    if ids:
        env.cr.execute(
            "SELECT 1 FROM mail_followers WHERE res_model = 'helpdesk.ticket' AND res_id = %s"
            " AND partner_id = %s",
            [ids[0], user.partner_id.id],
        )
        followed = bool(env.cr.fetchone())
    if len(ids) != N or not followed:
        cleanup()
        create_cases(user)
    print(f"SLA escalation at volume: {N} cases of an agent, all breaching at once")
    marks = snapshot()
    pid_file = postgres_pid_file()
    profile = None
    for number in range(REPEAT):
        if number:
            restore(marks)
        vacuum()
        if PROFILE and number == REPEAT - 1:
            profile = cProfile.Profile()
        postgres_start = postgres_cpu(pid_file)
        if WORKERS > 1:
            elapsed, cpu, processed, notes, activities, split = escalate_parallel()
            print(
                f"  pass {number + 1}: {elapsed:.2f} s in {WORKERS} workers"
                f" ({cpu:.2f} s CPU of Odoo in all), {processed} timers ({split}),"
                f" {notes} notes, {activities} activities, {notes / elapsed:.0f} notices/s"
                + cpu_floor(cpu, pid_file, postgres_start)
            )
            continue
        elapsed, cpu, processed, notes, activities, queries, batches = escalate_pass(profile)
        print(
            f"  pass {number + 1}: {elapsed:.2f} s ({cpu:.2f} s CPU of Odoo),"
            f" {processed} timers in {batches} batches,"
            f" {notes} notes, {activities} activities, {queries} queries,"
            f" {notes / elapsed:.0f} notices/s" + cpu_floor(cpu, pid_file, postgres_start)
        )
    restore(marks)
    if profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    if os.environ.get("AFTERSALES_BENCH_CLEAN"):
        cleanup()


if WORKER:
    worker(args[1])
else:
    main()
