from odoo import api, fields, models

from .aftersales_return_rule import VERDICTS

POLICY_RULES = [
    ("statutory", "Consumer law"),
    ("window", "Return window"),
    ("returnable", "Returnable product"),
    ("quantity", "Returnable quantity"),
    ("condition", "Condition"),
    ("shipping", "Return shipping"),
    ("refund_only", "Refund only"),
    ("reship", "Reship missing goods"),
    ("price_difference", "Price difference"),
    ("approval_amount", "Auto-approval amount"),
    ("abuse_risk", "Return risk"),
    ("restocking_fee", "Restocking fee"),
]
# How a result counts: the law (a line passes when the law grants what the customer asks),
# the shop's own policy (which may grant more than the law: a line also passes when all of
# them pass), a check every line must pass, a condition of the approval without a manager
# (outside it a manager approves, without an override reason), or information only.
SCOPES = [
    ("law", "Consumer Law"),
    ("shop", "Shop Policy"),
    ("check", "Check"),
    ("approval", "Approval"),
    ("info", "Information"),
]
RULE_SCOPES = {
    "statutory": "law",
    "window": "shop",
    "returnable": "shop",
    "condition": "shop",
    "refund_only": "shop",
    "reship": "shop",
    "price_difference": "shop",
    "quantity": "check",
    "shipping": "info",
    "approval_amount": "approval",
    "abuse_risk": "approval",
    "restocking_fee": "info",
}


class AftersalesReturnPolicyResult(models.Model):
    _name = "aftersales.return.policy.result"
    _description = "Return Policy Check Result"
    _order = "return_id, line_id, id"
    _check_company_auto = True

    # ------------------------------------------------------------ fields

    return_id = fields.Many2one("aftersales.return", required=True, ondelete="cascade", index=True)
    line_id = fields.Many2one("aftersales.return.line", ondelete="cascade", check_company=True)
    company_id = fields.Many2one(related="return_id.company_id", store=True, index=True)
    rule = fields.Selection(POLICY_RULES, required=True)
    scope = fields.Selection(
        SCOPES,
        compute="_compute_scope",
        store=True,
        help="The law grants a line what it asks, or the shop's policy (which may grant more "
        "than the law), and every check passes; information only decides nothing.",
    )
    passed = fields.Boolean()
    message = fields.Char(required=True, help="Why the rule passed or failed.")
    statutory_rule_id = fields.Many2one(
        "aftersales.return.rule", string="Statutory Rule", ondelete="set null"
    )
    verdict = fields.Selection(VERDICTS, help="What the consumer law grants for the line.")
    legal_basis = fields.Text(related="statutory_rule_id.legal_basis", string="Legal Basis")
    blocking = fields.Boolean(
        compute="_compute_blocking",
        help="A failed rule that makes the return wait for a manager.",
    )

    # ------------------------------------------------------------ computes

    @api.depends("rule")
    def _compute_scope(self):
        for result in self:
            result.scope = RULE_SCOPES.get(result.rule, "check")

    @api.depends("passed", "scope", "return_id.policy_result_ids.passed")
    def _compute_blocking(self):
        granted = self.return_id._policy_granted_lines()
        for result in self:
            if result.passed or result.scope == "info":
                result.blocking = False
            elif result.scope in ("check", "approval"):
                result.blocking = True
            else:
                # the law or the shop's policy granted the line: the other one's refusal
                # does not hold it back
                result.blocking = result.line_id.id not in granted
