from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL, format_datetime

from odoo.addons.aftersales_flow.cron_batch import aftersales_cron_batches

from ..report.quality_kpi_report import kpi_query
from .helpdesk_ticket import COST_GROUPS
from .quality_monitor_rule import KPIS, SCOPES, TESTS

BATCH_SIZE = 100


class AftersalesQualityIssue(models.Model):
    """A problem the scheduled analysis found in the cases, for the quality
    manager to accept (into a corrective action plan) or dismiss.

    The evidence is the analysis' own (written as superuser by the scheduled
    action) and the decision is the buttons': neither can be written directly
    (``aftersales.workflow.mixin``). The analysis leaves confidential cases out:
    an issue is read by the quality manager and agents, who may not read them.
    """

    _name = "aftersales.quality.issue"
    _description = "Quality Issue"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True
    # the evidence of the analysis and the decision; read-only stored fields are guarded too
    _aftersales_workflow_fields = (
        "state",
        "rule_id",
        "kpi",
        "scope",
        "scope_res_id",
        "category_id",
        "product_id",
        "period_start",
        "period_end",
        "ticket_ids",
        "plan_id",
        "decided_by_id",
        "decided_date",
    )

    # ------------------------------------------------------------ fields

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    state = fields.Selection(
        [("proposed", "Proposed"), ("accepted", "Accepted"), ("dismissed", "Dismissed")],
        default="proposed",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    rule_id = fields.Many2one(
        "aftersales.quality.monitor.rule", string="Monitoring Rule", readonly=True, index=True
    )
    kpi = fields.Selection(
        KPIS,
        string="KPI",
        required=True,
        default="volume",
        readonly=True,
        help="The measure that deteriorated.",
    )
    scope = fields.Selection(
        SCOPES,
        required=True,
        default="category",
        help="What the analysis grouped the cases by.",
    )
    scope_res_id = fields.Integer(
        string="Scope Record", required=True, help="Id of the category (or other scope)."
    )
    scope_name = fields.Char(string="Scope Value", compute="_compute_scope_name")
    category_id = fields.Many2one("helpdesk.ticket.category", string="Category", index=True)
    product_id = fields.Many2one("product.product", string="Product", index="btree_not_null")
    period_start = fields.Datetime(required=True)
    period_end = fields.Datetime(required=True)
    case_count = fields.Integer(
        string="Cases in Period", readonly=True, help="Cases the KPI measured in the period."
    )
    aftersales_cost_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Cost Currency", groups=COST_GROUPS
    )
    aftersales_cost_total = fields.Monetary(
        string="Cost of Quality",
        compute="_compute_cost_total",
        store=True,
        currency_field="aftersales_cost_currency_id",
        groups=COST_GROUPS,
        help="What the issue's cases cost (refunds, compensation, goods, shipping, scrapped "
        "value and handling, less what carriers and vendors paid back): rank issues by it.",
    )
    current_value = fields.Float(
        string="Value in Period", readonly=True, help="The KPI over the period judged."
    )
    reference_average = fields.Float(
        string="Reference",
        readonly=True,
        help="The KPI over the reference periods together (for the case volume: cases per period).",
    )
    increase_percent = fields.Float(
        string="Change (%)", readonly=True, help="Change of the KPI against the reference."
    )
    trend = fields.Char(
        string="Series",
        readonly=True,
        help="The KPI in each reference period, oldest first, then in the period judged.",
    )
    sample_trend = fields.Char(
        string="Cases Measured",
        readonly=True,
        help="Cases measured in each period, in the same order as the series.",
    )
    current_sample = fields.Integer(string="Sample in Period", readonly=True)
    reference_sample = fields.Integer(string="Reference Sample", readonly=True)
    stat_test = fields.Selection(TESTS, string="Test", readonly=True)
    p_value = fields.Float(
        string="p-value",
        readonly=True,
        help="Probability of a deterioration at least this large by chance alone, "
        "had nothing changed.",
    )
    score = fields.Float(
        readonly=True,
        digits=(12, 2),
        help="Distance of the period from the reference, in standard errors (Welch: t).",
    )
    significance = fields.Float(string="Significance Level", readonly=True, digits=(4, 3))
    min_sample = fields.Integer(string="Minimum Sample", readonly=True)
    min_change_percent = fields.Float(string="Minimum Change (%)", readonly=True)
    evidence = fields.Text(compute="_compute_evidence", help="Why the issue was raised.")
    ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        "aftersales_quality_issue_ticket_rel",
        "issue_id",
        "ticket_id",
        string="Cases",
        check_company=True,
    )
    dismiss_reason = fields.Text(tracking=True)
    plan_id = fields.Many2one(
        "aftersales.quality.plan", string="Action Plan", copy=False, check_company=True
    )
    decided_by_id = fields.Many2one(
        "res.users", string="Decided By", readonly=True, copy=False, tracking=True
    )
    decided_date = fields.Datetime(string="Decided On", readonly=True, copy=False)
    can_accept = fields.Boolean(compute="_compute_can")
    can_dismiss = fields.Boolean(compute="_compute_can")

    # ------------------------------------------------------------ constraints

    # never two open proposals for the same problem
    _open_scope_unique = models.UniqueIndex(
        "(company_id, kpi, scope, scope_res_id) WHERE state IN ('proposed', 'accepted')",
        "This problem already has an open quality issue.",
    )

    # ------------------------------------------------------------ computes

    @api.depends("ticket_ids.aftersales_cost_total")
    def _compute_cost_total(self):
        for issue in self:
            issue.aftersales_cost_total = sum(issue.ticket_ids.mapped("aftersales_cost_total"))

    @api.depends("state")
    def _compute_can(self):
        for issue in self:
            issue.can_accept = issue.state == "proposed"
            issue.can_dismiss = issue.state == "proposed"

    @api.depends("scope", "scope_res_id")
    def _compute_scope_name(self):
        columns = self.env["aftersales.quality.monitor.rule"]._scope_columns()
        report = self.env["aftersales.quality.kpi.report"]
        for issue in self:
            column = columns.get(issue.scope)
            if not (column and issue.scope_res_id):
                issue.scope_name = False
                continue
            record = self.env[report._fields[column].comodel_name].browse(issue.scope_res_id)
            # the name only (a carrier, a supplier the reader may not open)
            issue.scope_name = record.sudo().display_name

    @api.depends("kpi", "scope_name", "current_value", "reference_average", "p_value", "stat_test")
    def _compute_evidence(self):
        for issue in self:
            issue.evidence = issue._evidence_text() if issue.stat_test else False

    # ------------------------------------------------------------ actions

    def action_accept(self):
        """Accept the issue and open a draft corrective action plan for it."""
        self.ensure_one()
        self._ensure_can_accept()
        # the plan's link to its issue is guarded like the issue's decision
        plan = (
            self.env["aftersales.quality.plan"]
            ._aftersales_workflow()
            .create(self._prepare_plan_vals())
        )
        self._aftersales_workflow().write({"plan_id": plan.id, **self._decision_vals("accepted")})
        return plan.with_env(self.env)._get_form_action()

    def action_dismiss(self):
        self._ensure_can_dismiss()
        missing = self.filtered(lambda i: not (i.dismiss_reason or "").strip())
        if missing:
            raise UserError(
                self.env._("Give the reason for dismissing %(issue)s.", issue=missing[0].name)
            )
        self._aftersales_workflow().write(self._decision_vals("dismissed"))
        return True

    def action_open_cases(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cases"),
            "res_model": "helpdesk.ticket",
            "view_mode": "list,form",
            "domain": [("id", "in", self.ticket_ids.ids)],
        }

    # ------------------------------------------------------------ business

    def _decision_vals(self, state):
        return {
            "state": state,
            "decided_by_id": self.env.user.id,
            "decided_date": fields.Datetime.now(),
        }

    def _ensure_can_accept(self):
        for issue in self:
            if not issue.can_accept:
                raise UserError(self.env._("Only a proposed issue can be accepted."))

    def _ensure_can_dismiss(self):
        for issue in self:
            if not issue.can_dismiss:
                raise UserError(self.env._("Only a proposed issue can be dismissed."))

    def _prepare_plan_vals(self):
        self.ensure_one()
        plan_kpis = dict(self.env["aftersales.quality.plan"]._fields["kpi"].selection)
        return {
            "name": self.name,
            "company_id": self.company_id.id,
            "issue_id": self.id,
            "category_id": self.category_id.id,
            # the plan is judged on the issue's KPI where it can measure it (else the volume)
            "kpi": self.kpi if self.kpi in plan_kpis else "volume",
            "significance": self.significance or 0.05,
            "problem": self._evidence_text(),
            "ticket_ids": [fields.Command.set(self.ticket_ids.ids)],
        }

    def _fmt(self, value):
        """A figure of the evidence: a count as is, the rest to two decimals."""
        return str(int(value)) if float(value).is_integer() else f"{value:.2f}"

    def _evidence_text(self):
        """Why the issue was raised, in the reader's language and time zone."""
        self.ensure_one()
        tz = self.env.user._aftersales_tz()
        test_label = dict(self._fields["stat_test"]._description_selection(self.env)).get(
            self.stat_test, ""
        )
        kpi_label = dict(self._fields["kpi"]._description_selection(self.env))[self.kpi]
        return self.env._(
            "%(kpi)s of %(scope)s between %(start)s and %(end)s: %(value)s on %(sample)s "
            "cases measured, against %(reference)s over the reference periods (%(ref_sample)s "
            "cases), a change of %(change)s%%. Series, oldest first: %(trend)s (cases "
            "measured: %(samples)s). %(test)s: score %(score)s, p-value %(p)s, below the "
            "significance level %(alpha)s; the rule asks for at least %(min_sample)s cases "
            "and a change of at least %(min_change)s%%.",
            kpi=kpi_label,
            scope=self.scope_name or "",
            start=format_datetime(self.env, self.period_start, tz=tz),
            end=format_datetime(self.env, self.period_end, tz=tz),
            value=self._fmt(self.current_value),
            sample=self.current_sample,
            reference=self._fmt(self.reference_average),
            ref_sample=self.reference_sample,
            change=f"{self.increase_percent:+.1f}",
            trend=self.trend or "",
            samples=self.sample_trend or "",
            test=test_label,
            score=f"{self.score:.2f}",
            p=f"{self.p_value:.4g}",
            alpha=self.significance,
            min_sample=self.min_sample,
            min_change=self._fmt(self.min_change_percent),
        )

    def _kpi_scope_domain(self):
        """The Case Analysis rows of this issue's scope."""
        self.ensure_one()
        field = self.env["aftersales.quality.monitor.rule"]._scope_columns().get(self.scope)
        return [(field, "=", self.scope_res_id)] if field else []

    @api.model
    def _problem_report(self):
        """The access helpers of the analysis: the user's cases (all as
        superuser), never the confidential ones."""
        return self.env["aftersales.quality.kpi.report"].with_context(
            quality_exclude_confidential=True
        )

    @api.model
    @api.private
    def _problem_rules(self, company):
        """The active monitoring rules of ``company`` (and of every company)."""
        # sudo: the scheduled analysis reads its configuration whoever triggers it
        return (
            self.env["aftersales.quality.monitor.rule"]
            .sudo()
            .search(
                [("active", "=", True), ("company_id", "in", [False, company.id])],
                order="sequence, id",
            )
        )

    @api.model
    def _cron_identify_problems(self, now=None):
        """Judge each monitoring rule's KPI in each scope: its last period
        against its own previous ones, with the rule's statistical test, and
        propose an issue where the deterioration is significant, large enough and
        measured on enough cases.

        Idempotent: a scope with an open issue on the same KPI is skipped, and each
        company's proposals are committed together, the company claimed with SKIP
        LOCKED (a second worker analyses other companies). Confidential cases are left
        out (see the class)."""
        now = now or fields.Datetime.now()
        done = set()
        proposed = []

        def analyse(companies, _now):
            for company in companies:
                proposed.append(self._aftersales_identify_company(company, now))
                done.add(company.id)

        aftersales_cron_batches(
            self.env["res.company"],
            lambda _now: Domain("active", "=", True) & Domain("id", "not in", sorted(done)),
            analyse,
            batch_size=1,
            # the issues refer to the company: a key-share lock must not wait
            lock="NO KEY UPDATE",
        )
        return sum(proposed)

    @api.model
    @api.private
    def _aftersales_identify_company(self, company, now):
        """Propose the issues of ``company`` at ``now``; return how many (a hook:
        aftersales_queue runs each company's analysis as a background job)."""
        candidates = self._identify_problem_vals(now, companies=company)
        for start in range(0, len(candidates), BATCH_SIZE):
            self.create(candidates[start : start + BATCH_SIZE])
        return len(candidates)

    @api.model
    @api.private
    def _identify_problems_now(self):
        """Propose the issues now (the monitoring rules' *Analyse Now*)."""
        # sudo: issues are the analysis' own, proposed as the scheduled action does
        # (as superuser, confidential cases left out whoever asks); the button
        # checks that the caller is a quality manager
        issues = self.sudo()
        return issues.create(issues._identify_problem_vals(fields.Datetime.now())).sudo(False)

    @api.model
    @api.private
    def _identify_problem_vals(self, now, companies=None):
        """Values of the issues to propose at ``now``, for every rule of ``companies``
        (by default every active company)."""
        vals_list = []
        if companies is None:
            companies = self.env["res.company"].search([("active", "=", True)])
        for company in companies:
            seen = set()
            company_rules = self._problem_rules(company)
            rules = company_rules.browse()
            for rule in company_rules:
                # two rules on the same KPI and scope: the first one judges
                if (rule.kpi, rule.scope) not in seen:
                    seen.add((rule.kpi, rule.scope))
                    rules |= rule
            # the KPIs of one scope, period and reference periods in one query
            series = {}
            with kpi_query(self.env.cr):
                for _key, group in rules.grouped(
                    lambda rule, company=company: (rule.scope, *rule._settings(company)[:2])
                ).items():
                    series.update(self._kpi_series_batch(company, group, now))
            for rule in rules:
                rows = self._find_problem_rows(company, rule, now, series[rule.id])
                if rows:
                    # the scopes' names in one read, not one per issue
                    self._problem_scopes(rule, [row["scope_id"] for row in rows]).mapped(
                        "display_name"
                    )
                vals_list += [self._prepare_issue_vals(company, rule, row, now) for row in rows]
        return vals_list

    @api.model
    @api.private
    def _kpi_exposures(self, company, rule, scope_ids, start, period, history):
        """{scope id: [exposure of each period, current first]} for a KPI counted
        per something other than time (orders, delivered units), else None: the
        periods have the same length, each counts 1. Other addons add theirs."""
        return None

    @api.model
    @api.private
    def _kpi_series(self, company, rule, now, domain=None):
        """{scope id: [aggregates (a, b, c) of each period, current first]} of the
        rule's KPI over the cases the analysis may count, aggregated in SQL per
        scope and period (see ``aftersales.quality.monitor.rule._aggregate_sql``),
        without the scopes that have an open issue on the KPI."""
        return self._kpi_series_batch(company, rule, now, domain)[rule.id]

    @api.model
    @api.private
    def _kpi_series_batch(self, company, rules, now, domain=None):
        """{rule id: ``_kpi_series``} of ``rules``, which share their scope, period and
        reference periods: one query over the cases for all their KPIs."""
        Rule = self.env["aftersales.quality.monitor.rule"]
        scope = rules[0].scope
        period_days, history, _min_sample, _min_change = rules[0]._settings(company)
        period = timedelta(days=period_days)
        oldest = now - period * (history + 1)
        column = Rule._scope_columns()[scope]
        report = self._problem_report()
        # the view reads tables the ORM does not know it depends on
        self.env.flush_all()
        query = report._search(
            Domain.AND(
                [
                    [
                        ("company_id", "=", company.id),
                        (column, "!=", False),
                        ("date", ">=", oldest),
                        ("date", "<", now),
                    ],
                    domain or [],
                ]
            )
        )

        def col(name):
            return SQL.identifier(query.table, name)

        aggregates = [
            aggregate for rule in rules for aggregate in Rule._aggregate_sql(rule.kpi, col)
        ]
        # bucket 0 = current period, k = k periods before
        bucket = SQL(
            "FLOOR(EXTRACT(EPOCH FROM (%s - %s)) / %s)::int",
            now,
            col("date"),
            period.total_seconds(),
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT %(scope)s, %(bucket)s, %(aggregates)s
                  FROM %(from)s
                 WHERE %(where)s
                 GROUP BY 1, 2
                """,
                scope=col(column),
                bucket=bucket,
                aggregates=SQL(", ").join(aggregates),
                where=query.where_clause or SQL("TRUE"),
                **{"from": query.from_clause},
            )
        )
        rows = self.env.cr.fetchall()
        # a scope with an open issue on a KPI is not judged again on it
        self.env.cr.execute(
            SQL(
                """
                SELECT kpi, scope_res_id FROM aftersales_quality_issue
                 WHERE company_id = %s AND scope = %s AND kpi IN %s
                   AND state IN ('proposed', 'accepted')
                """,
                company.id,
                scope,
                tuple(rules.mapped("kpi")),
            )
        )
        open_issues = set(self.env.cr.fetchall())
        result = {rule.id: {} for rule in rules}
        for scope_id, bucket_no, *values in rows:
            if not 0 <= bucket_no <= history:
                continue
            for index, rule in enumerate(rules):
                if (rule.kpi, scope_id) in open_issues:
                    continue
                series = result[rule.id].setdefault(scope_id, [(0, 0, 0)] * (history + 1))
                series[bucket_no] = tuple(values[index * 3 : index * 3 + 3])
        return result

    @api.model
    @api.private
    def _find_problem_rows(self, company, rule, now, series=None):
        """Rows (dicts) of the scopes of ``company`` whose KPI (of ``rule``)
        deteriorated significantly in the last period, with no open issue on it.

        Counts the cases the user may read (all as superuser), never the
        confidential ones. ``series``: the rule's ``_kpi_series`` if already read."""
        Rule = self.env["aftersales.quality.monitor.rule"]
        kind = Rule._kpi_specs()[rule.kpi]["kind"]
        period_days, history, min_sample, min_change = rule._settings(company)
        period = timedelta(days=period_days)
        start = now - period
        if series is None:
            series = self._kpi_series(company, rule, now)
        exposures = self._kpi_exposures(company, rule, list(series), start, period, history)
        rows = []
        for scope_id, periods in series.items():
            samples = [Rule._sample(rule.kpi, *aggregates) for aggregates in periods]
            current, reference = samples[0], Rule._merge_samples(rule.kpi, samples[1:])
            if current["sample"] < min_sample or current["value"] is None:
                continue
            if exposures is None:
                exposure = [1.0] * (history + 1)
            else:
                exposure = exposures.get(scope_id) or [0.0] * (history + 1)
            reference_exposure = sum(exposure[1:])
            if kind == "rate":
                if not (exposure[0] and reference_exposure):
                    continue  # nothing to count the cases against
            elif reference["value"] is None:
                continue  # no history to judge against
            result = Rule._test(
                rule.kpi, current, reference, exposure=(exposure[0], reference_exposure)
            )
            if result.p_value >= rule.significance:
                continue
            value = Rule._value(rule.kpi, current, exposure[0])
            ref_value = Rule._value(rule.kpi, reference, reference_exposure)
            if ref_value:
                change = (value - ref_value) / abs(ref_value) * 100.0
                worse = change if Rule._kpi_specs()[rule.kpi]["worse"] == "higher" else -change
                if worse < min_change:
                    continue
            else:
                change = 100.0  # from nothing: a new problem
            values = [Rule._value(rule.kpi, s, e) for s, e in zip(samples, exposure, strict=True)]
            rows.append(
                {
                    "scope_id": scope_id,
                    "start": start,
                    "current": current,
                    "reference": reference,
                    "value": value,
                    "reference_value": ref_value or 0.0,
                    "change": change,
                    "series": list(reversed(values)),
                    "samples": [s["sample"] for s in reversed(samples)],
                    "result": result,
                    "min_sample": min_sample,
                    "min_change": min_change,
                }
            )
        return rows

    @api.model
    @api.private
    def _format_series(self, values):
        def fmt(value):
            if value is None:
                return "–"
            if float(value).is_integer():
                return str(int(value))
            return f"{value:.2f}"

        return " → ".join(fmt(value) for value in values)

    @api.model
    @api.private
    def _problem_scopes(self, rule, scope_ids):
        """The records (categories, products…) of ``scope_ids`` in ``rule``'s scope."""
        column = self.env["aftersales.quality.monitor.rule"]._scope_columns()[rule.scope]
        comodel = self._problem_report()._fields[column].comodel_name
        return self.env[comodel].browse(scope_ids)

    @api.model
    def _prepare_issue_vals(self, company, rule, row, now):
        Rule = self.env["aftersales.quality.monitor.rule"]
        scope_id = row["scope_id"]
        column = Rule._scope_columns()[rule.scope]
        report = self._problem_report()
        scope_name = self._problem_scopes(rule, [scope_id]).display_name
        scope_label = dict(Rule._fields["scope"]._description_selection(self.env))[rule.scope]
        kpi_label = dict(Rule._fields["kpi"]._description_selection(self.env))[rule.kpi]
        # the cases measured (those of _kpi_series: not the confidential ones)
        spec = Rule._kpi_specs()[rule.kpi]
        # their case in the same query (the evidence lists every case measured)
        rows = report.search_fetch(
            [
                ("company_id", "=", company.id),
                (column, "=", scope_id),
                ("date", ">=", row["start"]),
                ("date", "<", now),
                *spec.get("measured", []),
            ],
            ["ticket_id"],
        )
        result = row["result"]
        if rule.kpi == "volume":
            name = self.env._(
                "%(scope)s %(name)s: %(count)s cases",
                scope=scope_label,
                name=scope_name,
                count=len(rows),
            )
        else:
            name = self.env._(
                "%(kpi)s of %(scope)s %(name)s: %(trend)s",
                kpi=kpi_label,
                scope=scope_label,
                name=scope_name,
                trend=self._format_series(row["series"][-2:]),
            )
        vals = {
            "name": name,
            "company_id": company.id,
            "rule_id": rule.id,
            "kpi": rule.kpi,
            "scope": rule.scope,
            "scope_res_id": scope_id,
            "period_start": row["start"],
            "period_end": now,
            "case_count": len(rows),
            "reference_average": row["reference_value"],
            "current_value": row["value"],
            "increase_percent": row["change"],
            "trend": self._format_series(row["series"]),
            "sample_trend": " → ".join(str(n) for n in row["samples"]),
            "current_sample": row["current"]["sample"],
            "reference_sample": row["reference"]["sample"],
            "stat_test": result.test,
            "p_value": result.p_value,
            "score": result.score if abs(result.score) != float("inf") else 99.0,
            "significance": rule.significance,
            "min_sample": row["min_sample"],
            "min_change_percent": row["min_change"],
            "ticket_ids": [fields.Command.set(rows.ticket_id.ids)],
        }
        field = {"category": "category_id", "product": "product_id"}.get(rule.scope)
        if field:
            vals[field] = scope_id
        return vals

    # ------------------------------------------------------------ demo data

    @api.model
    @api.private
    def _quality_demo_identify_problems(self, now=None):
        """Run the problem identification of the weekly cron for the demo data.

        Same analysis and proposals as ``_cron_identify_problems``, without its
        batch commits: demo data loads inside the module installation."""
        now = now or fields.Datetime.now()
        return self.create(self._identify_problem_vals(now))
