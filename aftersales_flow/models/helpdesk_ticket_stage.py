from odoo import fields, models


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    # ------------------------------------------------------------ fields: conversation

    aftersales_waiting = fields.Boolean(
        string="Waiting for Customer",
        help="Cases in this stage wait for the customer: their reply moves the case back to "
        "In Progress, and without one they are reminded, then closed automatically (see "
        "the settings).",
    )
