import base64

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged, warmup

from .common import AftersalesReturnCommon

SCAN = "aftersales.return.scan"
# the smallest valid PNG: one transparent pixel
PIXEL_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestReceiptScanning(AftersalesReturnCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kettle.barcode = "6901234567892"
        cls.mug.barcode = "MUG-001"
        cls.toaster = cls._create_product(name="Toaster", is_storable=True, barcode="TOAST-1")
        cls.drill = cls._create_product(
            name="Drill",
            is_storable=True,
            tracking="lot",
            barcode="04012345678901",
            lst_price=50.0,
            taxes_id=False,
        )
        stock = cls.warehouse.lot_stock_id
        cls.lot_a = cls.env["stock.lot"].create({"name": "LOT-A", "product_id": cls.drill.id})
        cls.lot_b = cls.env["stock.lot"].create({"name": "LOT-B", "product_id": cls.drill.id})
        cls.env["stock.quant"]._update_available_quantity(cls.drill, stock, 5, lot_id=cls.lot_a)
        cls.drill_order = cls._sell_and_deliver(cls.customer, {cls.drill: 3})
        cls.inspector_manager = cls.env["res.users"].create(
            {
                "name": "Chief Inspector",
                "login": "ra_chief_inspector",
                "group_ids": [
                    Command.link(cls.env.ref("stock.group_stock_manager").id),
                    Command.link(cls.env.ref("aftersales_returns.group_return_inspector").id),
                ],
            }
        )

    def _approved(self, lines, **vals):
        ra = self._new_return(lines, **vals)
        ra.action_submit()
        self.assertEqual(ra.state, "approved")
        return ra

    def _scan(self, ra, barcode, user=None, **kwargs):
        return self.env[SCAN].with_user(user or self.inspector).scan(ra.id, barcode, **kwargs)

    def _line(self, ra, product):
        return ra.line_ids.filtered(lambda line: line.product_id == product)

    # ------------------------------------------------------------ opening a return

    def test_open_by_name_receipt_and_tracking_number(self):
        ra = self._approved([(self.kettle_line, 1, {})], tracking_ref="SF-778899")
        scans = self.env[SCAN].with_user(self.inspector)
        for code in (ra.name, ra.sudo().picking_ids.name, "SF-778899", f"  {ra.name} "):
            data = scans.open_return(code)
            self.assertEqual(data["id"], ra.id)
            self.assertEqual(data["lines"][0]["quantity"], 1.0)
            self.assertEqual(data["lines"][0]["qty_scanned"], 0.0)
        with self.assertRaisesRegex(UserError, "No return authorization"):
            scans.open_return("NOPE-42")

    def test_open_refuses_a_return_not_approved(self):
        ra = self._new_return([(self.kettle_line, 1, {})])
        with self.assertRaisesRegex(UserError, "only an approved return"):
            self.env[SCAN].with_user(self.inspector).open_return(ra.name)

    def test_scanning_another_return_switches_to_it(self):
        ra = self._approved([(self.kettle_line, 1, {})])
        other = self._approved([(self.mug_line, 1, {})])
        result = self._scan(ra, other.name)
        self.assertEqual(result, {"status": "open", "return_id": other.id})
        # its own label, scanned again on the parcel, is no unknown barcode
        self.assertEqual(self._scan(other, other.name), {"status": "open", "return_id": other.id})

    # ------------------------------------------------------------ product scans

    def test_product_scan_counts_one_and_typed_quantity(self):
        ra = self._approved([(self.kettle_line, 1, {}), (self.mug_line, 4, {})])
        result = self._scan(ra, "MUG-001")
        self.assertEqual(result["status"], "ok")
        mug = self._line(ra, self.mug)
        self.assertEqual(result["line"]["id"], mug.id)
        self.assertEqual(mug.qty_scanned, 1.0)
        result = self._scan(ra, "MUG-001", quantity=2)
        self.assertEqual(result["line"]["qty_scanned"], 3.0)
        # persisted server-side: a refresh reloads the counts and the scans are kept
        data = self.env[SCAN].with_user(self.inspector).load_return(ra.id)
        self.assertEqual([line["qty_scanned"] for line in data["lines"]], [0.0, 3.0])
        self.assertEqual(mug.scan_ids.mapped("quantity"), [1.0, 2.0])
        self.assertEqual(mug.scan_ids.user_id, self.inspector)
        # nothing is received in stock until the validation
        self.assertEqual(mug.qty_received, 0.0)

    def test_bad_input_is_refused(self):
        ra = self._approved([(self.mug_line, 1, {})])
        with self.assertRaisesRegex(UserError, "must be positive"):
            self._scan(ra, "MUG-001", quantity=0)
        with self.assertRaisesRegex(UserError, "Scan or type"):
            self._scan(ra, "   ")

    def test_unknown_barcode_is_refused(self):
        ra = self._approved([(self.mug_line, 1, {})])
        result = self._scan(ra, "XYZ-NOTHING")
        self.assertEqual(result["status"], "refused")
        self.assertIn("Unknown barcode XYZ-NOTHING", result["message"])
        self.assertEqual(ra.line_ids.qty_scanned, 0.0)

    def test_product_not_on_return_is_refused(self):
        ra = self._approved([(self.mug_line, 1, {})])
        result = self._scan(ra, "TOAST-1")
        self.assertEqual(result["status"], "refused")
        self.assertIn("Toaster is not on return", result["message"])
        self.assertFalse(ra.line_ids.scan_ids)

    def test_over_receipt_asks_and_needs_a_manager(self):
        ra = self._approved([(self.mug_line, 1, {})])
        self.assertEqual(self._scan(ra, "MUG-001")["status"], "ok")
        result = self._scan(ra, "MUG-001")
        self.assertEqual(result["status"], "confirm")
        self.assertFalse(result["can_confirm"])
        self.assertIn("only 1.0 were authorized", result["message"])
        result = self._scan(ra, "MUG-001", confirm_over=True)
        self.assertEqual(result["status"], "refused")
        self.assertEqual(ra.line_ids.qty_scanned, 1.0)
        chief = self.inspector_manager
        self.assertTrue(self._scan(ra, "MUG-001", user=chief)["can_confirm"])
        result = self._scan(ra, "MUG-001", user=chief, confirm_over=True)
        self.assertEqual(result["status"], "ok")
        self.assertTrue(result["line"]["over_received"])
        self.assertEqual(ra.line_ids.qty_scanned, 2.0)
        self.assertTrue(ra.line_ids.over_received)
        self.assertEqual(ra.line_ids.scan_ids.mapped("over_receipt"), [False, True])

    # ------------------------------------------------------------ grades

    def test_grade_barcode_and_key(self):
        ra = self._approved([(self.kettle_line, 1, {}), (self.mug_line, 1, {})])
        result = self._scan(ra, "ASGRADE-DAMAGED")
        self.assertEqual(result["status"], "refused")
        mug = self._line(ra, self.mug)
        self._scan(ra, "MUG-001")
        result = self._scan(ra, "ASGRADE-DAMAGED", line_id=mug.id)
        self.assertEqual(result["status"], "grade")
        self.assertEqual(mug.condition_grade, "damaged")
        # the grade proposes the disposition
        self.assertEqual(mug.disposition, "scrap")
        scans = self.env[SCAN].with_user(self.inspector)
        self.assertEqual(scans.set_grade(mug.id, "resellable")["condition_grade"], "resellable")
        with self.assertRaisesRegex(UserError, "Unknown condition grade"):
            scans.set_grade(mug.id, "shiny")

    def test_configured_grade_barcodes_replace_the_defaults(self):
        self.company.write(
            {
                "aftersales_grade_barcode_damaged": "BENCH-DMG",
                "aftersales_grade_barcode_defective": " BENCH-DEF ",
            }
        )
        ra = self._approved([(self.mug_line, 2, {})])
        mug = ra.line_ids
        self._scan(ra, "MUG-001")
        result = self._scan(ra, "BENCH-DMG", line_id=mug.id)
        self.assertEqual(result["status"], "grade")
        self.assertEqual(mug.condition_grade, "damaged")
        # blanks typed around a barcode in the settings do not matter
        self.assertEqual(self._scan(ra, "BENCH-DEF", line_id=mug.id)["status"], "grade")
        self.assertEqual(mug.condition_grade, "defective")
        # the old default of a changed grade is just an unknown barcode now
        result = self._scan(ra, "ASGRADE-DAMAGED", line_id=mug.id)
        self.assertEqual(result["status"], "refused")
        self.assertIn("Unknown barcode ASGRADE-DAMAGED", result["message"])
        self.assertEqual(mug.condition_grade, "defective")
        # the screen shows the company's grade barcodes on the grade buttons
        grade_barcodes = (
            self.env[SCAN].with_user(self.inspector).load_return(ra.id)["grade_barcodes"]
        )
        self.assertEqual(grade_barcodes["damaged"], "BENCH-DMG")
        self.assertEqual(grade_barcodes["defective"], "BENCH-DEF")
        self.assertEqual(grade_barcodes["resellable"], "ASGRADE-RESELLABLE")
        # an unchanged grade keeps its default barcode
        self.assertEqual(self._scan(ra, "ASGRADE-RESELLABLE", line_id=mug.id)["status"], "grade")
        self.assertEqual(mug.condition_grade, "resellable")
        self.assertEqual(mug.qty_scanned, 1.0)

    def test_grade_barcodes_are_per_company(self):
        other = self.env["res.company"].create(
            {
                "name": "Other Shop",
                "aftersales_grade_barcode_damaged": "OTHER-DMG",
            }
        )
        self.assertEqual(other.aftersales_grade_barcode_resellable, "ASGRADE-RESELLABLE")
        ra = self._approved([(self.mug_line, 1, {})])
        self._scan(ra, "MUG-001")
        # another company's grade barcode means nothing on this company's return
        result = self._scan(ra, "OTHER-DMG", line_id=ra.line_ids.id)
        self.assertEqual(result["status"], "refused")
        self.assertFalse(ra.line_ids.condition_grade)
        self.assertEqual(
            self._scan(ra, "ASGRADE-DAMAGED", line_id=ra.line_ids.id)["status"], "grade"
        )

    def test_grade_barcodes_must_be_distinct_from_each_other_and_products(self):
        # assertRaises rolls the refused write back (a savepoint), as a request would
        with self.assertRaises(ValidationError) as refused:
            self.company.write(
                {
                    "aftersales_grade_barcode_damaged": "GRADE-X",
                    "aftersales_grade_barcode_defective": "GRADE-X ",
                }
            )
        self.assertIn("GRADE-X is given to two condition grades", str(refused.exception))
        self.assertEqual(self.company.aftersales_grade_barcode_damaged, "ASGRADE-DAMAGED")
        with self.assertRaises(ValidationError) as refused:
            self.company.aftersales_grade_barcode_missing_parts = "MUG-001"
        self.assertIn("barcode of the product Mug", str(refused.exception))
        self.assertEqual(
            self.company.aftersales_grade_barcode_missing_parts, "ASGRADE-MISSING_PARTS"
        )
        # through the settings, as an administrator does it
        with self.assertRaises(ValidationError) as refused:
            self.env["res.config.settings"].create(
                {
                    "aftersales_grade_barcode_resellable": "TOAST-1",
                }
            ).execute()
        self.assertIn("barcode of the product Toaster", str(refused.exception))
        self.assertEqual(self.company.aftersales_grade_barcode_resellable, "ASGRADE-RESELLABLE")

    def test_product_barcode_cannot_be_a_grade_barcode(self):
        with self.assertRaises(ValidationError) as refused:
            self.mug.barcode = "ASGRADE-DEFECTIVE"
        self.assertIn("ASGRADE-DEFECTIVE is a condition grade barcode", str(refused.exception))
        self.assertEqual(self.mug.barcode, "MUG-001")
        with self.assertRaises(ValidationError):
            self.env["product.template"].create({"name": "Grade?", "barcode": "ASGRADE-DAMAGED"})
        # once the grade uses another barcode, its old default is free for the company's
        # products (other companies keep theirs)
        self.company.aftersales_grade_barcode_defective = "GRADE-DEF-2"
        own = self.env["product.product"].create(
            {
                "name": "Own Part",
                "company_id": self.company.id,
                "barcode": "ASGRADE-DEFECTIVE",
            }
        )
        self.assertEqual(own.barcode, "ASGRADE-DEFECTIVE")

    def test_grade_barcode_sheet_renders(self):
        self.company.aftersales_grade_barcode_damaged = "SHEET-DMG"
        report = self.env.ref("aftersales_returns.action_report_aftersales_grade_barcodes")
        html, _report_type = report._render_qweb_html(report.report_name, self.company.ids)
        html = html.decode()
        rows = html.split('class="o_aftersales_grade_barcode"')[1:]
        self.assertEqual(len(rows), 4)
        self.assertIn("Damaged", rows[1])
        self.assertIn("SHEET-DMG", rows[1])
        self.assertIn('alt="Barcode SHEET-DMG"', rows[1])
        self.assertIn('src="data:image/png;base64,', rows[1])
        self.assertIn("ASGRADE-MISSING_PARTS", rows[3])
        # tests render the PDF action's HTML (no wkhtmltopdf run), like the RA PDF test
        pdf, _report_type = report._render_qweb_pdf(report.report_name, self.company.ids)
        self.assertIn(b"SHEET-DMG", pdf)
        # printed from the settings and from the receiving screen
        settings = self.env["res.config.settings"].create({})
        action = settings.action_print_aftersales_grade_barcodes()
        self.assertEqual(action["report_name"], report.report_name)
        self.assertEqual(action["context"]["active_ids"], self.company.ids)
        ra = self._approved([(self.mug_line, 1, {})])
        action = self.env[SCAN].with_user(self.inspector).print_grade_barcodes(ra.id)
        self.assertEqual(action["context"]["active_ids"], self.company.ids)

    # ------------------------------------------------------------ notes and photos

    def test_note_and_photo_per_line_on_the_screen(self):
        ra = self._approved([(self.kettle_line, 1, {}), (self.mug_line, 1, {})])
        mug = self._line(ra, self.mug)
        scans = self.env[SCAN].with_user(self.inspector)
        data = scans.set_note(mug.id, "  Handle chipped  ")
        self.assertEqual(data["note"], "Handle chipped")
        self.assertEqual(mug.inspection_note, "Handle chipped")
        data = scans.add_photo(
            mug.id, "handle.png", "data:image/png;base64," + base64.b64encode(PIXEL_PNG).decode()
        )
        self.assertEqual(data["photo_count"], 1)
        photo = mug.attachment_ids
        self.assertEqual(photo.name, "handle.png")
        self.assertEqual(photo.mimetype, "image/png")
        self.assertEqual(photo.raw, PIXEL_PNG)
        self.assertEqual((photo.res_model, photo.res_id), ("aftersales.return.line", mug.id))
        scans.add_photo(mug.id, "box.png", base64.b64encode(PIXEL_PNG).decode())
        # a reload of the screen shows them
        lines = {line["id"]: line for line in scans.load_return(ra.id)["lines"]}
        self.assertEqual(
            (lines[mug.id]["note"], lines[mug.id]["photo_count"]), ("Handle chipped", 2)
        )
        kettle = self._line(ra, self.kettle)
        self.assertEqual((lines[kettle.id]["note"], lines[kettle.id]["photo_count"]), ("", 0))
        # a scan keeps them
        self.assertEqual(self._scan(ra, "MUG-001")["line"]["photo_count"], 2)
        self.assertEqual(scans.set_note(mug.id, "")["note"], "")
        self.assertFalse(mug.inspection_note)

    def test_photo_and_note_refused_when_bad_or_closed(self):
        ra = self._approved([(self.mug_line, 1, {})])
        mug = ra.line_ids
        scans = self.env[SCAN].with_user(self.inspector)
        with self.assertRaisesRegex(UserError, "not a picture"):
            scans.add_photo(mug.id, "notes.txt", base64.b64encode(b"just text").decode())
        with self.assertRaisesRegex(UserError, "could not be read"):
            scans.add_photo(mug.id, "broken.png", "%%% not base64 %%%")
        with self.assertRaisesRegex(UserError, "could not be read"):
            scans.add_photo(mug.id, "empty.png", "")
        self.assertFalse(mug.attachment_ids)
        with self.assertRaisesRegex(UserError, "no longer exists"):
            scans.set_note(mug.id + 100000, "x")
        outsider = self.env["res.users"].create(
            {
                "name": "Outsider",
                "login": "ra_outsider",
                "group_ids": [Command.link(self.env.ref("base.group_user").id)],
            }
        )
        with self.assertRaises(AccessError):
            self.env[SCAN].with_user(outsider).set_note(mug.id, "sneaky")
        self.assertFalse(mug.inspection_note)
        self._scan(ra, "MUG-001")
        scans.validate(ra.id)
        with self.assertRaisesRegex(UserError, "already received"):
            scans.set_note(mug.id, "late")
        with self.assertRaisesRegex(UserError, "already received"):
            scans.add_photo(mug.id, "late.png", base64.b64encode(PIXEL_PNG).decode())

    # ------------------------------------------------------------ lots and GS1

    def _drill_return(self):
        drill_sale_line = self.drill_order.order_line
        ra = (
            self.env["aftersales.return"]
            .with_user(self.agent)
            .create(
                {
                    "partner_id": self.customer.id,
                    "sale_order_id": self.drill_order.id,
                    "line_ids": [
                        Command.create(
                            {
                                "sale_line_id": drill_sale_line.id,
                                "quantity": 2,
                                "lot_id": self.lot_a.id,
                            }
                        )
                    ],
                }
            )
        )
        ra.action_submit()
        return ra

    def test_gs1_with_lot_and_wrong_lot(self):
        ra = self._drill_return()
        result = self._scan(ra, "0104012345678901\x1d10LOT-A")
        self.assertEqual(result["status"], "ok", result.get("message"))
        self.assertEqual(ra.line_ids.scan_ids.lot_id, self.lot_a)
        # the human-readable form, and the lot label alone
        self.assertEqual(self._scan(ra, "(01)04012345678901(10)LOT-A")["status"], "ok")
        self.assertEqual(ra.line_ids.qty_scanned, 2.0)
        result = self._scan(ra, "LOT-B")
        self.assertEqual(result["status"], "refused")
        self.assertIn("Wrong lot/serial: LOT-B", result["message"])
        result = self._scan(ra, "0104012345678901\x1d10LOT-ZZZ")
        self.assertEqual(result["status"], "refused")
        self.assertIn("LOT-ZZZ", result["message"])
        # the product barcode of a line with a known lot counts that lot
        self.assertEqual(self._scan(ra, "04012345678901")["status"], "confirm")

    def test_gs1_parser(self):
        parse = self.env[SCAN]._parse_gs1
        self.assertEqual(
            parse("010401234567890117261231\x1d10AB12\x1d3005"),
            {"01": "04012345678901", "17": "261231", "10": "AB12", "30": "05"},
        )
        self.assertEqual(parse("(01)04012345678901(21)SN9"), {"01": "04012345678901", "21": "SN9"})
        self.assertEqual(parse("01ABC"), {})
        self.assertEqual(parse("MUG-001"), {})

    # ------------------------------------------------------------ validation

    def test_validate_with_scanned_quantities_flags_discrepancies(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Broken mugs",
                "description": "x",
                "partner_id": self.customer.id,
                "user_id": self.agent.id,
            }
        )
        ra = self._approved(
            [(self.kettle_line, 2, {}), (self.mug_line, 3, {})], ticket_id=ticket.id
        )
        kettle, mug = self._line(ra, self.kettle), self._line(ra, self.mug)
        self._scan(ra, "6901234567892")
        self._scan(ra, "MUG-001", quantity=3)
        self._scan(ra, "ASGRADE-DEFECTIVE", line_id=mug.id)
        scans = self.env[SCAN].with_user(self.inspector)
        data = scans.validate(ra.id)
        receipt = ra.sudo().picking_ids.filtered(lambda p: p.state == "done")
        self.assertEqual(kettle.qty_received, 1.0)
        self.assertEqual(mug.qty_received, 3.0)
        location = ra.return_location_id
        quants = self.env["stock.quant"]
        self.assertEqual(quants._get_available_quantity(self.kettle, location), 1.0)
        self.assertEqual(quants._get_available_quantity(self.mug, location), 3.0)
        self.assertEqual(self.kettle_line.qty_delivered, 2.0)
        # the second kettle may come in another parcel: the return stays open for it
        self.assertEqual(ra.state, "approved")
        self.assertTrue(data["can_receive"] and data["can_close"])
        backorder = ra.sudo().picking_ids - receipt
        self.assertEqual(backorder.move_ids.product_uom_qty, 1.0)
        self.assertEqual(backorder.state, "assigned")
        # nothing more will come: the inspector closes the receipt, the kettle is missing
        data = scans.close_receipt(ra.id)
        self.assertEqual(backorder.state, "cancel")
        self.assertEqual(kettle.qty_missing, 1.0)
        self.assertEqual(ra.state, "received")
        self.assertEqual(ra.inspected_by_id, self.inspector)
        self.assertTrue(ra.receipt_discrepancy)
        self.assertEqual(kettle.receipt_discrepancy, "missing")
        self.assertEqual(mug.receipt_discrepancy, "damaged")
        self.assertIn("Kettle: 1.0 missing", ra.receipt_discrepancy_note)
        self.assertIn("Mug: received Defective", ra.receipt_discrepancy_note)
        self.assertTrue(data["discrepancy"])
        activity = ra.activity_ids.filtered(lambda a: "discrepancy" in a.summary)
        self.assertEqual(activity.user_id, self.agent)
        # scanning after validation is refused; validating again too
        result = self._scan(ra, "6901234567892")
        self.assertEqual(result["status"], "refused")
        self.assertIn("already received and validated", result["message"])
        with self.assertRaisesRegex(UserError, "already received"):
            scans.validate(ra.id)
        with self.assertRaisesRegex(UserError, "already received"):
            scans.set_grade(mug.id, "resellable")

    def test_validate_complete_and_over_receipt(self):
        ra = self._approved([(self.mug_line, 1, {})])
        self._scan(ra, "MUG-001")
        self._scan(ra, "MUG-001", user=self.inspector_manager, confirm_over=True)
        self.env[SCAN].with_user(self.inspector).validate(ra.id)
        self.assertEqual(ra.line_ids.qty_received, 2.0)
        self.assertEqual(ra.line_ids.receipt_discrepancy, "extra")
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(self.mug, ra.return_location_id), 2.0
        )

    def test_validate_without_discrepancy_and_nothing_scanned(self):
        ra = self._approved([(self.mug_line, 1, {})])
        scans = self.env[SCAN].with_user(self.inspector)
        with self.assertRaisesRegex(UserError, "nothing was scanned"):
            scans.validate(ra.id)
        self._scan(ra, "MUG-001")
        self._scan(ra, "ASGRADE-RESELLABLE", line_id=ra.line_ids.id)
        scans.validate(ra.id)
        self.assertEqual(ra.state, "received")
        self.assertFalse(ra.receipt_discrepancy)
        self.assertFalse(ra.line_ids.receipt_discrepancy)

    def test_validate_tracked_receives_the_scanned_lot(self):
        ra = self._drill_return()
        self._scan(ra, "LOT-A", quantity=2)
        self.env[SCAN].with_user(self.inspector).validate(ra.id)
        self.assertEqual(ra.sudo().picking_ids.move_line_ids.lot_id, self.lot_a)
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(
                self.drill, ra.return_location_id, lot_id=self.lot_a
            ),
            2.0,
        )

    # ------------------------------------------------------------ query budget

    @warmup
    def test_product_scan_query_budget_on_fifty_lines(self):
        products = self.env["product.product"].create(
            [
                {
                    "name": f"Part {i}",
                    "barcode": f"PART-{i:03d}",
                    "is_storable": True,
                    "lst_price": 1.0,
                    "taxes_id": False,
                }
                for i in range(50)
            ]
        )
        ra = (
            self.env["aftersales.return"]
            .with_user(self.agent)
            .create(
                {
                    "partner_id": self.customer.id,
                    "line_ids": [
                        Command.create({"product_id": p.id, "quantity": 5}) for p in products
                    ],
                }
            )
        )
        ra.action_submit()
        self.assertEqual(ra.state, "approved")
        scans = self.env[SCAN].with_user(self.inspector)
        scans.scan(ra.id, "PART-025")
        self.env.invalidate_all()
        self.env.invalidate_all()
        with self.assertQueryCount(15):
            result = scans.scan(ra.id, "PART-049")
        self.assertEqual(result["status"], "ok")
