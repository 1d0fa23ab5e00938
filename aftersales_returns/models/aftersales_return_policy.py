from odoo import api, fields, models


class AftersalesReturnPolicy(models.Model):
    _name = "aftersales.return.policy"
    _description = "Return Policy by Product Category"
    _order = "sequence, id"
    _check_company_auto = True

    # ------------------------------------------------------------ fields

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    categ_id = fields.Many2one(
        "product.category",
        string="Product Category",
        required=True,
        help="Applies to the products of this category and of its subcategories.",
    )
    returnable = fields.Boolean(default=True)
    return_window_days = fields.Integer(
        string="Return Window (days)",
        help="Replaces the company's return window for these products; 0 keeps it.",
    )
    restocking_fee_percent = fields.Float(
        string="Restocking Fee (%)",
        help="Replaces the company's default restocking fee for these products "
        "when the return reason sets none.",
    )
    own_condition_fees = fields.Boolean(
        string="Own Condition Fees",
        help="Replace the company's restocking fees by condition grade with the ones below "
        "for these products.",
    )
    condition_fee_resellable = fields.Float(string="Fee if Resellable (%)")
    condition_fee_damaged = fields.Float(string="Fee if Damaged (%)")
    condition_fee_defective = fields.Float(string="Fee if Defective (%)")
    condition_fee_missing_parts = fields.Float(string="Fee if Missing Parts (%)")
    note = fields.Text(translate=True, help="The policy basis, told to the customer.")

    # ------------------------------------------------------------ constraints

    _categ_company_unique = models.Constraint(
        "UNIQUE (company_id, categ_id)",
        "A product category has one return policy per company.",
    )
    _restocking_fee_percent_range = models.Constraint(
        "CHECK (restocking_fee_percent >= 0 AND restocking_fee_percent <= 100)",
        "The restocking fee is a percentage between 0 and 100.",
    )
    _condition_fees_range = models.Constraint(
        "CHECK (condition_fee_resellable BETWEEN 0 AND 100 "
        "AND condition_fee_damaged BETWEEN 0 AND 100 "
        "AND condition_fee_defective BETWEEN 0 AND 100 "
        "AND condition_fee_missing_parts BETWEEN 0 AND 100)",
        "A condition restocking fee is a percentage between 0 and 100.",
    )
    _return_window_days_positive = models.Constraint(
        "CHECK (return_window_days >= 0)",
        "The return window cannot be negative.",
    )

    # ------------------------------------------------------------ business

    @api.model
    @api.private
    def _for_product(self, product, company):
        """The policy of the product's closest category for ``company``, or nothing."""
        policies = self.search(
            [("company_id", "=", company.id), ("categ_id", "parent_of", product.categ_id.id)]
        )
        return policies.sorted(lambda p: len(p.categ_id.parent_path or ""), reverse=True)[:1]
