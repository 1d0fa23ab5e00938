from odoo import http
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk


class AftersalesHelpdeskPortal(CustomerPortalHelpdesk):
    """The customer's list of cases, labelled by the suite.

    helpdesk_mgmt words its portal sorting, grouping and search options in Python, where
    only its own folder can translate them; the suite words them again, so a customer
    reading Chinese reads them in Chinese."""

    def _ticket_get_searchbar_sortings(self):
        options = super()._ticket_get_searchbar_sortings()
        return self._aftersales_relabel(
            options,
            {
                "date": request.env._("Newest"),
                "name": request.env._("Title"),
                "stage": request.env._("Stage"),
                "update": request.env._("Last Stage Update"),
            },
        )

    def _ticket_get_searchbar_groupby(self):
        options = super()._ticket_get_searchbar_groupby()
        return self._aftersales_relabel(
            options,
            {
                "none": request.env._("None"),
                "category": request.env._("Category"),
                "stage": request.env._("Stage"),
            },
        )

    def _ticket_get_searchbar_inputs(self):
        options = super()._ticket_get_searchbar_inputs()
        return self._aftersales_relabel(
            options,
            {
                "all": request.env._("Search in All"),
                "number": request.env._("Search in Case Number"),
                "name": request.env._("Search in Title"),
            },
        )

    @http.route()
    def portal_my_tickets(self, *args, **kwargs):
        response = super().portal_my_tickets(*args, **kwargs)
        filters = getattr(response, "qcontext", {}).get("searchbar_filters") or {}
        if "all" in filters:
            filters["all"] = dict(filters["all"], label=request.env._("All"))
        return response

    @staticmethod
    def _aftersales_relabel(options, labels):
        return {
            key: dict(option, label=labels[key]) if key in labels else option
            for key, option in options.items()
        }
