from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController


class AftersalesHelpdeskTicketController(HelpdeskTicketController):
    @http.route("/ticket/close", type="http", auth="user")
    def support_ticket_close(self, **kw):
        """Close a ticket from the portal: only one the visitor may see, into a stage
        that allows closing from the portal (the base route checks only the stage)."""
        try:
            ticket = request.env["helpdesk.ticket"].browse(int(kw.get("ticket_id")))
            stage = request.env["helpdesk.ticket.stage"].browse(int(kw.get("stage_id")))
            ticket.check_access("read")
            stage.check_access("read")
        except (AccessError, MissingError, TypeError, ValueError):
            return request.redirect("/my")
        if stage.close_from_portal:
            ticket._aftersales_portal_close(stage)
        return request.redirect(f"/my/ticket/{ticket.id}")
