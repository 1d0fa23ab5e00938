from odoo import fields, models


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    # ------------------------------------------------------------ fields: working hours

    aftersales_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        help="The working hours this team's cases count in (deadlines, service levels, "
        "response and resolution times); by default the company's.",
    )

    # ------------------------------------------------------------ fields: conversation

    aftersales_reply_sets_waiting = fields.Boolean(
        string="Agent Replies Wait for the Customer",
        help="A public reply of an agent on an open case of this team moves it to the "
        "waiting-for-customer stage (its service level clocks stop until the customer "
        "answers).",
    )
