import base64

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

RECOVERY = "aftersales.supplier.recovery"


class SupplierRecoveryData:
    @classmethod
    def _recovery_data(cls):
        cls.vendor = cls.env["res.partner"].create({"name": "Shenzhen Heating Elements Ltd"})
        cls.product = cls.env["product.product"].create(
            {
                "name": "Kettle 1.7L",
                "standard_price": 40.0,
                "list_price": 99.0,
                "seller_ids": [Command.create({"partner_id": cls.vendor.id, "price": 38.0})],
            }
        )
        cls.team = cls.env["helpdesk.ticket.team"].create({"name": "Kitchen appliances"})
        cls.agent = new_test_user(
            cls.env, login="srec_agent", groups="aftersales_flow.group_aftersales_user"
        )
        cls.team.user_ids = [Command.link(cls.agent.id)]
        cls.other_agent = new_test_user(
            cls.env, login="srec_other_agent", groups="aftersales_flow.group_aftersales_user"
        )
        cls.other_team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Phones",
                "user_ids": [Command.link(cls.other_agent.id)],
            }
        )
        cls.manager = new_test_user(
            cls.env, login="srec_manager", groups="aftersales_flow.group_aftersales_manager"
        )
        cls.inspector = new_test_user(
            cls.env, login="srec_inspector", groups="aftersales_returns.group_return_inspector"
        )
        cls.customer = cls.env["res.partner"].create({"name": "Wang Fang"})
        cls.case = cls.env["helpdesk.ticket"].create(
            {
                "name": "Kettle stops heating",
                "description": "Element dead after a week.",
                "partner_id": cls.customer.id,
                "team_id": cls.team.id,
                "user_id": cls.agent.id,
                "aftersales_product_id": cls.product.id,
            }
        )


@tagged("post_install", "-at_install")
class TestSupplierRecovery(SupplierRecoveryData, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._recovery_data()

    def _new_recovery(self, user=None):
        case = self.case.with_user(user or self.agent)
        action = case.action_view_aftersales_supplier_recoveries()
        return (
            self.env[RECOVERY]
            .with_user(user or self.agent)
            .with_context(**action["context"])
            .create({"amount_requested": 59.5})
        )

    def test_agent_claims_from_the_products_vendor(self):
        recovery = self._new_recovery()
        self.assertEqual(recovery.ticket_id, self.case)
        self.assertEqual(recovery.product_id, self.product)
        self.assertEqual(recovery.supplier_id, self.vendor)
        self.assertTrue(recovery.name.startswith("SREC/"))
        self.assertEqual(self.case.aftersales_supplier_recovery_count, 1)
        # only when the manufacturer or supplier is held responsible
        with self.assertRaisesRegex(UserError, "responsibility"):
            recovery.action_claim()
        self.case.with_user(self.agent).aftersales_responsibility = "supplier"
        recovery.evidence_ids = [
            Command.create(
                {
                    "name": "element.jpg",
                    "datas": base64.b64encode(b"photo"),
                    "res_model": RECOVERY,
                    "res_id": recovery.id,
                }
            )
        ]
        self.assertTrue(recovery.action_claim())
        self.assertEqual(recovery.state, "claimed")
        self.assertTrue(recovery.date_claimed)
        with self.assertRaisesRegex(UserError, "already sent"):
            recovery.action_claim()
        # what the vendor was sent is fixed, for the agent as for the manager
        for user in (self.agent, self.manager):
            for vals in ({"amount_requested": 590.0}, {"supplier_id": self.customer.id}):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(UserError):
                    recovery.with_user(user).write(vals)
        self.assertTrue(recovery.action_accept())
        with self.assertRaisesRegex(UserError, "amount received"):
            recovery.action_mark_received()
        recovery.amount_received = 50.25
        self.assertTrue(recovery.action_mark_received())
        self.assertEqual(recovery.state, "received")
        with self.assertRaises(UserError):
            recovery.with_user(self.manager).amount_received = 500.0
        self.assertEqual(recovery.amount_received, 50.25)

    def test_state_and_claim_date_only_through_the_buttons(self):
        recovery = self._new_recovery()
        for vals in ({"state": "received"}, {"date_claimed": "2026-01-01"}):
            for user in (self.agent, self.manager):
                with self.subTest(vals=vals, user=user.login), self.assertRaises(UserError):
                    recovery.with_user(user).write(vals)
            with self.subTest(vals=vals), self.assertRaises(UserError):
                self.env[RECOVERY].with_user(self.agent).create(dict(vals, ticket_id=self.case.id))
        self.assertEqual(recovery.state, "draft")
        with self.assertRaisesRegex(UserError, "only a claimed recovery"):
            recovery.action_accept()

    def test_access_follows_the_case(self):
        recovery = self._new_recovery()
        # an agent of another team neither reads nor files them
        with self.assertRaises(AccessError):
            recovery.with_user(self.other_agent).read(["amount_requested"])
        with self.assertRaises(AccessError):
            self.env[RECOVERY].with_user(self.other_agent).create({"ticket_id": self.case.id})
        # the inspector has nothing to do with them
        with self.assertRaises(AccessError):
            recovery.with_user(self.inspector).read(["amount_requested"])
        # only a manager deletes one
        with self.assertRaises(AccessError):
            recovery.with_user(self.agent).unlink()
        self.assertEqual(recovery.with_user(self.manager).amount_requested, 59.5)
        # a confidential case's recoveries: not for another agent of the team
        teammate = new_test_user(
            self.env, login="srec_teammate", groups="aftersales_flow.group_aftersales_user"
        )
        self.team.user_ids = [Command.link(teammate.id)]
        self.assertEqual(recovery.with_user(teammate).amount_requested, 59.5)
        self.case.aftersales_confidential = True
        recovery.invalidate_recordset()
        with self.assertRaises(AccessError):
            recovery.with_user(teammate).read(["amount_requested"])
        self.assertEqual(recovery.with_user(self.agent).amount_requested, 59.5)


@tagged("post_install", "-at_install")
class TestSupplierRecoveryHttp(SupplierRecoveryData, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._recovery_data()
        cls.case.aftersales_responsibility = "supplier"

    def _call(self, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{RECOVERY}/{method}",
            {"model": RECOVERY, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_rpc_door(self):
        self.authenticate("srec_agent", "srec_agent")
        recovery_id = self._call("create", [{"ticket_id": self.case.id, "amount_requested": 20.0}])
        recovery = self.env[RECOVERY].browse(recovery_id)
        self.assertEqual(recovery.supplier_id, self.vendor)
        # the state is not reachable by write over RPC, the button is
        with self.assertRaisesRegex(JsonRpcException, "UserError"):
            self._call("write", [[recovery_id], {"state": "received"}])
        self.assertEqual(recovery.state, "draft")
        self.assertIs(self._call("action_claim", [[recovery_id]]), True)
        with self.assertRaisesRegex(JsonRpcException, "UserError"):
            self._call("write", [[recovery_id], {"amount_requested": 2000.0}])
        recovery.invalidate_recordset()
        self.assertEqual((recovery.state, recovery.amount_requested), ("claimed", 20.0))
        # an agent of another team does not reach it
        self.authenticate("srec_other_agent", "srec_other_agent")
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call("action_accept", [[recovery_id]])
        recovery.invalidate_recordset()
        self.assertEqual(recovery.state, "claimed")
