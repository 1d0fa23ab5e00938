import base64

from odoo.fields import Command
from odoo.http import request
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.aftersales_flow.controllers.ticket_close import (
    AftersalesHelpdeskTicketController,
)

# How many of the customer's latest orders the request form offers.
MAX_PORTAL_ORDERS = 100
# How many photos a request may carry, each within the upload size of the web client.
MAX_PHOTOS = 10
# What the form sends back to the page when a request is refused: texts of this size only.
MAX_KEPT_TEXT = 20000


class AftersalesIntakeTicketController(AftersalesHelpdeskTicketController):
    """The portal's request form takes the acceptance form of a case: the order (one of the
    customer's own), the product of that order, what the customer expects and photos."""

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        orders = self._aftersales_portal_orders()
        values.update(
            {
                "aftersales_orders": orders,
                "aftersales_order_products": self._aftersales_order_products(orders),
                "aftersales_expectations": request.env["helpdesk.ticket"]
                ._fields["aftersales_customer_expectation"]
                ._description_selection(request.env),
                # what the customer typed, shown again when the request is refused
                "aftersales_form": {
                    key: value
                    for key, value in kw.items()
                    if isinstance(value, str) and len(value) <= MAX_KEPT_TEXT
                }
                if request.httprequest.method == "POST"
                else {},
            }
        )
        return values

    def _aftersales_submit_error(self, kw):
        error = super()._aftersales_submit_error(kw)
        if error:
            return error
        env = request.env
        order, error = self._aftersales_posted_order(kw)
        if error:
            return error
        product_text = kw.get("aftersales_product")
        if product_text:
            product_id = self._aftersales_form_id(product_text)
            products = self._aftersales_order_products(order).get(order.id, [])
            if not order or product_id not in {product.id for product in products}:
                return env._("Choose the product among those of the order you chose.")
        expectation = kw.get("aftersales_expectation")
        if expectation:
            offered = dict(
                env["helpdesk.ticket"]
                ._fields["aftersales_customer_expectation"]
                ._description_selection(env)
            )
            if not isinstance(expectation, str) or expectation not in offered:
                return env._("Choose what you expect from us among the options offered.")
        return self._aftersales_photos_error()

    def _prepare_submit_ticket_vals(self, **kw):
        vals = super()._prepare_submit_ticket_vals(**kw)
        # checked by _aftersales_submit_error before the case is created
        order, __ = self._aftersales_posted_order(kw)
        if order:
            vals["aftersales_sale_order_id"] = order.id
            vals["aftersales_order_ref"] = order.name
        product_id = self._aftersales_form_id(kw.get("aftersales_product"))
        if order and product_id:
            vals["aftersales_product_id"] = product_id
        if kw.get("aftersales_expectation"):
            vals["aftersales_customer_expectation"] = kw["aftersales_expectation"]
        photos = self._aftersales_photos()
        if photos:
            vals["attachment_ids"] = [
                Command.create(
                    {
                        "name": upload.filename.replace("\x00", "")[:255],
                        "datas": base64.b64encode(data),
                        "res_model": "helpdesk.ticket",
                    }
                )
                for upload, data in photos
            ]
        return vals

    # ------------------------------------------------------------ helpers

    def _aftersales_portal_orders(self):
        """The customer's confirmed orders, latest first, read with the customer's rights."""
        return request.env["sale.order"].search(
            [
                ("state", "=", "sale"),
                ("partner_id", "child_of", request.env.user.commercial_partner_id.id),
            ],
            order="date_order desc, id desc",
            limit=MAX_PORTAL_ORDERS,
        )

    def _aftersales_order_products(self, orders):
        """{order id: its products}, for orders the customer may read."""
        orders.check_access("read")
        # sudo: the order lines and products of the customer's own orders (just checked)
        # are read whatever the portal's rights on products
        return {
            order.id: order.sudo()
            .order_line.filtered(lambda line: not line.display_type and line.product_id)
            .product_id
            for order in orders
        }

    def _aftersales_posted_order(self, kw):
        """(the order the form names, or an empty order; an error message or None).

        Only the customer's own confirmed orders are taken: another customer's order is
        refused like an order that does not exist."""
        orders = request.env["sale.order"]
        text = kw.get("aftersales_order")
        if not text:
            return orders, None
        order_id = self._aftersales_form_id(text)
        if order_id is None:
            return orders, request.env._("Choose one of your orders.")
        order = orders.search(
            [
                ("id", "=", order_id),
                ("state", "=", "sale"),
                ("partner_id", "child_of", request.env.user.commercial_partner_id.id),
            ],
            limit=1,
        )
        if not order:
            return orders, request.env._("Choose one of your orders.")
        return order, None

    def _aftersales_photos(self):
        """[(upload, bytes)] of the photos the form sent."""
        photos = []
        for upload in request.httprequest.files.getlist("aftersales_photos"):
            if not upload.filename:
                continue
            upload.stream.seek(0)
            photos.append((upload, upload.read()))
        return photos

    def _aftersales_photos_error(self):
        """Why the photos the form sent can't be recorded, or None."""
        env = request.env
        photos = self._aftersales_photos()
        if len(photos) > MAX_PHOTOS:
            return env._("Send at most %(count)s photos.", count=MAX_PHOTOS)
        max_size = int(env["ir.http"].session_info()["max_file_upload_size"])
        for upload, data in photos:
            if len(data) > max_size:
                return env._(
                    "%(name)s is too large: a photo may have at most %(size)s MB.",
                    name=upload.filename,
                    size=max_size // (1024 * 1024),
                )
            mimetype = guess_mimetype(data, default="")
            # a drawing (SVG) may carry scripts: photos only
            if not mimetype.startswith("image/") or "svg" in mimetype:
                return env._("%(name)s is not a photo.", name=upload.filename)
        return None
