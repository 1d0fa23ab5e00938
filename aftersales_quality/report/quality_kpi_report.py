from contextlib import contextmanager

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL, Query

from odoo.addons.aftersales_flow.models.helpdesk_ticket import CASE_KINDS, RESPONSIBILITIES

from ..models.helpdesk_ticket import COST_FIELDS


@contextmanager
def kpi_query(cr):
    """Runs the aggregate queries of the case analysis without PostgreSQL's JIT
    compilation. Over a year of a large case base (or a month with the returns
    looked up per case) the planner's cost crosses ``jit_optimize_above_cost``, and
    compiling and optimising the query then takes seconds, several times what the
    query itself takes; the setting comes back when the queries are done (an error
    rolls the transaction, and the setting with it, back)."""
    cr.execute("SET LOCAL jit = off")
    yield
    cr.execute("SET LOCAL jit TO DEFAULT")


class AftersalesQualityKpiReport(models.Model):
    """One row per active case with its quality measures.

    Counts are 0/1 columns summed by the pivot; rates are 0/100 columns averaged
    (NULL where the case does not take part, e.g. an unrated case in the
    satisfaction rate). Other addons add measures by extending ``_select`` (and
    ``_from`` for joins) and declaring the matching field.

    The view holds only the cases the user may read (see ``_readable_table``): it
    is built for each query with the user's record rules on the cases, so every
    figure computed from it (dashboard, staff reviews, plan evaluation, workbook
    summary) counts what the user may see, no more.
    """

    _name = "aftersales.quality.kpi.report"
    _description = "After-Sales Quality Analysis"
    _auto = False
    _rec_name = "ticket_id"
    _order = "date desc"

    # ------------------------------------------------------------ fields: dimensions

    ticket_id = fields.Many2one("helpdesk.ticket", string="Case", readonly=True)
    # every period of the analysis is a period of reception (the case's Received At)
    date = fields.Datetime(string="Received", readonly=True)
    closed_date = fields.Datetime(string="Closed", readonly=True)
    case_kind = fields.Selection(CASE_KINDS, string="Kind", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", string="Category", readonly=True)
    channel_id = fields.Many2one("helpdesk.ticket.channel", string="Channel", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", string="Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Agent", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    commercial_partner_id = fields.Many2one("res.partner", string="Customer Company", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    stage_id = fields.Many2one("helpdesk.ticket.stage", string="Stage", readonly=True)
    priority = fields.Selection(
        [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Very High")],
        string="Priority",
        readonly=True,
    )
    is_closed = fields.Boolean(string="Closed Case", readonly=True)
    responsibility = fields.Selection(RESPONSIBILITIES, string="Responsibility", readonly=True)
    root_cause_id = fields.Many2one("aftersales.root.cause", string="Root Cause", readonly=True)
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    is_repeat = fields.Boolean(string="Repeat Complaint", readonly=True)
    # the case's own choices: a merged case's clocks are "cancelled"
    aftersales_sla_status = fields.Selection(
        selection="_selection_sla_status", string="SLA Status", readonly=True
    )

    # ------------------------------------------------------------ fields: measures

    case_count = fields.Integer(string="Cases", readonly=True, aggregator="sum")
    closed_count = fields.Integer(string="Closed Cases", readonly=True, aggregator="sum")
    reopened_count = fields.Integer(string="Reopened Cases", readonly=True, aggregator="sum")
    rated_count = fields.Integer(string="Rated Cases", readonly=True, aggregator="sum")
    satisfied_count = fields.Integer(string="Satisfied Cases", readonly=True, aggregator="sum")
    resolution_hours = fields.Float(
        string="Resolution Time (working h)", readonly=True, aggregator="avg"
    )
    assign_hours = fields.Float(string="Time to Assign (h)", readonly=True, aggregator="avg")
    ack_hours = fields.Float(
        string="Acknowledgement Time (working h)", readonly=True, aggregator="avg"
    )
    response_hours = fields.Float(
        string="First Response Time (working h)", readonly=True, aggregator="avg"
    )
    sla_met_count = fields.Integer(string="SLA Met Cases", readonly=True, aggregator="sum")
    sla_breached_count = fields.Integer(
        string="SLA Breached Cases", readonly=True, aggregator="sum"
    )
    sla_compliance = fields.Float(
        string="SLA Compliance (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the cases whose service level is decided (met, or breached) "
        "that met every target.",
    )
    repeat_count = fields.Integer(string="Repeat Complaints", readonly=True, aggregator="sum")
    repeat_rate = fields.Float(string="Repeat Rate (%)", readonly=True, aggregator="avg")
    reopen_rate = fields.Float(string="Reopen Rate (%)", readonly=True, aggregator="avg")
    rating_value = fields.Float(string="Satisfaction (avg)", readonly=True, aggregator="avg")
    satisfied_rate = fields.Float(string="Satisfied (%)", readonly=True, aggregator="avg")
    # cost of quality (the case's stored components, in the company's currency)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    aftersales_cost_refund = fields.Monetary(string="Refunds", readonly=True, aggregator="sum")
    aftersales_cost_compensation = fields.Monetary(
        string="Compensation", readonly=True, aggregator="sum"
    )
    aftersales_cost_goods = fields.Monetary(
        string="Replacement Goods", readonly=True, aggregator="sum"
    )
    aftersales_cost_shipping = fields.Monetary(string="Shipping", readonly=True, aggregator="sum")
    aftersales_cost_scrap = fields.Monetary(
        string="Scrapped Value", readonly=True, aggregator="sum"
    )
    aftersales_cost_handling = fields.Monetary(string="Handling", readonly=True, aggregator="sum")
    aftersales_cost_recovered = fields.Monetary(string="Recovered", readonly=True, aggregator="sum")
    aftersales_cost_total = fields.Monetary(
        string="Cost of Quality", readonly=True, aggregator="sum"
    )

    # ------------------------------------------------------------ SQL view

    def _select(self):
        return SQL(
            """
            t.id AS id,
            t.id AS ticket_id,
            t.aftersales_received_at AS date,
            t.closed_date AS closed_date,
            t.aftersales_case_kind AS case_kind,
            t.category_id AS category_id,
            t.channel_id AS channel_id,
            t.team_id AS team_id,
            t.user_id AS user_id,
            t.partner_id AS partner_id,
            t.commercial_partner_id AS commercial_partner_id,
            t.company_id AS company_id,
            t.stage_id AS stage_id,
            t.priority AS priority,
            COALESCE(s.closed, FALSE) AS is_closed,
            t.aftersales_responsibility AS responsibility,
            t.aftersales_root_cause_id AS root_cause_id,
            t.aftersales_product_id AS product_id,
            COALESCE(t.aftersales_is_repeat, FALSE) AS is_repeat,
            t.aftersales_sla_status AS aftersales_sla_status,
            1 AS case_count,
            CASE WHEN s.closed THEN 1 ELSE 0 END AS closed_count,
            CASE WHEN t.aftersales_quality_reopen_count > 0 THEN 1 ELSE 0 END AS reopened_count,
            CASE WHEN t.rating_last_value > 0 THEN 1 ELSE 0 END AS rated_count,
            CASE WHEN t.rating_last_value >= COALESCE(c.aftersales_quality_satisfied_rating, 4)
                 THEN 1 ELSE 0 END AS satisfied_count,
            CASE WHEN s.closed AND t.closed_date IS NOT NULL
                 THEN t.aftersales_quality_resolution_hours END AS resolution_hours,
            CASE WHEN t.assigned_date IS NOT NULL
                 THEN GREATEST(EXTRACT(EPOCH FROM t.assigned_date - t.aftersales_received_at), 0)
                     / 3600.0
                 END AS assign_hours,
            CASE WHEN t.aftersales_ack_date IS NOT NULL THEN t.aftersales_quality_ack_hours
                 END AS ack_hours,
            CASE WHEN t.aftersales_first_response_date IS NOT NULL
                 THEN t.aftersales_quality_response_hours END AS response_hours,
            CASE WHEN t.aftersales_sla_status = 'met' THEN 1 ELSE 0 END AS sla_met_count,
            CASE WHEN t.aftersales_sla_status = 'breached' THEN 1 ELSE 0 END AS sla_breached_count,
            CASE t.aftersales_sla_status WHEN 'met' THEN 100.0 WHEN 'breached' THEN 0.0
                 END AS sla_compliance,
            CASE WHEN t.aftersales_is_repeat THEN 1 ELSE 0 END AS repeat_count,
            CASE WHEN t.aftersales_is_repeat THEN 100.0 ELSE 0.0 END AS repeat_rate,
            CASE WHEN s.closed THEN
                 CASE WHEN t.aftersales_quality_reopen_count > 0 THEN 100.0 ELSE 0.0 END
                 END AS reopen_rate,
            CASE WHEN t.rating_last_value > 0 THEN t.rating_last_value END AS rating_value,
            CASE WHEN t.rating_last_value > 0 THEN
                 CASE WHEN t.rating_last_value >= COALESCE(c.aftersales_quality_satisfied_rating, 4)
                      THEN 100.0 ELSE 0.0 END
                 END AS satisfied_rate,
            c.currency_id AS currency_id,
            COALESCE(t.aftersales_cost_refund, 0) AS aftersales_cost_refund,
            COALESCE(t.aftersales_cost_compensation, 0) AS aftersales_cost_compensation,
            COALESCE(t.aftersales_cost_goods, 0) AS aftersales_cost_goods,
            COALESCE(t.aftersales_cost_shipping, 0) AS aftersales_cost_shipping,
            COALESCE(t.aftersales_cost_scrap, 0) AS aftersales_cost_scrap,
            COALESCE(t.aftersales_cost_handling, 0) AS aftersales_cost_handling,
            COALESCE(t.aftersales_cost_recovered, 0) AS aftersales_cost_recovered,
            COALESCE(t.aftersales_cost_total, 0) AS aftersales_cost_total
            """
        )

    def _from(self):
        cases, _readable = self._readable_table("helpdesk.ticket", "t")
        return SQL(
            """
            %s
            LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
            LEFT JOIN res_company c ON c.id = t.company_id
            """,
            cases,
        )

    def _where(self):
        _cases, readable = self._readable_table("helpdesk.ticket", "t")
        return SQL("t.active AND %s", readable)

    @api.model
    def _selection_sla_status(self):
        field = self.env["helpdesk.ticket"]._fields["aftersales_sla_status"]
        return field._description_selection(self.env)

    @property
    def _table_query(self):
        return SQL("SELECT %s FROM %s WHERE %s", self._select(), self._from(), self._where())

    # ------------------------------------------------------------ access

    @api.model
    @api.private
    def _confidential_domains(self):
        """{model: domain of its records that are not confidential}: what a
        report for outside recipients keeps. Other addons add their models."""
        return {"helpdesk.ticket": [("aftersales_confidential", "=", False)]}

    @api.model
    @api.private
    def _readable_domain(self, model_name):
        """Domain of the records of ``model_name`` the user may read under that
        model's own record rules, to search with ``sudo()``.

        Record rules on a report cannot say it: Odoo evaluates rule domains as
        superuser (``_search`` applies them on ``self.sudo()``), so a rule
        through ``ticket_id`` would not apply the case's rules (team rules,
        helpdesk's "All tickets", the confidential rule, companies). The rules
        of the model are taken as they are instead, without its access rights:
        the quality manager counts returns without reading them.

        As superuser (crons) every record is readable, except with the context
        key ``quality_exclude_confidential`` (a report mailed to recipients who
        may not read confidential records): the key only narrows, so a client
        sending it gains nothing.
        """
        domain = Domain.TRUE
        if not self.env.su:
            domain &= self.env["ir.rule"]._compute_domain(model_name, "read")
        if self.env.context.get("quality_exclude_confidential"):
            domain &= Domain(self._confidential_domains().get(model_name, []))
        return domain

    @api.model
    @api.private
    def _readable_table(self, model_name, alias):
        """``(table, condition)``: the table of ``model_name`` as ``alias``, with
        the joins its record rules need, and the condition those rules put on
        it for the user (``_readable_domain``).

        Every figure computed in SQL from cases (or returns) reads that table
        there and adds that condition: the rules are applied inline, on the
        rows the query reads anyway, rather than as an ``IN (subquery)`` that
        would read the whole table a second time. ``table`` is parenthesised
        when it has joins, so it goes wherever a table does (``FROM``, ``JOIN``)."""
        # sudo: the model's rules are in the domain; its access rights are not
        # asked (see _readable_domain)
        model = self.env[model_name].sudo().with_context(active_test=False)
        query = Query(model.env, alias, SQL.identifier(model._table))
        domain = self._readable_domain(model_name).optimize_full(model)
        condition = SQL("TRUE") if domain.is_true() else domain._to_sql(model, alias, query)
        if query._joins:
            return SQL("(%s)", query.from_clause), condition
        return query.from_clause, condition

    # ------------------------------------------------------------ business

    @api.model
    def _kpi_aggregates(self):
        """(key, aggregate, is_count) of the headline figures, in this order.

        Counts come back as 0 when nothing matches, averages empty (falsy). Other
        addons append their measures (declared on this report) here."""
        return [
            ("cases", "case_count:sum", True),
            ("closed", "closed_count:sum", True),
            ("reopened", "reopened_count:sum", True),
            ("rated", "rated_count:sum", True),
            ("satisfied", "satisfied_count:sum", True),
            ("sla_met", "sla_met_count:sum", True),
            ("sla_breached", "sla_breached_count:sum", True),
            ("repeats", "repeat_count:sum", True),
            ("resolution_hours", "resolution_hours:avg", False),
            ("assign_hours", "assign_hours:avg", False),
            ("ack_hours", "ack_hours:avg", False),
            ("response_hours", "response_hours:avg", False),
            ("rating", "rating_value:avg", False),
            ("reopen_rate", "reopen_rate:avg", False),
            ("satisfied_rate", "satisfied_rate:avg", False),
            ("sla_compliance", "sla_compliance:avg", False),
            ("repeat_rate", "repeat_rate:avg", False),
        ]

    @api.model
    def _get_kpis(self, domain):
        """The headline figures over ``domain``, in one aggregate query.

        Returns a dict keyed as ``_kpi_aggregates``: counts (cases, closed,
        reopened, rated, satisfied, sla_met, sla_breached, repeats), average
        times (resolution, assign, ack, response hours), the average rating and
        percentages (reopen, satisfied, SLA compliance, repeat rate), empty
        (falsy) when there is nothing to measure.
        """
        specs = self._kpi_aggregates()
        # the view reads tables the ORM does not know it depends on: pending
        # writes of this transaction (a case just answered) must be in them
        self.env.flush_all()
        with kpi_query(self.env.cr):
            [row] = self._read_group(domain, aggregates=[spec for _key, spec, _count in specs])
        return {
            key: (value or 0) if is_count else value
            for (key, _spec, is_count), value in zip(specs, row, strict=True)
        }

    @api.model
    def _aftersales_cost_totals(self, domain):
        """The cost of quality over ``domain`` (a domain of this report): {cost field:
        sum} for every component and ``aftersales_cost_total``, plus ``cases``, in one aggregate
        query. Counts only the cases the user may read, like every figure of the report.
        Amounts are in the companies' currencies as they are (one company: its own)."""
        names = [*COST_FIELDS, "aftersales_cost_total"]
        self.env.flush_all()
        with kpi_query(self.env.cr):
            [row] = self._read_group(
                domain, aggregates=["case_count:sum", *(f"{name}:sum" for name in names)]
            )
        return {
            "cases": row[0] or 0,
            **{name: value or 0.0 for name, value in zip(names, row[1:], strict=True)},
        }
