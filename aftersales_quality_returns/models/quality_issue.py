from odoo import api, fields, models
from odoo.tools import SQL


class AftersalesQualityIssue(models.Model):
    _inherit = "aftersales.quality.issue"

    # ------------------------------------------------------------ fields

    scope = fields.Selection(
        selection_add=[("carrier", "Carrier"), ("supplier", "Supplier")],
        ondelete={"carrier": "cascade", "supplier": "cascade"},
    )
    kpi = fields.Selection(
        selection_add=[
            ("return_rate", "Return Rate"),
            ("complaints_per_order", "Complaints per Order"),
            ("complaints_per_unit", "Complaints per Delivered Unit"),
        ],
        ondelete={
            "return_rate": "cascade",
            "complaints_per_order": "cascade",
            "complaints_per_unit": "cascade",
        },
    )
    carrier_id = fields.Many2one(
        "res.partner", string="Carrier", index="btree_not_null", readonly=True
    )

    # ------------------------------------------------------------ business

    @api.model
    def _prepare_issue_vals(self, company, rule, row, now):
        vals = super()._prepare_issue_vals(company, rule, row, now)
        if rule.scope == "carrier":
            vals["carrier_id"] = row["scope_id"]
        return vals

    @api.model
    def _kpi_exposures(self, company, rule, scope_ids, start, period, history):
        """Orders or delivered units of each period, per product or supplier (the
        company's for the other scopes): what the complaints are counted against."""
        Rule = self.env["aftersales.quality.monitor.rule"]
        kind = Rule._kpi_specs()[rule.kpi].get("exposure")
        if not kind:
            return super()._kpi_exposures(company, rule, scope_ids, start, period, history)
        oldest = start - period * history
        now = start + period
        table, when, amount, scope = self._kpi_exposure_source(company, kind, rule.scope)
        bucket = SQL(
            "FLOOR(EXTRACT(EPOCH FROM (%s - %s)) / %s)::int", now, when, period.total_seconds()
        )
        # the orders and deliveries of the company, not the user's: counted as the
        # analysis (superuser), only their number per period goes into the issue
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """SELECT %(scope)s, %(bucket)s, %(amount)s FROM %(table)s
                    WHERE %(when)s >= %(oldest)s AND %(when)s < %(now)s GROUP BY 1, 2""",
                scope=scope,
                bucket=bucket,
                amount=amount,
                table=table,
                when=when,
                oldest=oldest,
                now=now,
            )
        )
        exposures = {}
        for scope_id, bucket_no, value in self.env.cr.fetchall():
            if 0 <= bucket_no <= history:
                exposures.setdefault(scope_id, [0.0] * (history + 1))[bucket_no] = float(value)
        if rule.scope not in ("product", "supplier"):
            company_wide = exposures.get(0, [0.0] * (history + 1))
            return dict.fromkeys(scope_ids, company_wide)
        return exposures

    @api.model
    @api.private
    def _kpi_exposure_source(self, company, kind, scope):
        """(table, date, amount, scope) SQL of what complaints are counted against:
        ``kind`` ``orders`` (confirmed sales orders, counted once) or ``units``
        (quantities delivered to customers) of ``company``, per product or supplier
        for those ``scope``s, else company-wide (scope 0)."""
        if kind == "orders":
            table = SQL(
                """sale_order_line l JOIN sale_order o ON o.id = l.order_id
                   AND o.state = 'sale' AND o.company_id = %s""",
                company.id,
            )
            when, amount = SQL("o.date_order"), SQL("COUNT(DISTINCT o.id)")
        else:
            table = SQL(
                """stock_move l JOIN stock_location dl ON dl.id = l.location_dest_id
                   AND dl.usage = 'customer' AND l.state = 'done' AND l.company_id = %s""",
                company.id,
            )
            when, amount = SQL("l.date"), SQL("COALESCE(SUM(l.quantity), 0)")
        if scope == "product":
            column = SQL("l.product_id")
        elif scope == "supplier":
            table = SQL(
                """%s JOIN product_product pp ON pp.id = l.product_id
                   JOIN LATERAL (
                       SELECT si.partner_id FROM product_supplierinfo si
                        WHERE si.product_tmpl_id = pp.product_tmpl_id
                          AND (si.product_id IS NULL OR si.product_id = pp.id)
                        ORDER BY si.sequence, si.id LIMIT 1) sup ON TRUE""",
                table,
            )
            column = SQL("sup.partner_id")
        else:
            column = SQL("0")
        return table, when, amount, column

    @api.model
    @api.private
    def _kpi_exposure_between(self, company, kind, scope, scope_id, start, end):
        """The orders or delivered units (``_kpi_exposure_source``) from ``start`` to
        ``end`` of the product or supplier ``scope_id`` (company-wide for another
        scope): what a plan's complaints per order or unit are counted against."""
        table, when, amount, column = self._kpi_exposure_source(company, kind, scope)
        condition = (
            SQL("%s = %s", column, scope_id) if scope in ("product", "supplier") else SQL("TRUE")
        )
        # the company's orders and deliveries, not the user's: counted as the analysis
        # (superuser), only their number goes into the plan
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT %s FROM %s WHERE %s >= %s AND %s < %s AND %s",
                amount,
                table,
                when,
                start,
                when,
                end,
                condition,
            )
        )
        return float(self.env.cr.fetchone()[0] or 0.0)
