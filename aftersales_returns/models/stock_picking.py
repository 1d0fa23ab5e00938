from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

SIGNED_SOURCES = [
    ("entered", "Entered"),
    ("carrier", "Carrier"),
]
# a carrier's clock may run a little ahead of ours
SIGNED_FUTURE_TOLERANCE_MINUTES = 10


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # ------------------------------------------------------------ fields

    aftersales_is_customer_return = fields.Boolean(
        string="Customer Return",
        compute="_compute_is_customer_return",
        store=True,
        help="Incoming picking that brings goods back from a customer.",
    )
    aftersales_return_id = fields.Many2one(
        "aftersales.return",
        string="Return Authorization",
        index="btree_not_null",
        check_company=True,
        readonly=True,
    )
    aftersales_date_signed = fields.Datetime(
        string="Signed for On",
        copy=False,
        tracking=True,
        help="When the customer signed for the delivery (签收): the return periods of the "
        "consumer law count from it. Entered from the customer's or the carrier's proof, or "
        "imported from the carrier; without it they count from the date of the transfer.",
    )
    aftersales_signed_source = fields.Selection(
        SIGNED_SOURCES,
        string="Signed Receipt From",
        copy=False,
        tracking=True,
    )

    # ------------------------------------------------------------ indexes

    # Searched only for the customer returns, a few of all transfers: the others, written
    # at every step of every delivery, stay out of the index.
    _aftersales_customer_return_idx = models.Index(
        "(id) WHERE aftersales_is_customer_return IS TRUE"
    )

    # ------------------------------------------------------------ computes

    @api.depends("picking_type_code", "return_id", "location_id.usage", "aftersales_return_id")
    def _compute_is_customer_return(self):
        for picking in self:
            picking.aftersales_is_customer_return = (
                picking.picking_type_code == "incoming"
                and bool(picking.return_id or picking.aftersales_return_id)
                and picking.location_id.usage == "customer"
            )

    @api.constrains("aftersales_date_signed", "date_done")
    def _check_aftersales_date_signed(self):
        limit = fields.Datetime.now() + timedelta(minutes=SIGNED_FUTURE_TOLERANCE_MINUTES)
        for picking in self.filtered("aftersales_date_signed"):
            if picking.picking_type_code != "outgoing" or picking.state != "done":
                raise ValidationError(
                    self.env._(
                        "%(picking)s: only a delivery sent to the customer is signed for.",
                        picking=picking.name,
                    )
                )
            if picking.aftersales_date_signed > limit:
                raise ValidationError(
                    self.env._(
                        "%(picking)s: the customer cannot have signed for it in the future.",
                        picking=picking.name,
                    )
                )
            if picking.date_done and picking.aftersales_date_signed < picking.date_done - (
                timedelta(days=1)
            ):
                raise ValidationError(
                    self.env._(
                        "%(picking)s: signed for before it was dispatched.",
                        picking=picking.name,
                    )
                )

    # ------------------------------------------------------------ CRUD

    def write(self, vals):
        if vals.get("aftersales_date_signed") and "aftersales_signed_source" not in vals:
            vals = dict(vals, aftersales_signed_source="entered")
        return super().write(vals)

    # ------------------------------------------------------------ business

    def _action_done(self):
        res = super()._action_done()
        self.aftersales_return_id._update_receipt_state()
        return res

    # ------------------------------------------------------------ actions

    def action_view_aftersales_return(self):
        self.ensure_one()
        return self.aftersales_return_id._action_view(
            self.aftersales_return_id, "aftersales_returns.action_aftersales_return"
        )

    # ------------------------------------------------------------ signed receipts

    @api.model
    def aftersales_import_signed_receipts(self, rows):
        """Record the signed receipts a carrier reports: the return periods count from them.

        :param rows: [{"reference": the delivery's name (or its carrier tracking
            reference), "signed_at": "YYYY-MM-DD HH:MM:SS" in UTC}]
        :return: {"updated": [delivery names], "unknown": [references not found]}
        """
        self.check_access("write")
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise UserError(
                self.env._("Signed receipts are imported as a list of {reference, signed_at}.")
            )
        updated, unknown = [], []
        for row in rows:
            reference = row.get("reference")
            if not isinstance(reference, str) or not reference.strip() or len(reference) > 256:
                raise UserError(self.env._("Each signed receipt names its delivery."))
            signed_at = self._aftersales_parse_datetime(row.get("signed_at"))
            if not signed_at:
                raise UserError(
                    self.env._(
                        "%(reference)s: the signed receipt has no valid date and time.",
                        reference=reference,
                    )
                )
            delivery = self._aftersales_delivery_of(reference.strip())
            if not delivery:
                unknown.append(reference)
                continue
            delivery.write(
                {
                    "aftersales_date_signed": signed_at,
                    "aftersales_signed_source": "carrier",
                }
            )
            updated.append(delivery.name)
        return {"updated": updated, "unknown": unknown}

    @api.model
    def _aftersales_parse_datetime(self, value):
        """``value`` ("YYYY-MM-DD HH:MM:SS") as a datetime, None when it is no such text."""
        if not isinstance(value, str) or len(value) > 32:
            return None
        try:
            return fields.Datetime.to_datetime(value.strip())
        except ValueError:
            return None

    @api.model
    def _aftersales_delivery_of(self, reference):
        """The done delivery named ``reference``, or carrying it as tracking reference."""
        domain = [("picking_type_code", "=", "outgoing"), ("state", "=", "done")]
        delivery = self.search(domain + [("name", "=", reference)], limit=1)
        if not delivery and "carrier_tracking_ref" in self._fields:
            delivery = self.search(domain + [("carrier_tracking_ref", "=", reference)], limit=1)
        return delivery
