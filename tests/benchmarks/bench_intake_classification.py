"""Query count and time of a batch create of classified cases.

setup/bench tests/benchmarks/bench_intake_classification.py [N] [RULES]

Creates RULES classification rules (default 30, a few of which match), then N
cases (default 1000) in one create() from 50 customers, and prints the queries
and time of the classification step alone and of the whole create, then the
same create with the rules archived, so the cost of classifying shows. Rolls
everything back.
"""

import time

from odoo import sql_db

n = int(args[0]) if args else 1000  # noqa: F821 (globals given by setup/bench)
rule_count = int(args[1]) if len(args) > 1 else 30  # noqa: F821
env = env  # noqa: F821,PLW0127

Ticket = env["helpdesk.ticket"]
damaged = env.ref("aftersales_flow.category_damaged_goods")
delay = env.ref("aftersales_flow.category_delivery_delay")
team = env["helpdesk.ticket.team"].create({"name": "Bench complaints"})
tag = env["res.partner.category"].create({"name": "Bench key account"})
customers = env["res.partner"].create(
    [
        {
            "name": f"Bench customer {i}",
            "email": f"bench{i}@example.com",
            "category_id": [(4, tag.id)] if i % 10 == 0 else [],
        }
        for i in range(50)
    ]
)
rules = env["aftersales.classification.rule"].create(
    [
        {
            "name": "Damaged",
            "keywords": "破损, damaged, broken",
            "set_case_kind": "complaint",
            "set_category_id": damaged.id,
            "set_team_id": team.id,
        },
        {
            "name": "Late",
            "keywords": "延迟, 还没到, late",
            "set_case_kind": "logistics",
            "set_category_id": delay.id,
        },
        {"name": "Key accounts", "partner_category_ids": [(4, tag.id)], "set_priority": "2"},
    ]
    + [
        {"name": f"Noise {i}", "keywords": f"zzq{i}, 无关{i}", "set_case_kind": "suggestion"}
        for i in range(max(rule_count - 3, 0))
    ]
)
subjects = ["包裹破损了", "Parcel is late", "Broken handle", "A question", "还没到货"]


def vals_list():
    return [
        {
            "name": f"{subjects[i % len(subjects)]} #{i}",
            "description": f"<p>Bench case {i}</p>",
            "partner_id": customers[i % len(customers)].id,
            "aftersales_urgency": str(i % 3),
            "aftersales_impact": str((i // 3) % 3),
        }
        for i in range(n)
    ]


def measure(label, func):
    env.flush_all()
    env.invalidate_all()
    before = sql_db.sql_counter
    started = time.perf_counter()
    result = func()
    env.flush_all()
    elapsed = time.perf_counter() - started
    queries = sql_db.sql_counter - before
    print(f"{label}: {queries} queries ({queries / n:.2f}/case), {elapsed:.2f} s")
    return result


measure(
    f"classification step only, {n} cases",
    lambda: Ticket._aftersales_prepare_intake_vals(vals_list()),
)
tickets = measure(f"create {n} classified cases", lambda: Ticket.create(vals_list()))
print(
    f"  classified: {len(tickets.filtered('category_id'))}, "
    f"repeats: {len(tickets.filtered('aftersales_is_repeat'))}, "
    f"priority high+: {len(tickets.filtered(lambda t: t.priority >= '2'))}"
)
rules.action_archive()
measure(f"create {n} cases, rules archived", lambda: Ticket.create(vals_list()))
env.cr.rollback()
