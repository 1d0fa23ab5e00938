from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk


class AftersalesMergePortal(CustomerPortalHelpdesk):
    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        values = super()._ticket_get_page_view_values(ticket, access_token, **kwargs)
        # the end of the chain: a case merged into one that was merged later
        kept = ticket._aftersales_merge_final() if ticket.duplicate_id else ticket.browse()
        values["aftersales_merged"] = bool(kept)
        # The kept case is linked only when the visitor may read it with their own
        # rights: the page itself was opened as superuser after the access check.
        visible = kept.with_user(request.env.user)
        values["aftersales_merged_into"] = visible if kept and visible.has_access("read") else False
        return values
