import base64
import tempfile
from datetime import datetime, time, timedelta

import pytz
import xlsxwriter

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from odoo.addons.aftersales_flow.cron_batch import aftersales_cron_batches
from odoo.addons.aftersales_flow.tools import aftersales_local_date

from ..models.helpdesk_ticket import COST_FIELDS

FETCH_SIZE = 5000


class AftersalesQualityXlsx(models.AbstractModel):
    """Builds the quality workbook: KPI summary (with a chart), case list and
    action plans. xlsxwriter runs in constant-memory mode and the case list is
    read in chunks through a server-side cursor, so memory does not grow with
    the cases.

    Every text cell is written with ``write_string`` (never ``write``, which
    turns a text starting with "=" into a formula): names, titles and labels
    come from users. Figures count only the cases the user may read."""

    _name = "aftersales.quality.xlsx"
    _description = "Quality Workbook"

    # ------------------------------------------------------------ business

    @api.model
    def _build(self, date_from, date_to, teams=None, categories=None):
        """Write the workbook for the period and filters; return its bytes."""
        filters = self._case_filters(date_from, date_to, teams, categories)
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
            workbook = xlsxwriter.Workbook(
                tmp.name, {"constant_memory": True, "tmpdir": tempfile.gettempdir()}
            )
            styles = self._styles(workbook)
            self._write_sheets(workbook, styles, date_from, date_to, filters)
            workbook.close()
            tmp.seek(0)
            return tmp.read()

    @api.model
    def _write_sheets(self, workbook, styles, date_from, date_to, filters):
        """Write the sheets of the workbook, in order; other addons add theirs after."""
        self._write_summary(workbook, styles, date_from, date_to, filters)
        self._write_cases(workbook, styles, filters)
        self._write_plans(workbook, styles)
        self._write_costs(workbook, styles, filters)

    @api.model
    def _case_filters(self, date_from, date_to, teams, categories):
        """KPI-report domain and the equivalent SQL: the cases table ``t``
        (with the joins the user's record rules need) and its condition. The days are
        the reader's (cut at midnight in their time zone), the cases those received in
        them."""
        start, end = self.env["aftersales.quality.period.mixin"]._period_bounds(date_from, date_to)
        company_ids = self.env.companies.ids
        domain = [("date", ">=", start), ("date", "<", end), ("company_id", "in", company_ids)]
        # the cases the user may read, as in the KPI report the summary comes from
        cases, readable = self.env["aftersales.quality.kpi.report"]._readable_table(
            "helpdesk.ticket", "t"
        )
        where = [
            SQL("t.active"),
            SQL("t.aftersales_received_at >= %s AND t.aftersales_received_at < %s", start, end),
            SQL("t.company_id = ANY(%s)", company_ids),
            readable,
        ]
        if teams:
            domain.append(("team_id", "in", teams.ids))
            where.append(SQL("t.team_id = ANY(%s)", teams.ids))
        if categories:
            domain.append(("category_id", "in", categories.ids))
            where.append(SQL("t.category_id = ANY(%s)", categories.ids))
        return {"domain": domain, "cases": cases, "where": SQL(" AND ").join(where)}

    @api.model
    def _styles(self, workbook):
        return {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "header": workbook.add_format(
                {"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF", "border": 1}
            ),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
            "day": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "number": workbook.add_format({"num_format": "#,##0.00"}),
            "integer": workbook.add_format({"num_format": "#,##0"}),
            "total": workbook.add_format({"bold": True, "top": 1, "num_format": "#,##0"}),
            "total_label": workbook.add_format({"bold": True, "top": 1}),
            "total_money": workbook.add_format({"bold": True, "top": 1, "num_format": "#,##0.00"}),
        }

    @api.model
    def _write_header(self, sheet, styles, row, headers):
        for col, (label, width) in enumerate(headers):
            sheet.set_column(col, col, width)
            sheet.write_string(row, col, label, styles["header"])

    @api.model
    def _write_summary(self, workbook, styles, date_from, date_to, filters):
        sheet = workbook.add_worksheet(self.env._("Summary"))
        report = self.env["aftersales.quality.kpi.report"]
        kpis = report._get_kpis(filters["domain"])
        sheet.write_string(0, 0, self.env._("After-Sales Quality Report"), styles["title"])
        sheet.write_string(1, 0, self.env._("From"))
        sheet.write_datetime(1, 1, datetime.combine(date_from, time.min), styles["day"])
        sheet.write_string(2, 0, self.env._("To"))
        sheet.write_datetime(2, 1, datetime.combine(date_to, time.min), styles["day"])
        self._write_header(
            sheet, styles, 4, [(self.env._("Measure"), 34), (self.env._("Value"), 14)]
        )
        row = 5
        for label, value, style in self._summary_measures(kpis):
            sheet.write_string(row, 0, label)
            sheet.write_number(row, 1, value or 0, styles[style])
            row += 1
        # cases by category, with the chart
        row += 1
        self._write_header(
            sheet,
            styles,
            row,
            [(self.env._("Category"), 34), (self.env._("Cases"), 14), (self.env._("Closed"), 14)],
        )
        groups = report._read_group(
            filters["domain"],
            groupby=["category_id"],
            aggregates=["case_count:sum", "closed_count:sum"],
            order="case_count:sum desc",
        )
        first = row + 1
        for category, cases, closed in groups:
            row += 1
            sheet.write_string(row, 0, category.display_name or self.env._("No category"))
            sheet.write_number(row, 1, cases, styles["integer"])
            sheet.write_number(row, 2, closed, styles["integer"])
        last = row
        row += 1
        sheet.write_string(row, 0, self.env._("Total"), styles["total_label"])
        sheet.write_number(row, 1, sum(g[1] for g in groups), styles["total"])
        sheet.write_number(row, 2, sum(g[2] for g in groups), styles["total"])
        if groups:
            chart = workbook.add_chart({"type": "column"})
            name = sheet.get_name()
            chart.add_series(
                {
                    "name": self.env._("Cases"),
                    "categories": [name, first, 0, last, 0],
                    "values": [name, first, 1, last, 1],
                }
            )
            chart.add_series(
                {
                    "name": self.env._("Closed"),
                    "categories": [name, first, 0, last, 0],
                    "values": [name, first, 2, last, 2],
                }
            )
            chart.set_title({"name": self.env._("Cases by category")})
            sheet.insert_chart(4, 4, chart)

    @api.model
    def _summary_measures(self, kpis):
        """(label, value, style) lines of the summary sheet, from ``_get_kpis``;
        other addons append theirs."""
        return [
            (self.env._("Cases"), kpis["cases"], "integer"),
            (self.env._("Closed cases"), kpis["closed"], "integer"),
            (self.env._("Reopened cases"), kpis["reopened"], "integer"),
            (self.env._("Acknowledgement time (working hours, avg)"), kpis["ack_hours"], "number"),
            (
                self.env._("First response time (working hours, avg)"),
                kpis["response_hours"],
                "number",
            ),
            (
                self.env._("Resolution time (working hours, avg)"),
                kpis["resolution_hours"],
                "number",
            ),
            (self.env._("Time to assign (hours, avg)"), kpis["assign_hours"], "number"),
            (self.env._("SLA met cases"), kpis["sla_met"], "integer"),
            (self.env._("SLA breached cases"), kpis["sla_breached"], "integer"),
            (self.env._("SLA compliance (%)"), kpis["sla_compliance"], "number"),
            (self.env._("Reopen rate (%)"), kpis["reopen_rate"], "number"),
            (self.env._("Repeat complaints"), kpis["repeats"], "integer"),
            (self.env._("Repeat complaint rate (%)"), kpis["repeat_rate"], "number"),
            (self.env._("Satisfaction (avg rating)"), kpis["rating"], "number"),
            (self.env._("Satisfied (%)"), kpis["satisfied_rate"], "number"),
        ]

    @api.model
    def _name_sql(self, model, alias):
        """The (translated) name column of ``model`` in the user's language."""
        field = self.env[model]._fields["name"]
        column = SQL.identifier(alias, "name")
        if field.translate:
            return SQL("COALESCE(%s->>%s, %s->>'en_US')", column, self.env.lang or "en_US", column)
        return column

    @api.model
    def _write_cases(self, workbook, styles, filters):
        sheet = workbook.add_worksheet(self.env._("Cases"))
        self._write_header(
            sheet,
            styles,
            0,
            [
                (self.env._("Number"), 12),
                (self.env._("Title"), 40),
                (self.env._("Received"), 17),
                (self.env._("Closed"), 17),
                (self.env._("Kind"), 20),
                (self.env._("Category"), 24),
                (self.env._("Channel"), 14),
                (self.env._("Team"), 20),
                (self.env._("Agent"), 20),
                (self.env._("Customer"), 28),
                (self.env._("Stage"), 16),
                (self.env._("Resolution (working h)"), 14),
                (self.env._("Reopened"), 10),
                (self.env._("Rating"), 8),
                (self.env._("Acknowledgement (working h)"), 14),
                (self.env._("First Response (working h)"), 14),
                (self.env._("SLA Status"), 12),
                (self.env._("Responsibility"), 20),
                (self.env._("Repeat Complaint"), 10),
            ],
        )
        sheet.freeze_panes(1, 0)
        ticket_fields = self.env["helpdesk.ticket"]._fields
        kinds = dict(ticket_fields["aftersales_case_kind"]._description_selection(self.env))
        sla_statuses = dict(ticket_fields["aftersales_sla_status"]._description_selection(self.env))
        responsibilities = dict(
            ticket_fields["aftersales_responsibility"]._description_selection(self.env)
        )
        yes = self.env._("Yes")
        # Bound methods and formats resolved once: 100,000 rows make 1.2 million
        # cells, and every lookup per cell shows in the export time.
        write_string, write_number = sheet.write_string, sheet.write_number
        date_style, number_style = styles["date"], styles["number"]
        row = 0
        for records in self._fetch_cases(filters):
            for rec in records:
                row += 1
                write_string(row, 0, rec[0] or "")
                write_string(row, 1, rec[1] or "")
                write_number(row, 2, rec[2], date_style)
                if rec[3] is not None:
                    write_number(row, 3, rec[3], date_style)
                write_string(row, 4, kinds.get(rec[4], ""))
                for col in range(5, 11):
                    if rec[col]:
                        write_string(row, col, rec[col])
                if rec[11] is not None:
                    write_number(row, 11, rec[11], number_style)
                write_number(row, 12, rec[12] or 0)
                if rec[13]:
                    write_number(row, 13, rec[13])
                # blank, not 0, for a case not yet acknowledged or answered
                if rec[14] is not None:
                    write_number(row, 14, rec[14], number_style)
                if rec[15] is not None:
                    write_number(row, 15, rec[15], number_style)
                if rec[16]:
                    write_string(row, 16, sla_statuses.get(rec[16], ""))
                if rec[17]:
                    write_string(row, 17, responsibilities.get(rec[17], ""))
                if rec[18]:
                    write_string(row, 18, yes)
        sheet.autofilter(0, 0, max(row, 1), 18)
        return row

    @api.model
    def _fetch_cases(self, filters):
        """Yield the rows of the case list in chunks of FETCH_SIZE, from one
        query read through a server-side cursor: PostgreSQL plans once and the
        process never holds more than one chunk. Cases come in the order they
        were received, which the index on aftersales_received_at serves directly
        (a cursor's fast-start plan on ``ORDER BY id`` would walk every case)."""
        query = SQL(
            """
            SELECT t.number, t.name,
                   %(received)s, %(closed)s,
                   t.aftersales_case_kind, %(category)s, %(channel)s, %(team)s, up.name, rp.name,
                   %(stage)s,
                   CASE WHEN s.closed THEN t.aftersales_quality_resolution_hours END,
                   t.aftersales_quality_reopen_count, t.rating_last_value,
                   CASE WHEN t.aftersales_ack_date IS NOT NULL THEN t.aftersales_quality_ack_hours
                       END,
                   CASE WHEN t.aftersales_first_response_date IS NOT NULL
                        THEN t.aftersales_quality_response_hours END,
                   t.aftersales_sla_status, t.aftersales_responsibility, t.aftersales_is_repeat
              FROM %(cases)s
              LEFT JOIN helpdesk_ticket_category cat ON cat.id = t.category_id
              LEFT JOIN helpdesk_ticket_channel ch ON ch.id = t.channel_id
              LEFT JOIN helpdesk_ticket_team team ON team.id = t.team_id
              LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
              LEFT JOIN res_users u ON u.id = t.user_id
              LEFT JOIN res_partner up ON up.id = u.partner_id
              LEFT JOIN res_partner rp ON rp.id = t.partner_id
             WHERE %(where)s
             ORDER BY t.aftersales_received_at, t.id
            """,
            received=self._excel_date_sql(SQL("t.aftersales_received_at")),
            closed=self._excel_date_sql(SQL("t.closed_date")),
            category=self._name_sql("helpdesk.ticket.category", "cat"),
            channel=self._name_sql("helpdesk.ticket.channel", "ch"),
            team=self._name_sql("helpdesk.ticket.team", "team"),
            stage=self._name_sql("helpdesk.ticket.stage", "s"),
            cases=filters["cases"],
            where=filters["where"],
        )
        cr = self.env.cr
        cr.execute(SQL("DECLARE aftersales_quality_cases NO SCROLL CURSOR FOR %s", query))
        try:
            while True:
                cr.execute(SQL("FETCH FORWARD %s FROM aftersales_quality_cases", FETCH_SIZE))
                records = cr.fetchall()
                if not records:
                    break
                yield records
        finally:
            cr.execute(SQL("CLOSE aftersales_quality_cases"))

    @api.model
    def _excel_date_sql(self, column):
        """The UTC timestamp ``column`` as an Excel serial date (days since
        1899-12-30) of the reader's local time (the workbook's dates are those its reader
        sees in the forms): converting in PostgreSQL spares a datetime conversion per
        cell in Python. NULL stays NULL."""
        tz = self.env["aftersales.quality.period.mixin"]._period_tz()
        return SQL(
            "(EXTRACT(EPOCH FROM (%s AT TIME ZONE 'UTC' AT TIME ZONE %s)) / 86400.0"
            " + 25569.0)::float8",
            column,
            tz,
        )

    @api.model
    def _write_costs(self, workbook, styles, filters):
        """The cost of quality of every case of the period that cost something, component
        by component (the case's stored figures, in the company's currency), with the
        totals in the last row."""
        sheet = workbook.add_worksheet(self.env._("Cost of Quality"))
        ticket_fields = self.env["helpdesk.ticket"]._fields
        names = [*COST_FIELDS, "aftersales_cost_total"]
        self._write_header(
            sheet,
            styles,
            0,
            [
                (self.env._("Number"), 12),
                (self.env._("Title"), 40),
                (self.env._("Received"), 17),
                (self.env._("Currency"), 9),
                *((ticket_fields[name]._description_string(self.env), 14) for name in names),
            ],
        )
        sheet.freeze_panes(1, 0)
        self.env.flush_all()
        columns = SQL(", ").join(
            SQL("COALESCE(%s, 0)::float8", SQL.identifier("t", n)) for n in names
        )
        nonzero = SQL(" OR ").join(
            SQL("COALESCE(%s, 0) <> 0", SQL.identifier("t", n)) for n in names
        )
        query = SQL(
            """
            SELECT t.number, t.name, %(received)s, cur.name, %(columns)s
              FROM %(cases)s
              LEFT JOIN res_company co ON co.id = t.company_id
              LEFT JOIN res_currency cur ON cur.id = co.currency_id
             WHERE %(where)s AND (%(nonzero)s)
             ORDER BY t.aftersales_received_at, t.id
            """,
            received=self._excel_date_sql(SQL("t.aftersales_received_at")),
            columns=columns,
            cases=filters["cases"],
            where=filters["where"],
            nonzero=nonzero,
        )
        cr = self.env.cr
        cr.execute(query)
        totals = [0.0] * len(names)
        row = 0
        number_style = styles["number"]
        while records := cr.fetchmany(FETCH_SIZE):
            for rec in records:
                row += 1
                sheet.write_string(row, 0, rec[0] or "")
                sheet.write_string(row, 1, rec[1] or "")
                sheet.write_number(row, 2, rec[2], styles["date"])
                sheet.write_string(row, 3, rec[3] or "")
                for index, value in enumerate(rec[4:]):
                    sheet.write_number(row, 4 + index, value, number_style)
                    totals[index] += value
        row += 1
        sheet.write_string(row, 0, self.env._("Total"), styles["total_label"])
        total_style = styles["total_money"]
        for index, value in enumerate(totals):
            sheet.write_number(row, 4 + index, value, total_style)
        return row - 1

    @api.model
    def _write_plans(self, workbook, styles):
        sheet = workbook.add_worksheet(self.env._("Action Plans"))
        self._write_header(
            sheet,
            styles,
            0,
            [
                (self.env._("Plan"), 40),
                (self.env._("State"), 14),
                (self.env._("Category"), 24),
                (self.env._("Responsible"), 20),
                (self.env._("Actions"), 10),
                (self.env._("Overdue Actions"), 10),
                (self.env._("Implemented"), 17),
                (self.env._("Evaluation"), 14),
                (self.env._("Cases per Day Before"), 12),
                (self.env._("Cases per Day After"), 12),
                (self.env._("Change (%)"), 12),
            ],
        )
        sheet.freeze_panes(1, 0)
        plans = self.env["aftersales.quality.plan"].search(
            [("company_id", "in", self.env.companies.ids)], order="id"
        )
        states = dict(plans._fields["state"]._description_selection(self.env))
        results = dict(plans._fields["evaluation_result"]._description_selection(self.env))
        tz = pytz.timezone(self.env["aftersales.quality.period.mixin"]._period_tz())
        for row, plan in enumerate(plans, start=1):
            sheet.write_string(row, 0, plan.name)
            sheet.write_string(row, 1, states[plan.state])
            sheet.write_string(row, 2, plan.category_id.display_name or "")
            sheet.write_string(row, 3, plan.user_id.name or "")
            sheet.write_number(row, 4, plan.action_count)
            sheet.write_number(row, 5, plan.overdue_action_count)
            if plan.implemented_date:
                local = pytz.utc.localize(plan.implemented_date).astimezone(tz)
                sheet.write_datetime(row, 6, local.replace(tzinfo=None), styles["date"])
            result = results.get(plan.evaluation_result, "")
            if result and plan.evaluation_provisional:
                result = self.env._(
                    "%(result)s (provisional, %(days)s of %(window)s days)",
                    result=result,
                    days=round(plan.after_days, 1),
                    window=plan.evaluation_days,
                )
            sheet.write_string(row, 7, result)
            if plan.evaluation_result:
                sheet.write_number(row, 8, plan.before_daily_rate, styles["number"])
                sheet.write_number(row, 9, plan.after_daily_rate, styles["number"])
                sheet.write_number(row, 10, plan.change_percent, styles["number"])
        return len(plans)

    # ------------------------------------------------------------ scheduled report

    @api.model
    def _report_period(self, company, today):
        """(start, end) of the period the next management report covers, or
        None when the company's last report already covers it."""
        last = company.aftersales_quality_report_last_date
        if company.aftersales_quality_report_frequency == "weekly":
            end = today - timedelta(days=1)
            if last and end < last + timedelta(days=7):
                return None
            return end - timedelta(days=6), end
        if company.aftersales_quality_report_frequency == "monthly":
            end = today.replace(day=1) - timedelta(days=1)
            if last and end <= last:
                return None
            return end.replace(day=1), end
        return None

    @api.model
    def _cron_send_management_report(self, today=None):
        """Email the workbook to each company's recipients when a period is due.

        Idempotent: the company remembers the end of the last period sent; each
        company is claimed with SKIP LOCKED (a second worker never sends its report
        twice) and committed with its report."""
        template = self.env.ref("aftersales_quality.mail_template_management_report")
        done = set()
        sent = []

        def send(companies, now):
            for company in companies:
                # the company's today: its weeks and months end at its own midnight
                period = self._report_period(
                    company, today or aftersales_local_date(now, company._aftersales_tz())
                )
                if period:
                    self._send_management_report(company, template, *period)
                    sent.append(company.id)
                done.add(company.id)

        aftersales_cron_batches(
            self.env["res.company"],
            lambda _now: (
                Domain("aftersales_quality_report_frequency", "!=", "none")
                & Domain("aftersales_quality_report_partner_ids", "!=", False)
                & Domain("id", "not in", sorted(done))
            ),
            send,
            batch_size=1,
            # the attachment and the mail refer to the company: a key-share lock must not wait
            lock="NO KEY UPDATE",
        )
        return len(sent)

    @api.model
    def _send_management_report(self, company, template, date_from, date_to):
        # The recipients are partners, not necessarily users allowed to read
        # confidential cases and returns: the mailed workbook leaves them out.
        # the days of the period and the times in it are the company's
        workbook = (
            self.with_company(company)
            .with_context(
                allowed_company_ids=[company.id],
                quality_exclude_confidential=True,
                tz=company._aftersales_tz(),
            )
            ._build(date_from, date_to)
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": self._file_name(date_from, date_to),
                "datas": base64.b64encode(workbook),
                "res_model": "res.company",
                "res_id": company.id,
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )
        template.with_context(quality_date_from=date_from, quality_date_to=date_to).send_mail(
            company.id,
            email_values={
                "recipient_ids": [
                    fields.Command.set(company.aftersales_quality_report_partner_ids.ids)
                ],
                "attachment_ids": [fields.Command.set(attachment.ids)],
            },
        )
        company.aftersales_quality_report_last_date = date_to

    @api.model
    def _file_name(self, date_from, date_to):
        return self.env._(
            "quality-report-%(start)s-%(end)s.xlsx",
            start=date_from.isoformat(),
            end=date_to.isoformat(),
        )
