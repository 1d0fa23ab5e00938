from odoo import api, fields, models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------ fields

    aftersales_quality_claim_ids = fields.One2many(
        "aftersales.carrier.claim", "ticket_id", string="Carrier Claims", readonly=True
    )
    aftersales_quality_carrier_id = fields.Many2one(
        "res.partner",
        string="Carrier",
        compute="_compute_quality_carrier_id",
        store=True,
        index="btree_not_null",
        help="The carrier of the case's first carrier claim (any state): the carrier the "
        "problem identification counts the case for, as the Case Analysis groups it.",
    )

    # ------------------------------------------------------------ computes

    @api.depends("aftersales_quality_claim_ids.carrier_id")
    def _compute_quality_carrier_id(self):
        # Stored on the case so the problem identification analyses carriers with
        # the same per-case column query as categories and products.
        for ticket in self:
            claims = ticket.aftersales_quality_claim_ids.sorted(lambda claim: claim._origin.id)
            ticket.aftersales_quality_carrier_id = claims[:1].carrier_id

    @api.depends(
        "aftersales_return_ids.credit_note_ids.state",
        "aftersales_return_ids.credit_note_ids.amount_untaxed_signed",
        "aftersales_return_ids.picking_ids.move_ids.state",
        "aftersales_return_ids.picking_ids.move_ids.value",
        "aftersales_return_ids.scrap_ids.state",
        "aftersales_return_ids.return_shipping_cost",
        "aftersales_return_ids.redelivery_shipping_cost",
        "aftersales_quality_claim_ids.state",
        "aftersales_quality_claim_ids.amount_settled",
        "aftersales_supplier_recovery_ids.state",
        "aftersales_supplier_recovery_ids.amount_received",
    )
    def _compute_cost(self):
        # the returns' documents, claims and recoveries (see _aftersales_cost_components)
        return super()._compute_cost()

    # ------------------------------------------------------------ business

    @api.model
    @api.private
    def _aftersales_cost_remedy_components(self):
        # refunds, replacements and re-deliveries are counted from the return's credit
        # notes and deliveries: their remedies would count them a second time
        kinds = super()._aftersales_cost_remedy_components()
        for remedy_type in ("refund", "exchange", "parts", "redelivery"):
            kinds.pop(remedy_type, None)
        return kinds

    @api.private
    def _aftersales_cost_components(self):
        """Add what the case's returns cost and what was recovered, all in the company's
        currency and read set-based (as superuser: the cost is a stored figure of the
        case, and neither the agent nor the quality manager reads invoices or stock):

        - refunds: the posted customer credit notes of its returns, without taxes (the
          tax is not the company's cost);
        - replacement goods: the done deliveries to the customer of its returns, at
          their stock valuation (the product's cost when the move was done; the current
          cost for a move the stock does not value);
        - scrapped value: the done scraps of its returns, valued the same way;
        - shipping: the return and re-delivery shipping costs entered on its returns;
        - recovered: its paid carrier claims (settled amount) and paid-back supplier
          recoveries (received amount).
        """
        result = super()._aftersales_cost_components()
        tickets = self.filtered("id")
        if not tickets:
            return result

        def add(ticket_id, name, amount):
            values = result.setdefault(ticket_id, {})
            values[name] = values.get(name, 0.0) + amount

        returns = self.env["aftersales.return"].sudo().search([("ticket_id", "in", tickets.ids)])
        for ra in returns:
            add(
                ra.ticket_id.id,
                "aftersales_cost_shipping",
                ra.return_shipping_cost + ra.redelivery_shipping_cost,
            )
        ticket_of = {ra.id: ra.ticket_id.id for ra in returns}
        if returns:
            for ra, amount in (
                self.env["account.move"]
                .sudo()
                ._read_group(
                    [
                        ("aftersales_return_id", "in", returns.ids),
                        ("move_type", "=", "out_refund"),
                        ("state", "=", "posted"),
                    ],
                    ["aftersales_return_id"],
                    ["amount_untaxed_signed:sum"],
                )
            ):
                add(ticket_of[ra.id], "aftersales_cost_refund", -amount)
            moves = (
                self.env["stock.move"]
                .sudo()
                .search(
                    [
                        ("picking_id.aftersales_return_id", "in", returns.ids),
                        ("state", "=", "done"),
                        ("location_dest_id.usage", "=", "customer"),
                    ]
                )
            )
            for move in moves:
                add(
                    ticket_of[move.picking_id.aftersales_return_id.id],
                    "aftersales_cost_goods",
                    self._aftersales_cost_of_move(move),
                )
            scraps = (
                self.env["stock.scrap"]
                .sudo()
                .search(
                    [
                        ("aftersales_return_id", "in", returns.ids),
                        ("state", "=", "done"),
                    ]
                )
            )
            for scrap in scraps:
                add(
                    ticket_of[scrap.aftersales_return_id.id],
                    "aftersales_cost_scrap",
                    sum(self._aftersales_cost_of_move(move) for move in scrap.move_ids),
                )
        for ticket, amount in (
            self.env["aftersales.carrier.claim"]
            .sudo()
            ._read_group(
                [("ticket_id", "in", tickets.ids), ("state", "=", "paid")],
                ["ticket_id"],
                ["amount_settled:sum"],
            )
        ):
            add(ticket.id, "aftersales_cost_recovered", amount)
        for ticket, amount in (
            self.env["aftersales.supplier.recovery"]
            .sudo()
            ._read_group(
                [("ticket_id", "in", tickets.ids), ("state", "=", "received")],
                ["ticket_id"],
                ["amount_received:sum"],
            )
        ):
            add(ticket.id, "aftersales_cost_recovered", amount)
        return result

    @api.model
    @api.private
    def _aftersales_cost_of_move(self, move):
        """A done move's goods at cost in the company's currency: its stock valuation,
        else (a product the stock does not value) the product's current cost."""
        if move.value:
            return abs(move.value)
        return move.product_id.with_company(move.company_id).standard_price * move.product_qty

    @api.model
    def _aftersales_workflow_field_names(self):
        # the claims are made on their own form, not through this read-only list (the
        # carrier, computed from them, is guarded by itself)
        return super()._aftersales_workflow_field_names() | {"aftersales_quality_claim_ids"}
