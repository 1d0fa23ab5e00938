from odoo import fields, models

from .aftersales_return_rule import EXCLUSIONS


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # ------------------------------------------------------------ fields

    aftersales_no_reason_exclusion = fields.Selection(
        EXCLUSIONS,
        string="Excluded from No-Reason Returns",
        help="Empty: the product follows its category. Goods the consumer law excludes from "
        "returns without a reason; a fault is still a quality return.",
    )
    aftersales_warranty_months = fields.Integer(
        string="Warranty (months)",
        help="The warranty period in which a fault is repaired (三包); 0 takes the period of "
        "the statutory quality-return rule.",
    )

    # ------------------------------------------------------------ constraints

    _aftersales_warranty_months_positive = models.Constraint(
        "CHECK (aftersales_warranty_months >= 0)", "A warranty period cannot be negative."
    )

    # ------------------------------------------------------------ business

    def _aftersales_no_reason_exclusion(self):
        """The product's exclusion from no-reason returns, else its category's."""
        self.ensure_one()
        return (
            self.aftersales_no_reason_exclusion or self.categ_id._aftersales_no_reason_exclusion()
        )
