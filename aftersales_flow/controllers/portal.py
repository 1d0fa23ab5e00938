from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

PLAN_MODEL = "aftersales.resolution.plan"


class AftersalesPlanPortal(CustomerPortal):
    def _aftersales_plan_or_none(self, plan_id, access_token):
        """The plan, sudo, once the visitor proved access: rights, the emailed token, or, for
        a logged-in customer, the right to see its case (once proposed to them); else None."""
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

    @http.route(
        "/aftersales/plan/<int:plan_id>", type="http", auth="public", methods=["GET"], website=True
    )
    def aftersales_plan_page(self, plan_id, access_token=None, message=None, error=None):
        plan_sudo = self._aftersales_plan_or_none(plan_id, access_token)
        if plan_sudo is None:
            return request.redirect("/my")
        values = {
            "plan": plan_sudo,
            "access_token": access_token or "",
            "message": message,
            "error": error,
        }
        return request.render("aftersales_flow.portal_resolution_plan", values)

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
        params = {"access_token": access_token or ""}
        try:
            with request.env.cr.savepoint():
                plan_sudo._portal_respond(
                    response, reason=reason, counter_proposal=counter_proposal
                )
            params["message"] = "answered"
        except UserError as exc:
            params["error"] = exc.args[0]
        return request.redirect(f"/aftersales/plan/{plan_id}?{url_encode(params)}")
