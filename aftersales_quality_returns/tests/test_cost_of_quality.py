import io
from datetime import timedelta

import openpyxl

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from odoo.addons.aftersales_returns.tests.common import AftersalesReturnCommon

COSTS = (
    "aftersales_cost_refund",
    "aftersales_cost_compensation",
    "aftersales_cost_goods",
    "aftersales_cost_shipping",
    "aftersales_cost_scrap",
    "aftersales_cost_handling",
    "aftersales_cost_recovered",
    "aftersales_cost_total",
)


@tagged("post_install", "-at_install")
class TestCostOfQuality(AftersalesReturnCommon):
    """One case worked out by hand: 2 defective kettles (cost 62.40 each) refunded
    (200.00 without tax) and scrapped, a mug exchanged for a teapot (cost 45.55) sent to
    the customer, 12.30 + 8.75 of shipping, 1 h 45 min of work at 36.80 an hour, a carrier
    claim paid 80.00 and a supplier recovery received 59.99."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.aftersales_handling_hourly_cost = 36.80
        cls.kettle.standard_price = 62.40
        cls.teapot = cls._create_product(
            name="Teapot",
            is_storable=True,
            lst_price=100.0,
            standard_price=45.55,
            taxes_id=False,
        )
        cls.env["stock.quant"]._update_available_quantity(cls.teapot, cls.warehouse.lot_stock_id, 5)
        cls.vendor = cls.env["res.partner"].create({"name": "Ningbo Kettle Works"})
        cls.kettle.seller_ids = [Command.create({"partner_id": cls.vendor.id})]
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Cost team", "user_ids": [Command.link(cls.agent.id)]}
        )
        cls.case = cls.env["helpdesk.ticket"].create(
            {
                "name": "Kettles leak",
                "description": "Both kettles leak at the seam.",
                "partner_id": cls.customer.id,
                "team_id": cls.team.id,
                "user_id": cls.agent.id,
                "aftersales_product_id": cls.kettle.id,
            }
        )
        cls.quality = new_test_user(
            cls.env, login="cost_quality", groups="aftersales_quality.group_quality_manager"
        )
        cls.carrier = cls.env["res.partner"].create({"name": "Swift Parcels"})

    def _dispose_and_ship(self):
        ra = self._new_return(
            [
                (self.kettle_line, 2, {"reason_id": self.reason_defective.id}),
                (self.mug_line, 1, {"outcome": "exchange"}),
            ],
            ticket_id=self.case.id,
        )
        ra.action_submit()
        self._receive(ra)
        kettle, mug = ra.line_ids.sorted(lambda line: line.product_id != self.kettle)
        kettle.disposition = "scrap"
        mug.exchange_product_id = self.teapot
        ra.write({"return_shipping_cost": 12.30, "redelivery_shipping_cost": 8.75})
        ra.action_dispose()
        delivery = ra.sudo().picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        for move in delivery.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        delivery.button_validate()
        return ra

    def _claim_and_recover(self):
        claim = (
            self.env["aftersales.carrier.claim"]
            .with_user(self.agent)
            .create(
                {
                    "carrier_id": self.carrier.id,
                    "ticket_id": self.case.id,
                    "amount_claimed": 100.0,
                }
            )
        )
        claim.action_submit()
        claim.action_accept()
        claim.amount_settled = 80.0
        claim.action_mark_paid()
        self.case.with_user(self.agent).aftersales_responsibility = "supplier"
        recovery = (
            self.env["aftersales.supplier.recovery"]
            .with_user(self.agent)
            .create(
                {
                    "ticket_id": self.case.id,
                    "amount_requested": 124.80,
                }
            )
        )
        self.assertEqual(recovery.supplier_id, self.vendor)
        recovery.action_claim()
        recovery.action_accept()
        recovery.amount_received = 59.99
        recovery.action_mark_received()

    def _costs(self, user):
        return self.case.with_user(user).read(list(COSTS))[0]

    def test_cost_of_a_case_to_the_cent(self):
        ra = self._dispose_and_ship()
        # a draft credit note refunds nothing yet
        self.assertEqual(self._costs(self.quality)["aftersales_cost_refund"], 0.0)
        ra.sudo().credit_note_ids.action_post()
        self.case.with_user(self.agent).aftersales_time_spent = 1.75
        self._claim_and_recover()
        self.env.flush_all()
        costs = self._costs(self.quality)
        self.assertEqual(
            {name: costs[name] for name in COSTS},
            {
                "aftersales_cost_refund": 200.00,
                "aftersales_cost_compensation": 0.0,
                "aftersales_cost_goods": 45.55,
                "aftersales_cost_shipping": 21.05,
                "aftersales_cost_scrap": 124.80,
                "aftersales_cost_handling": 64.40,
                "aftersales_cost_recovered": 139.99,
                # 200.00 + 45.55 + 21.05 + 124.80 + 64.40 - 139.99
                "aftersales_cost_total": 315.81,
            },
        )
        # the Case Analysis aggregates it by any dimension, as the quality manager
        report = self.env["aftersales.quality.kpi.report"].with_user(self.quality)
        domain = [("team_id", "=", self.team.id)]
        totals = report._aftersales_cost_totals(domain)
        self.assertEqual(totals["cases"], 1)
        self.assertAlmostEqual(totals["aftersales_cost_total"], 315.81, places=2)
        self.assertAlmostEqual(totals["aftersales_cost_recovered"], 139.99, places=2)
        [(responsibility, total)] = report._read_group(
            domain, ["responsibility"], ["aftersales_cost_total:sum"]
        )
        self.assertEqual(responsibility, "supplier")
        self.assertAlmostEqual(total, 315.81, places=2)
        # and the workbook lists it, with the totals
        today = fields.Date.today()
        data = (
            self.env["aftersales.quality.xlsx"]
            .with_user(self.quality)
            ._build(today - timedelta(days=1), today + timedelta(days=1), teams=self.team)
        )
        sheet = openpyxl.load_workbook(io.BytesIO(data))["Cost of Quality"]
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        self.assertEqual(len(rows), 2)
        case_row, total_row = rows
        self.assertEqual(case_row[0], self.case.number)
        self.assertEqual(case_row[3], self.company.currency_id.name)
        self.assertEqual(
            [round(v, 2) for v in case_row[4:]],
            [200.0, 0.0, 45.55, 21.05, 124.8, 64.4, 139.99, 315.81],
        )
        self.assertEqual(total_row[0], "Total")
        self.assertAlmostEqual(total_row[11], 315.81, places=2)

    def test_costs_are_the_servers_and_the_managements(self):
        self.case.with_user(self.agent).aftersales_time_spent = 2.0
        self.assertEqual(self._costs(self.manager)["aftersales_cost_handling"], 73.60)
        # the company's hourly cost reprices the time spent
        self.company.aftersales_handling_hourly_cost = 40.0
        self.assertEqual(self._costs(self.quality)["aftersales_cost_total"], 80.0)
        # an agent logs time but does not read what the case cost
        with self.assertRaises(AccessError):
            self.case.with_user(self.agent).read(["aftersales_cost_total"])
        # nobody writes a cost: not over RPC either
        for user, error in (
            (self.agent, AccessError),
            (self.manager, UserError),
            (self.quality, UserError),
        ):
            for name in ("aftersales_cost_total", "aftersales_cost_recovered"):
                with self.subTest(user=user.login, field=name), self.assertRaises(error):
                    self.case.with_user(user).write({name: 1.0})
        self.assertEqual(self._costs(self.quality)["aftersales_cost_total"], 80.0)
        # an issue of this case is ranked by what its cases cost
        # issues are proposed by the problem identification (the server)
        issue = (
            self.env["aftersales.quality.issue"]
            .sudo()
            .create(
                {
                    "name": "Kettles leaking",
                    "kpi": "volume",
                    "scope": "product",
                    "scope_res_id": self.kettle.id,
                    "product_id": self.kettle.id,
                    "period_start": fields.Datetime.now() - timedelta(days=7),
                    "period_end": fields.Datetime.now(),
                    "ticket_ids": [Command.set(self.case.ids)],
                }
            )
        )
        self.assertEqual(
            issue.with_user(self.quality).read(["aftersales_cost_total"])[0][
                "aftersales_cost_total"
            ],
            80.0,
        )
        self.company.aftersales_handling_hourly_cost = 45.0
        self.assertEqual(
            issue.with_user(self.manager).read(["aftersales_cost_total"])[0][
                "aftersales_cost_total"
            ],
            90.0,
        )
        with self.assertRaises(AccessError):
            issue.with_user(self.agent).read(["aftersales_cost_total"])
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.case.with_user(self.agent).aftersales_time_spent = -1.0

    def test_remedies_count_once(self):
        """A compensation carried out counts; a refund remedy does not, with returns
        installed: its credit note is the refund."""
        self.assertEqual(self.case.partner_id, self.customer)
        case = self.case.with_user(self.agent)
        case.write(
            {
                "aftersales_root_cause_id": self.env.ref(
                    "aftersales_flow.root_cause_product_defect"
                ).id,
                "aftersales_responsibility": "supplier",
                "aftersales_responsibility_basis": "Warranty",
                "aftersales_investigation_findings": "<p>Seam badly welded.</p>",
            }
        )
        action = case.action_new_resolution_plan()
        plan = self.env["aftersales.resolution.plan"].with_user(self.agent).browse(action["res_id"])
        plan.write(
            {
                "remedy_ids": [
                    Command.create({"remedy_type": "compensation", "amount": 15.25}),
                    Command.create({"remedy_type": "refund", "amount": 89.0}),
                ]
            }
        )
        plan.action_submit()
        plan.action_propose()
        self.env["aftersales.plan.response.wizard"].with_user(self.agent).create(
            {"plan_id": plan.id, "response": "accepted", "channel": "phone"}
        ).action_confirm()
        plan.action_execute()
        self.assertEqual(self._costs(self.quality)["aftersales_cost_compensation"], 0.0)
        for remedy in plan.remedy_ids:
            remedy.with_user(remedy.owner_id).action_mark_done()
        costs = self._costs(self.quality)
        self.assertEqual(
            (costs["aftersales_cost_compensation"], costs["aftersales_cost_refund"]), (15.25, 0.0)
        )
        self.assertEqual(costs["aftersales_cost_total"], 15.25)


@tagged("post_install", "-at_install")
class TestCostOfQualityHttp(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.aftersales_handling_hourly_cost = 30.0
        cls.agent = new_test_user(
            cls.env, login="cost_http_agent", groups="aftersales_flow.group_aftersales_user"
        )
        new_test_user(
            cls.env,
            login="cost_http_quality",
            groups="aftersales_quality.group_quality_manager",
        )
        cls.case = cls.env["helpdesk.ticket"].create(
            {
                "name": "Lid broken",
                "description": "The lid snapped.",
                "user_id": cls.agent.id,
            }
        )

    def _call(self, method, args):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/helpdesk.ticket/{method}",
            {"model": "helpdesk.ticket", "method": method, "args": args, "kwargs": {}},
        )

    def test_rpc_door(self):
        self.authenticate("cost_http_agent", "cost_http_agent")
        self.assertIs(self._call("write", [[self.case.id], {"aftersales_time_spent": 0.5}]), True)
        for name in ("aftersales_cost_total", "aftersales_cost_handling"):
            with self.subTest(field=name), self.assertRaises(JsonRpcException):
                self._call("write", [[self.case.id], {name: 0.0}])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call("read", [[self.case.id], ["aftersales_cost_total"]])
        self.authenticate("cost_http_quality", "cost_http_quality")
        [values] = self._call(
            "read", [[self.case.id], ["aftersales_cost_handling", "aftersales_cost_total"]]
        )
        self.assertEqual(
            (values["aftersales_cost_handling"], values["aftersales_cost_total"]), (15.0, 15.0)
        )
