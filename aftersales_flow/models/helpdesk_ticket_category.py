from odoo import api, fields, models
from odoo.exceptions import UserError

from .aftersales_workflow_mixin import check_values


class HelpdeskTicketCategory(models.Model):
    _inherit = "helpdesk.ticket.category"

    # ------------------------------------------------------------ fields: intake

    aftersales_handling_hours = fields.Integer(
        string="Expected Handling (hours)",
        help="Customers are told their case is handled within this many hours of "
        "being received. Empty: the parent category's value applies.",
    )

    # ------------------------------------------------------------ constraints

    _aftersales_handling_hours_positive = models.Constraint(
        "CHECK (aftersales_handling_hours IS NULL OR aftersales_handling_hours >= 0)",
        "The expected handling time cannot be negative.",
    )

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_values(self, {k: v for k, v in vals.items() if k.startswith("aftersales_")})
        return super().create(vals_list)

    def write(self, vals):
        check_values(self, {k: v for k, v in vals.items() if k.startswith("aftersales_")})
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used_by_cases(self):
        # Deleting a category deletes its children too (cascade): check the subtree.
        # sudo: cases the user cannot see still use the category.
        used = (
            self.env["helpdesk.ticket"]
            .sudo()
            .with_context(active_test=False)
            .search_count([("category_id", "child_of", self.ids)], limit=1)
        )
        if used:
            raise UserError(
                self.env._(
                    "You cannot delete a category (or its sub-categories) while cases "
                    "use it: archive it instead."
                )
            )

    # ------------------------------------------------------------ business

    @api.private
    def aftersales_effective_handling_hours(self):
        """{category id: hours} from the category or its nearest ancestor with a value."""
        result = {}
        for category in self:
            node = category
            while node and not node.aftersales_handling_hours:
                node = node.parent_id
            result[category.id] = node.aftersales_handling_hours if node else 0
        return result

    # ------------------------------------------------------------ fields: assignment

    aftersales_skilled_user_ids = fields.Many2many(
        "res.users",
        "aftersales_category_skilled_user_rel",
        "category_id",
        "user_id",
        string="Skilled Agents",
        domain="[('share', '=', False)]",
        help="The agents who handle cases of this category (and of its sub-categories) in "
        "the teams assigning by category skills.",
    )
