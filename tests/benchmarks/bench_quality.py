"""Quality benchmark: dashboard KPIs, XLSX export and problem identification
on generated cases.

setup/bench tests/benchmarks/bench_quality.py [CASES] [EXPORT_CASES]

Generates CASES (default 1,000,000) cases once, set-based (INSERT ... SELECT
generate_series), spread over 1,000 days, with a spike in five categories during
the last week; kept between runs. Then prints:
- with the returns bridge installed, one inspected return authorization for
  every 20th case (generated once);
- the dashboard (headline KPIs over the last 30 days, and over every case);
- the XLSX export of about EXPORT_CASES (default 100,000) cases: time, size and
  peak resident memory of the process;
- the problem-identification cron: time, issues proposed, and a second run
  proposing none (idempotence).
"""

import resource
import time
from datetime import timedelta

from odoo import fields
from odoo.tools import SQL

args = args  # noqa: F821,PLW0127 (globals given by setup/bench)
env = env  # noqa: F821,PLW0127
n_cases = int(args[0]) if args else 1_000_000
n_export = int(args[1]) if len(args) > 1 else 100_000
DAYS = 1000
MARK = "Bench quality case"


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def generate():
    company = env.company
    teams = env["helpdesk.ticket.team"].search([("name", "=like", "Bench Q team %")])
    if not teams:
        teams = env["helpdesk.ticket.team"].create(
            [{"name": f"Bench Q team {i}"} for i in range(10)]
        )
    cats = env["helpdesk.ticket.category"].search([("name", "=like", "Bench Q cat %")])
    if not cats:
        cats = env["helpdesk.ticket.category"].create(
            [{"name": f"Bench Q cat {i}"} for i in range(50)]
        )
    users = env["res.users"].search([("login", "=like", "bench_q_agent_%")])
    if not users:
        users = env["res.users"].create(
            [{"name": f"Bench agent {i}", "login": f"bench_q_agent_{i}"} for i in range(20)]
        )
    channels = env["helpdesk.ticket.channel"].search([])
    stage_open = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
    stage_done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
    env.cr.execute(SQL("SELECT COUNT(*) FROM helpdesk_ticket WHERE name LIKE %s", MARK + "%"))
    have = env.cr.fetchone()[0]
    if have == n_cases:
        return have, 0.0
    started = time.perf_counter()
    # another size was generated before: start again so the dates and the spike fit
    env.cr.execute(SQL("DELETE FROM helpdesk_ticket WHERE name LIKE %s", MARK + "%"))
    recent = n_cases * 7 // DAYS  # cases of the last week
    env.cr.execute(
        SQL(
            """
            INSERT INTO helpdesk_ticket (
                number, name, description, stage_id, company_id, team_id, category_id,
                channel_id, user_id, priority, case_kind, create_date, write_date,
                create_uid, write_uid, closed_date, assigned_date, last_stage_update,
                quality_resolution_hours, quality_reopen_count, rating_last_value,
                active, kanban_state, sequence, color, rating_status, received_at,
                aftersales_ack_date, aftersales_first_response_date, quality_ack_hours,
                quality_response_hours, aftersales_sla_status, is_repeat, responsibility)
            SELECT 'BQ' || g, %(mark)s || ' ' || g, '<p>generated</p>',
                   CASE WHEN g %% 4 = 0 THEN %(open)s ELSE %(done)s END,
                   %(company)s,
                   (%(teams)s)[1 + g %% %(nteams)s],
                   CASE WHEN g <= %(recent)s AND g %% 2 = 0
                        THEN (%(cats)s)[1 + g %% 5]
                        ELSE (%(cats)s)[1 + g %% %(ncats)s] END,
                   (%(channels)s)[1 + g %% %(nchannels)s],
                   (%(users)s)[1 + g %% %(nusers)s],
                   (g %% 4)::varchar,
                   (ARRAY['complaint', 'inquiry', 'return', 'repair', 'refund',
                          'logistics', 'suggestion', 'praise'])[1 + g %% 8],
                   c.created, c.created, 1, 1,
                   CASE WHEN g %% 4 <> 0 THEN c.created + (g %% 72) * INTERVAL '1 hour' END,
                   c.created + (g %% 5) * INTERVAL '1 hour',
                   c.created,
                   CASE WHEN g %% 4 <> 0 THEN (g %% 72) / 3.0 ELSE 0 END,
                   CASE WHEN g %% 17 = 0 THEN 1 ELSE 0 END,
                   CASE WHEN g %% 3 = 0 THEN 1 + g %% 5 ELSE 0 END,
                   TRUE, 'normal', 10, 0, 'no_rate', c.created,
                   c.created + (g %% 3) * INTERVAL '1 hour',
                   c.created + (g %% 7) * INTERVAL '1 hour',
                   (g %% 3)::float, (g %% 7)::float,
                   CASE WHEN g %% 4 = 0 THEN 'on_track'
                        WHEN g %% 10 = 1 THEN 'breached' ELSE 'met' END,
                   g %% 13 = 0,
                   (ARRAY['company', 'supplier', 'carrier', 'customer'])[1 + g %% 4]
              FROM generate_series(%(first)s, %(last)s) AS g,
                   LATERAL (SELECT (NOW() AT TIME ZONE 'UTC')
                           - (g::float * %(days)s / %(total)s) * INTERVAL '1 day'
                           AS created) c
            """,
            mark=MARK,
            open=stage_open.id,
            done=stage_done.id,
            company=company.id,
            teams=teams.ids,
            nteams=len(teams),
            cats=cats.ids,
            ncats=len(cats),
            channels=channels.ids or [None],
            nchannels=max(len(channels), 1),
            users=users.ids,
            nusers=len(users),
            recent=recent,
            first=1,
            last=n_cases,
            days=DAYS,
            total=n_cases,
        )
    )
    env.cr.execute("ANALYZE helpdesk_ticket")
    env.cr.commit()
    return n_cases, time.perf_counter() - started


def generate_returns():
    """One granted, inspected return authorization (one line) for every 20th
    case, when the returns bridge of the quality KPIs is installed."""
    env.cr.execute(SQL("SELECT COUNT(*) FROM aftersales_return WHERE name LIKE 'BQRA%%'"))
    have = env.cr.fetchone()[0]
    if have:
        return have
    product = env["product.product"].search([("default_code", "=", "BQ-RET")], limit=1)
    if not product:
        product = env["product.product"].create(
            {"name": "Bench Q product", "default_code": "BQ-RET"}
        )
    partner = env["res.partner"].search([], limit=1)
    env.cr.execute(
        SQL(
            """
            INSERT INTO aftersales_return (
                name, company_id, state, partner_id, date_request, outcome, ticket_id,
                create_uid, write_uid, create_date, write_date)
            SELECT 'BQRA' || t.id, t.company_id,
                   (ARRAY['approved', 'received', 'done', 'cancel'])[1 + (t.id / 20) %% 4],
                   %(partner)s, t.create_date, 'refund', t.id, 1, 1, t.create_date, t.create_date
              FROM helpdesk_ticket t
             WHERE t.name LIKE %(mark)s AND t.id %% 20 = 0
            """,
            partner=partner.id,
            mark=MARK + "%",
        )
    )
    env.cr.execute(
        SQL(
            """
            INSERT INTO aftersales_return_line (
                return_id, company_id, state, sequence, product_id, quantity,
                reported_condition, outcome, qty_received, condition_grade,
                create_uid, write_uid, create_date, write_date)
            SELECT r.id, r.company_id, r.state, 10, %(product)s, 1 + r.id %% 3, 'unopened',
                   'refund', 1 + r.id %% 3,
                   (ARRAY['resellable', 'damaged', 'defective', 'missing_parts'])[1 + r.id %% 4],
                   1, 1, r.create_date, r.create_date
              FROM aftersales_return r
             WHERE r.name LIKE 'BQRA%%'
            """,
            product=product.id,
        )
    )
    env.cr.execute("ANALYZE aftersales_return")
    env.cr.execute("ANALYZE aftersales_return_line")
    env.cr.commit()
    env.cr.execute(SQL("SELECT COUNT(*) FROM aftersales_return WHERE name LIKE 'BQRA%%'"))
    return env.cr.fetchone()[0]


total, gen_time = generate()
print(f"cases: {total:,} (generated now in {gen_time:.1f} s)" if gen_time else f"cases: {total:,}")
if "aftersales.quality.inspection.report" in env:
    print(f"return authorizations of the cases (returns bridge installed): {generate_returns():,}")

# dashboard: headline KPIs (one aggregate query each) and the open-work counters
Dashboard = env["aftersales.quality.dashboard"]
today = fields.Date.context_today(Dashboard)
for label, date_from in (
    ("last 30 days", today - timedelta(days=30)),
    ("all cases", today - timedelta(days=DAYS + 1)),
):
    board = Dashboard.new({"date_from": date_from, "date_to": today})
    started = time.perf_counter()
    board._compute_kpis()
    board._compute_open_work()
    elapsed = time.perf_counter() - started
    returns = f", return rate {board.return_rate:.1f} %" if "return_rate" in board._fields else ""
    print(
        f"dashboard ({label}): {elapsed:.2f} s for {board.case_count:,} cases "
        f"(resolution {board.resolution_hours:.1f} h, first response "
        f"{board.response_hours:.1f} h, SLA compliance {board.sla_compliance:.1f} %, "
        f"reopen {board.reopen_rate:.1f} %, repeat {board.repeat_rate:.1f} %, "
        f"satisfied {board.satisfied_rate:.1f} %{returns})"
    )

# XLSX export of about n_export cases (the most recent ones)
days = max(int(DAYS * n_export / total), 1)
Xlsx = env["aftersales.quality.xlsx"]
before = peak_mb()
started, cpu_started = time.perf_counter(), time.process_time()
data = Xlsx._build(today - timedelta(days=days - 1), today)
elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
env.cr.execute(
    SQL(
        "SELECT COUNT(*) FROM helpdesk_ticket WHERE create_date >= %s",
        fields.Datetime.to_datetime(today - timedelta(days=days - 1)),
    )
)
exported = env.cr.fetchone()[0]
print(
    f"xlsx export: {exported:,} cases in {elapsed:.2f} s ({cpu:.2f} s CPU of this process), "
    f"{len(data) / 1e6:.1f} MB file, "
    f"peak RSS of the process {peak_mb():.0f} MB (before the export {before:.0f} MB)"
)
del data

# problem identification cron (commits its batches), then a rerun: nothing new
Issue = env["aftersales.quality.issue"]
env.cr.execute("DELETE FROM aftersales_quality_issue")
env.cr.commit()
for run in (1, 2):
    started = time.perf_counter()
    proposed = Issue._cron_identify_problems()
    env.cr.commit()
    print(
        f"problem identification run {run}: {time.perf_counter() - started:.2f} s, "
        f"{proposed} issues proposed"
    )
