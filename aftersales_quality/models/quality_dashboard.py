from datetime import date, timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import get_lang

from ..report.quality_kpi_report import kpi_query
from .helpdesk_ticket import COST_FIELDS

# the filters a client may send to the dashboard: {key: (model, field of the cases)}
DASHBOARD_FILTERS = {
    "team_ids": ("helpdesk.ticket.team", "team_id"),
    "category_ids": ("helpdesk.ticket.category", "category_id"),
    "channel_ids": ("helpdesk.ticket.channel", "channel_id"),
}


class AftersalesQualityDashboard(models.TransientModel):
    """The quality manager's first screen: headline KPIs of a period against the
    previous period, their evolution over time, and the open work (proposed
    issues, plans, overdue actions, feedback to review).

    The web client shows it as a client action (``get_dashboard_data`` returns
    every figure, ``action_open_dashboard_card`` what a card stands for); the
    figures are the fields of this model, computed by the KPI engine of
    ``aftersales.quality.kpi.report`` with the viewer's record rules."""

    _name = "aftersales.quality.dashboard"
    _inherit = ["aftersales.quality.period.mixin"]
    _description = "Quality Dashboard"

    # ------------------------------------------------------------ fields

    team_ids = fields.Many2many("helpdesk.ticket.team", string="Teams")
    category_ids = fields.Many2many("helpdesk.ticket.category", string="Categories")
    channel_ids = fields.Many2many("helpdesk.ticket.channel", string="Channels")
    case_count = fields.Integer(string="Cases", compute="_compute_kpis")
    closed_count = fields.Integer(string="Closed", compute="_compute_kpis")
    resolution_hours = fields.Float(string="Resolution (working h)", compute="_compute_kpis")
    assign_hours = fields.Float(string="Time to Assign (h)", compute="_compute_kpis")
    reopen_rate = fields.Float(string="Reopen Rate (%)", compute="_compute_kpis")
    rating_avg = fields.Float(string="Satisfaction (avg)", compute="_compute_kpis")
    satisfied_rate = fields.Float(string="Satisfied (%)", compute="_compute_kpis")
    ack_hours = fields.Float(string="Acknowledgement (working h)", compute="_compute_kpis")
    response_hours = fields.Float(string="First Response (working h)", compute="_compute_kpis")
    sla_compliance = fields.Float(string="SLA Compliance (%)", compute="_compute_kpis")
    sla_breached_count = fields.Integer(string="SLA Breached", compute="_compute_kpis")
    repeat_count = fields.Integer(string="Repeat Complaints", compute="_compute_kpis")
    repeat_rate = fields.Float(string="Repeat Rate (%)", compute="_compute_kpis")
    proposed_issue_count = fields.Integer(compute="_compute_open_work")
    open_plan_count = fields.Integer(compute="_compute_open_work")
    overdue_action_count = fields.Integer(compute="_compute_open_work")
    feedback_count = fields.Integer(compute="_compute_open_work")

    # ------------------------------------------------------------ computes

    @api.depends("date_from", "date_to", "team_ids", "category_ids", "channel_ids")
    def _compute_kpis(self):
        report = self.env["aftersales.quality.kpi.report"]
        for board in self:
            board.update(board._kpi_values(report._get_kpis(board._case_domain())))

    @api.depends("team_ids", "category_ids", "channel_ids")
    def _compute_open_work(self):
        for board in self:
            board.update(
                {
                    spec["field"]: self.env[spec["model"]].search_count(board._work_domain(spec))
                    for spec in board._dashboard_work_specs()
                }
            )

    # ------------------------------------------------------------ client action

    @api.model
    def get_dashboard_data(self, filters=None):
        """Every figure of the dashboard for ``filters`` (``date_from``, ``date_to``
        as YYYY-MM-DD, ``team_ids``, ``category_ids``, ``channel_ids`` as lists of
        ids): the KPIs of the period and of the previous period of the same
        length, the open work, the series of the charts and the choices of the
        filters. Bad filters get a clear message."""
        board = self._dashboard_board(filters)
        previous = board._dashboard_previous()
        current_kpis, previous_kpis = board._dashboard_kpis(), previous._dashboard_kpis()
        kpis = []
        for spec in board._dashboard_kpi_specs():
            value, before = current_kpis.get(spec["key"]), previous_kpis.get(spec["key"])
            kpis.append(
                {
                    **{key: spec[key] for key in ("key", "label", "format", "better", "section")},
                    "value": value,
                    "previous": before,
                    "delta": None if value is None or before is None else value - before,
                }
            )
        return {
            "period": {
                "date_from": board.date_from.isoformat(),
                "date_to": board.date_to.isoformat(),
                "previous_from": previous.date_from.isoformat(),
                "previous_to": previous.date_to.isoformat(),
                "label": board._dashboard_label(),
                "tz": board._period_tz(),
            },
            "filters": {key: board[key].ids for key in DASHBOARD_FILTERS},
            "options": board._dashboard_options(),
            "sections": board._dashboard_sections(),
            "kpis": kpis,
            "work": [
                {"key": spec["key"], "label": spec["label"], "value": board[spec["field"]]}
                for spec in board._dashboard_work_specs()
            ],
            "charts": board._dashboard_charts(),
            "cost": board._dashboard_cost(previous),
        }

    @api.model
    def action_open_dashboard_card(self, filters, key):
        """The records behind the card ``key`` of the dashboard for ``filters``:
        the period and the filters are in the domain and in the action's name."""
        board = self._dashboard_board(filters)
        for spec in board._dashboard_kpi_specs():
            if spec["key"] == key:
                return board._dashboard_kpi_action(spec)
        for spec in board._dashboard_work_specs():
            if spec["key"] == key:
                return board._dashboard_work_action(spec)
        if isinstance(key, str) and (key == "cost" or key.startswith("cost:")):
            return board._dashboard_cost_action(key)
        raise UserError(self.env._("The dashboard has no card “%(key)s”.", key=key))

    # ------------------------------------------------------------ actions

    def action_open_analysis(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_quality.action_case_analysis"
        )
        action["domain"] = self._case_domain()
        action["name"] = action["display_name"] = self._dashboard_label(action["name"])
        return action

    def action_open_issues(self):
        return self._dashboard_work_action(self._dashboard_work_spec("proposed_issues"))

    def action_open_plans(self):
        return self._dashboard_work_action(self._dashboard_work_spec("open_plans"))

    def action_open_overdue_actions(self):
        return self._dashboard_work_action(self._dashboard_work_spec("overdue_actions"))

    def action_open_feedback(self):
        return self._dashboard_work_action(self._dashboard_work_spec("feedback"))

    # ------------------------------------------------------------ extension points

    @api.model
    def _dashboard_sections(self):
        """Groups of KPI cards, in order; other addons add theirs."""
        return [{"key": "cases", "label": self.env._("Cases of the period")}]

    @api.model
    def _dashboard_kpi_specs(self):
        """The KPI cards: ``key`` of ``_get_kpis``, ``label``, ``format`` (count,
        percent, hours, rating, quantity), ``better`` (up, down, or False when
        neither), ``section``, and ``domain``: what the card counts on the Case
        Analysis, opened from it. Other addons append theirs (and override
        ``_dashboard_kpi_action`` for a card that opens something else)."""
        closed = [("is_closed", "=", True)]
        decided = [("aftersales_sla_status", "in", ("met", "breached"))]
        rated = [("rated_count", "=", 1)]
        return [
            self._kpi_spec("cases", self.env._("Cases"), "count", False),
            self._kpi_spec("closed", self.env._("Closed"), "count", "up", closed),
            self._kpi_spec(
                "sla_compliance", self.env._("SLA Compliance"), "percent", "up", decided
            ),
            self._kpi_spec(
                "sla_breached",
                self.env._("SLA Breached"),
                "count",
                "down",
                domain=[["aftersales_sla_status", "=", "breached"]],
            ),
            self._kpi_spec("rating", self.env._("Satisfaction (avg)"), "rating", "up", rated),
            self._kpi_spec("satisfied_rate", self.env._("Satisfied"), "percent", "up", rated),
            self._kpi_spec("ack_hours", self.env._("Acknowledgement"), "hours", "down"),
            self._kpi_spec("response_hours", self.env._("First Response"), "hours", "down"),
            self._kpi_spec("assign_hours", self.env._("Time to Assign"), "hours", "down"),
            self._kpi_spec("resolution_hours", self.env._("Resolution"), "hours", "down", closed),
            self._kpi_spec("reopen_rate", self.env._("Reopen Rate"), "percent", "down", closed),
            self._kpi_spec(
                "repeats",
                self.env._("Repeat Complaints"),
                "count",
                "down",
                domain=[["aftersales_is_repeat", "=", True]],
            ),
            self._kpi_spec("repeat_rate", self.env._("Repeat Rate"), "percent", "down"),
        ]

    @api.model
    def _dashboard_work_specs(self):
        """The open-work counters: ``key``, ``label``, the dashboard ``field`` that
        holds the count, ``model``, ``domain`` (without the filters), ``cases``:
        the path from the model to its cases (the team, category and channel
        filters apply through them), and ``action``: the window it opens."""
        return [
            {
                "key": "proposed_issues",
                "label": self.env._("Proposed issues"),
                "field": "proposed_issue_count",
                "model": "aftersales.quality.issue",
                "domain": [["state", "=", "proposed"]],
                "cases": "ticket_ids",
                "action": "aftersales_quality.action_quality_issue",
            },
            {
                "key": "open_plans",
                "label": self.env._("Open action plans"),
                "field": "open_plan_count",
                "model": "aftersales.quality.plan",
                "domain": [["state", "not in", ["closed", "cancelled"]]],
                "cases": "ticket_ids",
                "action": "aftersales_quality.action_quality_plan",
            },
            {
                "key": "overdue_actions",
                "label": self.env._("Overdue actions"),
                "field": "overdue_action_count",
                "model": "aftersales.quality.action",
                "domain": [
                    ["state", "in", ["todo", "in_progress"]],
                    ["date_deadline", "<", fields.Date.context_today(self)],
                ],
                "cases": "plan_id.ticket_ids",
                "action": "aftersales_quality.action_quality_action_overdue",
            },
            {
                "key": "feedback",
                "label": self.env._("Feedback to review"),
                "field": "feedback_count",
                "model": "helpdesk.ticket",
                "domain": [["aftersales_quality_feedback_state", "=", "to_review"]],
                "cases": False,
                "action": "aftersales_quality.action_quality_feedback",
            },
        ]

    @api.model
    def _dashboard_cost_dimensions(self):
        """The dimensions of the Case Analysis whose top values by cost of quality the
        cost card lists: ``field`` of the report and ``label``; other addons add theirs."""
        return [{"field": "category_id", "label": self.env._("Categories by cost")}]

    def _dashboard_kpi_action(self, spec):
        """The window of the KPI card ``spec``: its cases on the Case Analysis."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_quality.action_case_analysis"
        )
        action.update(
            {
                "name": self._dashboard_label(spec["label"]),
                "display_name": self._dashboard_label(spec["label"]),
                "domain": self._case_domain() + spec["domain"],
                "view_mode": "list,pivot,graph",
                "views": [(False, "list"), (False, "pivot"), (False, "graph")],
                "context": self._dashboard_context(),
            }
        )
        return action

    def _dashboard_work_action(self, spec):
        """The window of the open-work counter ``spec``: the same records as the
        counter (its domain and the filters), the filters in its name."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(spec["action"])
        action["domain"] = self._work_domain(spec)
        action["name"] = action["display_name"] = self._dashboard_label(spec["label"], period=False)
        return action

    # ------------------------------------------------------------ business

    def _kpi_values(self, kpis):
        """Field values of the dashboard from ``_get_kpis``; other addons add
        theirs (fields computed by ``_compute_kpis``)."""
        return {
            "case_count": kpis["cases"],
            "closed_count": kpis["closed"],
            "resolution_hours": kpis["resolution_hours"] or 0.0,
            "assign_hours": kpis["assign_hours"] or 0.0,
            "reopen_rate": kpis["reopen_rate"] or 0.0,
            "rating_avg": kpis["rating"] or 0.0,
            "satisfied_rate": kpis["satisfied_rate"] or 0.0,
            "ack_hours": kpis["ack_hours"] or 0.0,
            "response_hours": kpis["response_hours"] or 0.0,
            "sla_compliance": kpis["sla_compliance"] or 0.0,
            "sla_breached_count": kpis["sla_breached"],
            "repeat_count": kpis["repeats"],
            "repeat_rate": kpis["repeat_rate"] or 0.0,
        }

    def _case_filter_domain(self, names=None):
        """The team, category and channel filters on the cases, or on a model
        whose fields ``names`` maps the cases' to ({"team_id": ...})."""
        self.ensure_one()
        names = names or {}
        return [
            (names.get(name, name), "in", self[key].ids)
            for key, (_model, name) in DASHBOARD_FILTERS.items()
            if self[key]
        ]

    def _case_domain(self, names=None):
        """The cases received in the period (cut in the reader's time zone) that
        pass the filters, on the cases' report or a model whose fields ``names``
        maps the report's to ({"date": "case_date"})."""
        self.ensure_one()
        names = names or {}
        start, end = self._period_bounds(self.date_from, self.date_to)
        date_name = names.get("date", "date")
        domain = [(date_name, ">=", start), (date_name, "<", end)]
        return domain + self._case_filter_domain(names)

    def _work_domain(self, spec):
        """The records of the open-work counter ``spec`` that pass the filters:
        an issue, a plan or an action passes when one of its cases does."""
        self.ensure_one()
        filters = self._case_filter_domain()
        if filters and spec["cases"]:
            filters = [(spec["cases"], "any", filters)]
        return list(spec["domain"]) + filters

    def _dashboard_work_spec(self, key):
        return next(spec for spec in self._dashboard_work_specs() if spec["key"] == key)

    @api.model
    def _kpi_spec(self, key, label, fmt, better, domain=(), section="cases"):
        return {
            "key": key,
            "label": label,
            "format": fmt,
            "better": better,
            "section": section,
            "domain": list(domain),
        }

    def _dashboard_kpis(self):
        """The figures of ``_get_kpis`` for the board's period and filters; an
        average with nothing to measure is None (no figure, no change)."""
        self.ensure_one()
        kpis = self.env["aftersales.quality.kpi.report"]._get_kpis(self._case_domain())
        return {key: None if value is False else value for key, value in kpis.items()}

    def _dashboard_cost(self, previous):
        """The cost of quality card: the total of the period against the ``previous``
        board's (a rise is bad), its components (what was recovered counts negative),
        and the values of each ``_dashboard_cost_dimensions`` that cost the most. All
        from the Case Analysis, so with the reader's record rules, in the companies'
        currencies as they are (the reader's company's shown)."""
        self.ensure_one()
        report = self.env["aftersales.quality.kpi.report"]
        domain = self._case_domain()
        current = report._aftersales_cost_totals(domain)
        before = report._aftersales_cost_totals(previous._case_domain())
        total, previous_total = current["aftersales_cost_total"], before["aftersales_cost_total"]
        currency = self.env.company.currency_id
        breakdown = []
        for name in COST_FIELDS:
            sign = -1 if name == "aftersales_cost_recovered" else 1
            breakdown.append(
                {
                    "key": name,
                    "label": report._fields[name]._description_string(self.env),
                    "value": sign * current[name],
                    "previous": sign * before[name],
                }
            )
        top = []
        for spec in self._dashboard_cost_dimensions():
            field = spec["field"]
            rows = report._read_group(
                [*domain, (field, "!=", False), ("aftersales_cost_total", "!=", 0)],
                [field],
                ["aftersales_cost_total:sum", "case_count:sum"],
                order="aftersales_cost_total:sum desc",
                limit=5,
            )
            top.append(
                {
                    "field": field,
                    "label": spec["label"],
                    "rows": [
                        {"id": record.id, "name": record.display_name, "value": amount, "cases": n}
                        for record, amount, n in rows
                    ],
                }
            )
        return {
            "key": "cost",
            "label": self.env._("Cost of Quality"),
            "section": self.env._("Cost of quality of the period's cases"),
            "format": "monetary",
            "better": "down",
            "value": total,
            "previous": previous_total,
            "delta": total - previous_total,
            "currency": {
                "symbol": currency.symbol,
                "position": currency.position,
                "digits": currency.decimal_places,
            },
            "breakdown": breakdown,
            "top": top,
        }

    def _dashboard_cost_action(self, key):
        """The Case Analysis of the cases that cost something in the period and the
        filters, cost measures in columns: ``cost`` all of them, ``cost:<field>``
        grouped by a dimension of the card, ``cost:<field>:<id>`` one value's."""
        self.ensure_one()
        parts = key.split(":")
        dimensions = {spec["field"]: spec for spec in self._dashboard_cost_dimensions()}
        field = parts[1] if len(parts) > 1 else False
        record_id = parts[2] if len(parts) > 2 else False
        if (
            (field and field not in dimensions)
            or len(parts) > 3
            or (record_id is not False and not record_id.isdigit())
        ):
            raise UserError(self.env._("The dashboard has no card “%(key)s”.", key=key))
        report = self.env["aftersales.quality.kpi.report"]
        domain = [*self._case_domain(), ("aftersales_cost_total", "!=", 0)]
        title = dimensions[field]["label"] if field else self.env._("Cost of Quality")
        if field:
            # the cases the card's list counts: those with a value of the dimension
            domain.append((field, "!=", False))
        if record_id:
            record = report[field].browse(int(record_id)).exists()
            if not record:
                raise UserError(self.env._("The dashboard has no card “%(key)s”.", key=key))
            domain.append((field, "=", record.id))
            title = f"{title} · {record.display_name}"
        groupby = [field] if field else []
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_quality.action_case_analysis"
        )
        action.update(
            {
                "name": self._dashboard_label(title),
                "display_name": self._dashboard_label(title),
                "domain": domain,
                "view_mode": "pivot,list,graph",
                "views": [(False, "pivot"), (False, "list"), (False, "graph")],
                "context": {
                    **self._dashboard_context(),
                    "group_by": groupby,
                    "pivot_row_groupby": groupby,
                    "pivot_measures": [*COST_FIELDS, "aftersales_cost_total"],
                },
            }
        )
        return action

    def _dashboard_previous(self):
        """The board of the period of the same length just before this one."""
        self.ensure_one()
        days = (self.date_to - self.date_from).days + 1
        try:
            date_to = self.date_from - timedelta(days=1)
            date_from = date_to - timedelta(days=days - 1)
        except OverflowError:
            raise UserError(
                self.env._("The period must start after %(date)s.", date=date.min.isoformat())
            ) from None
        return self.new(
            {
                "date_from": date_from,
                "date_to": date_to,
                **{key: [Command.set(self[key].ids)] for key in DASHBOARD_FILTERS},
            }
        )

    def _dashboard_granularity(self):
        """Day up to a month, week up to half a year, month beyond."""
        days = (self.date_to - self.date_from).days + 1
        return "day" if days <= 31 else "week" if days <= 183 else "month"

    def _bucket_start(self, day, granularity):
        if granularity == "day":
            return day
        if granularity == "month":
            return day.replace(day=1)
        first_week_day = int(get_lang(self.env).week_start) - 1  # as _read_group
        return day - timedelta(days=(day.weekday() - first_week_day) % 7)

    def _dashboard_charts(self):
        """Volume, SLA compliance and satisfaction by day, week or month of the
        period, in one grouped query of the KPI engine's own aggregates, cut in
        the reader's time zone as the period is."""
        self.ensure_one()
        report = self.env["aftersales.quality.kpi.report"]
        granularity = self._dashboard_granularity()
        series = [
            ["cases", self.env._("Cases"), "count"],
            ["sla_compliance", self.env._("SLA Compliance"), "percent"],
            ["rating", self.env._("Satisfaction (avg)"), "rating"],
        ]
        aggregates = {key: spec for key, spec, _count in report._kpi_aggregates()}
        report.env.flush_all()  # the report is a view on tables the ORM writes to
        with kpi_query(self.env.cr):
            rows = report.with_context(tz=self._period_tz())._read_group(
                self._case_domain(),
                groupby=[f"date:{granularity}"],
                aggregates=[aggregates[key] for key, _label, _fmt in series],
            )
        values = {
            row[0].date(): [None if value is False else value for value in row[1:]] for row in rows
        }
        # a count is 0 where nothing was received, an average empty (no point drawn)
        empty = [0 if fmt == "count" else None for _key, _label, fmt in series]
        buckets = []
        day = self._bucket_start(self.date_from, granularity)
        while day <= self.date_to:
            buckets.append(day)
            if granularity == "day":
                day += timedelta(days=1)
            elif granularity == "week":
                day += timedelta(days=7)
            else:
                day = (day + timedelta(days=32)).replace(day=1)
        return {
            "granularity": granularity,
            "labels": [day.isoformat() for day in buckets],
            "series": [
                {
                    "key": key,
                    "label": label,
                    "format": fmt,
                    "values": [values.get(day, empty)[index] for day in buckets],
                }
                for index, (key, label, fmt) in enumerate(series)
            ],
        }

    def _dashboard_label(self, title=None, period=True):
        """``title · from → to · filters``: the name of a window opened from the
        dashboard, so the period and the filters stay visible there."""
        self.ensure_one()
        parts = [title] if title else []
        if period:
            parts.append(f"{self.date_from.isoformat()} → {self.date_to.isoformat()}")
        for key in DASHBOARD_FILTERS:
            if self[key]:
                parts.append(", ".join(self[key].mapped("display_name")))
        return " · ".join(parts)

    def _dashboard_context(self):
        """The period and filters of a window opened from the dashboard, for
        whoever reads its context (the web client keeps it in the breadcrumb)."""
        self.ensure_one()
        return {
            "aftersales_dashboard_period": {
                "date_from": self.date_from.isoformat(),
                "date_to": self.date_to.isoformat(),
                **{key: self[key].ids for key in DASHBOARD_FILTERS},
            },
        }

    @api.model
    def _dashboard_options(self):
        """The teams, categories and channels the reader may filter on."""
        return {
            key: [
                {"id": record.id, "name": record.display_name}
                for record in self.env[model].search([])
            ]
            for key, (model, _name) in DASHBOARD_FILTERS.items()
        }

    @api.model
    def _dashboard_board(self, filters):
        """A board (not saved) of ``filters`` as a client sends them, each checked:
        a malformed or impossible period, or an id the reader cannot filter
        on, is refused with a clear message."""
        # the figures are the board's: who may not open a board reads none
        self.browse().check_access("read")
        if filters is None:
            filters = {}
        if not isinstance(filters, dict):
            raise UserError(self.env._("The dashboard's filters must be a dictionary."))
        unknown = set(filters) - {"date_from", "date_to", *DASHBOARD_FILTERS}
        if unknown:
            raise UserError(
                self.env._(
                    "The dashboard has no filter “%(names)s”.", names=", ".join(sorted(unknown))
                )
            )
        vals = self.default_get(["date_from", "date_to"])
        self._check_period_vals(filters)
        for name in ("date_from", "date_to"):
            if filters.get(name):
                if not isinstance(filters[name], (str, date)):
                    raise UserError(
                        self.env._(
                            "%(field)s: “%(value)s” is not a date (expected YYYY-MM-DD).",
                            field=self._fields[name]._description_string(self.env),
                            value=filters[name],
                        )
                    )
                vals[name] = fields.Date.to_date(filters[name])
        for key, (model, _name) in DASHBOARD_FILTERS.items():
            ids = filters.get(key) or []
            if not isinstance(ids, (list, tuple)) or not all(
                isinstance(id_, int) and not isinstance(id_, bool) for id_ in ids
            ):
                raise UserError(
                    self.env._(
                        "%(field)s: expected a list of record ids.",
                        field=self._fields[key]._description_string(self.env),
                    )
                )
            records = self.env[model].search([("id", "in", list(ids))])
            if len(records) != len(set(ids)):
                raise UserError(
                    self.env._(
                        "%(field)s: no such record (%(ids)s).",
                        field=self._fields[key]._description_string(self.env),
                        ids=", ".join(str(id_) for id_ in sorted(set(ids) - set(records.ids))),
                    )
                )
            vals[key] = [Command.set(records.ids)]
        board = self.new(vals)
        board._check_period()
        return board
