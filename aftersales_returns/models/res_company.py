from odoo import fields, models


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
        help="Restocking fee for goods that come back (or are reported) in a resellable "
        "condition.",
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

    # ------------------------------------------------------------ constraints

    _aftersales_return_window_days_positive = models.Constraint(
        "CHECK (aftersales_return_window_days >= 0)",
        "The return window cannot be negative.",
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
