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

    # ------------------------------------------------------------ fields: assignment

    aftersales_assign_method = fields.Selection(
        [
            ("manual", "Manual"),
            ("round_robin", "Round Robin"),
            ("balanced", "Balanced by Open Cases"),
            ("skills", "By Category Skills"),
        ],
        string="Automatic Assignment",
        default="manual",
        required=True,
        help="Who gets the team's new cases: Round Robin gives them to the members in turn; "
        "Balanced gives each to the member with the fewest open cases; By Category Skills "
        "gives it to the least busy member skilled in the case's category. Members on leave "
        "or outside their working hours are skipped; a case nobody can take now is assigned "
        "when someone starts work.",
    )

    # ------------------------------------------------------------ business: dashboard

    def _retrieve_dashboard(self):
        # helpdesk's counter titles cannot be translated outside its folder: the suite's words
        titles = {
            "helpdesk_mgmt.helpdesk_ticket_action_unassigned": self.env._(
                "Open cases without a team"
            ),
            "helpdesk_mgmt.helpdesk_ticket_action_opened": self.env._("Open cases"),
        }
        counters = super()._retrieve_dashboard()
        for counter in counters:
            counter["name"] = titles.get(counter.get("action"), counter["name"])
        return counters

    # ------------------------------------------------------------ fields: conversation

    aftersales_reply_sets_waiting = fields.Boolean(
        string="Agent Replies Wait for the Customer",
        help="A public reply of an agent on an open case of this team moves it to the "
        "waiting-for-customer stage (its service level clocks stop until the customer "
        "answers).",
    )
