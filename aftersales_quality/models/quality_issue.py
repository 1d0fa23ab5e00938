from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL, format_datetime

from odoo.addons.aftersales_flow.cron_batch import aftersales_cron_batches

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
    scope = fields.Selection(
        [("category", "Category"), ("product", "Product")],
        required=True,
        default="category",
        help="What the analysis grouped the cases by.",
    )
    scope_res_id = fields.Integer(
        string="Scope Record", required=True, help="Id of the category (or other scope)."
    )
    category_id = fields.Many2one("helpdesk.ticket.category", string="Category", index=True)
    product_id = fields.Many2one("product.product", string="Product", index="btree_not_null")
    period_start = fields.Datetime(required=True)
    period_end = fields.Datetime(required=True)
    case_count = fields.Integer(string="Cases in Period", readonly=True)
    reference_average = fields.Float(
        string="Reference Average", readonly=True, help="Average cases per previous period."
    )
    increase_percent = fields.Float(string="Increase (%)", readonly=True)
    trend = fields.Char(readonly=True, help="Case counts of the reference periods, oldest first.")
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
        "(company_id, scope, scope_res_id) WHERE state IN ('proposed', 'accepted')",
        "This problem already has an open quality issue.",
    )

    # ------------------------------------------------------------ computes

    @api.depends("state")
    def _compute_can(self):
        for issue in self:
            issue.can_accept = issue.state == "proposed"
            issue.can_dismiss = issue.state == "proposed"

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
        return {
            "name": self.name,
            "company_id": self.company_id.id,
            "issue_id": self.id,
            "category_id": self.category_id.id,
            "problem": self.env._(
                "%(count)s cases between %(start)s and %(end)s against %(avg)s per period before "
                "(trend %(trend)s).",
                count=self.case_count,
                # in the time of whoever accepts the issue, who writes the plan
                start=format_datetime(
                    self.env, self.period_start, tz=self.env.user._aftersales_tz()
                ),
                end=format_datetime(self.env, self.period_end, tz=self.env.user._aftersales_tz()),
                avg=round(self.reference_average, 1),
                trend=self.trend,
            ),
            "ticket_ids": [fields.Command.set(self.ticket_ids.ids)],
        }

    def _kpi_scope_domain(self):
        """The Case Analysis rows of this issue's scope; other addons add theirs."""
        self.ensure_one()
        field = {"category": "category_id", "product": "product_id"}.get(self.scope)
        return [(field, "=", self.scope_res_id)] if field else []

    @api.model
    def _problem_report(self):
        """The access helpers of the analysis: the user's cases (all as
        superuser), never the confidential ones."""
        return self.env["aftersales.quality.kpi.report"].with_context(
            quality_exclude_confidential=True
        )

    @api.model
    def _problem_scopes(self):
        """Scopes analysed: (scope key, column of helpdesk_ticket, label).

        Other addons add theirs (a column of the case) with a selection_add on
        ``scope``.
        """
        category_label = self.env._("Category")
        product_label = self.env._("Product")
        return [
            ("category", "category_id", category_label),
            ("product", "product_id", product_label),
        ]

    @api.model
    def _cron_identify_problems(self, now=None):
        """Compare each scope's cases in the last period with the previous ones
        and propose an issue where the rise crosses the company threshold.

        Idempotent: a scope with an open issue is skipped, and each company's
        proposals are committed together, the company claimed with SKIP LOCKED (a
        second worker analyses other companies). Confidential cases are left out
        (see the class)."""
        now = now or fields.Datetime.now()
        done = set()
        proposed = []

        def analyse(companies, _now):
            for company in companies:
                candidates = []
                for scope, column, label in self._problem_scopes():
                    candidates += [
                        (company, scope, label, row)
                        for row in self._find_problem_rows(company, scope, column, now)
                    ]
                for start in range(0, len(candidates), BATCH_SIZE):
                    batch = candidates[start : start + BATCH_SIZE]
                    self.create([self._prepare_issue_vals(*candidate, now) for candidate in batch])
                done.add(company.id)
                proposed.append(len(candidates))

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
    def _find_problem_rows(self, company, scope, column, now):
        """Rows (scope id, current count, reference counts oldest first) of the
        scopes of ``company`` crossing its threshold, with no open issue.

        Counts the cases the user may read (all as superuser), never the
        confidential ones."""
        self.env["helpdesk.ticket"].flush_model()
        self.flush_model()
        period = timedelta(days=company.quality_period_days)
        history = company.quality_history_periods
        start = now - period
        oldest = now - period * (history + 1)
        cases, readable = self._problem_report()._readable_table("helpdesk.ticket", "t")
        # bucket 0 = current period, k = k periods before
        bucket = SQL(
            "FLOOR(EXTRACT(EPOCH FROM (%s - t.received_at)) / %s)::int",
            now,
            period.total_seconds(),
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT t.%(column)s AS scope_id, %(bucket)s AS bucket, COUNT(*) AS n
                  FROM %(cases)s
                 WHERE t.active AND t.company_id = %(company)s AND %(readable)s
                   AND t.%(column)s IS NOT NULL
                   AND t.received_at >= %(oldest)s AND t.received_at < %(now)s
                   AND NOT EXISTS (
                       SELECT 1 FROM aftersales_quality_issue i
                        WHERE i.company_id = t.company_id AND i.scope = %(scope)s
                          AND i.scope_res_id = t.%(column)s
                          AND i.state IN ('proposed', 'accepted'))
                 GROUP BY 1, 2
                """,
                column=SQL.identifier(column),
                cases=cases,
                readable=readable,
                bucket=bucket,
                company=company.id,
                scope=scope,
                oldest=oldest,
                now=now,
            )
        )
        counts = {}
        for scope_id, bucket_no, n in self.env.cr.fetchall():
            counts.setdefault(scope_id, [0] * (history + 1))[bucket_no] = n
        rows = []
        for scope_id, buckets in counts.items():
            current = buckets[0]
            reference = buckets[1:]
            average = sum(reference) / history
            limit = average * (1 + company.quality_threshold_percent / 100.0)
            if current >= company.quality_min_cases and current > limit:
                rows.append((scope_id, current, list(reversed(reference)), start))
        return rows

    @api.model
    def _prepare_issue_vals(self, company, scope, label, row, now):
        scope_id, current, reference, start = row
        column = dict((s, c) for s, c, _label in self._problem_scopes())[scope]
        record = self.env["helpdesk.ticket"]._fields[column].comodel_name
        scope_name = self.env[record].browse(scope_id).display_name
        average = sum(reference) / len(reference)
        # the cases counted by _find_problem_rows: not the confidential ones
        readable = self._problem_report()._readable_domain("helpdesk.ticket")
        tickets = self.env["helpdesk.ticket"].search(
            Domain.AND(
                [
                    [
                        ("company_id", "=", company.id),
                        (column, "=", scope_id),
                        ("received_at", ">=", start),
                        ("received_at", "<", now),
                    ],
                    readable,
                ]
            )
        )
        vals = {
            "name": self.env._(
                "%(scope)s %(name)s: %(count)s cases", scope=label, name=scope_name, count=current
            ),
            "company_id": company.id,
            "scope": scope,
            "scope_res_id": scope_id,
            "period_start": start,
            "period_end": now,
            "case_count": current,
            "reference_average": average,
            "increase_percent": (current - average) / average * 100.0 if average else 100.0,
            "trend": " → ".join(str(n) for n in [*reference, current]),
            "ticket_ids": [fields.Command.set(tickets.ids)],
        }
        if scope == "category":
            vals["category_id"] = scope_id
        elif scope == "product":
            vals["product_id"] = scope_id
        return vals

    # ------------------------------------------------------------ demo data

    @api.model
    @api.private
    def _quality_demo_identify_problems(self, now=None):
        """Run the problem identification of the weekly cron for the demo data.

        Same analysis and proposals as ``_cron_identify_problems``, without its
        batch commits: demo data loads inside the module installation."""
        now = now or fields.Datetime.now()
        vals_list = []
        for company in self.env["res.company"].search([("active", "=", True)]):
            for scope, column, label in self._problem_scopes():
                vals_list += [
                    self._prepare_issue_vals(company, scope, label, row, now)
                    for row in self._find_problem_rows(company, scope, column, now)
                ]
        return self.create(vals_list)
