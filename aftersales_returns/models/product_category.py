from odoo import fields, models

from .aftersales_return_rule import EXCLUSIONS


class ProductCategory(models.Model):
    _inherit = "product.category"

    # ------------------------------------------------------------ fields

    aftersales_no_reason_exclusion = fields.Selection(
        EXCLUSIONS,
        string="Excluded from No-Reason Returns",
        help="Goods the consumer law excludes from returns without a reason (custom-made, "
        "fresh or perishable, digital or audio-visual once opened, newspapers and "
        "periodicals). A fault is still a quality return. Subcategories and products "
        "without their own flag follow it.",
    )

    # ------------------------------------------------------------ business

    def _aftersales_no_reason_exclusion(self):
        """The exclusion of this category (if any) or of its closest flagged parent, else
        False."""
        category = self[:1]
        while category:
            if category.aftersales_no_reason_exclusion:
                return category.aftersales_no_reason_exclusion
            category = category.parent_id
        return False
