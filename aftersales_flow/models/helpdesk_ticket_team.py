from odoo import fields, models


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    # ------------------------------------------------------------ fields: service levels

    aftersales_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        help="Service level targets of this team's cases are counted in these "
        "working hours; by default the company's.",
    )
