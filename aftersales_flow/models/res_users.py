from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    # ------------------------------------------------------------ business

    def _aftersales_tz(self):
        """The user's time zone for the periods and times they read: their own, else their
        company's."""
        user = self[:1] or self.env.user
        return user.tz or user.company_id._aftersales_tz()

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

    @api.model
    def _aftersales_approvers(self, company, team=None, exclude=None):
        """The after-sales managers who may approve a document of ``company``, the one to ask
        first first: the team leader, the company's designated approver, the managers of the
        team, then the other managers of the company. Administrators hold the role by
        default (the group's data gives it to them), so they come last among the others.

        :param team: the case's ``helpdesk.ticket.team``, if any
        :param exclude: users who may not approve (whoever asks for the approval)
        """
        group = self.env.ref("aftersales_flow.group_aftersales_manager")
        exclude = exclude or self.browse()

        def may_approve(users):
            return users.filtered(
                lambda user: (
                    user.active
                    and not user.share
                    and company in user.company_ids
                    and group in user.all_group_ids
                    and user not in exclude
                )
            )

        # read as superuser: an agent asking for approval may not read the other users'
        # groups; what comes back is only who to ask
        team = (team or self.env["helpdesk.ticket.team"]).sudo()
        first = may_approve(team.user_id | company.sudo().aftersales_approver_id)
        members = may_approve(team.user_ids)
        others = may_approve(
            self.sudo().search(
                [
                    ("all_group_ids", "in", group.ids),
                    ("share", "=", False),
                    ("company_ids", "in", company.ids),
                    ("id", "!=", self.env.ref("base.user_root").id),
                ],
                order="id",
            )
        )
        admin_group = self.env.ref("base.group_system")
        others = others.filtered(lambda u: admin_group not in u.all_group_ids) | others
        return (first | members | others).sudo(False)
