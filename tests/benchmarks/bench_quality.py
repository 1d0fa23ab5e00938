"""Quality benchmark: the dashboard and the problem identification on a large
case base, as the quality manager.

setup/bench tests/benchmarks/bench_quality.py [--cases N] [--repeat R] [--export N]

Generates N cases (default 1,000,000) once, set-based (INSERT ... SELECT
generate_series into the real tables: the benchmark database only), then reuses
them; another N starts again. The cases are received over the last two years
(Received At), spread over teams, categories, channels, products, agents and
customers; most are closed (some cancelled, some reopened), the rest open; about
30 % are rated (the rating records and the case's last rating), each has its SLA
timers (acknowledgement, first response, resolution; some resolutions breached)
and the case's summary status; every 13th case has a carrier claim (its carrier
is the case's), every 20th a return authorization with one inspected line, and
every case its handling time. In the last week three categories get more cases,
one category worse ratings and one team more SLA breaches: the deteriorations
the problem identification must find.

Every stored figure the dashboard and the problem identification read is filled
as the ORM computes it: working hours are round-the-clock hours (the cases have
no calendar, see ``resource.calendar._aftersales_work_hours``), the SLA status
is the worst running timer else breached/met (``_compute_sla_summary``), the
rating is the last consumed one, the cost components are the handling time at
the company's hourly cost, the returns' shipping costs and the paid claims
(``_aftersales_cost_components``).

Then prints, as a user holding exactly the quality manager role (record rules
applied), the median of R runs (default 3) and the queries of each:
- the dashboard's data (``get_dashboard_data``, what the client action calls):
  the default period (last 30 days), with a team and a category filter, and a
  whole year;
- the problem identification over every KPI and scope (one monitoring rule per
  pair): the scheduled action's pass over the company, as the cron runs it, and
  the quality manager's *Analyse Now*, each creating its proposed issues, rolled
  back between runs.
"""

import argparse
import statistics
import time
from datetime import timedelta

from odoo import fields, sql_db
from odoo.tests.common import new_test_user
from odoo.tools import SQL

args = args  # noqa: F821,PLW0127 (globals given by setup/bench)
env = env  # noqa: F821,PLW0127

parser = argparse.ArgumentParser(prog="bench_quality.py")
parser.add_argument("--cases", type=int, default=1_000_000)
parser.add_argument("--repeat", type=int, default=3)
parser.add_argument("--export", type=int, default=0, help="also time an XLSX export of N cases")
options = parser.parse_args(args)
n_cases = options.cases
DAYS = 730
MARK = "Bench quality case"
DASHBOARD_TARGET = 2.0
PROBLEMS_TARGET = 10.0
SHIPPING = 8.0  # return shipping of each return authorization
SETTLED = 15.0  # paid back on each paid carrier claim


def reference_data():
    """Teams, categories, products, carriers, agents and customers (through the ORM,
    once), the company's hourly handling cost, a monitoring rule for every KPI and
    scope, and the quality manager."""
    names = {
        "teams": ("helpdesk.ticket.team", "Bench Q team %s", 7),
        "categories": ("helpdesk.ticket.category", "Bench Q cat %s", 37),
        "products": ("product.product", "Bench Q product %s", 197),
        "carriers": ("res.partner", "Bench Q carrier %s", 6),
        "customers": ("res.partner", "Bench Q customer %s", 1999),
    }
    data = {}
    for key, (model, pattern, count) in names.items():
        records = env[model].search([("name", "=like", pattern % "%")], order="id")
        if not records:
            records = env[model].create([{"name": pattern % i} for i in range(count)])
        data[key] = records
    agents = env["res.users"].search([("login", "=like", "bench_q_agent_%")], order="id")
    if not agents:
        agents = env["res.users"].concat(
            *(
                new_test_user(
                    env, login=f"bench_q_agent_{i}", groups="aftersales_flow.group_aftersales_user"
                )
                for i in range(19)
            )
        )
    data["agents"] = agents
    qm = env["res.users"].search([("login", "=", "bench_q_qm")])
    if not qm:
        qm = new_test_user(
            env, login="bench_q_qm", groups="aftersales_quality.group_quality_manager"
        )
    data["qm"] = qm
    data["channels"] = env["helpdesk.ticket.channel"].search([], order="id")
    env.company.aftersales_handling_hourly_cost = 30.0
    Rule = env["aftersales.quality.monitor.rule"]
    kpis = [key for key, _label in Rule._fields["kpi"].selection]
    scopes = [key for key, _label in Rule._fields["scope"].selection]
    have = {(rule.kpi, rule.scope) for rule in Rule.search([])}
    Rule.create(
        [
            {"name": f"Bench {kpi} per {scope}", "kpi": kpi, "scope": scope, "sequence": 100}
            for kpi in kpis
            for scope in scopes
            if (kpi, scope) not in have
        ]
    )
    data["rules"] = Rule.search([])
    env.cr.commit()
    return data


def generate(data):
    """The cases and what hangs on them, unless N cases are there already."""
    env.cr.execute(SQL("SELECT COUNT(*) FROM helpdesk_ticket WHERE name LIKE %s", MARK + "%"))
    if env.cr.fetchone()[0] == n_cases:
        return 0.0
    started = time.perf_counter()
    env.cr.execute(SQL("DELETE FROM aftersales_quality_issue"))
    env.cr.execute(SQL("DELETE FROM aftersales_return WHERE name LIKE 'BQRA%%'"))
    env.cr.execute(SQL("DELETE FROM aftersales_carrier_claim WHERE name LIKE 'BQCC%%'"))
    env.cr.execute(
        SQL(
            "DELETE FROM rating_rating WHERE res_model = 'helpdesk.ticket' AND res_name LIKE 'BQ%%'"
        )
    )
    env.cr.execute(SQL("DELETE FROM helpdesk_ticket WHERE name LIKE %s", MARK + "%"))
    stages = {
        key: env.ref(f"helpdesk_mgmt.helpdesk_ticket_stage_{key}").id
        for key in ("new", "in_progress", "awaiting", "done", "cancelled")
    }
    company = env.company
    recent = n_cases * 7 // DAYS  # the cases of the last week
    # one row per case: its figures first (a CTE), the columns from them, so that
    # the summary columns agree with the timers, ratings and claims made from them
    env.cr.execute(
        SQL(
            """
            CREATE TEMP TABLE bench_case ON COMMIT DROP AS
            SELECT g,
                   NOW() AT TIME ZONE 'UTC'
                       - (g::float * %(days)s / %(total)s) * INTERVAL '1 day' AS received,
                   CASE WHEN g <= %(recent)s AND g %% 3 = 0 THEN 1 + g %% 3
                        ELSE 1 + g %% %(ncats)s END AS cat_no,
                   1 + g %% %(nteams)s AS team_no,
                   CASE WHEN g <= %(recent)s * 2 AND g %% 2 = 0 THEN 'open'
                        WHEN g %% 29 = 0 THEN 'open'
                        WHEN g %% 31 = 0 THEN 'cancelled'
                        ELSE 'done' END AS state,
                   CASE WHEN g %% 9 = 0 THEN 49 + g %% 72
                        ELSE 1 + (g * 37) %% 40 END AS resolution_h,
                   (g %% 5) * 0.25 AS ack_h,
                   1 + g %% 11 AS response_h,
                   0.25 + (g %% 12) * 0.25 AS time_spent,
                   CASE WHEN g %% 20 < 7 THEN
                        (ARRAY[5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 3, 3, 2, 1])
                        [1 + (g / 20) %% 20] END AS rating
              FROM generate_series(1, %(total)s) AS g
            """,
            days=DAYS,
            total=n_cases,
            recent=recent,
            ncats=len(data["categories"]),
            nteams=len(data["teams"]),
        )
    )
    env.cr.execute(
        SQL(
            """
            UPDATE bench_case
               SET rating = CASE WHEN state <> 'done' THEN NULL
                                 -- the last week: worse ratings in the fourth category
                                 WHEN g <= %(recent)s AND cat_no = 4 AND rating IS NOT NULL
                                 THEN 1 + g %% 3
                                 ELSE rating END,
                   time_spent = CASE WHEN state = 'open' THEN 0 ELSE time_spent END,
                   resolution_h = CASE WHEN g <= %(recent)s AND team_no = 2
                                       THEN resolution_h + 48 ELSE resolution_h END
            """,
            recent=recent,
        )
    )
    env.cr.execute(
        SQL(
            """
            INSERT INTO helpdesk_ticket (
                number, name, description, stage_id, company_id, team_id, category_id,
                channel_id, user_id, partner_id, commercial_partner_id, partner_name,
                aftersales_product_id, priority, aftersales_case_kind, create_date,
                write_date, create_uid, write_uid, aftersales_received_at, closed_date,
                assigned_date, last_stage_update, aftersales_ack_date,
                aftersales_first_response_date, aftersales_quality_resolution_hours,
                aftersales_quality_ack_hours, aftersales_quality_response_hours,
                aftersales_quality_reopen_count, aftersales_quality_feedback_state,
                rating_last_value, positive_rate_percentage, aftersales_low_satisfaction,
                active, kanban_state, sequence, color, rating_status, aftersales_sla_status,
                aftersales_sla_deadline, aftersales_is_repeat, aftersales_responsibility,
                aftersales_time_spent, aftersales_confidential, aftersales_quality_carrier_id,
                aftersales_cost_handling, aftersales_cost_shipping,
                aftersales_cost_recovered, aftersales_cost_refund, aftersales_cost_compensation,
                aftersales_cost_goods, aftersales_cost_scrap, aftersales_cost_total)
            SELECT 'BQ' || c.g, %(mark)s || ' ' || c.g, '<p>generated</p>',
                   CASE c.state WHEN 'open' THEN (%(open)s)[1 + c.g %% 3]
                        WHEN 'cancelled' THEN %(cancelled)s ELSE %(done)s END,
                   %(company)s,
                   (%(teams)s)[c.team_no],
                   (%(cats)s)[c.cat_no],
                   (%(channels)s)[1 + c.g %% %(nchannels)s],
                   (%(agents)s)[1 + c.g %% %(nagents)s],
                   (%(customers)s)[1 + c.g %% %(ncustomers)s],
                   (%(customers)s)[1 + c.g %% %(ncustomers)s],
                   'Bench Q customer ' || c.g %% %(ncustomers)s,
                   (%(products)s)[1 + c.g %% %(nproducts)s],
                   (c.g %% 4)::varchar,
                   (ARRAY['complaint', 'inquiry', 'return', 'repair', 'refund',
                          'logistics', 'suggestion', 'praise'])[1 + c.g %% 8],
                   c.received, c.received, 1, 1,
                   c.received,
                   CASE WHEN c.state <> 'open'
                        THEN c.received + c.resolution_h * INTERVAL '1 hour' END,
                   c.received + (c.g %% 3) * INTERVAL '10 minutes',
                   c.received,
                   c.received + c.ack_h * INTERVAL '1 hour',
                   c.received + c.response_h * INTERVAL '1 hour',
                   CASE WHEN c.state <> 'open' THEN c.resolution_h ELSE 0 END,
                   c.ack_h, c.response_h,
                   CASE WHEN c.state = 'done' AND c.g %% 230 = 0 THEN 2
                        WHEN c.state = 'done' AND c.g %% 23 = 0 THEN 1 ELSE 0 END,
                   -- feedback (praise, suggestion) of the last 60 days still to review
                   CASE WHEN c.g %% 8 NOT IN (6, 7) THEN NULL
                        WHEN c.g <= %(recent)s * 60 / 7 THEN 'to_review'
                        ELSE 'dismissed' END,
                   COALESCE(c.rating, 0),
                   CASE WHEN c.rating IS NULL THEN -1
                        WHEN c.rating >= 4 THEN 100 ELSE 0 END,
                   COALESCE(c.rating <= 2, FALSE),
                   TRUE, 'normal', 10, 0, 'no_rate',
                   CASE WHEN c.state = 'open' THEN
                            CASE WHEN c.g %% 29 = 0 THEN 'breached'
                                 WHEN c.received < NOW() AT TIME ZONE 'UTC'
                                      - INTERVAL '38 hours' THEN 'at_risk'
                                 ELSE 'on_track' END
                        WHEN c.resolution_h > 48 THEN 'breached' ELSE 'met' END,
                   CASE WHEN c.state = 'open' THEN c.received + INTERVAL '48 hours' END,
                   c.g %% 13 = 1,
                   (ARRAY['company', 'supplier', 'carrier', 'customer'])[1 + c.g %% 4],
                   c.time_spent,
                   FALSE,
                   -- the carrier of the claim made below on every 13th case
                   CASE WHEN c.g %% 13 = 0
                        THEN (%(carriers)s)[1 + (c.g / 13) %% %(ncarriers)s] END,
                   -- the time spent at the hourly cost, the shipping of the return made
                   -- below on every 20th case, less the claim paid on every 39th
                   ROUND(c.time_spent * %(rate)s, 2),
                   CASE WHEN c.g %% 20 = 0 THEN %(shipping)s ELSE 0 END,
                   CASE WHEN c.g %% 39 = 0 THEN %(settled)s ELSE 0 END,
                   0, 0, 0, 0,
                   ROUND(c.time_spent * %(rate)s, 2)
                       + CASE WHEN c.g %% 20 = 0 THEN %(shipping)s ELSE 0 END
                       - CASE WHEN c.g %% 39 = 0 THEN %(settled)s ELSE 0 END
              FROM bench_case c
            """,
            mark=MARK,
            recent=recent,
            open=[stages["new"], stages["in_progress"], stages["awaiting"]],
            cancelled=stages["cancelled"],
            done=stages["done"],
            company=company.id,
            teams=data["teams"].ids,
            cats=data["categories"].ids,
            channels=data["channels"].ids,
            nchannels=len(data["channels"]),
            agents=data["agents"].ids,
            nagents=len(data["agents"]),
            customers=data["customers"].ids,
            ncustomers=len(data["customers"]),
            products=data["products"].ids,
            nproducts=len(data["products"]),
            carriers=data["carriers"].ids,
            ncarriers=len(data["carriers"]),
            rate=company.aftersales_handling_hourly_cost,
            shipping=SHIPPING,
            settled=SETTLED,
        )
    )
    # the cases' ids by their number, for what hangs on them
    env.cr.execute(
        SQL(
            """
            CREATE TEMP TABLE bench_id ON COMMIT DROP AS
            SELECT t.id, substr(t.number, 3)::int AS g, t.aftersales_received_at, t.closed_date,
                   t.aftersales_sla_status AS status, t.partner_id, t.company_id,
                   t.rating_last_value AS rating
              FROM helpdesk_ticket t WHERE t.name LIKE %s
            """,
            MARK + "%",
        )
    )
    # the SLA timers: acknowledgement and first response met, the resolution's
    # status the case's (so that the case's summary is what _compute_sla_summary gives)
    env.cr.execute(
        SQL(
            """
            INSERT INTO aftersales_sla_timer (
                ticket_id, kind, start_date, target_hours, deadline, reached_date, status,
                at_risk_percent, escalation_level, paused_hours, create_uid, write_uid,
                create_date, write_date)
            SELECT b.id, k.kind, b.aftersales_received_at, k.hours,
                   b.aftersales_received_at + k.hours * INTERVAL '1 hour',
                   CASE WHEN k.kind <> 'resolution' THEN b.aftersales_received_at
                                                         + k.reached * INTERVAL '1 hour'
                        ELSE b.closed_date END,
                   CASE WHEN k.kind <> 'resolution' THEN 'met' ELSE b.status END,
                   80, 0, 0, 1, 1, b.aftersales_received_at, b.aftersales_received_at
              FROM bench_id b
              JOIN bench_case c ON c.g = b.g
              CROSS JOIN LATERAL (VALUES ('ack', 4.0, c.ack_h),
                                         ('response', 12.0, c.response_h::numeric),
                                         ('resolution', 48.0, NULL)) AS k(kind, hours, reached)
            """
        )
    )
    # the ratings (consumed, by the customer): the case's last rating is its value
    model_id = env["ir.model"]._get_id("helpdesk.ticket")
    env.cr.execute(
        SQL(
            """
            INSERT INTO rating_rating (
                res_model_id, res_model, res_id, res_name, partner_id, rating, rating_text,
                consumed, access_token, is_internal, create_uid, write_uid, create_date,
                write_date)
            SELECT %(model_id)s, 'helpdesk.ticket', b.id, 'BQ' || b.g, b.partner_id, b.rating,
                   CASE WHEN b.rating >= 4 THEN 'top' WHEN b.rating >= 3 THEN 'ok'
                        ELSE 'ko' END,
                   TRUE, md5('bench-quality-rating-' || b.id), FALSE, 1, 1,
                   b.closed_date + INTERVAL '1 day', b.closed_date + INTERVAL '1 day'
              FROM bench_id b WHERE b.rating > 0
            """,
            model_id=model_id,
        )
    )
    # a carrier claim on every 13th case (its carrier is the case's quality carrier),
    # paid on every 39th (what was paid back is the case's recovered cost)
    env.cr.execute(
        SQL(
            """
            INSERT INTO aftersales_carrier_claim (
                name, company_id, ticket_id, carrier_id, claim_type, state, amount_claimed,
                amount_settled, date_incident, create_uid, write_uid, create_date, write_date)
            SELECT 'BQCC' || b.g, b.company_id, b.id, (%(carriers)s)[1 + (b.g / 13) %% %(n)s],
                   'damaged', CASE WHEN b.g %% 39 = 0 THEN 'paid' ELSE 'submitted' END,
                   20.0, CASE WHEN b.g %% 39 = 0 THEN %(settled)s ELSE 0 END,
                   b.aftersales_received_at::date, 1, 1, b.aftersales_received_at,
                       b.aftersales_received_at
              FROM bench_id b WHERE b.g %% 13 = 0
            """,
            carriers=data["carriers"].ids,
            n=len(data["carriers"]),
            settled=SETTLED,
        )
    )
    # a return authorization (granted or not) with one inspected line on every 20th case
    env.cr.execute(
        SQL(
            """
            INSERT INTO aftersales_return (
                name, company_id, state, partner_id, date_request, outcome, ticket_id,
                return_shipping_cost, redelivery_shipping_cost, shipping_payer, confidential,
                create_uid, write_uid, create_date, write_date)
            SELECT 'BQRA' || b.g, b.company_id,
                   (ARRAY['approved', 'received', 'done', 'cancel'])[1 + (b.g / 20) %% 4],
                   b.partner_id, b.aftersales_received_at, 'refund', b.id, %s, 0, 'seller', FALSE,
                   1, 1, b.aftersales_received_at, b.aftersales_received_at
              FROM bench_id b WHERE b.g %% 20 = 0
            """,
            SHIPPING,
        )
    )
    env.cr.execute(
        SQL(
            """
            INSERT INTO aftersales_return_line (
                return_id, company_id, state, sequence, product_id, quantity,
                reported_condition, outcome, qty_received, condition_grade,
                create_uid, write_uid, create_date, write_date)
            SELECT r.id, r.company_id, r.state, 10, t.aftersales_product_id, 1 + r.id %% 3,
                'unopened',
                   'refund', 1 + r.id %% 3,
                   (ARRAY['resellable', 'damaged', 'defective', 'missing_parts'])[1 + r.id %% 4],
                   1, 1, r.create_date, r.create_date
              FROM aftersales_return r JOIN helpdesk_ticket t ON t.id = r.ticket_id
             WHERE r.name LIKE 'BQRA%%'
            """
        )
    )
    for table in (
        "helpdesk_ticket",
        "aftersales_sla_timer",
        "rating_rating",
        "aftersales_carrier_claim",
        "aftersales_return",
        "aftersales_return_line",
    ):
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    env.cr.commit()
    return time.perf_counter() - started


def dataset_size():
    env.cr.execute(
        SQL(
            """
            SELECT (SELECT COUNT(*) FROM helpdesk_ticket),
                   (SELECT COUNT(*) FROM helpdesk_ticket t JOIN helpdesk_ticket_stage s
                        ON s.id = t.stage_id WHERE NOT s.closed),
                   (SELECT COUNT(*) FROM rating_rating WHERE res_model = 'helpdesk.ticket'),
                   (SELECT COUNT(*) FROM aftersales_sla_timer),
                   (SELECT COUNT(*) FROM helpdesk_ticket WHERE aftersales_sla_status = 'breached'),
                   (SELECT COUNT(*) FROM aftersales_carrier_claim),
                   (SELECT COUNT(*) FROM aftersales_return),
                   (SELECT MIN(aftersales_received_at)::date FROM helpdesk_ticket),
                   (SELECT pg_size_pretty(pg_total_relation_size('helpdesk_ticket')))
            """
        )
    )
    cases, open_, ratings, timers, breached, claims, returns, first, size = env.cr.fetchone()
    return (
        f"{cases:,} cases since {first} ({open_:,} open, {ratings:,} rated, "
        f"{breached:,} SLA breached; table {size}), {timers:,} SLA timers, "
        f"{claims:,} carrier claims, {returns:,} return authorizations"
    )


def measure(label, target, func, reset=None):
    """Median time and queries of ``repeat`` runs of ``func``, printed with the target."""
    times, queries, result = [], [], None
    for _run in range(options.repeat):
        env.invalidate_all()
        env.registry.clear_cache()
        before = sql_db.sql_counter
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
        queries.append(sql_db.sql_counter - before)
        if reset:
            reset()
    median = statistics.median(times)
    verdict = "ok" if median <= target else "OVER"
    print(
        f"{label}: {median:.2f} s (target ≤ {target:g} s: {verdict}; runs "
        f"{', '.join(f'{t:.2f}' for t in times)}), {statistics.median(queries):.0f} queries"
    )
    return result


started = time.perf_counter()
data = reference_data()
generated = generate(data)
print(f"dataset: {dataset_size()}")
if generated:
    print(f"  generated now in {generated:.0f} s")
env.cr.execute("SELECT version()")
print(f"  {env.cr.fetchone()[0].split(',')[0]}; load average {open('/proc/loadavg').read()[:14]}")
qm = data["qm"]

# ------------------------------------------------------------ dashboard
Dashboard = env["aftersales.quality.dashboard"].with_user(qm)
today = fields.Date.context_today(Dashboard)
team, category = data["teams"][1], data["categories"][3]
for label, filters in (
    ("dashboard, default period (last 30 days)", None),
    (
        "dashboard, last 30 days, one team and one category",
        {"team_ids": [team.id], "category_ids": [category.id]},
    ),
    (
        "dashboard, last 365 days",
        {"date_from": (today - timedelta(days=364)).isoformat(), "date_to": today.isoformat()},
    ),
):
    board = measure(label, DASHBOARD_TARGET, lambda f=filters: Dashboard.get_dashboard_data(f))
    figures = {kpi["key"]: kpi["value"] for kpi in board["kpis"]}
    print(
        f"  {figures['cases']:,} cases, SLA compliance {figures['sla_compliance'] or 0:.1f} %, "
        f"satisfaction {figures['rating'] or 0:.2f}, reopen rate "
        f"{figures['reopen_rate'] or 0:.1f} %"
    )

# ------------------------------------------------------------ problem identification
Issue = env["aftersales.quality.issue"]
print(f"problem identification: {len(data['rules'])} monitoring rules (every KPI and scope)")


def savepoint():
    env.cr.execute("SAVEPOINT bench_quality")


def rollback():
    env.cr.execute("ROLLBACK TO SAVEPOINT bench_quality")
    env.invalidate_all()
    savepoint()


def cron_pass():
    # the scheduled action's work for one company (_cron_identify_problems' batch)
    vals_list = Issue._identify_problem_vals(fields.Datetime.now(), companies=env.company)
    issues = Issue.create(vals_list)
    return sorted(f"{issue.kpi}/{issue.scope}" for issue in issues)


savepoint()
issues = measure(
    "problem identification, the cron's pass over the company", PROBLEMS_TARGET, cron_pass, rollback
)
print(f"  {len(issues)} issues proposed: " + ", ".join(sorted(set(issues))))
rule = data["rules"][:1].with_user(qm)
action = measure(
    "problem identification, the quality manager's Analyse Now",
    PROBLEMS_TARGET,
    rule.action_identify_problems,
    rollback,
)
print(f"  {len(action['domain'][0][2])} issues proposed")
env.cr.rollback()

if options.export:
    Xlsx = env["aftersales.quality.xlsx"].with_user(qm)
    days = max(int(DAYS * options.export / n_cases), 1)
    started = time.perf_counter()
    content = Xlsx._build(today - timedelta(days=days - 1), today)
    print(
        f"xlsx export of the last {days} days: {time.perf_counter() - started:.2f} s, "
        f"{len(content) / 1e6:.1f} MB"
    )
    env.cr.rollback()
