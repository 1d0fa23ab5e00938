"""The classification that learns: a multinomial naive Bayes over the words of the cases.

One model per team (and one per company, for the cases without a team or of a team with
too little history), trained from the closed cases' final category and kind. A suggestion
comes with its confidence (the posterior probability) and the words that weighed most for it.
"""

import math
from collections import Counter, defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import html2plaintext

from ..text import tokens as text_tokens

# A team's own model is used once it learned from this many closed cases; below that, the
# company's model (all its teams) answers.
MIN_TEAM_CASES = 20
# How many closed cases a model learns from at most: the latest ones.
MAX_TRAINING_CASES = 20000
# How many words explain a suggestion.
EXPLAIN_WORDS = 3
TARGETS = ("category_id", "aftersales_case_kind")


# ------------------------------------------------------------ the model, in plain Python


def case_tokens(subject, body_html):
    """The tokens the classifier reads: the case's subject and description."""
    return text_tokens(subject or "") + text_tokens(html2plaintext(body_html or ""))


def train(samples):
    """A naive Bayes model from ``samples``, a list of (tokens, label) with a label.

    The model is a plain dict (stored as JSON): the number of cases per label, the number
    of tokens per label and the count of each token per label."""
    docs = Counter()
    totals = Counter()
    counts = defaultdict(Counter)
    for words, label in samples:
        if not label:
            continue
        label = str(label)
        docs[label] += 1
        totals[label] += len(words)
        counts[label].update(words)
    return {
        "docs": dict(docs),
        "totals": dict(totals),
        "counts": {label: dict(words) for label, words in counts.items()},
    }


def predict(model, words):
    """``(label, confidence, explanation words)`` of the most probable label for ``words``,
    or ``(False, 0.0, [])`` for an empty model. Laplace smoothing over the vocabulary; the
    confidence is the posterior of the label among all labels."""
    docs = (model or {}).get("docs") or {}
    if not docs:
        return False, 0.0, []
    counts = model["counts"]
    totals = model["totals"]
    vocabulary = len({word for label_counts in counts.values() for word in label_counts}) or 1
    all_docs = sum(docs.values())
    known = [word for word in words if any(word in counts[label] for label in docs)]
    scores = {}
    for label, n_docs in docs.items():
        label_counts = counts.get(label, {})
        denominator = math.log(totals.get(label, 0) + vocabulary)
        score = math.log(n_docs / all_docs)
        for word in known:
            score += math.log(label_counts.get(word, 0) + 1) - denominator
        scores[label] = score
    best = max(scores, key=lambda label: (scores[label], label))
    top = scores[best]
    norm = sum(math.exp(score - top) for score in scores.values())
    confidence = 1.0 / norm
    # the words that favour the best label most against the other labels on average
    others = [label for label in docs if label != best]
    weights = {}
    for word in set(known):
        mine = math.log((counts[best].get(word, 0) + 1) / (totals.get(best, 0) + vocabulary))
        if others:
            theirs = sum(
                math.log((counts[label].get(word, 0) + 1) / (totals.get(label, 0) + vocabulary))
                for label in others
            ) / len(others)
        else:
            theirs = 0.0
        if mine > theirs:
            weights[word] = mine - theirs
    explanation = sorted(weights, key=lambda word: (-weights[word], word))[:EXPLAIN_WORDS]
    return best, confidence, explanation


def holdout_accuracy(samples, test_share=0.2):
    """Top-1 accuracy of a model trained on all ``samples`` (tokens, label) but every
    ``1/test_share``-th one, tested on those held out: ``(accuracy, tested)``."""
    step = max(round(1 / test_share), 2)
    training = [sample for index, sample in enumerate(samples) if index % step]
    held_out = [sample for index, sample in enumerate(samples) if not index % step]
    model = train(training)
    right = sum(1 for words, label in held_out if predict(model, words)[0] == str(label))
    return (right / len(held_out) if held_out else 0.0), len(held_out)


class AftersalesClassifier(models.Model):
    _name = "aftersales.classifier"
    _inherit = ["aftersales.workflow.mixin"]
    _description = "After-Sales Learned Classification"
    _order = "company_id, team_id, id"
    _check_company_auto = True

    # ------------------------------------------------------------ fields

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        readonly=True,
        check_company=True,
        help="The team whose history this model learned; empty: all the company's cases.",
    )
    case_count = fields.Integer(
        string="Cases Learned From", readonly=True, help="Closed cases this model learned."
    )
    vocabulary_size = fields.Integer(string="Words Known", readonly=True)
    trained_date = fields.Datetime(string="Trained On", readonly=True)
    category_model = fields.Json(readonly=True, help="Technical: word counts per category.")
    kind_model = fields.Json(readonly=True, help="Technical: word counts per kind.")

    # ------------------------------------------------------------ constraints

    _company_team_unique = models.UniqueIndex(
        "(company_id, COALESCE(team_id, 0))", "A team has one learned classification."
    )

    # ------------------------------------------------------------ computes

    @api.depends("company_id", "team_id")
    def _compute_display_name(self):
        for classifier in self:
            classifier.display_name = (
                classifier.team_id.display_name or classifier.company_id.display_name
            )

    # ------------------------------------------------------------ actions

    def action_retrain(self):
        """Learn again from the closed cases of these classifiers' companies."""
        # the managers' read access: agents, who may not see the counts, may not retrain
        self.check_access("read")
        self.env["aftersales.classifier"]._aftersales_train(self.company_id)
        return True

    # ------------------------------------------------------------ business: training

    @api.model
    def _aftersales_training_samples(self, company_domain):
        """``{(company id, team id): [(tokens, category id, kind)]}`` of the closed cases of
        the companies ``company_domain`` selects, the team False gathering all of a
        company's cases. One query."""
        # sudo: the model learns from every closed case of the company, whoever trains
        # it (the cron, a manager's button); only statistics come out of it
        cases = (
            self.env["helpdesk.ticket"]
            .sudo()
            .with_context(active_test=False)
            .search_read(
                [
                    *company_domain,
                    ("stage_id.closed", "=", True),
                    "|",
                    ("category_id", "!=", False),
                    ("aftersales_case_kind", "!=", False),
                ],
                [
                    "name",
                    "description",
                    "category_id",
                    "aftersales_case_kind",
                    "team_id",
                    "company_id",
                ],
                order="id desc",
                limit=MAX_TRAINING_CASES,
            )
        )
        samples = defaultdict(list)
        for case in reversed(cases):
            sample = (
                case_tokens(case["name"], case["description"]),
                case["category_id"] and case["category_id"][0],
                case["aftersales_case_kind"],
            )
            company_id = case["company_id"][0]
            samples[(company_id, False)].append(sample)
            if case["team_id"]:
                samples[(company_id, case["team_id"][0])].append(sample)
        return samples

    @api.model
    def _aftersales_train(self, companies=None):
        """(Re)train the models of ``companies`` (all of them by default) from their closed
        cases, in one pass: a model per team with history and one per company."""
        # sudo: the models are the server's statistics, which no user writes
        Classifier = self.sudo()
        company_domain = (
            [("company_id", "in", companies.ids)] if companies else [("company_id", "!=", False)]
        )
        samples = self._aftersales_training_samples(company_domain)
        existing = {
            (classifier.company_id.id, classifier.team_id.id): classifier
            for classifier in Classifier.search(company_domain)
        }
        now = fields.Datetime.now()
        to_create = []
        for key, rows in samples.items():
            category_model = train([(words, category) for words, category, _kind in rows])
            kind_model = train([(words, kind) for words, _category, kind in rows])
            vals = {
                "case_count": len(rows),
                "vocabulary_size": len({word for words, _c, _k in rows for word in words}),
                "trained_date": now,
                "category_model": category_model,
                "kind_model": kind_model,
            }
            if key in existing:
                existing.pop(key).write(vals)
            else:
                to_create.append({"company_id": key[0], "team_id": key[1], **vals})
        if to_create:
            Classifier.create(to_create)
        # teams whose cases were all reopened or moved: nothing left to learn from
        for classifier in existing.values():
            classifier.unlink()
        return True

    @api.model
    def _cron_aftersales_train(self):
        self._aftersales_train()
        return True

    # ------------------------------------------------------------ business: suggestions

    @api.model
    def _aftersales_suggest(self, facts):
        """One suggestion per case described by ``facts`` (dicts with ``company_id``,
        ``team_id``, ``subject``, ``body`` as HTML): a dict with ``category_id``,
        ``category_confidence``, ``aftersales_case_kind``, ``kind_confidence``, ``words`` (the words
        behind the category, else the kind), or an empty dict without a model. Reads the
        models of the companies concerned once."""
        companies = {fact["company_id"] for fact in facts if fact.get("company_id")}
        if not companies:
            return [{} for _fact in facts]
        # sudo: suggesting is part of every case's intake, whoever creates it (agents,
        # portal customers, the mail gateway); only the suggestion reaches the case
        models_by_key = {
            (classifier.company_id.id, classifier.team_id.id): classifier
            for classifier in self.sudo().search([("company_id", "in", list(companies))])
        }
        results = []
        for fact in facts:
            classifier = models_by_key.get((fact.get("company_id"), fact.get("team_id") or False))
            if not classifier or classifier.case_count < MIN_TEAM_CASES:
                classifier = models_by_key.get((fact.get("company_id"), False))
            if not classifier:
                results.append({})
                continue
            words = case_tokens(fact.get("subject"), fact.get("body"))
            category, category_confidence, category_words = predict(
                classifier.category_model, words
            )
            kind, kind_confidence, kind_words = predict(classifier.kind_model, words)
            results.append(
                {
                    "category_id": int(category) if category else False,
                    "category_confidence": category_confidence,
                    "aftersales_case_kind": kind or False,
                    "kind_confidence": kind_confidence,
                    "words": category_words or kind_words,
                }
            )
        return results

    # ------------------------------------------------------------ demo data

    @api.model
    @api.private
    def aftersales_demo_history(self, team_id, user_ids, count=360, seed=2026):
        """Demo data: ``count`` closed cases of last year in the team (archived, so that
        this year's figures stay as they are), written as customers write, then learn from
        them. Returns the cases."""
        from ..demo_history import history_cases  # noqa: PLC0415 (demo only)

        team = self.env["helpdesk.ticket.team"].browse(team_id)
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        vals_list = []
        for index, case in enumerate(history_cases(count, seed=seed)):
            received = now - timedelta(days=400 - index % 240, hours=index % 9)
            vals_list.append(
                {
                    "name": case["name"],
                    "description": case["description"],
                    "category_id": self.env.ref(case["category_xmlid"]).id,
                    "aftersales_case_kind": case["aftersales_case_kind"],
                    "team_id": team.id,
                    "user_id": user_ids[index % len(user_ids)],
                    "stage_id": done.id,
                    "aftersales_received_at": received,
                    "aftersales_intake_ack_state": False,
                    "active": False,
                    "company_id": team.company_id.id or self.env.company.id,
                }
            )
        cases = self.env["helpdesk.ticket"].with_context(tracking_disable=True).create(vals_list)
        self._aftersales_train(cases.company_id)
        return cases
