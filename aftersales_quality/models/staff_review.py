from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

# previous periods of the same length shown in the agent's trend
TREND_PERIODS = 3


class AftersalesQualityStaffReview(models.Model):
    """Per-agent KPIs over a period, with the reviewer's notes and training need."""

    _name = "aftersales.quality.staff.review"
    _description = "Staff Performance Review"
    _inherit = ["mail.thread", "aftersales.quality.period.mixin"]
    _order = "date_to desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------ fields

    user_id = fields.Many2one("res.users", string="Agent", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    reviewer_id = fields.Many2one(
        "res.users", string="Reviewer", default=lambda self: self.env.user, tracking=True
    )
    notes = fields.Html(string="Review Notes")
    training_needed = fields.Boolean(string="Training Needed", tracking=True)
    training_topic = fields.Char(tracking=True)
    case_count = fields.Integer(string="Cases", compute="_compute_kpis")
    closed_count = fields.Integer(string="Closed", compute="_compute_kpis")
    resolution_hours = fields.Float(string="Resolution (working h)", compute="_compute_kpis")
    reopen_rate = fields.Float(string="Reopen Rate (%)", compute="_compute_kpis")
    rating_avg = fields.Float(string="Satisfaction (avg)", compute="_compute_kpis")
    satisfied_rate = fields.Float(string="Satisfied (%)", compute="_compute_kpis")
    team_resolution_hours = fields.Float(
        string="Company Resolution (working h)",
        compute="_compute_kpis",
        help="The same measure over every agent of the company, to compare.",
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Team",
        check_company=True,
        help="The team the agent is compared with; empty: the teams of the agent's cases "
        "in the period.",
    )
    comparison_html = fields.Html(
        string="KPIs Compared",
        compute="_compute_comparison_html",
        sanitize=False,
        help="Each KPI of the agent next to the team's and the company's over the same "
        "period, the company's at the agent's case mix (each category weighted as in the "
        "agent's cases), and the agent's own trend over the previous periods.",
    )
    suggestion_ids = fields.One2many(
        "aftersales.quality.training.suggestion", "review_id", string="Training Suggestions"
    )

    # ------------------------------------------------------------ constraints

    @api.constrains("training_needed", "training_topic")
    def _check_training_topic(self):
        for review in self:
            if review.training_needed and not review.training_topic:
                raise ValidationError(self.env._("Say which training the agent needs."))

    # ------------------------------------------------------------ computes

    @api.depends("user_id", "date_from", "date_to", "company_id")
    def _compute_kpis(self):
        report = self.env["aftersales.quality.kpi.report"]
        for review in self:
            if not (review.user_id and review.date_from and review.date_to):
                review.update(
                    dict.fromkeys(
                        [
                            "case_count",
                            "closed_count",
                            "resolution_hours",
                            "reopen_rate",
                            "rating_avg",
                            "satisfied_rate",
                            "team_resolution_hours",
                        ],
                        0,
                    )
                )
                continue
            domain = review._period_domain()
            kpis = report._get_kpis([*domain, ("user_id", "=", review.user_id.id)])
            company = report._get_kpis(domain)
            review.case_count = kpis["cases"]
            review.closed_count = kpis["closed"]
            review.resolution_hours = kpis["resolution_hours"] or 0.0
            review.reopen_rate = kpis["reopen_rate"] or 0.0
            review.rating_avg = kpis["rating"] or 0.0
            review.satisfied_rate = kpis["satisfied_rate"] or 0.0
            review.team_resolution_hours = company["resolution_hours"] or 0.0

    @api.depends("user_id", "team_id", "date_from", "date_to", "company_id")
    def _compute_comparison_html(self):
        for review in self:
            if not (review.user_id and review.date_from and review.date_to):
                review.comparison_html = False
                continue
            review.comparison_html = review._comparison_table(review._kpi_comparison())

    # ------------------------------------------------------------ actions

    def action_suggest_training(self):
        """Propose the training needs the figures show: every KPI and category where
        the agent does significantly worse than the rest of the company, on enough cases.
        Proposals not decided yet are replaced; decided ones stay."""
        Suggestion = self.env["aftersales.quality.training.suggestion"]
        for review in self:
            if not (review.user_id and review.date_from and review.date_to):
                raise UserError(self.env._("Choose the agent and the period first."))
            review.suggestion_ids.filtered(lambda s: s.state == "proposed").unlink()
            decided = {(s.kpi, s.category_id.id) for s in review.suggestion_ids}
            vals_list = [
                vals
                for vals in review._training_needs()
                if (vals["kpi"], vals["category_id"]) not in decided
            ]
            # the figures are the analysis', guarded like an issue's evidence
            Suggestion._aftersales_workflow().create(vals_list)
        return True

    def action_open_cases(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cases of %(agent)s", agent=self.user_id.name),
            "res_model": "aftersales.quality.kpi.report",
            "view_mode": "list,pivot,graph",
            "domain": [*self._period_domain(), ("user_id", "=", self.user_id.id)],
        }

    # ------------------------------------------------------------ business

    def _period_domain(self):
        self.ensure_one()
        start, end = self._period_bounds(self.date_from, self.date_to)
        return [("company_id", "=", self.company_id.id), ("date", ">=", start), ("date", "<", end)]

    # ------------------------------------------------------------ comparison

    def _population_domains(self):
        """{population: domain} of the comparison: the agent, the team, the company."""
        self.ensure_one()
        base = self._period_domain()
        teams = self.team_id
        if not teams:
            teams = self._teams_of_agent()
        return {
            "agent": [*base, ("user_id", "=", self.user_id.id)],
            "team": [*base, ("team_id", "in", teams.ids)],
            "company": base,
        }

    def _teams_of_agent(self):
        self.ensure_one()
        report = self.env["aftersales.quality.kpi.report"]
        groups = report._read_group(
            [*self._period_domain(), ("user_id", "=", self.user_id.id), ("team_id", "!=", False)],
            groupby=["team_id"],
        )
        return self.env["helpdesk.ticket.team"].union(*(team for (team,) in groups))

    def _kpi_by_category(self, domain):
        """{category id (or None): {kpi: sample}} plus ``agents`` (distinct agents)
        over ``domain`` of the Case Analysis: one query, aggregated in SQL."""
        Rule = self.env["aftersales.quality.monitor.rule"]
        report = self.env["aftersales.quality.kpi.report"]
        kpis = list(Rule._kpi_specs())
        self.env.flush_all()
        query = report._search(domain)

        def col(name):
            return SQL.identifier(query.table, name)

        aggregates = [sql for kpi in kpis for sql in Rule._aggregate_sql(kpi, col)]
        self.env.cr.execute(
            SQL(
                "SELECT %s, COUNT(DISTINCT %s), %s FROM %s WHERE %s GROUP BY 1",
                col("category_id"),
                col("user_id"),
                SQL(", ").join(aggregates),
                query.from_clause,
                query.where_clause or SQL("TRUE"),
            )
        )
        result = {}
        for category_id, agents, *values in self.env.cr.fetchall():
            result[category_id] = {
                "agents": agents,
                **{
                    kpi: Rule._sample(kpi, *values[3 * i : 3 * i + 3]) for i, kpi in enumerate(kpis)
                },
            }
        return result

    def _kpi_comparison(self):
        """Every KPI of the agent, the team, the company, the company at the agent's
        case mix, and the agent's trend: {kpi: {agent, team, company, mix, trend}}.

        Values: the case volume in cases (per agent for the team and the company),
        shares in %, means in their unit; None where nothing was measured. The case mix
        weights each category's company figure by the agent's measured cases in it."""
        self.ensure_one()
        Rule = self.env["aftersales.quality.monitor.rule"]
        kpis = list(Rule._kpi_specs())
        by_population = {
            name: self._kpi_by_category(domain)
            for name, domain in self._population_domains().items()
        }
        trend = self._agent_trend()
        comparison = {}
        for kpi in kpis:
            row = {}
            for name, categories in by_population.items():
                merged = Rule._merge_samples(kpi, [c[kpi] for c in categories.values()])
                value = merged["value"]
                if kpi == "volume" and name != "agent" and value is not None:
                    agents = sum(c["agents"] for c in categories.values())
                    # an agent of two categories counts once per category: the distinct
                    # agents of the whole population are asked below
                    agents = self._distinct_agents(name) or agents
                    value = value / agents if agents else None
                row[name] = value
            row["mix"] = self._mix_value(kpi, by_population["agent"], by_population["company"])
            row["trend"] = [Rule._sample(kpi, *aggregates)["value"] for aggregates in trend[kpi]]
            comparison[kpi] = row
        return comparison

    def _distinct_agents(self, population):
        self.ensure_one()
        domain = self._population_domains()[population]
        [(count,)] = self.env["aftersales.quality.kpi.report"]._read_group(
            [*domain, ("user_id", "!=", False)], aggregates=["user_id:count_distinct"]
        )
        return count

    @api.model
    def _mix_value(self, kpi, agent, company):
        """The company's KPI at the agent's case mix: the company's value in each
        category weighted by the agent's measured cases in it (None for the volume)."""
        if kpi == "volume":
            return None
        total = weighted = 0.0
        for category_id, kpis in agent.items():
            weight = kpis[kpi]["sample"]
            reference = company.get(category_id, {}).get(kpi, {}).get("value")
            if weight and reference is not None:
                total += weight
                weighted += weight * reference
        return weighted / total if total else None

    def _agent_trend(self):
        """{kpi: [aggregates of each period, oldest first]}: the agent's previous
        ``TREND_PERIODS`` periods of the same length, then the reviewed one."""
        self.ensure_one()
        Rule = self.env["aftersales.quality.monitor.rule"]
        report = self.env["aftersales.quality.kpi.report"]
        kpis = list(Rule._kpi_specs())
        start, end = self._period_bounds(self.date_from, self.date_to)
        length = end - start
        oldest = start - length * TREND_PERIODS
        self.env.flush_all()
        query = report._search(
            [
                ("company_id", "=", self.company_id.id),
                ("user_id", "=", self.user_id.id),
                ("date", ">=", oldest),
                ("date", "<", end),
            ]
        )

        def col(name):
            return SQL.identifier(query.table, name)

        aggregates = [sql for kpi in kpis for sql in Rule._aggregate_sql(kpi, col)]
        bucket = SQL(
            "FLOOR(EXTRACT(EPOCH FROM (%s - %s)) / %s)::int",
            end,
            col("date"),
            length.total_seconds(),
        )
        self.env.cr.execute(
            SQL(
                "SELECT %s, %s FROM %s WHERE %s GROUP BY 1",
                bucket,
                SQL(", ").join(aggregates),
                query.from_clause,
                query.where_clause or SQL("TRUE"),
            )
        )
        periods = {}
        for bucket_no, *values in self.env.cr.fetchall():
            periods[bucket_no] = values
        return {
            kpi: [
                tuple(periods.get(b, [0] * (3 * len(kpis)))[3 * i : 3 * i + 3])
                for b in range(TREND_PERIODS, -1, -1)
            ]
            for i, kpi in enumerate(kpis)
        }

    def _comparison_table(self, comparison):
        """The comparison as an HTML table (the reader's language)."""
        Rule = self.env["aftersales.quality.monitor.rule"]
        labels = dict(Rule._fields["kpi"]._description_selection(self.env))

        def fmt(value):
            return "–" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")

        head = [
            self.env._("KPI"),
            self.env._("Agent"),
            self.env._("Team (per agent for the volume)"),
            self.env._("Company (per agent for the volume)"),
            self.env._("Company at the agent's case mix"),
            self.env._("Agent's trend, oldest first"),
        ]
        rows = []
        for kpi, row in comparison.items():
            cells = [
                labels.get(kpi, kpi),
                fmt(row["agent"]),
                fmt(row["team"]),
                fmt(row["company"]),
                fmt(row["mix"]),
                " → ".join(fmt(v) for v in row["trend"]),
            ]
            rows.append(
                Markup("<tr>%s</tr>")
                % Markup("").join(Markup("<td>%s</td>") % escape(c) for c in cells)
            )
        return Markup(
            '<table class="table table-sm o_aftersales_staff_comparison"><thead><tr>%s</tr>'
            "</thead><tbody>%s</tbody></table>"
        ) % (
            Markup("").join(Markup("<th>%s</th>") % escape(h) for h in head),
            Markup("").join(rows),
        )

    # ------------------------------------------------------------ training needs

    def _training_needs(self):
        """Values of the training suggestions: the KPIs (not the volume) and
        categories where the agent's figure is significantly worse than the rest of
        the company's in the same category, on at least the company's minimum cases."""
        self.ensure_one()
        Rule = self.env["aftersales.quality.monitor.rule"]
        domains = self._population_domains()
        agent = self._kpi_by_category(domains["agent"])
        others = self._kpi_by_category(
            [*domains["company"], "|", ("user_id", "!=", self.user_id.id), ("user_id", "=", False)]
        )
        minimum = max(self.company_id.aftersales_quality_min_cases, 2)
        vals_list = []
        for category_id, kpis in agent.items():
            if not category_id:
                continue
            for kpi, sample in kpis.items():
                if kpi in ("volume", "agents") or sample["sample"] < minimum:
                    continue
                reference = others.get(category_id, {}).get(kpi)
                if not reference or reference["value"] is None or reference["sample"] < 2:
                    continue
                result = Rule._test(kpi, sample, reference)
                if result.p_value >= 0.05:
                    continue
                vals_list.append(
                    {
                        "review_id": self.id,
                        "kpi": kpi,
                        "category_id": category_id,
                        "agent_value": sample["value"],
                        "reference_value": reference["value"],
                        "agent_sample": sample["sample"],
                        "reference_sample": reference["sample"],
                        "stat_test": result.test,
                        "p_value": result.p_value,
                    }
                )
        return vals_list
