from odoo import api, fields, models
from odoo.fields import Domain


class AftersalesQualityIssue(models.Model):
    """A problem rising in a category or on a product flags its articles for review."""

    _inherit = "aftersales.quality.issue"

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        issues = super().create(vals_list)
        issues._aftersales_flag_articles_for_review()
        return issues

    # ------------------------------------------------------------ business

    def _aftersales_flag_articles_for_review(self):
        """Bring the review date of the articles of each issue's category or product to
        today (when later or unset), with a note naming the issue: the owner gets the
        review reminder at the next run of its cron."""
        today = fields.Date.context_today(self)
        # sudo: the problem identification proposes issues whoever runs it (its cron, a
        # quality manager); flagging the articles is part of the proposal, not an edit by
        # that user
        Page = self.env["document.page"].sudo()
        for issue in self.filtered(lambda i: i.category_id or i.product_id):
            signals = []
            if issue.category_id:
                signals.append(Domain("aftersales_category_ids", "in", issue.category_id.ids))
            if issue.product_id:
                signals.append(
                    Domain(
                        "aftersales_product_tmpl_ids", "in", issue.product_id.product_tmpl_id.ids
                    )
                )
            articles = Page.search(
                Page._aftersales_published_domain()
                & Domain.OR(signals)
                & (
                    Domain("aftersales_review_date", "=", False)
                    | Domain("aftersales_review_date", ">", today)
                )
            )
            if not articles:
                continue
            articles.write({"aftersales_review_date": today})
            for article in articles:
                article.message_post(
                    body=self.env._(
                        "Flagged for review: the quality issue “%(issue)s” reports rising "
                        "problems in what this article covers.",
                        issue=issue.display_name,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
