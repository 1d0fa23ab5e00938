from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

PLAN_MODEL = "aftersales.resolution.plan"
# Record ids are PostgreSQL integers: a larger number in a URL finds nothing.
MAX_ID = 2**31 - 1


class AftersalesPlanPortal(CustomerPortal):
    def _aftersales_plan_or_none(self, plan_id, access_token):
        """The plan, sudo, once the visitor proved access: rights, the emailed token, or, for
        a logged-in customer, the right to see its case (once proposed to them); else None."""
        if not 0 < plan_id <= MAX_ID or not isinstance(access_token, str | None):
            return None
        try:
            return self._document_check_access(PLAN_MODEL, plan_id, access_token=access_token)
        except (AccessError, MissingError):
            if request.env.user._is_public() or access_token:
                return None
        plan = request.env[PLAN_MODEL].browse(plan_id)
        if not plan._portal_visible_to(request.env.user):
            return None
        # sudo: the customer has no read right on plans; _portal_visible_to just
        # checked this one is proposed on a case of theirs
        return plan.sudo()

    def _aftersales_plan_page(self, plan_sudo, access_token, message=None, error=None):
        values = {
            "plan": plan_sudo,
            "access_token": access_token or "",
            "message": message,
            "error": error,
        }
        # an answer refused is a bad request, shown with its reason on the page
        status = 400 if error else 200
        return request.render("aftersales_flow.portal_resolution_plan", values, status=status)

    @http.route(
        "/aftersales/plan/<int:plan_id>", type="http", auth="public", methods=["GET"], website=True
    )
    def aftersales_plan_page(self, plan_id, access_token=None, message=None, **kwargs):
        plan_sudo = self._aftersales_plan_or_none(plan_id, access_token)
        if plan_sudo is None:
            return request.redirect("/my")
        # only the known notice is shown: no text of the URL is put on the page
        return self._aftersales_plan_page(
            plan_sudo, access_token, message="answered" if message == "answered" else None
        )

    @http.route(
        "/aftersales/plan/<int:plan_id>/respond",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def aftersales_plan_respond(
        self,
        plan_id,
        access_token=None,
        response=None,
        reason=None,
        counter_proposal=None,
        **kwargs,
    ):
        plan_sudo = self._aftersales_plan_or_none(plan_id, access_token)
        if plan_sudo is None:
            return request.redirect("/my")
        # the model's messages speak to the agent ("the customer"): ask the customer directly
        if (
            plan_sudo.state == "proposed"
            and isinstance(reason, str | None)
            and isinstance(counter_proposal, str | None)
        ):
            if response == "rejected" and not (reason or "").strip():
                return self._aftersales_plan_page(
                    plan_sudo,
                    access_token,
                    error=request.env._("Please tell us why you reject our proposal."),
                )
            if response == "countered" and not (counter_proposal or "").strip():
                return self._aftersales_plan_page(
                    plan_sudo,
                    access_token,
                    error=request.env._("Please tell us what you would like instead."),
                )
        try:
            # all or nothing: a refused answer leaves neither a response nor a new state
            with request.env.cr.savepoint():
                plan_sudo._portal_respond(
                    response, reason=reason, counter_proposal=counter_proposal
                )
        except (UserError, ValidationError) as exc:
            return self._aftersales_plan_page(plan_sudo, access_token, error=exc.args[0])
        params = {"access_token": access_token or "", "message": "answered"}
        return request.redirect(f"/aftersales/plan/{plan_id}?{url_encode(params)}")
