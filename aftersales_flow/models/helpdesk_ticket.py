from odoo import fields, models

CASE_KINDS = [
    ("inquiry", "Inquiry"),
    ("complaint", "Complaint"),
    ("return", "Return/Exchange Request"),
    ("repair", "Repair Request"),
    ("refund", "Refund Request"),
    ("logistics", "Logistics Inquiry"),
    ("suggestion", "Suggestion"),
    ("praise", "Praise"),
]


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------ fields: intake

    case_kind = fields.Selection(
        CASE_KINDS,
        string="Kind",
        tracking=True,
        index=True,
        help="What the customer comes for: drives routing, SLA and reporting.",
    )
