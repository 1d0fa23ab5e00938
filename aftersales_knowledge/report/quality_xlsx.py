from odoo import api, models


class AftersalesQualityXlsx(models.AbstractModel):
    _inherit = "aftersales.quality.xlsx"

    @api.model
    def _write_sheets(self, workbook, styles, date_from, date_to, filters):
        result = super()._write_sheets(workbook, styles, date_from, date_to, filters)
        self._write_self_service(workbook, styles, date_from, date_to, filters)
        return result

    @api.model
    def _write_self_service(self, workbook, styles, date_from, date_to, filters):
        """Per category, for the period: the cases received, those resolved with an article,
        the requests the help centre answered without a case, and the self-service rate
        (self-solved out of all requests). Counted with the reader's rights, like the other
        sheets; the self-solved requests have no team, so a team filter leaves them all."""
        sheet = workbook.add_worksheet(self.env._("Self-Service"))
        self._write_header(
            sheet,
            styles,
            0,
            [
                (self.env._("Category"), 34),
                (self.env._("Cases"), 12),
                (self.env._("Resolved with an Article"), 16),
                (self.env._("Self-Solved Requests"), 16),
                (self.env._("Self-Service Rate (%)"), 16),
            ],
        )
        report = self.env["aftersales.quality.kpi.report"]
        cases = {
            category: (count, resolved)
            for category, count, resolved in report._read_group(
                filters["domain"],
                groupby=["category_id"],
                aggregates=["case_count:sum", "kb_resolved_count:sum"],
            )
        }
        start, end = self.env["aftersales.quality.period.mixin"]._period_bounds(date_from, date_to)
        solved_domain = [
            ("create_date", ">=", start),
            ("create_date", "<", end),
            ("company_id", "in", self.env.companies.ids),
        ]
        solved_domain += [term for term in filters["domain"] if term[0] == "category_id"]
        solved = dict(
            self.env["aftersales.knowledge.self.solved"]._read_group(
                solved_domain, groupby=["category_id"], aggregates=["__count"]
            )
        )
        categories = sorted(
            set(cases) | set(solved), key=lambda category: category.display_name or ""
        )
        row = 0
        totals = [0, 0, 0]
        for category in categories:
            count, resolved = cases.get(category, (0, 0))
            self_solved = solved.get(category, 0)
            row += 1
            sheet.write_string(row, 0, category.display_name or self.env._("No category"))
            sheet.write_number(row, 1, count, styles["integer"])
            sheet.write_number(row, 2, resolved, styles["integer"])
            sheet.write_number(row, 3, self_solved, styles["integer"])
            total = count + self_solved
            sheet.write_number(
                row, 4, 100.0 * self_solved / total if total else 0.0, styles["number"]
            )
            totals = [totals[0] + count, totals[1] + resolved, totals[2] + self_solved]
        row += 1
        sheet.write_string(row, 0, self.env._("Total"), styles["total_label"])
        for column, value in enumerate(totals, start=1):
            sheet.write_number(row, column, value, styles["total"])
        requests = totals[0] + totals[2]
        sheet.write_number(
            row, 4, 100.0 * totals[2] / requests if requests else 0.0, styles["total"]
        )
