from odoo import fields, models

POLICY_RULES = [
    ("window", "Return window"),
    ("returnable", "Returnable product"),
    ("quantity", "Returnable quantity"),
    ("condition", "Condition"),
    ("approval_amount", "Auto-approval amount"),
    ("restocking_fee", "Restocking fee"),
]


class AftersalesReturnPolicyResult(models.Model):
    _name = "aftersales.return.policy.result"
    _description = "Return Policy Check Result"
    _order = "return_id, line_id, id"
    _check_company_auto = True

    # ------------------------------------------------------------ fields

    return_id = fields.Many2one(
        "aftersales.return", required=True, ondelete="cascade", index=True
    )
    line_id = fields.Many2one(
        "aftersales.return.line", ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(related="return_id.company_id", store=True, index=True)
    rule = fields.Selection(POLICY_RULES, required=True)
    passed = fields.Boolean()
    message = fields.Char(required=True, help="Why the rule passed or failed.")
