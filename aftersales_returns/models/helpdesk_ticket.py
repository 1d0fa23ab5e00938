from odoo import api, fields, models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------ fields

    aftersales_return_ids = fields.One2many(
        "aftersales.return", "ticket_id", string="Return Authorizations"
    )
    aftersales_return_count = fields.Integer(compute="_compute_aftersales_return_count")

    # ------------------------------------------------------------ computes

    @api.depends("aftersales_return_ids")
    def _compute_aftersales_return_count(self):
        for ticket in self:
            ticket.aftersales_return_count = len(ticket.aftersales_return_ids)

    # ------------------------------------------------------------ actions

    def action_create_aftersales_return(self):
        """Open a new authorization prefilled from the case."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return Authorization"),
            "res_model": "aftersales.return",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {
                f"default_{key}": value
                for key, value in self._prepare_aftersales_return_vals().items()
            },
        }

    def action_view_aftersales_returns(self):
        self.ensure_one()
        action = self.env["aftersales.return"]._action_view(
            self.aftersales_return_ids, "aftersales_returns.action_aftersales_return"
        )
        action["context"] = {
            f"default_{key}": value
            for key, value in self._prepare_aftersales_return_vals().items()
        }
        return action

    # ------------------------------------------------------------ business

    def _aftersales_merge_repoint(self, duplicates):
        """A merged duplicate's return authorizations belong to the kept case."""
        result = super()._aftersales_merge_repoint(duplicates)
        # sudo: a return of a duplicate may be confidential or another user's; the
        # merging user's right to change both cases was checked by the merge.
        returns = self.env["aftersales.return"].sudo().search([("ticket_id", "in", duplicates.ids)])
        if returns:
            returns.write({"ticket_id": self.id})
        return result

    def _prepare_aftersales_return_vals(self):
        """What the case knows about the return; other addons add the order and products."""
        self.ensure_one()
        return {
            "ticket_id": self.id,
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "description": self.name,
        }
