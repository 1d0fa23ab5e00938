import base64
import binascii
import math
import re
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare
from odoo.tools.mimetypes import guess_mimetype

from .aftersales_return_line import GRADES, quantity_error

# GS1 application identifiers we read: fixed length (digits) or variable (None).
GS1_FIXED = {"01": 14, "02": 14, "11": 6, "13": 6, "15": 6, "17": 6}
GS1_VARIABLE = ("10", "21", "30", "37")
GS1_SEPARATOR = "\x1d"
HUMAN_GS1 = re.compile(r"\((\d{2,4})\)([^(]*)")
# GS1 quantities (AI 30 and 37) are up to eight digits
GS1_QUANTITY = re.compile(r"\d{1,8}")
# longest text the screen sends: a barcode, a photo name, an inspection note
MAX_BARCODE = 256
MAX_NAME = 256
MAX_NOTE = 2000
# database ids are 32-bit integers
MAX_ID = 2**31 - 1
# largest quantity one scan may stand for
MAX_SCAN_QUANTITY = 1e6
# returns listed at most on the screen's list of expected returns
MAX_EXPECTED = 200


class ScanConflict(Exception):
    """The scanned line is being counted by another transaction right now."""


class AftersalesReturnScan(models.Model):
    """One accepted scan at the receipt of a return: what, which lot, how many, by whom.

    The scans are the receipt in progress: they are kept server-side one by one, so a
    browser refresh or a second inspector loses nothing, and the return receipt is validated
    from their totals.
    """

    _name = "aftersales.return.scan"
    _description = "Return Receipt Scan"
    # every field is read-only, so guarded: scans are made by the receipt screen only
    _inherit = ["aftersales.workflow.mixin"]
    _order = "id"
    _check_company_auto = True

    # ------------------------------------------------------------ fields

    line_id = fields.Many2one(
        "aftersales.return.line", required=True, ondelete="cascade", index=True, readonly=True
    )
    return_id = fields.Many2one(related="line_id.return_id", store=True, index=True)
    company_id = fields.Many2one(related="line_id.company_id", store=True)
    product_id = fields.Many2one(related="line_id.product_id")
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial", readonly=True, check_company=True)
    quantity = fields.Float(required=True, readonly=True, digits="Product Unit")
    barcode = fields.Char(readonly=True)
    over_receipt = fields.Boolean(
        readonly=True, help="Received above the authorized quantity, confirmed by a manager."
    )
    user_id = fields.Many2one(
        "res.users", string="Scanned By", default=lambda self: self.env.user, readonly=True
    )
    validated = fields.Boolean(
        readonly=True,
        copy=False,
        index=True,
        help="Received with its parcel: the receipt was validated with it.",
    )

    # ------------------------------------------------------------ constraints

    _quantity_positive = models.Constraint(
        "CHECK (quantity > 0)", "A scan adds a positive quantity."
    )

    # ------------------------------------------------------------ screen: open

    @api.model
    def open_return(self, barcode):
        """The receivable return identified by its name, its receipt's name or tracking number."""
        barcode = self._clean_text(barcode, MAX_BARCODE)
        if not barcode:
            raise UserError(self.env._("Scan or type a barcode."))
        ra = self._find_return(barcode)
        if not ra:
            raise UserError(
                self.env._(
                    "No return authorization, return receipt or tracking number matches %(code)s.",
                    code=barcode,
                )
            )
        ra._ensure_can_receive()
        return self._screen_data(ra)

    @api.model
    def load_return(self, return_id):
        """The screen data of a return, e.g. after a browser refresh."""
        ra = self.env["aftersales.return"].browse(self._clean_id(return_id)).exists()
        if not ra:
            raise UserError(self.env._("This return authorization no longer exists."))
        return self._screen_data(ra)

    @api.model
    def expected_returns(self, search="", limit=50):
        """The returns waiting for their goods, to open one when a parcel has no readable label.

        Read with the user's own rights, so an inspector lists only what the record rules let
        them see (their companies, no confidential return). The customer is shown by name
        only, as everywhere on this screen: no contact data.

        :param search: text matched on the RA number, tracking number, customer or carrier
        :param limit: how many to return (at most ``MAX_EXPECTED``)
        :return: dict with ``returns`` (soonest expected first: pickup date, then the
            receipt deadline) and ``more`` (True when more match than ``limit``)
        """
        search = self._clean_text(search, MAX_BARCODE)
        if isinstance(limit, bool) or not isinstance(limit, int) or not 0 < limit <= MAX_EXPECTED:
            raise UserError(
                self.env._("List at most %(max)s expected returns at a time.", max=MAX_EXPECTED)
            )
        domain = [("state", "=", "approved")]
        if search:
            domain += [
                "|",
                "|",
                "|",
                ("name", "ilike", search),
                ("tracking_ref", "ilike", search),
                ("partner_id.name", "ilike", search),
                ("pickup_carrier_id.name", "ilike", search),
            ]
        returns = self.env["aftersales.return"].search_fetch(
            domain,
            [
                "name",
                "partner_id",
                "pickup_carrier_id",
                "tracking_ref",
                "pickup_date",
                "receipt_deadline",
            ],
            order="pickup_date asc nulls last, receipt_deadline asc nulls last, id",
            limit=limit + 1,
        )
        more = len(returns) > limit
        returns = returns[:limit]
        expected = defaultdict(float)
        for ra, quantity, received in self.env["aftersales.return.line"]._read_group(
            [("return_id", "in", returns.ids)], ["return_id"], ["quantity:sum", "qty_received:sum"]
        ):
            expected[ra.id] = max(quantity - received, 0.0)
        # names only: the partners' display names leave out contact data for an inspector
        readable = (returns.partner_id | returns.pickup_carrier_id)._filtered_access("read")
        return {
            "returns": [
                {
                    "id": ra.id,
                    "name": ra.name,
                    "partner": ra.partner_id.display_name if ra.partner_id in readable else "",
                    "carrier": (
                        ra.pickup_carrier_id.display_name
                        if ra.pickup_carrier_id in readable
                        else ""
                    ),
                    "tracking_ref": ra.tracking_ref or "",
                    "pickup_date": fields.Datetime.to_string(ra.pickup_date) or "",
                    "receipt_deadline": fields.Datetime.to_string(ra.receipt_deadline) or "",
                    "items": expected[ra.id],
                }
                for ra in returns
            ],
            "more": more,
        }

    # ------------------------------------------------------------ screen: scan

    @api.model
    def scan(self, return_id, barcode, quantity=1.0, line_id=False, confirm_over=False):
        """Handle one scan on the receipt screen of a return, in one round trip.

        :param return_id: the return being received
        :param barcode: what was scanned or typed
        :param quantity: units the scan stands for (typed before the scan)
        :param line_id: the line scanned last (target of a grade barcode)
        :param confirm_over: the user confirmed receiving more than authorized
        :return: dict with ``status`` (ok, grade, open, refused, confirm), ``message``
            and, when a line changed, ``line`` (its screen data)
        """
        barcode = self._clean_text(barcode, MAX_BARCODE)
        if not barcode:
            raise UserError(self.env._("Scan or type a barcode."))
        quantity = self._clean_quantity(quantity)
        line_id = self._clean_id(line_id) if line_id else False
        # a return that no longer exists has no lines: its scans are refused below
        ra = self.env["aftersales.return"].browse(self._clean_id(return_id))
        # A grade barcode (configured per company) grades the line scanned last.
        grade = self._grade_of_barcode(barcode, ra)
        if grade:
            line = ra.line_ids.browse(line_id) if line_id else ra.line_ids.browse()
            if not line or line.return_id != ra:
                return self._refused(
                    self.env._("Scan a product first: the grade applies to the line scanned last.")
                )
            line._set_condition_grade(grade)
            return {
                "status": "grade",
                "message": self.env._(
                    "%(product)s graded %(grade)s.",
                    product=line.product_id.display_name,
                    grade=dict(GRADES)[line.condition_grade],
                ),
                "line": line._receipt_screen_line(),
            }
        # The return's state comes with its lines: a product scan never reads the return.
        try:
            product, lot, gs1_qty = self._parse_item(barcode, ra)
        except UserError as error:
            return self._refused(error.args[0])
        if not product:
            other = self._find_return(barcode)
            if other:
                # another return's label switches to it; its own label (the parcel scanned
                # again) shows it afresh
                return {"status": "open", "return_id": other.id}
            if ra.state != "approved":
                return self._refused(ra._cannot_receive_message())
            return self._refused(self.env._("Unknown barcode %(code)s.", code=barcode))
        lines = self.env["aftersales.return.line"].search_fetch(
            [("return_id", "=", ra.id), ("product_id", "=", product.id)],
            ["return_id", "product_id", "lot_id", "quantity", "qty_scanned", "state"],
        )
        if (lines[:1].state or ra.state) != "approved":
            return self._refused(ra._cannot_receive_message())
        if not lines:
            return self._refused(
                self.env._(
                    "%(product)s is not on return %(ra)s.", product=product.display_name, ra=ra.name
                )
            )
        lines, refusal = self._lines_for_item(lines, product, lot, ra)
        if refusal:
            return refusal
        quantity = gs1_qty or quantity
        if product.tracking == "serial" and quantity != 1:
            return self._refused(self.env._("A serial number is received one unit at a time."))
        # one unit is a quantity of every unit of measure (the common case, checked for free)
        error = quantity != 1 and quantity_error(self.env, product, quantity)
        if error:
            return self._refused(error)
        # the first line still expecting goods, else the last one (an over-receipt)
        line = next((line for line in lines if line.qty_scanned < line.quantity), lines[-1])
        if not lot and product.tracking != "none":
            # a product barcode counts for the authorized lot
            lot = line.lot_id
        try:
            return line._receive_scan(quantity, lot, barcode, confirm_over)
        except ScanConflict:
            return self._refused(
                self.env._(
                    "Another inspector is counting %(product)s on %(ra)s at this very moment: "
                    "this scan was not counted. Scan it again.",
                    product=product.display_name,
                    ra=ra.name,
                )
            )

    def _lines_for_item(self, lines, product, lot, ra):
        """(lines the scanned item may count on, refusal) among the ones of its product."""
        if lot:
            # the line of that very lot first; a line without lot takes any lot
            matching = lines.filtered(lambda line: line.lot_id == lot) or lines.filtered(
                lambda line: not line.lot_id
            )
            if not matching:
                if lot not in lines.delivered_lot_ids:
                    # a unit the customer was not sold: it counts against them
                    ra._record_serial_mismatch(lot.name)
                return lines, self._refused(
                    self.env._(
                        "Wrong lot/serial: %(lot)s was not authorized for return on %(ra)s "
                        "(expected %(expected)s).",
                        lot=lot.name,
                        ra=ra.name,
                        expected=", ".join(lines.lot_id.mapped("name")),
                    )
                )
            return matching, None
        if product.tracking == "none":
            return lines, None
        with_lot = lines.filtered("lot_id")
        if not with_lot:
            return lines, self._refused(
                self.env._(
                    "%(product)s is tracked: scan its lot/serial number.",
                    product=product.display_name,
                )
            )
        if product.tracking == "serial" and len(with_lot) > 1:
            return lines, self._refused(
                self.env._(
                    "Several serial numbers of %(product)s are expected on %(ra)s: scan the "
                    "serial number of this unit.",
                    product=product.display_name,
                    ra=ra.name,
                )
            )
        return with_lot, None

    @api.model
    def set_grade(self, line_id, grade):
        """Set the condition grade of a line (a key or a click on the screen)."""
        line = self.env["aftersales.return.line"].browse(self._clean_id(line_id)).exists()
        if not line:
            raise UserError(self.env._("This return line no longer exists."))
        line._set_condition_grade(self._clean_text(grade, MAX_NAME))
        return line._receipt_screen_line()

    @api.model
    def set_note(self, line_id, note):
        """Save the inspection note of a line, typed on the screen."""
        note = self._clean_text(note, MAX_NOTE)
        line = self._open_line(line_id)
        line.inspection_note = note or False
        return line._receipt_screen_line()

    @api.model
    def add_photo(self, line_id, name, data):
        """Attach a photo (base64, e.g. from the phone's camera) to a line."""
        name = self._clean_text(name, MAX_NAME) or self.env._("Inspection photo")
        if data is not None and not isinstance(data, str):
            raise UserError(self.env._("The photo %(name)s could not be read.", name=name))
        line = self._open_line(line_id)
        data = (data or "").partition(",")[2] if (data or "").startswith("data:") else data
        try:
            raw = base64.b64decode(data or "", validate=True)
        except (binascii.Error, ValueError):
            raw = b""
        if not raw:
            raise UserError(self.env._("The photo %(name)s could not be read.", name=name))
        mimetype = guess_mimetype(raw)
        if not mimetype.startswith("image/"):
            raise UserError(
                self.env._(
                    "%(name)s is not a picture: only photos can be attached here.", name=name
                )
            )
        photo = self.env["ir.attachment"].create(
            {
                "name": name,
                "datas": base64.b64encode(raw),
                "mimetype": mimetype,
                "res_model": line._name,
                "res_id": line.id,
            }
        )
        line.attachment_ids = [Command.link(photo.id)]
        return line._receipt_screen_line()

    @api.model
    def print_grade_barcodes(self, return_id=False):
        """Print the grade barcode sheet of the return's company (else the current one)."""
        ra = (
            self.env["aftersales.return"]
            .browse(self._clean_id(return_id) if return_id else ())
            .exists()
        )
        return (ra.company_id or self.env.company)._aftersales_grade_barcode_sheet_action()

    @api.model
    def validate(self, return_id):
        """Receive the parcel scanned: the return stays open for what is still expected."""
        ra = self.env["aftersales.return"].browse(self._clean_id(return_id)).exists()
        if not ra:
            raise UserError(self.env._("This return authorization no longer exists."))
        ra._validate_scanned_receipt()
        return self._screen_data(ra)

    @api.model
    def close_receipt(self, return_id):
        """Nothing more will come: record what never arrived as missing."""
        ra = self.env["aftersales.return"].browse(self._clean_id(return_id)).exists()
        if not ra:
            raise UserError(self.env._("This return authorization no longer exists."))
        ra._close_receipt()
        return self._screen_data(ra)

    # ------------------------------------------------------------ helpers

    @api.model
    def _screen_data(self, ra):
        """The screen data of ``ra``, with its company's grade barcodes (shown on the buttons)."""
        data = ra._receipt_screen_data()
        data["grade_barcodes"] = ra.company_id._aftersales_grade_barcodes()
        return data

    @api.model
    def _clean_text(self, value, size):
        """``value`` sent by the screen as a stripped string, refused when it is no text."""
        if value is None or value is False:
            return ""
        if not isinstance(value, str) or "\x00" in value:
            raise UserError(self.env._("This is not text a scanner or a keyboard sends."))
        value = value.strip()
        if len(value) > size:
            raise UserError(
                self.env._("Too long: at most %(size)s characters are accepted here.", size=size)
            )
        return value

    @api.model
    def _clean_id(self, value):
        """``value`` as the id of a record, refused when it is none."""
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ID:
            raise UserError(self.env._("This return or line does not exist."))
        return value

    @api.model
    def _clean_quantity(self, value):
        """The quantity typed before a scan: a finite positive number."""
        if value is None or value is False:
            return 1.0
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise UserError(self.env._("The quantity of a scan must be a number."))
        if not math.isfinite(value) or value <= 0:
            raise UserError(self.env._("The quantity of a scan must be positive."))
        if value > MAX_SCAN_QUANTITY:
            raise UserError(
                self.env._(
                    "%(qty)s units in one scan? Type a quantity of at most %(max)s.",
                    qty=value,
                    max=int(MAX_SCAN_QUANTITY),
                )
            )
        return float(value)

    @api.model
    def _open_line(self, line_id):
        """The line ``line_id``, which the user may change and whose return is being received."""
        line = self.env["aftersales.return.line"].browse(self._clean_id(line_id)).exists()
        if not line:
            raise UserError(self.env._("This return line no longer exists."))
        line.check_access("write")
        if line.state != "approved":
            raise UserError(line.return_id._cannot_receive_message())
        return line

    @api.model
    def _grade_of_barcode(self, barcode, ra):
        """The condition grade ``barcode`` stands for in the company of ``ra``, else False."""
        by_company = self.env["res.company"]._aftersales_grade_barcode_map().get(barcode)
        return bool(by_company) and by_company.get(ra.company_id.id, False)

    def _refused(self, message):
        return {"status": "refused", "message": message}

    @api.model
    def _find_return(self, code):
        """The return whose name, receipt name or carrier tracking number is ``code``."""
        if not code:
            return self.env["aftersales.return"]
        returns = self.env["aftersales.return"]
        ra = returns.search([("name", "=", code)], limit=1)
        if not ra:
            picking = self.env["stock.picking"].search(
                [("name", "=", code), ("aftersales_return_id", "!=", False)], limit=1
            )
            ra = picking.aftersales_return_id
        if not ra:
            ra = returns.search([("tracking_ref", "=", code)], limit=1, order="id desc")
        return ra

    @api.model
    def _parse_item(self, barcode, ra):
        """(product, lot, quantity) of a product, lot/serial or GS1 barcode; empty when unknown."""
        products = self.env["product.product"]
        lots = self.env["stock.lot"]
        product = products.search([("barcode", "=", barcode)], limit=1)
        if product:
            return product, lots, 0.0
        ra_products = ra.line_ids.product_id
        lot = lots.search([("name", "=", barcode), ("product_id", "in", ra_products.ids)], limit=1)
        if lot:
            return lot.product_id, lot, 0.0
        elements = self._parse_gs1(barcode)
        if elements and ("01" in elements or "02" in elements):
            gtin = elements.get("01") or elements.get("02")
            # a GTIN-14 with leading zeros is stored as its EAN-13/UPC-A form
            candidates = [gtin, gtin.lstrip("0")] + [gtin[i:] for i in (1, 2)]
            product = products.search([("barcode", "in", candidates)], limit=1)
            if not product:
                return products, lots, 0.0
            lot_name = elements.get("10") or elements.get("21")
            if lot_name:
                lot = lots.search(
                    [("name", "=", lot_name), ("product_id", "=", product.id)], limit=1
                )
                if not lot:
                    # a lot never delivered to anyone: certainly not the authorized one
                    lot = lots.new({"name": lot_name, "product_id": product.id})
            raw_quantity = elements.get("30") or elements.get("37") or ""
            if raw_quantity and not GS1_QUANTITY.fullmatch(raw_quantity):
                raise UserError(
                    self.env._(
                        "The quantity %(qty)s in this GS1 barcode is not a count of units.",
                        qty=raw_quantity,
                    )
                )
            return product, lot, float(raw_quantity or 0)
        return products, lots, 0.0

    @api.model
    def _parse_gs1(self, barcode):
        """Application identifiers of a GS1-128/DataMatrix string (raw with FNC1 or "(01)..")."""
        if barcode.startswith("("):
            found = dict(HUMAN_GS1.findall(barcode))
            return found if found else {}
        data = barcode.removeprefix("]C1").removeprefix("]d2").removeprefix("]Q3")
        if not data[:2].isdigit() or data[:2] not in GS1_FIXED:
            return {}
        found = {}
        pos = 0
        while pos < len(data):
            ai = data[pos : pos + 2]
            pos += 2
            if ai in GS1_FIXED:
                size = GS1_FIXED[ai]
                value = data[pos : pos + size]
                if len(value) != size or not value.isdigit():
                    return {}
                pos += size
            elif ai in GS1_VARIABLE:
                end = data.find(GS1_SEPARATOR, pos)
                end = len(data) if end < 0 else end
                value = data[pos:end]
                pos = end + 1
            else:
                return {}
            found[ai] = value
            if pos < len(data) and data[pos] == GS1_SEPARATOR:
                pos += 1
        return found

    @api.model
    def _lock_lines(self, lines):
        """Lock the lines' rows: concurrent scans and the validation wait for each other.

        In Odoo's repeatable-read transactions, a row another inspector changed meanwhile makes
        the lock fail with a serialization error, and the request is retried with fresh data:
        no count is lost.
        """
        if lines:
            lines.flush_model(["qty_scanned", "state"])
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM aftersales_return_line WHERE id IN %s ORDER BY id FOR UPDATE",
                    tuple(lines.ids),
                )
            )
            lines.invalidate_recordset(["qty_scanned", "state"])

    @api.model
    def _lock_line(self, line):
        """Lock one line's row and return its current (scanned, state).

        Two inspectors scanning the same line at once never count on the same total:
        - the row is locked by another scan still running: ``ScanConflict`` at once, nothing
          written, and the screen asks to scan again (no waiting behind the other inspector);
        - the row was changed by a scan committed since this transaction started: PostgreSQL
          raises a serialization failure and Odoo retries the request with fresh data.
        """
        line.flush_model(["qty_scanned", "state"])
        self.env.cr.execute(
            SQL(
                "SELECT qty_scanned, state FROM aftersales_return_line "
                "WHERE id = %s FOR UPDATE SKIP LOCKED",
                line.id,
            )
        )
        row = self.env.cr.fetchone()
        if not row:
            raise ScanConflict(line.id)
        qty_scanned, state = row
        return qty_scanned or 0.0, state

    @api.model
    def _totals_by_lot(self, lines):
        """{(line id, lot id): quantity} of the scans of ``lines`` not received yet (the
        parcel being validated)."""
        totals = defaultdict(float)
        for line, lot, quantity in self._read_group(
            [("line_id", "in", lines.ids), ("validated", "=", False)],
            ["line_id", "lot_id"],
            ["quantity:sum"],
        ):
            totals[line.id, lot.id] += quantity
        return totals

    @api.model
    def _is_over(self, line, qty_scanned, quantity):
        return (
            float_compare(
                qty_scanned + quantity,
                line.quantity,
                precision_rounding=line.product_uom_id.rounding or 0.01,
            )
            > 0
        )
