import werkzeug

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController


class AftersalesTicketCloseController(HelpdeskTicketController):
    """Closing a ticket from the portal, for those who may see it only.

    The base route looks the ticket up as superuser by id, so any logged-in user
    could close anyone's ticket. Here the ticket is read with the user's own
    rights first; only then is the stage change written.
    """

    @http.route()
    def support_ticket_close(self, **kw):
        try:
            ticket_id = int(kw.get("ticket_id") or 0)
            stage_id = int(kw.get("stage_id") or 0)
        except ValueError:
            return request.not_found()
        ticket = request.env["helpdesk.ticket"].browse(ticket_id).exists()
        try:
            ticket.check_access("read")
        except AccessError:
            ticket = ticket.browse()
        if not ticket:
            return request.redirect("/my")
        stage = request.env["helpdesk.ticket.stage"].browse(stage_id).exists()
        if stage:
            # a stage not meant for the portal, or of another team, changes nothing
            ticket._aftersales_close_from_portal(stage)
        return werkzeug.utils.redirect(f"/my/ticket/{ticket.id}")
