from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from ..tools import stats

KPIS = [
    ("volume", "Case Volume"),
    ("satisfaction", "Satisfaction"),
    ("sla_breach_rate", "SLA Breach Rate"),
    ("reopen_rate", "Reopen Rate"),
    ("resolution_time", "Resolution Time"),
]
SCOPES = [
    ("category", "Category"),
    ("product", "Product"),
    ("team", "Team"),
    ("channel", "Channel"),
]
TESTS = [
    ("poisson", "Poisson rate test"),
    ("binomial", "Binomial test"),
    ("welch", "Welch t-test"),
]


class AftersalesQualityMonitorRule(models.Model):
    """What the problem identification watches: one KPI per scope (each
    category, product, team…), its last period against its own previous ones,
    with the statistical test suited to the measure (``_kpi_specs``).

    A period, a number of reference periods or a minimum sample left at 0 take the
    company's settings (Quality Analysis Period, Reference Periods, Minimum Cases),
    and so does a minimum change left at 0 (Quality Alert Threshold).
    """

    _name = "aftersales.quality.monitor.rule"
    _description = "Quality Monitoring Rule"
    _order = "sequence, id"
    _check_company_auto = True

    # ------------------------------------------------------------ fields

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to watch every company.",
    )
    kpi = fields.Selection(
        KPIS,
        string="KPI",
        required=True,
        default="volume",
        help="Case Volume: cases per period (Poisson rate test). Satisfaction: average "
        "rating of the rated cases (Welch t-test, a fall is a deterioration). SLA Breach "
        "Rate: breached share of the cases whose service level is decided (binomial test). "
        "Reopen Rate: reopened share of the closed cases (binomial test). Resolution Time: "
        "average working hours to close (Welch t-test).",
    )
    scope = fields.Selection(
        SCOPES,
        required=True,
        default="category",
        help="What the cases are grouped by: each value is judged against its own history.",
    )
    period_days = fields.Integer(
        string="Period (days)",
        help="Length of the period judged, and of each reference period. 0: the "
        "company's Quality Analysis Period.",
    )
    history_periods = fields.Integer(
        string="Reference Periods",
        help="How many previous periods make the reference. 0: the company's setting.",
    )
    significance = fields.Float(
        string="Significance Level",
        default=0.05,
        digits=(4, 3),
        help="An issue is raised only when a deterioration at least this large had less "
        "than this probability of happening by chance (the test's p-value is below it). "
        "0.05 means 95% confidence.",
    )
    min_sample = fields.Integer(
        string="Minimum Sample",
        help="Cases measured in the period (rated cases for satisfaction, closed cases "
        "for the reopen rate and resolution time, decided cases for the SLA breach rate) "
        "below which nothing is judged. 0: the company's Quality Alert Minimum Cases.",
    )
    min_change_percent = fields.Float(
        string="Minimum Change (%)",
        help="A deterioration smaller than this (relative to the reference) is not "
        "raised even when significant. 0: the company's Quality Alert Threshold.",
    )

    # ------------------------------------------------------------ constraints

    _significance_range = models.Constraint(
        "CHECK (significance > 0 AND significance < 0.5)",
        "The significance level must lie between 0 and 0.5 (e.g. 0.05 for 95% confidence).",
    )
    _period_days_range = models.Constraint(
        "CHECK (period_days >= 0 AND period_days <= 366)",
        "The period of a monitoring rule must be between 1 and 366 days (0: the company's).",
    )
    _history_periods_range = models.Constraint(
        "CHECK (history_periods >= 0 AND history_periods <= 52)",
        "A monitoring rule compares with 1 to 52 reference periods (0: the company's).",
    )
    _min_sample_positive = models.Constraint(
        "CHECK (min_sample >= 0)", "The minimum sample cannot be negative."
    )
    _min_change_positive = models.Constraint(
        "CHECK (min_change_percent >= 0)", "The minimum change cannot be negative."
    )

    @api.constrains("kpi", "scope")
    def _check_kpi_scope(self):
        for rule in self:
            if rule.kpi not in self._kpi_specs():
                raise ValidationError(
                    self.env._("The KPI %(kpi)s cannot be monitored here.", kpi=rule.kpi)
                )

    # ------------------------------------------------------------ actions

    def action_identify_problems(self):
        """Run the problem identification now, as the weekly scheduled action does,
        and open the issues it proposed."""
        if not self.env.user.has_group("aftersales_quality.group_quality_manager"):
            raise AccessError(self.env._("Only a quality manager runs the problem identification."))
        issues = self.env["aftersales.quality.issue"]._identify_problems_now()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Quality Issues Proposed"),
            "res_model": "aftersales.quality.issue",
            "view_mode": "list,form",
            "domain": [("id", "in", issues.ids)],
        }

    # ------------------------------------------------------------ business

    @api.model
    @api.private
    def _kpi_specs(self):
        """{kpi: spec} of the measures, over the Case Analysis rows (``col(name)``
        gives a column of it). ``kind`` is ``rate`` (``events`` per exposure: the
        period unless ``_kpi_exposures`` says otherwise), ``share`` (``events`` out
        of ``trials``) or ``mean`` (``values`` averaged); ``worse`` is ``higher`` or
        ``lower``; ``measured`` is the domain of the rows the KPI measures (the
        evidence's cases). Other addons add theirs."""
        return {
            "volume": {"kind": "rate", "events": lambda col: SQL("1"), "worse": "higher"},
            "satisfaction": {
                "kind": "mean",
                "values": lambda col: col("rating_value"),
                "worse": "lower",
                "measured": [("rated_count", "=", 1)],
            },
            "sla_breach_rate": {
                "kind": "share",
                "events": lambda col: col("sla_breached_count"),
                "trials": lambda col: SQL("(%s IS NOT NULL)::int", col("sla_compliance")),
                "worse": "higher",
                "measured": [("aftersales_sla_status", "in", ("met", "breached"))],
            },
            "reopen_rate": {
                "kind": "share",
                "events": lambda col: SQL("(%s > 0)::int", col("reopen_rate")),
                "trials": lambda col: SQL("(%s IS NOT NULL)::int", col("reopen_rate")),
                "worse": "higher",
                "measured": [("is_closed", "=", True)],
            },
            "resolution_time": {
                "kind": "mean",
                "values": lambda col: col("resolution_hours"),
                "worse": "higher",
                "measured": [("is_closed", "=", True), ("closed_date", "!=", False)],
            },
        }

    @api.model
    @api.private
    def _scope_columns(self):
        """{scope: column of the Case Analysis}; other addons add theirs."""
        return {
            "category": "category_id",
            "product": "product_id",
            "team": "team_id",
            "channel": "channel_id",
        }

    def _settings(self, company):
        """(period days, reference periods, minimum sample, minimum change %) of
        this rule for ``company``: the rule's own, else the company's."""
        self.ensure_one()
        return (
            self.period_days or company.aftersales_quality_period_days,
            self.history_periods or company.aftersales_quality_history_periods,
            self.min_sample or company.aftersales_quality_min_cases,
            self.min_change_percent or company.aftersales_quality_threshold_percent,
        )

    @api.model
    @api.private
    def _aggregate_sql(self, kpi, col):
        """(a, b, c) SQL aggregates of ``kpi``: events, trials (or 0), 0 for a rate or a
        share; count, sum, sum of squares for a mean."""
        spec = self._kpi_specs()[kpi]
        if spec["kind"] == "mean":
            value = spec["values"](col)
            return (
                SQL("COUNT(%s)", value),
                SQL("COALESCE(SUM(%s), 0)", value),
                SQL("COALESCE(SUM(%s * %s), 0)", value, value),
            )
        trials = spec.get("trials")
        return (
            SQL("COALESCE(SUM(%s), 0)", spec["events"](col)),
            SQL("COALESCE(SUM(%s), 0)", trials(col)) if trials else SQL("0"),
            SQL("0"),
        )

    @api.model
    @api.private
    def _sample(self, kpi, a, b, c):
        """{value, sample, …} of a KPI from its aggregates (see ``_aggregate_sql``);
        ``value`` is None when there is nothing to measure."""
        spec = self._kpi_specs()[kpi]
        if spec["kind"] == "mean":
            n = int(a)
            mean = b / n if n else None
            var = (c - n * mean * mean) / (n - 1) if n > 1 else 0.0
            return {"n": n, "value": mean, "var": max(var, 0.0), "sample": n}
        if spec["kind"] == "share":
            events, trials = int(a), int(b)
            return {
                "events": events,
                "trials": trials,
                "value": events / trials * 100.0 if trials else None,
                "sample": trials,
            }
        return {"events": int(a), "value": float(a), "sample": int(a)}

    @api.model
    @api.private
    def _test(self, kpi, current, reference, exposure=(1.0, 1.0), improvement=False):
        """``stats.TestResult`` of ``current`` against ``reference`` (samples of
        ``_sample``; for a rate, ``exposure`` is (current, reference) exposure).
        One-sided: is the current worse (better with ``improvement``)?"""
        spec = self._kpi_specs()[kpi]
        higher_is_worse = spec["worse"] == "higher"
        if improvement:
            higher_is_worse = not higher_is_worse
        if spec["kind"] == "mean":
            return stats.welch_test(
                current["n"],
                current["value"] or 0.0,
                current["var"],
                reference["n"],
                reference["value"] or 0.0,
                reference["var"],
                higher_is_worse=higher_is_worse,
            )
        if spec["kind"] == "share":
            test = stats.proportion_test if higher_is_worse else stats.proportion_drop_test
            return test(
                current["events"], current["trials"], reference["events"], reference["trials"]
            )
        test = stats.rate_test if higher_is_worse else stats.rate_drop_test
        return test(current["events"], exposure[0], reference["events"], exposure[1])

    @api.model
    @api.private
    def _value(self, kpi, sample, exposure=1.0):
        """The figure shown for a sample: a rate per exposure unit, a share in %, a mean."""
        if self._kpi_specs()[kpi]["kind"] == "rate":
            return sample["events"] / exposure if exposure else None
        return sample["value"]

    @api.model
    @api.private
    def _merge_samples(self, kpi, samples):
        """One sample from several (the reference periods pooled)."""
        spec = self._kpi_specs()[kpi]
        if spec["kind"] == "mean":
            n = sum(s["n"] for s in samples)
            if not n:
                return {"n": 0, "value": None, "var": 0.0, "sample": 0}
            total = sum(s["n"] * (s["value"] or 0.0) for s in samples)
            squares = sum(
                (s["n"] - 1) * s["var"] + s["n"] * (s["value"] or 0.0) ** 2 for s in samples
            )
            mean = total / n
            var = (squares - n * mean * mean) / (n - 1) if n > 1 else 0.0
            return {"n": n, "value": mean, "var": max(var, 0.0), "sample": n}
        events = sum(s["events"] for s in samples)
        if spec["kind"] == "share":
            trials = sum(s["trials"] for s in samples)
            return {
                "events": events,
                "trials": trials,
                "value": events / trials * 100.0 if trials else None,
                "sample": trials,
            }
        return {"events": events, "value": float(events), "sample": events}
