from odoo import api, fields, models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------ fields

    quality_claim_ids = fields.One2many(
        "aftersales.carrier.claim", "ticket_id", string="Carrier Claims", readonly=True
    )
    quality_carrier_id = fields.Many2one(
        "res.partner",
        string="Carrier",
        compute="_compute_quality_carrier_id",
        store=True,
        index="btree_not_null",
        help="The carrier of the case's first carrier claim (any state): the carrier the "
        "problem identification counts the case for, as the Case Analysis groups it.",
    )

    # ------------------------------------------------------------ computes

    @api.depends("quality_claim_ids.carrier_id")
    def _compute_quality_carrier_id(self):
        # Stored on the case so the problem identification analyses carriers with
        # the same per-case column query as categories and products.
        for ticket in self:
            claims = ticket.quality_claim_ids.sorted(lambda claim: claim._origin.id)
            ticket.quality_carrier_id = claims[:1].carrier_id

    # ------------------------------------------------------------ business

    @api.model
    def _aftersales_workflow_field_names(self):
        # the claims are made on their own form, not through this read-only list (the
        # carrier, computed from them, is guarded by itself)
        return super()._aftersales_workflow_field_names() | {"quality_claim_ids"}
