from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from .aftersales_return_line import GRADES

# The company field holding the barcode of each condition grade, scanned at the receipt.
GRADE_BARCODE_FIELDS = {code: f"aftersales_grade_barcode_{code}" for code, _label in GRADES}


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------ fields: returns

    aftersales_return_window_days = fields.Integer(
        string="Return Window (days)",
        default=30,
        help="Goods may be returned within this many days of their delivery.",
    )
    aftersales_return_auto_approve_amount = fields.Float(
        string="Auto-Approve Up To",
        default=100.0,
        help="Return authorizations inside the policy whose value does not exceed this "
        "amount are approved automatically; the others wait for a manager.",
    )
    aftersales_restocking_fee_percent = fields.Float(
        string="Default Restocking Fee (%)",
        default=0.0,
        help="Deducted from refunds when neither the return reason nor the product "
        "category policy sets a fee.",
    )
    aftersales_condition_fee_resellable = fields.Float(
        string="Fee for Resellable Goods (%)",
        default=0.0,
        help="Restocking fee for goods that come back (or are reported) in a resellable condition.",
    )
    aftersales_condition_fee_damaged = fields.Float(
        string="Fee for Damaged Goods (%)",
        default=25.0,
        help="Restocking fee for goods graded damaged at inspection (or reported used or "
        "damaged before it).",
    )
    aftersales_condition_fee_defective = fields.Float(
        string="Fee for Defective Goods (%)",
        default=0.0,
        help="Restocking fee for goods graded defective: usually none, the fault is not the "
        "customer's.",
    )
    aftersales_condition_fee_missing_parts = fields.Float(
        string="Fee for Missing Parts (%)",
        default=15.0,
        help="Restocking fee for goods that come back with parts or accessories missing.",
    )
    aftersales_return_accept_used = fields.Boolean(
        string="Accept Used Goods",
        help="Accept used or damaged goods back even when the customer is responsible "
        "for the return (change of mind, wrong size ordered...).",
    )
    aftersales_return_instructions = fields.Text(
        string="Return Instructions",
        translate=True,
        default="Pack the goods in their original packaging if you still have it, "
        "print this authorization and put it in the parcel, and stick the barcode "
        "on the outside of the parcel.",
        help="Told to the customer on approval and printed on the authorization.",
    )

    aftersales_return_law_country_id = fields.Many2one(
        "res.country",
        string="Consumer Law",
        default=lambda self: self.env.ref("base.cn", raise_if_not_found=False),
        help="The country whose statutory return rules (no-reason and quality returns) the "
        "company's returns follow. China's are installed; empty applies only the rules "
        "shared by every country.",
    )
    aftersales_return_shop_pays_shipping = fields.Boolean(
        string="Shop Pays No-Reason Return Shipping",
        help="The shop pays the return shipping of no-reason returns too (the law lets the "
        "customer pay it unless agreed otherwise). Quality returns are always shipped at the "
        "shop's cost.",
    )

    aftersales_refund_only_max_value = fields.Float(
        string="Refund Only Up To",
        default=50.0,
        help="A refund without the goods coming back (refund only) is inside the policy for "
        "a parcel never signed for (lost), or for goods worth up to this amount.",
    )
    aftersales_reship_days = fields.Integer(
        string="Missing Goods Reported Within (days)",
        default=7,
        help="Goods missing from a parcel are reshipped inside the policy when reported "
        "within this many days of the signed receipt.",
    )
    aftersales_price_protection_days = fields.Integer(
        string="Price Protection (days)",
        default=30,
        help="A price difference is refunded inside the policy within this many days of "
        "the signed receipt.",
    )

    aftersales_return_handle_hours = fields.Integer(
        string="Handle Requests Within (hours)",
        default=48,
        help="A request waiting for a manager is handled within this many hours of its "
        "submission, else it is escalated (or approved automatically). 0: no deadline.",
    )
    aftersales_return_handle_auto_approve = fields.Boolean(
        string="Approve Automatically When Missed",
        help="A request not handled in time is approved automatically, as the e-commerce "
        "platforms do, instead of being escalated to a manager.",
    )
    aftersales_return_receipt_days = fields.Integer(
        string="Confirm Receipt Within (days)",
        default=10,
        help="The receipt of the goods of an approved return is confirmed within this many "
        "days of the approval, else it is escalated. 0: no deadline.",
    )
    aftersales_abuse_return_rate = fields.Float(
        string="High-Risk Return Rate (%)",
        default=60.0,
        help="A customer who returned goods on this share of their confirmed orders or more "
        "(from the minimum number of orders on) is a high return risk: their requests go to a "
        "manager. 0 disables the criterion.",
    )
    aftersales_abuse_min_orders = fields.Integer(
        string="Return Rate From (orders)",
        default=5,
        help="The return rate counts from this many confirmed orders of the customer.",
    )
    aftersales_abuse_refund_only_count = fields.Integer(
        string="High-Risk Refunds Only",
        default=3,
        help="A customer with this many refund-only requests (this one included) or more is "
        "a high return risk. 0 disables the criterion.",
    )
    aftersales_abuse_serial_mismatch_count = fields.Integer(
        string="High-Risk Serial Mismatches",
        default=1,
        help="A customer who sent back this many units whose serial or lot was not the one "
        "sold (scanned at the receipt) or more is a high return risk. 0 disables the "
        "criterion.",
    )

    aftersales_grade_barcode_resellable = fields.Char(
        string="Resellable Grade Barcode",
        default="ASGRADE-RESELLABLE",
        help="Scanned after a product on the Receive Returns screen, grades it Resellable.",
    )
    aftersales_grade_barcode_damaged = fields.Char(
        string="Damaged Grade Barcode",
        default="ASGRADE-DAMAGED",
        help="Scanned after a product on the Receive Returns screen, grades it Damaged.",
    )
    aftersales_grade_barcode_defective = fields.Char(
        string="Defective Grade Barcode",
        default="ASGRADE-DEFECTIVE",
        help="Scanned after a product on the Receive Returns screen, grades it Defective.",
    )
    aftersales_grade_barcode_missing_parts = fields.Char(
        string="Missing Parts Grade Barcode",
        default="ASGRADE-MISSING_PARTS",
        help="Scanned after a product on the Receive Returns screen, grades it Missing Parts.",
    )

    # ------------------------------------------------------------ constraints

    _aftersales_return_window_days_positive = models.Constraint(
        "CHECK (aftersales_return_window_days >= 0)",
        "The return window cannot be negative.",
    )
    _aftersales_return_type_limits_positive = models.Constraint(
        "CHECK (aftersales_refund_only_max_value >= 0 AND aftersales_reship_days >= 0 "
        "AND aftersales_price_protection_days >= 0)",
        "The limits of refunds only, reshipments and price differences cannot be negative.",
    )
    _aftersales_abuse_limits_positive = models.Constraint(
        "CHECK (aftersales_abuse_return_rate >= 0 AND aftersales_abuse_min_orders >= 0 "
        "AND aftersales_abuse_refund_only_count >= 0 "
        "AND aftersales_abuse_serial_mismatch_count >= 0)",
        "The thresholds of the return-abuse signal cannot be negative.",
    )
    _aftersales_return_deadlines_positive = models.Constraint(
        "CHECK (aftersales_return_handle_hours >= 0 AND aftersales_return_receipt_days >= 0)",
        "The deadlines of returns cannot be negative.",
    )
    _aftersales_restocking_fee_percent_range = models.Constraint(
        "CHECK (aftersales_restocking_fee_percent >= 0 "
        "AND aftersales_restocking_fee_percent <= 100)",
        "The restocking fee is a percentage between 0 and 100.",
    )
    _aftersales_condition_fees_range = models.Constraint(
        "CHECK (aftersales_condition_fee_resellable BETWEEN 0 AND 100 "
        "AND aftersales_condition_fee_damaged BETWEEN 0 AND 100 "
        "AND aftersales_condition_fee_defective BETWEEN 0 AND 100 "
        "AND aftersales_condition_fee_missing_parts BETWEEN 0 AND 100)",
        "A condition restocking fee is a percentage between 0 and 100.",
    )

    @api.constrains(*GRADE_BARCODE_FIELDS.values())
    def _check_aftersales_grade_barcodes(self):
        # sudo and archived too: a clash with any product barcode makes scans ambiguous,
        # whether or not the settings user may read that product
        products = self.env["product.product"].sudo().with_context(active_test=False)
        for company in self:
            codes = [code for code in company._aftersales_grade_barcodes().values() if code]
            for code in codes:
                if codes.count(code) > 1:
                    raise ValidationError(
                        self.env._(
                            "The grade barcode %(code)s is given to two condition grades: each "
                            "grade needs its own barcode.",
                            code=code,
                        )
                    )
            # sudo: a product the settings user cannot read still gets scanned by inspectors
            clash = codes and products.search(
                [("barcode", "in", codes), ("company_id", "in", [False, company.id])], limit=1
            )
            if clash:
                raise ValidationError(
                    self.env._(
                        "The grade barcode %(code)s is the barcode of the product %(product)s: a "
                        "scan could not tell them apart. Choose another grade barcode.",
                        code=clash.barcode,
                        product=clash.display_name,
                    )
                )

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env.registry.clear_cache()
        return companies

    def write(self, vals):
        res = super().write(vals)
        if any(field in vals for field in GRADE_BARCODE_FIELDS.values()):
            # the scan handler reads the grade barcodes from a cache
            self.env.registry.clear_cache()
        return res

    # ------------------------------------------------------------ business: grade barcodes

    def _aftersales_grade_barcodes(self):
        """{grade: barcode} of this company, blanks around the barcodes removed."""
        self.ensure_one()
        return {grade: (self[field] or "").strip() for grade, field in GRADE_BARCODE_FIELDS.items()}

    @api.model
    @tools.ormcache()
    def _aftersales_grade_barcode_map(self):
        """{barcode: {company id: grade}} of all companies, cached: a product scan reads no
        company to tell whether it scanned a grade barcode."""
        barcode_map = {}
        # sudo: inspectors may scan for a company that is not their current one
        companies = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch([], list(GRADE_BARCODE_FIELDS.values()))
        )
        for company in companies:
            for grade, code in company._aftersales_grade_barcodes().items():
                if code:
                    barcode_map.setdefault(code, {})[company.id] = grade
        return barcode_map

    def _aftersales_grade_barcode_rows(self):
        """(grade label, barcode) of this company's grades, in the grade order, for the sheet."""
        self.ensure_one()
        labels = dict(
            self.env["aftersales.return.line"]
            ._fields["condition_grade"]
            ._description_selection(self.env)
        )
        return [
            (labels[grade], code)
            for grade, code in self._aftersales_grade_barcodes().items()
            if code
        ]

    def _aftersales_grade_barcode_sheet_action(self):
        """Print action of the grade barcode sheet of these companies."""
        # the sheet has no letterhead: no document layout to configure first
        return self.env.ref(
            "aftersales_returns.action_report_aftersales_grade_barcodes"
        ).report_action(self, config=False)
