from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Domain

RULE_KINDS = [
    ("no_reason", "No-Reason Return"),
    ("quality", "Quality Return"),
]
DAY_TYPES = [
    ("calendar", "Calendar Days"),
    ("working", "Working Days"),
]
# What the law grants the customer for a line: stored on the policy result, shown (translated)
# on the return, the portal and the printed authorization.
VERDICTS = [
    ("no_reason", "No-reason return granted"),
    ("no_reason_late", "No-reason period over"),
    ("no_reason_excluded", "Excluded from no-reason returns"),
    ("no_reason_not_intact", "Not intact: no no-reason return"),
    ("quality_return", "Choice of return, exchange or repair"),
    ("quality_exchange", "Exchange or repair"),
    ("quality_repair", "Repair under warranty"),
    ("quality_after_repairs", "Exchange or return after failed repairs"),
    ("quality_expired", "Warranty period over"),
    ("not_signed", "Delivery not signed for"),
]
# Goods the law excludes from no-reason returns (product category or product flag); digital
# goods only once opened. Goods the customer confirmed as non-returnable at purchase are
# flagged on the order line.
EXCLUSIONS = [
    ("custom", "Custom-made"),
    ("perishable", "Fresh or perishable"),
    ("digital", "Digital or audio-visual, once opened"),
    ("periodical", "Newspapers and periodicals"),
]
SHIPPING_PAYERS = [
    ("buyer", "Customer"),
    ("seller", "Shop"),
    ("insurance", "Return-shipping insurance"),
]
# The outcomes each quality verdict leaves to the customer's choice.
QUALITY_CHOICES = {
    "quality_return": ("refund", "exchange", "repair"),
    "quality_exchange": ("exchange", "repair"),
    "quality_repair": ("repair",),
    "quality_after_repairs": ("refund", "exchange", "repair"),
    "quality_expired": (),
}


class AftersalesReturnRule(models.Model):
    """A statutory return rule: what the consumer law grants, with its legal basis.

    Shipped with China's rules (no-reason return of the Consumer Rights Protection Law art. 25,
    quality returns of art. 24 and the 三包 provisions); a company follows the rules of the
    country of its *Consumer Law* setting. The shop's own return policy comes on top: it may
    grant more than the law, never less.
    """

    _name = "aftersales.return.rule"
    _description = "Statutory Return Rule"
    _order = "sequence, id"
    _check_company_auto = True

    # ------------------------------------------------------------ fields

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to apply the rule to every company."
    )
    country_id = fields.Many2one(
        "res.country",
        string="Country",
        help="The law of this country: the rule applies to the companies whose consumer law "
        "is this country's. Empty: every country.",
    )
    kind = fields.Selection(RULE_KINDS, required=True, default="no_reason")
    legal_basis = fields.Text(
        required=True,
        translate=True,
        help="The law the verdict rests on, shown with it on the return, the portal and the "
        "printed authorization.",
    )
    days = fields.Integer(
        string="Days from Signed Receipt",
        default=7,
        help="No-reason return: the period for a return without a reason. Quality return: "
        "the period in which a fault gives the choice of return, exchange or repair. Counted "
        "from the day after the customer signed for the goods.",
    )
    exchange_days = fields.Integer(
        string="Exchange Days",
        default=15,
        help="Quality return: until this many days after the signed receipt, a fault gives "
        "the choice of an exchange or a repair.",
    )
    warranty_months = fields.Integer(
        string="Warranty (months)",
        default=12,
        help="Quality return: the warranty period of products that set none of their own; "
        "within it a fault is repaired.",
    )
    failed_repairs = fields.Integer(
        string="Failed Repairs",
        default=2,
        help="Quality return: after this many repairs of the same unit (lot/serial) within "
        "the warranty, the customer may choose an exchange or a return.",
    )
    intact_required = fields.Boolean(
        string="Goods Intact",
        default=True,
        help="No-reason return: the goods must come back complete and unused (opening the "
        "package to inspect them is allowed).",
    )
    buyer_pays_shipping = fields.Boolean(
        string="Customer Pays Return Shipping",
        default=True,
        help="No-reason return: the customer pays the return shipping, unless the order has "
        "return-shipping insurance or the shop takes it on (settings). Quality returns are "
        "always shipped at the shop's cost.",
    )
    refund_days = fields.Integer(
        string="Refund Within",
        default=7,
        help="The refund is paid within this many days of receiving the returned goods (of "
        "the approval when nothing comes back).",
    )
    refund_day_type = fields.Selection(
        DAY_TYPES,
        string="Counted In",
        default="calendar",
        required=True,
        help="Working days follow the company's working-time calendar and its public holidays.",
    )

    # ------------------------------------------------------------ constraints

    _numbers_positive = models.Constraint(
        "CHECK (days >= 0 AND exchange_days >= 0 AND warranty_months >= 0 "
        "AND failed_repairs >= 0 AND refund_days >= 0)",
        "The periods and counts of a statutory return rule cannot be negative.",
    )

    # ------------------------------------------------------------ business

    @api.model
    @api.private
    def _for_company(self, company):
        """{kind: rule} of the rules ``company`` follows: its own first, then the shared ones
        of the country of its consumer law."""
        country = company.aftersales_return_law_country_id
        domain = Domain("company_id", "in", [False, company.id]) & Domain(
            "country_id", "in", [False, *country.ids]
        )
        rules = {}
        # a company's own rule before a shared one, then by sequence
        for rule in self.search(domain).sorted(lambda r: (not r.company_id, r.sequence, r.id)):
            rules.setdefault(rule.kind, rule)
        return rules

    def _no_reason_verdict(self, days, exclusion, intact):
        """(verdict, passed) of a no-reason return ``days`` after the signed receipt."""
        self.ensure_one()
        if exclusion:
            return "no_reason_excluded", False
        if days > self.days:
            return "no_reason_late", False
        if self.intact_required and not intact:
            return "no_reason_not_intact", False
        return "no_reason", True

    def _quality_verdict(self, signed_on, today, warranty_months, repairs):
        """The quality verdict of a fault reported on ``today`` for goods signed for on
        ``signed_on``, after ``repairs`` repairs of the same unit."""
        self.ensure_one()
        days = (today - signed_on).days
        warranty_end = signed_on + relativedelta(months=warranty_months or self.warranty_months)
        if days <= self.days:
            return "quality_return"
        in_warranty = today <= warranty_end
        if in_warranty and self.failed_repairs and repairs >= self.failed_repairs:
            return "quality_after_repairs"
        if days <= self.exchange_days:
            return "quality_exchange"
        if in_warranty:
            return "quality_repair"
        return "quality_expired"

    @api.private
    def _last_day(self, signed_on, days):
        """The last day of a period of ``days`` counted from the day after ``signed_on``."""
        return signed_on + timedelta(days=days)
