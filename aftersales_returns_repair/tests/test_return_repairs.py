from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.aftersales_returns.tests.common import AftersalesReturnCommon


@tagged("post_install", "-at_install")
class TestReturnRepairs(AftersalesReturnCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.aftersales_return_auto_approve_amount = 5000.0
        cls.camera, cls.serials = cls._serial_product_in_stock(
            "Camera", ["CAM-1", "CAM-2"], lst_price=200.0
        )
        cls.camera_order = cls._sell_and_deliver(cls.customer, {cls.camera: 2})
        cls.workshop = cls.env["res.users"].create(
            {
                "name": "Workshop",
                "login": "ra_workshop",
                "group_ids": [(4, cls.env.ref("stock.group_stock_user").id)],
            }
        )

    def _received_for_repair(self, reason, lot=None, order=None, sale_line=None):
        order = order or self.order
        ra = (
            self.env["aftersales.return"]
            .with_user(self.agent)
            .create(
                {
                    "partner_id": self.customer.id,
                    "sale_order_id": order.id,
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "sale_line_id": (sale_line or self.kettle_line).id,
                                "quantity": 1,
                                "lot_id": lot.id if lot else False,
                                "reason_id": reason.id,
                                "outcome": "repair",
                            },
                        )
                    ],
                }
            )
        )
        ra.action_submit()
        self.assertEqual(ra.state, "approved")
        ra.sudo().picking_ids.button_validate()
        self.assertEqual(ra.line_ids.qty_received, 1.0)
        self.assertEqual(ra.line_ids.disposition, "repair")
        return ra

    def test_repair_disposition_creates_a_repair_order(self):
        ra = self._received_for_repair(self.reason_defective)
        ra.line_ids.inspection_note = "Does not heat"
        # the agent has no right on repair orders: the disposition creates them for them
        with self.assertRaises(AccessError):
            self.env["repair.order"].with_user(self.agent).check_access("create")
        ra.action_dispose()
        repair = ra.sudo().repair_ids
        self.assertEqual(len(repair), 1)
        self.assertEqual(repair.state, "draft")
        self.assertEqual(repair.product_id, self.kettle)
        self.assertEqual(repair.product_qty, 1.0)
        self.assertEqual(repair.partner_id, self.customer)
        self.assertEqual(repair.picking_type_id, self.warehouse.repair_type_id)
        self.assertEqual(repair.product_location_src_id, ra.return_location_id)
        self.assertEqual(repair.product_location_dest_id, ra.return_location_id)
        self.assertEqual(repair.picking_id, ra.sudo().picking_ids)
        self.assertEqual(repair.aftersales_return_line_id, ra.line_ids)
        self.assertTrue(repair.under_warranty, "a defect is not the customer's fault")
        self.assertIn("Does not heat", repair.internal_notes)
        self.assertEqual(ra.repair_count, 1)
        self.assertEqual(ra.line_ids.qty_disposed, 1.0)
        self.assertEqual(ra.state, "done")
        self.assertTrue(any(repair.name in body for body in ra.message_ids.mapped("body")))
        self.assertEqual(ra.sudo().action_view_repairs()["res_id"], repair.id)
        self.assertEqual(repair.action_view_aftersales_return()["res_id"], ra.id)
        # no activity to repair by hand: the repair order is the workshop's to-do
        self.assertFalse(ra.activity_ids.filtered(lambda a: "Repair" in (a.summary or "")))

    def test_agent_without_sales_or_inventory_rights_sends_to_repair(self):
        agent = new_test_user(
            self.env, login="ra_pure_agent", groups="aftersales_flow.group_aftersales_user"
        )
        ra = self._received_for_repair(self.reason_defective)
        with self.assertRaises(AccessError):
            self.env["stock.move"].with_user(agent).check_access("read")
        ra.with_user(agent).action_dispose()
        self.assertEqual(ra.sudo().repair_ids.picking_id, ra.sudo().picking_ids)

    def test_customer_fault_is_repaired_outside_warranty(self):
        ra = self._received_for_repair(self.reason_changed_mind)
        ra.action_dispose()
        self.assertTrue(ra.sudo().repair_ids)
        self.assertFalse(ra.sudo().repair_ids.under_warranty)

    def test_repaired_serial_goes_back_to_the_customer(self):
        serial = self.serials[1]
        ra = self._received_for_repair(
            self.reason_defective,
            lot=serial,
            order=self.camera_order,
            sale_line=self.camera_order.order_line,
        )
        ra.action_dispose()
        repair = ra.sudo().repair_ids.with_user(self.workshop)
        self.assertEqual(repair.lot_id, serial)
        # the workshop reads nothing of the return from what the agent left in the cache
        self.env.invalidate_all()
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        delivery = ra.sudo().picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        self.assertEqual(len(delivery), 1)
        self.assertEqual(delivery.location_id, ra.return_location_id)
        self.assertEqual(delivery.partner_id, self.camera_order.partner_shipping_id)
        self.assertEqual(delivery.state, "assigned")
        self.assertEqual(delivery.move_line_ids.lot_id, serial)
        self.assertTrue(
            any(
                repair.name in body and delivery.name in body
                for body in ra.message_ids.mapped("body")
            )
        )

    def test_without_repair_operation_the_repair_is_an_activity(self):
        ra = self._received_for_repair(self.reason_defective)
        self.warehouse.repair_type_id = False
        ra.action_dispose()
        self.assertFalse(ra.sudo().repair_ids)
        self.assertTrue(ra.activity_ids.filtered(lambda a: "Repair" in (a.summary or "")))
        self.assertEqual(ra.line_ids.qty_disposed, 1.0)

    def _repaired(self, serial):
        """The workshop repaired the unit ``serial`` (brought in at the counter)."""
        repair = (
            self.env["repair.order"]
            .with_user(self.workshop)
            .create(
                {
                    "product_id": self.camera.id,
                    "lot_id": serial.id,
                    "partner_id": self.customer.id,
                    "picking_type_id": self.warehouse.repair_type_id.id,
                }
            )
        )
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        return repair

    def test_after_two_failed_repairs_the_law_grants_an_exchange_or_a_return(self):
        serial = self.serials[0]
        self._sign(self.camera_order, 40)
        ra = (
            self.env["aftersales.return"]
            .with_user(self.agent)
            .create(
                {
                    "partner_id": self.customer.id,
                    "sale_order_id": self.camera_order.id,
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "sale_line_id": self.camera_order.order_line.id,
                                "quantity": 1,
                                "lot_id": serial.id,
                                "reason_id": self.reason_defective.id,
                                "outcome": "refund",
                            },
                        )
                    ],
                }
            )
        )

        def law():
            ra.action_check_policy()
            return ra.policy_result_ids.filtered(lambda r: r.rule == "statutory")

        # first and second fault: repaired under the warranty, no refund
        self.assertEqual((law().verdict, law().passed), ("quality_repair", False))
        self._repaired(serial)
        self.assertEqual(ra.line_ids._aftersales_repair_count(), 1)
        self.assertEqual((law().verdict, law().passed), ("quality_repair", False))
        self._repaired(serial)
        # the third fault after two repairs: a choice of exchange or return
        result = law()
        self.assertEqual((result.verdict, result.passed), ("quality_after_repairs", True))
        self.assertIn("after 2 repairs", result.message)
        self.assertIn("art. 24", result.legal_basis)
        # another unit of the same order was never repaired
        self.assertEqual(
            self.env["aftersales.return.line"]
            .new(
                {
                    "sale_line_id": self.camera_order.order_line.id,
                    "lot_id": self.serials[1].id,
                }
            )
            ._aftersales_repair_count(),
            0,
        )
