import base64
import math

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.aftersales_return_line import quantity_error

# database ids are 32-bit integers
MAX_ID = 2**31 - 1
MAX_DESCRIPTION = 10000
MAX_NUMBER_TEXT = 32
# what a customer may ask for on a return of goods (the only type the portal creates)
PORTAL_OUTCOMES = ("refund", "exchange", "repair")


class AftersalesReturnPortal(CustomerPortal):
    # ------------------------------------------------------------ home counters

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "aftersales_return_count" in counters:
            Return = request.env["aftersales.return"]
            values["aftersales_return_count"] = (
                Return.search_count([]) if Return.has_access("read") else 0
            )
        return values

    # ------------------------------------------------------------ list and page

    @http.route(
        ["/my/returns", "/my/returns/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_returns(self, page=1, **kw):
        Return = request.env["aftersales.return"]
        values = self._prepare_portal_layout_values()
        total = Return.search_count([])
        pager = portal_pager(url="/my/returns", total=total, page=page, step=self._items_per_page)
        returns = Return.search(
            [], order="id desc", limit=self._items_per_page, offset=pager["offset"]
        )
        values.update(
            {
                "returns": returns,
                "page_name": "aftersales_return",
                "pager": pager,
                "default_url": "/my/returns",
            }
        )
        return request.render("aftersales_returns.portal_my_returns", values)

    @http.route(["/my/returns/<int:return_id>"], type="http", auth="public", website=True)
    def portal_my_return(
        self, return_id, access_token=None, report_type=None, download=False, **kw
    ):
        try:
            return_sudo = self._document_check_access(
                "aftersales.return", return_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=return_sudo,
                report_type=report_type,
                report_ref="aftersales_returns.action_report_aftersales_return",
                download=download,
            )
        values = self._get_page_view_values(
            return_sudo,
            access_token,
            {"aftersales_return": return_sudo, "page_name": "aftersales_return"},
            "my_returns_history",
            False,
        )
        return request.render("aftersales_returns.portal_my_return", values)

    # ------------------------------------------------------------ request a return

    @http.route(
        ["/my/returns/new"], type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def portal_new_return(self, order_id=None, **post):
        orders = request.env["sale.order"].search(
            [
                ("state", "=", "sale"),
                ("partner_id", "child_of", request.env.user.commercial_partner_id.id),
            ],
            order="date_order desc",
        )
        order_sudo = None
        if order_id:
            if not (
                isinstance(order_id, str)
                and order_id.isdigit()
                and len(order_id) <= 10
                and int(order_id) <= MAX_ID
            ):
                return request.redirect("/my/returns/new")
            try:
                order_sudo = self._document_check_access("sale.order", int(order_id))
            except (AccessError, MissingError, ValueError):
                return request.redirect("/my/returns/new")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "orders": orders,
                "order": order_sudo,
                "reasons": request.env["aftersales.return.reason"].search([]),
                "conditions": request.env["aftersales.return.line"]
                ._fields["reported_condition"]
                ._description_selection(request.env),
                "rows": self._return_rows(order_sudo) if order_sudo else [],
                "outcomes": [
                    (value, label)
                    for value, label in request.env["aftersales.return"]
                    ._fields["outcome"]
                    ._description_selection(request.env)
                    if value in PORTAL_OUTCOMES
                ],
                # what the customer typed, shown again when the request is refused
                "form": {},
                "page_name": "aftersales_return_new",
            }
        )
        if request.httprequest.method == "POST" and order_sudo:
            try:
                requested = self._parse_return_form(order_sudo, post, values["reasons"])
                description = self._clean_text(post.get("description"), MAX_DESCRIPTION)
                outcome = self._parse_outcome(post.get("outcome"))
                # all or nothing: a refused request leaves no authorization behind
                with request.env.cr.savepoint():
                    ra = request.env["aftersales.return"]._portal_create_return(
                        order_sudo,
                        requested,
                        description,
                        self._read_photos(),
                        outcome=outcome,
                    )
            except (UserError, ValidationError) as error:
                values["error"] = error.args[0]
                # only texts go back to the page, and the template escapes them
                values["form"] = {
                    key: value
                    for key, value in post.items()
                    if isinstance(value, str) and len(value) <= MAX_DESCRIPTION
                }
                return request.render("aftersales_returns.portal_new_return", values, status=400)
            return request.redirect(ra.access_url)
        return request.render("aftersales_returns.portal_new_return", values)

    def _return_rows(self, order_sudo):
        """The rows of the form: one per delivered line, or per lot/serial number delivered."""
        sale_lines = order_sudo._aftersales_returnable_lines()
        lot_quantities = sale_lines._aftersales_lot_return_quantities()
        quantities = sale_lines._aftersales_return_quantities()
        rows = []
        for sale_line, lot in sale_lines._aftersales_return_rows():
            figures = lot_quantities[sale_line, lot] if lot else quantities[sale_line]
            rows.append(
                {
                    "key": f"{sale_line.id}_{lot.id}" if lot else str(sale_line.id),
                    "sale_line": sale_line,
                    "lot": lot,
                    "delivered": figures["delivered"],
                    "returnable": figures["returnable"],
                    "returned": figures["returned"],
                }
            )
        return rows

    def _parse_return_form(self, order_sudo, post, reasons):
        """[(sale.order.line, {quantity, lot_id, reason_id, reported_condition})] posted.

        :raise UserError: on a quantity that is no positive number of the product's unit
        """
        requested = []
        reason_ids = {str(reason.id): reason.id for reason in reasons}
        for row in self._return_rows(order_sudo):
            key = row["key"]
            product = row["sale_line"].product_id
            qty = self._parse_quantity(post.get(f"qty_{key}"), product)
            if not qty:
                continue
            if row["returnable"] <= 0:
                # the page shows the row disabled: only a forged form posts a quantity here
                raise UserError(
                    request.env._(
                        "%(product)s: nothing is left to return.", product=product.display_name
                    )
                )
            requested.append(
                (
                    row["sale_line"],
                    {
                        "quantity": qty,
                        "lot_id": row["lot"].id,
                        "reason_id": reason_ids.get(post.get(f"reason_{key}"), False),
                        "reported_condition": self._clean_text(
                            post.get(f"condition_{key}"), MAX_NUMBER_TEXT
                        )
                        or "unopened",
                    },
                )
            )
        return requested

    def _parse_outcome(self, text):
        """The outcome the customer chose: a refund when the field was not sent."""
        text = self._clean_text(text, MAX_NUMBER_TEXT)
        if not text:
            return "refund"
        if text not in PORTAL_OUTCOMES:
            raise UserError(request.env._("Choose a refund, an exchange or a repair."))
        return text

    def _parse_quantity(self, text, product):
        """The quantity typed for ``product``: 0 when left empty."""
        text = self._clean_text(text, MAX_NUMBER_TEXT)
        if not text:
            return 0.0
        try:
            qty = float(text)
        except ValueError:
            qty = math.nan
        if not math.isfinite(qty) or qty < 0:
            raise UserError(
                request.env._(
                    "%(product)s: %(qty)s is not a quantity.",
                    product=product.display_name,
                    qty=text,
                )
            )
        if qty == 0:
            return 0.0
        error = quantity_error(request.env, product, qty)
        if error:
            raise UserError(error)
        return qty

    def _clean_text(self, value, size):
        """A posted text, refused when it holds a NUL byte or is too long."""
        value = (value or "").strip()
        if "\x00" in value:
            raise UserError(request.env._("The form holds characters that are not text."))
        if len(value) > size:
            raise UserError(
                request.env._("Too long: at most %(size)s characters are accepted.", size=size)
            )
        return value

    def _read_photos(self):
        return [
            {
                "name": upload.filename.replace("\x00", "")[:255],
                "datas": base64.b64encode(upload.read()),
            }
            for upload in request.httprequest.files.getlist("photos")
            if upload.filename
        ]
