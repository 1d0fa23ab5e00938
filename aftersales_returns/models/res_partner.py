from odoo import api, models

# What a partner record tells of how to reach the person: hidden from return inspectors.
CONTACT_FIELDS = frozenset(
    {
        "email",
        "email_normalized",
        "email_formatted",
        "phone",
        "phone_sanitized",
        "street",
        "street2",
        "zip",
        "city",
        "state_id",
        "contact_address",
        "contact_address_complete",
    }
)
# Groups whose work needs the contact data of customers: a user holding one of them reads
# them even when they inspect returns too (after-sales managers imply the inspector group).
CONTACT_READER_GROUPS = (
    "aftersales_flow.group_aftersales_user",
    "sales_team.group_sale_salesman",
    "account.group_account_invoice",
    "account.group_account_readonly",
    "stock.group_stock_manager",
    "purchase.group_purchase_user",
    "base.group_partner_manager",
    "base.group_erp_manager",
    "base.group_system",
)


# The contact views a user who is internal only to inspect returns gets instead of Odoo's:
# every view of contacts names their email, phone or address somewhere.
INSPECTOR_VIEWS = {
    "form": "aftersales_returns.res_partner_view_form_inspector",
    "list": "aftersales_returns.res_partner_view_list_inspector",
    "kanban": "aftersales_returns.res_partner_view_kanban_inspector",
    "search": "aftersales_returns.res_partner_view_search_inspector",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------ access

    @api.model
    def _has_field_access(self, field, operation):
        if field.name in CONTACT_FIELDS and not self.env.su and self._aftersales_contact_hidden():
            return False
        return super()._has_field_access(field, operation)

    @api.model
    @api.private
    def _aftersales_contact_hidden(self):
        """Whether the user is internal only to inspect returns: no customer contact data.

        A return inspector receives goods; the name of the customer on the parcel is all the
        work needs. Any other role that reads customers (after-sales agents and managers,
        sales, invoicing, inventory managers, contact managers, administrators) keeps reading
        them.
        """
        user = self.env.user
        if user.share or not user._has_group("aftersales_returns.group_return_inspector"):
            return False
        for xmlid in CONTACT_READER_GROUPS:
            group = self.env.ref(xmlid, raise_if_not_found=False)
            if group and user._has_group(xmlid):
                return False
        return True

    # ------------------------------------------------------------ views

    @api.model
    def _get_view_cache_key(self, view_id=None, view_type="form", **options):
        key = super()._get_view_cache_key(view_id, view_type, **options)
        return (*key, self._aftersales_contact_hidden())

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        if view_type in INSPECTOR_VIEWS and self._aftersales_contact_hidden():
            # Odoo's contact views read the contact fields the inspector may not read: a
            # customer opened from a receipt would be an access error instead of a name
            view = self.env.ref(INSPECTOR_VIEWS[view_type], raise_if_not_found=False)
            if view:
                view_id = view.id
        return super()._get_view(view_id, view_type, **options)

    # ------------------------------------------------------------ computes

    def _compute_display_name(self):
        context = self.env.context
        if (context.get("show_address") or context.get("show_email")) and (
            not self.env.su and self._aftersales_contact_hidden()
        ):
            # the name alone: the address and the email are contact data
            for partner in self:
                partner.display_name = partner.with_context(lang=self.env.lang)._get_complete_name()
            return
        super()._compute_display_name()

    # ------------------------------------------------------------ mail

    def _to_store_defaults(self, target):
        fields = super()._to_store_defaults(target)
        if not self.env.su and self._aftersales_contact_hidden():
            fields = [field for field in fields if field != "email"]
        return fields
