from odoo import fields, models


class AftersalesQualityStaffReview(models.Model):
    """A staff review's training need points to the articles to study."""

    _inherit = "aftersales.quality.staff.review"

    # ------------------------------------------------------------ fields

    aftersales_training_article_ids = fields.Many2many(
        "document.page",
        "aftersales_knowledge_staff_review_article_rel",
        "review_id",
        "page_id",
        string="Articles to Study",
        domain=[("aftersales_article", "=", True)],
        help="Knowledge-base articles the agent is to study for the training need.",
    )
