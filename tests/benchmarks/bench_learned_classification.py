"""Top-1 accuracy of the classification that learns, on a held-out fifth of a history.

setup/bench tests/benchmarks/bench_learned_classification.py [N]

Creates N closed cases (default 600) of one team from the demo history generator
(aftersales_flow/demo_history.py: the same phrasings as the demo data, Chinese and English),
holds every fifth one out, trains the team's model on the others (``_aftersales_train``),
then suggests the category and kind of each held-out case through the intake's own path
(``_aftersales_suggest``) and prints the top-1 accuracy of both, the accuracy among the
suggestions confident enough to be applied (the company's threshold), and the queries and
time of training and suggesting. Rolls everything back.
"""

import time

from odoo import sql_db

from odoo.addons.aftersales_flow.demo_history import history_cases

n = int(args[0]) if args else 600  # noqa: F821 (globals given by setup/bench)
env = env  # noqa: F821,PLW0127

Ticket = env["helpdesk.ticket"]
Classifier = env["aftersales.classifier"]
team = env["helpdesk.ticket.team"].create({"name": "Bench learning"})
done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
history = history_cases(n)
training = [case for index, case in enumerate(history) if index % 5]
held_out = [case for index, case in enumerate(history) if not index % 5]
Ticket.with_context(tracking_disable=True).create(
    [
        {
            "name": case["name"],
            "description": case["description"],
            "category_id": env.ref(case["category_xmlid"]).id,
            "aftersales_case_kind": case["aftersales_case_kind"],
            "team_id": team.id,
            "stage_id": done.id,
            "aftersales_intake_ack_state": False,
        }
        for case in training
    ]
)


def measure(label, func, count):
    env.flush_all()
    env.invalidate_all()
    before = sql_db.sql_counter
    started = time.perf_counter()
    result = func()
    env.flush_all()
    elapsed = time.perf_counter() - started
    queries = sql_db.sql_counter - before
    print(f"{label}: {queries} queries, {elapsed:.2f} s ({elapsed / count * 1000:.1f} ms/case)")
    return result


measure(
    f"train on {len(training)} closed cases",
    lambda: Classifier._aftersales_train(env.company),
    len(training),
)
model = Classifier.search([("team_id", "=", team.id)])
print(f"  model: {model.case_count} cases, {model.vocabulary_size} words")
facts = [
    {
        "company_id": env.company.id,
        "team_id": team.id,
        "subject": case["name"],
        "body": case["description"],
    }
    for case in held_out
]
suggestions = measure(
    f"suggest for {len(held_out)} held-out cases",
    lambda: Classifier._aftersales_suggest(facts),
    len(held_out),
)
threshold = env.company.aftersales_learn_threshold
right_category = right_kind = applied = applied_right = 0
for case, suggestion in zip(held_out, suggestions, strict=True):
    expected = env.ref(case["category_xmlid"]).id
    right_category += suggestion["category_id"] == expected
    right_kind += suggestion["aftersales_case_kind"] == case["aftersales_case_kind"]
    if suggestion["category_confidence"] >= threshold:
        applied += 1
        applied_right += suggestion["category_id"] == expected
total = len(held_out)
print(f"top-1 accuracy, category: {right_category / total:.1%} ({right_category}/{total})")
print(f"top-1 accuracy, kind: {right_kind / total:.1%} ({right_kind}/{total})")
print(
    f"applied automatically at {threshold:.0%}: {applied}/{total}, "
    f"of which right: {applied_right / applied if applied else 0:.1%}"
)
env.cr.rollback()
