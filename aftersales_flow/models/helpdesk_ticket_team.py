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
