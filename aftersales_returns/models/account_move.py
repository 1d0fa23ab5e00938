from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    # ------------------------------------------------------------ fields

    aftersales_return_id = fields.Many2one(
        "aftersales.return",
        string="Return Authorization",
        index="btree_not_null",
        copy=False,
        readonly=True,
        check_company=True,
    )

    # ------------------------------------------------------------ actions

    def action_view_aftersales_return(self):
        self.ensure_one()
        return self.aftersales_return_id._action_view(
            self.aftersales_return_id, "aftersales_returns.action_aftersales_return"
        )
