from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    # ------------------------------------------------------------ business

    @api.model
    def _aftersales_role_xmlids(self):
        """External ids of the suite's roles, from the widest to the narrowest."""
        return [
            "aftersales_flow.group_aftersales_manager",
            "aftersales_flow.group_aftersales_user",
        ]

    def _aftersales_roles(self):
        """The After-Sales roles this user holds, as res.groups."""
        self.ensure_one()
        groups = self.env["res.groups"]
        for xmlid in self._aftersales_role_xmlids():
            group = self.env.ref(xmlid, raise_if_not_found=False)
            if group and group in self.all_group_ids:
                groups |= group
        return groups
