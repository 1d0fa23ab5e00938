import werkzeug

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController

# Record ids are PostgreSQL integers: a larger number in a form finds nothing.
MAX_ID = 2**31 - 1
# What a customer's request may hold on the portal: a title, and a text of a few pages.
MAX_SUBJECT_LENGTH = 255
MAX_DESCRIPTION_LENGTH = 20000


class AftersalesHelpdeskTicketController(HelpdeskTicketController):
    """The portal routes of helpdesk_mgmt, made safe for the suite.

    Closing a ticket: the base route looks the ticket up as superuser by id, so any
    logged-in user could close anyone's ticket; and it acts on a GET, which carries no
    CSRF token: a link or an image on another site closed the visitor's ticket. Here
    only a POST (whose CSRF token Odoo checks before the route runs) acts, and the
    ticket is read with the user's own rights first; only then is the stage change
    written.

    Submitting a request: the base route creates the case as superuser from whatever
    the form sent; here malformed input is answered with the form and a message.
    """

    @http.route(methods=["POST"])
    def support_ticket_close(self, **kw):
        ticket_id = self._aftersales_form_id(kw.get("ticket_id"))
        stage_id = self._aftersales_form_id(kw.get("stage_id"))
        ticket = request.env["helpdesk.ticket"].browse(ticket_id or []).exists()
        try:
            ticket.check_access("read")
        except AccessError:
            ticket = ticket.browse()
        if not ticket:
            return request.redirect("/my")
        stage = request.env["helpdesk.ticket.stage"].browse(stage_id or []).exists()
        if stage:
            # a stage not meant for the portal, or of another team, changes nothing
            ticket._aftersales_close_from_portal(stage)
        return werkzeug.utils.redirect(f"/my/ticket/{ticket.id}")

    @http.route()
    def submit_ticket(self, **kw):
        error = self._aftersales_submit_error(kw)
        if error:
            values = self._get_create_new_ticket_values(**kw)
            values["aftersales_error"] = error
            return request.render("helpdesk_mgmt.portal_create_ticket", values, status=400)
        return super().submit_ticket(**kw)

    # ------------------------------------------------------------ helpers

    @staticmethod
    def _aftersales_form_id(value):
        """The record id a form sent, or None when it is not one."""
        try:
            number = int(value)
        except (TypeError, ValueError):
            return None
        return number if 0 < number <= MAX_ID else None

    def _aftersales_submit_error(self, kw):
        """Why the request submitted on the portal can't be recorded, or None."""
        env = request.env
        texts = {
            "subject": (kw.get("subject"), MAX_SUBJECT_LENGTH),
            "description": (kw.get("description"), MAX_DESCRIPTION_LENGTH),
        }
        for value, limit in texts.values():
            if not isinstance(value, str) or not value.strip():
                return env._("Give your request a subject and describe it.")
            if "\x00" in value:
                return env._("Your request contains characters that can't be recorded.")
            if len(value) > limit:
                return env._(
                    "Please keep the subject under %(subject)s characters and the "
                    "description under %(description)s.",
                    subject=MAX_SUBJECT_LENGTH,
                    description=MAX_DESCRIPTION_LENGTH,
                )
        # the options of the user's company, as the base form reads them
        company = env.user.company_id
        choices = (
            (
                "category",
                company.helpdesk_mgmt_portal_select_category,
                company.helpdesk_mgmt_portal_category_id_required,
            ),
            (
                "team",
                company.helpdesk_mgmt_portal_select_team,
                company.helpdesk_mgmt_portal_team_id_required,
            ),
        )
        for name, offered_on_form, required in choices:
            value = kw.get(name)
            if not value:
                if offered_on_form and required:
                    return env._("Choose the category and the team of your request.")
                continue
            if name == "team" and not offered_on_form:
                continue  # the base form ignores a team it does not offer
            record_id = self._aftersales_form_id(value)
            if name == "category":
                # the categories shown on the portal (the base route takes one even when
                # the form does not offer the choice)
                offered = env["helpdesk.ticket.category"].search(
                    [("active", "=", True), ("show_in_portal", "=", True)]
                )
            else:
                offered = self._get_teams() or env["helpdesk.ticket.team"]
            if record_id is None or record_id not in offered.ids:
                return env._("Choose the category and the team among those offered.")
        return None
