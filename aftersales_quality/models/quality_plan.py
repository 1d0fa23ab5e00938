from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_datetime

from ..tools import stats
from .quality_monitor_rule import KPIS, TESTS

PLAN_STATES = [
    ("draft", "Draft"),
    ("planned", "Planned"),
    ("in_progress", "In Progress"),
    ("implemented", "Implemented"),
    ("evaluated", "Evaluated"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]


class AftersalesQualityPlan(models.Model):
    """Corrective action plan: problem, root cause, actions with owners and
    deadlines, and an effectiveness evaluation before/after implementation.

    The state, the implementation date, the evaluation figures and the link to
    the issue change only through the buttons (``aftersales.workflow.mixin``).
    """

    _name = "aftersales.quality.plan"
    _description = "Corrective Action Plan"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True
    # with every read-only stored field (implementation date, evaluation figures)
    _aftersales_workflow_fields = ("state", "issue_id")

    # ------------------------------------------------------------ fields

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    state = fields.Selection(
        PLAN_STATES, default="draft", required=True, tracking=True, copy=False, index=True
    )
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user, tracking=True
    )
    issue_id = fields.Many2one(
        "aftersales.quality.issue", string="Quality Issue", copy=False, check_company=True
    )
    problem = fields.Text(string="Problem Statement", required=True)
    root_cause = fields.Text(string="Root Cause", tracking=True)
    category_id = fields.Many2one(
        "helpdesk.ticket.category",
        string="Category",
        tracking=True,
        help="Scope measured by the effectiveness evaluation.",
    )
    ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        "aftersales_quality_plan_ticket_rel",
        "plan_id",
        "ticket_id",
        string="Cases",
        check_company=True,
    )
    action_ids = fields.One2many("aftersales.quality.action", "plan_id", string="Actions")
    action_count = fields.Integer(compute="_compute_action_stats")
    overdue_action_count = fields.Integer(compute="_compute_action_stats")
    implemented_date = fields.Datetime(readonly=True, copy=False, tracking=True)

    # ------------------------------------------------------------ fields: evaluation

    evaluation_days = fields.Integer(
        string="Evaluation Window (days)",
        default=30,
        help="Cases are counted over this many days before and after implementation.",
    )
    target_reduction = fields.Float(
        string="Target Reduction (%)",
        default=20.0,
        help="The plan is effective when the KPI evaluated improves by at least this much "
        "(for the case volume: the daily case rate falls by it), significantly.",
    )
    before_case_count = fields.Integer(readonly=True, copy=False)
    after_case_count = fields.Integer(readonly=True, copy=False)
    before_days = fields.Float(string="Days Measured Before", readonly=True, copy=False)
    after_days = fields.Float(string="Days Measured After", readonly=True, copy=False)
    before_daily_rate = fields.Float(string="Cases per Day Before", readonly=True, copy=False)
    after_daily_rate = fields.Float(string="Cases per Day After", readonly=True, copy=False)
    before_resolution_hours = fields.Float(
        string="Resolution Before (working h)", readonly=True, copy=False
    )
    after_resolution_hours = fields.Float(
        string="Resolution After (working h)", readonly=True, copy=False
    )
    change_percent = fields.Float(string="Change (%)", readonly=True, copy=False)
    evaluation_result = fields.Selection(
        [("effective", "Effective"), ("not_effective", "Not Effective")],
        readonly=True,
        copy=False,
        tracking=True,
    )
    evaluation_provisional = fields.Boolean(
        string="Provisional Evaluation",
        readonly=True,
        copy=False,
        tracking=True,
        help="Evaluated before the end of the evaluation window: the result counts only "
        "the days measured so far (Days Measured After) and the plan stays implemented "
        "until the window has passed and it is evaluated again.",
    )
    evaluation_window_end = fields.Datetime(
        string="Window Ends",
        compute="_compute_evaluation_window_end",
        help="When the evaluation window after the implementation has passed: the "
        "evaluation is final from then on.",
    )
    evaluation_date = fields.Datetime(readonly=True, copy=False)
    kpi = fields.Selection(
        KPIS,
        string="KPI Evaluated",
        default="volume",
        required=True,
        tracking=True,
        help="The measure the effectiveness is judged on: the KPI that raised the issue, "
        "or any other chosen. It is compared before and after the implementation with the "
        "same test as the problem identification.",
    )
    significance = fields.Float(
        string="Significance Level",
        default=0.1,
        digits=(4, 3),
        help="The plan is effective when the improvement reaches the target and is "
        "significant at this level (0.1: 90% confidence).",
    )
    before_kpi_value = fields.Float(string="KPI Before", readonly=True, copy=False)
    after_kpi_value = fields.Float(string="KPI After", readonly=True, copy=False)
    before_kpi_sample = fields.Integer(string="Cases Measured Before", readonly=True, copy=False)
    after_kpi_sample = fields.Integer(string="Cases Measured After", readonly=True, copy=False)
    kpi_change_percent = fields.Float(string="KPI Change (%)", readonly=True, copy=False)
    evaluation_test = fields.Selection(TESTS, string="Test", readonly=True, copy=False)
    evaluation_p_value = fields.Float(
        string="p-value",
        readonly=True,
        copy=False,
        help="Probability of an improvement at least this large by chance alone.",
    )
    evaluation_confidence = fields.Float(
        string="Confidence (%)",
        readonly=True,
        copy=False,
        help="How sure the verdict is that the KPI improved: 100% minus the p-value.",
    )
    evaluation_verdict = fields.Text(
        string="Verdict", compute="_compute_evaluation_verdict", help="The verdict in words."
    )

    # ------------------------------------------------------------ fields: buttons

    can_plan = fields.Boolean(compute="_compute_can")
    can_start = fields.Boolean(compute="_compute_can")
    can_implement = fields.Boolean(compute="_compute_can")
    can_evaluate = fields.Boolean(compute="_compute_can")
    can_close = fields.Boolean(compute="_compute_can")
    can_reopen = fields.Boolean(compute="_compute_can")
    can_cancel = fields.Boolean(compute="_compute_can")
    can_reset = fields.Boolean(compute="_compute_can")

    # ------------------------------------------------------------ constraints

    _evaluation_days_positive = models.Constraint(
        "CHECK (evaluation_days > 0 AND evaluation_days <= 3660)",
        "The evaluation window must be between one day and ten years.",
    )
    _significance_range = models.Constraint(
        "CHECK (significance > 0 AND significance < 0.5)",
        "The significance level must lie between 0 and 0.5 (e.g. 0.1 for 90% confidence).",
    )
    _target_reduction_percent = models.Constraint(
        "CHECK (target_reduction >= 0 AND target_reduction <= 100)",
        "The target reduction is a percentage between 0 and 100.",
    )

    # ------------------------------------------------------------ computes

    @api.depends("action_ids.state", "action_ids.date_deadline")
    def _compute_action_stats(self):
        today = fields.Date.context_today(self)
        for plan in self:
            plan.action_count = len(plan.action_ids)
            plan.overdue_action_count = len(
                plan.action_ids.filtered(
                    lambda a: a.state in ("todo", "in_progress") and a.date_deadline < today
                )
            )

    @api.depends("implemented_date", "evaluation_days")
    def _compute_evaluation_window_end(self):
        for plan in self:
            plan.evaluation_window_end = plan.implemented_date and (
                plan.implemented_date + timedelta(days=plan.evaluation_days)
            )

    @api.depends(
        "evaluation_result",
        "kpi",
        "before_kpi_value",
        "after_kpi_value",
        "evaluation_p_value",
        "evaluation_confidence",
    )
    def _compute_evaluation_verdict(self):
        kpis = dict(self._fields["kpi"]._description_selection(self.env))
        tests = dict(self._fields["evaluation_test"]._description_selection(self.env))
        for plan in self:
            if not plan.evaluation_result:
                plan.evaluation_verdict = False
                continue
            values = {
                "kpi": kpis.get(plan.kpi, ""),
                "before": f"{plan.before_kpi_value:.2f}",
                "after": f"{plan.after_kpi_value:.2f}",
                "change": f"{plan.kpi_change_percent:+.1f}",
                "test": tests.get(plan.evaluation_test, ""),
                "p": f"{plan.evaluation_p_value:.4g}",
                "confidence": f"{plan.evaluation_confidence:.1f}",
                "target": f"{plan.target_reduction:g}",
                "level": f"{(1 - plan.significance) * 100:g}",
            }
            if plan.evaluation_result == "effective":
                plan.evaluation_verdict = self.env._(
                    "Effective: %(kpi)s went from %(before)s to %(after)s (%(change)s%%), "
                    "reaching the %(target)s%% target; %(test)s p-value %(p)s, "
                    "%(confidence)s%% confidence that it improved (%(level)s%% asked).",
                    **values,
                )
            else:
                plan.evaluation_verdict = self.env._(
                    "Not effective: %(kpi)s went from %(before)s to %(after)s (%(change)s%%) "
                    "against a %(target)s%% target; %(test)s p-value %(p)s, only "
                    "%(confidence)s%% confidence that it improved (%(level)s%% asked, with "
                    "the target reached).",
                    **values,
                )

    @api.depends("state", "action_ids.state", "evaluation_result")
    def _compute_can(self):
        for plan in self:
            state = plan.state
            open_actions = plan.action_ids.filtered(lambda a: a.state in ("todo", "in_progress"))
            plan.can_plan = state == "draft"
            plan.can_start = state == "planned"
            plan.can_implement = state == "in_progress" and not open_actions
            plan.can_evaluate = state == "implemented"
            plan.can_close = state == "evaluated"
            plan.can_reopen = state == "evaluated" and plan.evaluation_result == "not_effective"
            plan.can_cancel = state not in ("closed", "cancelled")
            plan.can_reset = state == "cancelled"

    # ------------------------------------------------------------ actions

    def action_plan(self):
        self._ensure_can_plan()
        self._aftersales_workflow().write({"state": "planned"})
        return True

    def action_start(self):
        self._ensure_can("can_start", self.env._("Only a planned plan can be started."))
        self._aftersales_workflow().write({"state": "in_progress"})
        return True

    def action_implement(self):
        self._ensure_can(
            "can_implement",
            self.env._(
                "A plan is implemented once in progress with every action done or cancelled."
            ),
        )
        self._aftersales_workflow().write(
            {"state": "implemented", "implemented_date": fields.Datetime.now()}
        )
        return True

    def action_evaluate(self):
        """Measure the plan (see ``_compute_evaluation``): once the evaluation window has
        passed, the plan is evaluated; before, the figures of the days measured so far are
        recorded as provisional and the plan stays implemented."""
        self._ensure_can_evaluate()
        for plan in self:
            figures = plan._compute_evaluation()
            state = "implemented" if figures["evaluation_provisional"] else "evaluated"
            plan._aftersales_workflow().write({**figures, "state": state})
        return True

    def action_close(self):
        message = self.env._(
            "Evaluate the plan once its evaluation window has passed before closing it."
        )
        self._ensure_can("can_close", message)
        self._aftersales_workflow().write({"state": "closed"})
        return True

    def action_reopen(self):
        """Not effective: back to work on the same plan."""
        self._ensure_can(
            "can_reopen", self.env._("Only a plan evaluated as not effective can be reopened.")
        )
        self._aftersales_workflow().write(
            {"state": "in_progress", "implemented_date": False, "evaluation_provisional": False}
        )
        return True

    def action_cancel(self):
        self._ensure_can("can_cancel", self.env._("This plan is already closed or cancelled."))
        self._aftersales_workflow().write({"state": "cancelled"})
        return True

    def action_reset(self):
        self._ensure_can("can_reset", self.env._("Only a cancelled plan goes back to draft."))
        self._aftersales_workflow().write({"state": "draft"})
        return True

    # ------------------------------------------------------------ business

    def _ensure_can(self, flag, message):
        for plan in self:
            if not plan[flag]:
                raise UserError(message)

    def _ensure_can_evaluate(self):
        """An implemented plan is measured once at least a day has passed since its
        implementation (before, there is nothing after it to count)."""
        self._ensure_can("can_evaluate", self.env._("Only an implemented plan can be evaluated."))
        now = fields.Datetime.now()
        for plan in self:
            earliest = plan.implemented_date + timedelta(days=1)
            if now < earliest:
                raise UserError(
                    self.env._(
                        "%(plan)s was implemented less than a day ago: there is nothing after "
                        "it to measure yet. Evaluate it from %(earliest)s (provisionally), "
                        "finally once its %(days)s-day window has passed, on %(end)s.",
                        plan=plan.name,
                        earliest=format_datetime(
                            self.env, earliest, tz=self.env.user._aftersales_tz()
                        ),
                        days=plan.evaluation_days,
                        end=format_datetime(
                            self.env, plan.evaluation_window_end, tz=self.env.user._aftersales_tz()
                        ),
                    )
                )

    def _ensure_can_plan(self):
        self._ensure_can("can_plan", self.env._("Only a draft plan can be planned."))
        for plan in self:
            if not plan.action_ids:
                raise UserError(
                    self.env._("Add at least one action to the plan %(plan)s.", plan=plan.name)
                )

    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
        }

    def _evaluation_domain(self):
        """Cases the evaluation measures: the scope of the plan's issue (a product, a
        carrier, …), else the plan's category."""
        self.ensure_one()
        company = [("company_id", "=", self.company_id.id)]
        if self.issue_id and self.issue_id.scope != "category":
            scope = self.issue_id._kpi_scope_domain()
            if scope:
                return company + scope
        if not self.category_id:
            raise UserError(
                self.env._("Set the category of %(plan)s to measure its effect.", plan=self.name)
            )
        return company + [("category_id", "=", self.category_id.id)]

    def _compute_evaluation(self):
        """Before/after figures over the evaluation window around implementation.

        The figures are stored on the plan, which the quality manager and agents
        read: they count the cases the evaluating user may read, never the
        confidential ones (the same figures whoever evaluates)."""
        self.ensure_one()
        report = self.env["aftersales.quality.kpi.report"].with_context(
            quality_exclude_confidential=True
        )
        pivot = self.implemented_date
        window = timedelta(days=self.evaluation_days)
        now = fields.Datetime.now()
        after_end = min(pivot + window, now)
        # before the window has passed, the days measured so far only: provisional
        provisional = after_end < pivot + window
        domain = self._evaluation_domain()
        before = report._get_kpis([*domain, ("date", ">=", pivot - window), ("date", "<", pivot)])
        after = report._get_kpis([*domain, ("date", ">=", pivot), ("date", "<", after_end)])
        before_days = window.total_seconds() / 86400.0
        # the guard asks for a day at least: the rate is never a fraction of a day's
        after_days = max((after_end - pivot).total_seconds() / 86400.0, 1.0)
        before_rate = before["cases"] / before_days
        after_rate = after["cases"] / after_days
        change = (after_rate - before_rate) / before_rate * 100.0 if before_rate else 0.0
        kpi = self._evaluate_kpi(
            report, domain, (pivot - window, pivot), (pivot, after_end), before_days, after_days
        )
        return {
            "before_case_count": before["cases"],
            "after_case_count": after["cases"],
            "before_days": before_days,
            "after_days": after_days,
            "before_daily_rate": before_rate,
            "after_daily_rate": after_rate,
            "before_resolution_hours": before["resolution_hours"] or 0.0,
            "after_resolution_hours": after["resolution_hours"] or 0.0,
            "change_percent": change,
            "evaluation_result": "effective" if kpi["effective"] else "not_effective",
            "before_kpi_value": kpi["before"],
            "after_kpi_value": kpi["after"],
            "before_kpi_sample": kpi["before_sample"],
            "after_kpi_sample": kpi["after_sample"],
            "kpi_change_percent": kpi["change"],
            "evaluation_test": kpi["test"],
            "evaluation_p_value": kpi["p_value"],
            "evaluation_confidence": stats.confidence(kpi["p_value"]),
            "evaluation_provisional": provisional,
            "evaluation_date": now,
        }

    def _evaluation_exposures(self, before_span, after_span, before_days, after_days):
        """(before, after) exposure of the plan's KPI when it is a rate: the days
        measured (cases per day). Other addons count what their rates are per (the
        orders, the delivered units) over the same spans."""
        self.ensure_one()
        return before_days, after_days

    def _evaluate_kpi(self, report, domain, before_span, after_span, before_days, after_days):
        """The plan's KPI before and after implementation, judged with the test of
        the problem identification (one-sided: did it improve?). Effective when
        the improvement reaches the target reduction (for the volume: the daily
        rate falls by it; for another KPI: it improves by it, relative) and is
        significant at the plan's level."""
        self.ensure_one()
        Rule = self.env["aftersales.quality.monitor.rule"]
        samples = []
        for start, end in (before_span, after_span):
            query = report._search([*domain, ("date", ">=", start), ("date", "<", end)])

            def col(name, query=query):
                return SQL.identifier(query.table, name)

            a, b, c = Rule._aggregate_sql(self.kpi, col)
            self.env.cr.execute(
                SQL(
                    "SELECT %s, %s, %s FROM %s WHERE %s",
                    a,
                    b,
                    c,
                    query.from_clause,
                    query.where_clause or SQL("TRUE"),
                )
            )
            samples.append(Rule._sample(self.kpi, *self.env.cr.fetchone()))
        before, after = samples
        before_exposure, after_exposure = self._evaluation_exposures(
            before_span, after_span, before_days, after_days
        )
        exposure = (after_exposure, before_exposure)
        result = Rule._test(self.kpi, after, before, exposure=exposure, improvement=True)
        before_value = Rule._value(self.kpi, before, before_exposure) or 0.0
        after_value = Rule._value(self.kpi, after, after_exposure) or 0.0
        change = (after_value - before_value) / abs(before_value) * 100.0 if before_value else 0.0
        improvement = change if Rule._kpi_specs()[self.kpi]["worse"] == "lower" else -change
        if before["value"] is None or after["value"] is None:
            effective = False  # nothing measured on one side: no verdict
        elif not before_value:
            effective = self.kpi == "volume" and after_value == 0
        else:
            effective = improvement >= self.target_reduction and result.p_value < self.significance
        return {
            "before": before_value,
            "after": after_value,
            "before_sample": before["sample"],
            "after_sample": after["sample"],
            "change": change,
            "test": result.test,
            "p_value": result.p_value,
            "effective": effective,
        }
