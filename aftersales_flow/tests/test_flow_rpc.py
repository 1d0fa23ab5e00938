"""The flow over RPC, as its clients reach it: every public method answers something
XML-RPC can carry, and the guarded fields stay closed whatever the JSON-RPC door."""

import ast
import pathlib

from odoo.tests import JsonRpcException, tagged

from .common import AftersalesFlowHttpCommon

ADDON = pathlib.Path(__file__).resolve().parents[1]
# Methods of the ORM, the mail gateway and the rating API the flow overrides: their return
# values are the framework's own (records for create, a message for message_post…).
FRAMEWORK_METHODS = {
    "create",
    "write",
    "default_get",
    "message_new",
    "message_update",
    "message_post",
    "message_subscribe",
    "message_route",
    "rating_apply",
    "execute",
}


def _is_marshallable(value):
    return value is True or isinstance(value, dict)


@tagged("post_install", "-at_install")
class TestFlowRpc(AftersalesFlowHttpCommon):
    def test_public_methods_end_with_a_value(self):
        """Every public method of the flow's models and wizards returns a value on every
        path (a bare ``return`` or falling off the end gives None, which XML-RPC refuses)."""
        checked = []
        for path in sorted((ADDON / "models").glob("*.py")) + sorted(
            (ADDON / "wizards").glob("*.py")
        ):
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                if not isinstance(node, ast.ClassDef):
                    continue
                for method in node.body:
                    if (
                        not isinstance(method, ast.FunctionDef)
                        or method.name.startswith("_")
                        or method.name in FRAMEWORK_METHODS
                        or not node.name[:1].isupper()
                        or node.name.startswith("_")
                    ):
                        continue
                    checked.append(method.name)
                    with self.subTest(method=f"{path.name}:{method.name}"):
                        returns = [n for n in ast.walk(method) if isinstance(n, ast.Return)]
                        self.assertTrue(returns)
                        self.assertFalse([r for r in returns if r.value is None])
                        self.assertIsInstance(method.body[-1], ast.Return | ast.Raise)
        self.assertIn("action_mark_done", checked)
        self.assertIn("action_aftersales_acknowledge", checked)

    def test_public_methods_over_json_rpc(self):
        """The main buttons of the flow, called as the web client calls them."""
        self.authenticate("as_http_agent", "as_http_agent")
        case_id = self._rpc(
            "helpdesk.ticket",
            "create",
            {
                "name": "Mixer makes noise",
                "description": "<p>Grinding noise.</p>",
                "partner_id": self.customer.id,
                "team_id": self.team.id,
                "user_id": self.agent.id,
            },
        )
        results = {
            "acknowledge": self._rpc("helpdesk.ticket", "action_aftersales_acknowledge", [case_id]),
            "reclassify": self._rpc("helpdesk.ticket", "action_aftersales_reclassify", [case_id]),
            "duplicates": self._rpc(
                "helpdesk.ticket", "action_view_aftersales_duplicates", [case_id]
            ),
            "merge": self._rpc("helpdesk.ticket", "action_aftersales_merge_into", [case_id]),
        }
        action = self._rpc("helpdesk.ticket", "action_new_resolution_plan", [case_id])
        results["new plan"] = action
        plan_id = action["res_id"]
        self._rpc(
            "aftersales.resolution.plan",
            "write",
            [plan_id],
            {"remedy_ids": [(0, 0, {"remedy_type": "refund", "amount": 40.0})]},
        )
        results["plans"] = self._rpc("helpdesk.ticket", "action_view_resolution_plans", [case_id])
        for method in ("action_submit", "action_propose", "action_open_response_wizard"):
            results[method] = self._rpc("aftersales.resolution.plan", method, [plan_id])
        wizard_id = self._rpc(
            "aftersales.plan.response.wizard",
            "create",
            {"plan_id": plan_id, "response": "accepted", "channel": "phone"},
        )
        results["response"] = self._rpc(
            "aftersales.plan.response.wizard", "action_confirm", [wizard_id]
        )
        results["execute"] = self._rpc("aftersales.resolution.plan", "action_execute", [plan_id])
        remedy_ids = self._rpc("aftersales.remedy", "search", [("plan_id", "=", plan_id)])
        results["done"] = self._rpc("aftersales.remedy", "action_mark_done", remedy_ids)
        self._rpc("aftersales.resolution.plan", "write", [plan_id], {"result_summary": "Refunded."})
        results["result"] = self._rpc("aftersales.resolution.plan", "action_send_result", [plan_id])
        for name, result in results.items():
            with self.subTest(method=name):
                self.assertTrue(_is_marshallable(result), f"{name}: {result!r}")
        plan = self.env["aftersales.resolution.plan"].browse(plan_id)
        self.assertEqual(plan.state, "done")
        self.assertTrue(plan.ticket_id.closed)

    def test_guarded_fields_refused_over_json_rpc(self):
        case = self._case()
        plan = self._proposed_plan(case)
        timer = case.aftersales_sla_timer_ids[:1]
        self.authenticate("as_http_agent", "as_http_agent")
        attempts = [
            ("helpdesk.ticket", "write", [case.id], {"aftersales_low_satisfaction": True}),
            ("helpdesk.ticket", "write", [case.id], {"aftersales_intake_ack_state": "sent"}),
            ("helpdesk.ticket", "write", [case.id], {"aftersales_sla_status": "met"}),
            ("helpdesk.ticket", "write", [case.id], {"duplicate_id": case.id}),
            ("aftersales.resolution.plan", "write", [plan.id], {"state": "accepted"}),
            ("aftersales.resolution.plan", "web_save", [plan.id], {"state": "done"}),
            ("aftersales.remedy", "write", plan.remedy_ids.ids, {"state": "done"}),
            ("aftersales.sla.timer", "write", timer.ids, {"status": "met"}),
            (
                "aftersales.plan.response",
                "create",
                {"plan_id": plan.id, "response": "accepted", "channel": "phone"},
            ),
        ]
        for model, method, *args in attempts:
            with self.subTest(model=model, method=method, args=args):
                kwargs = {"specification": {}} if method == "web_save" else {}
                with self.assertRaises(JsonRpcException):
                    self._rpc(model, method, *args, **kwargs)
        case.invalidate_recordset()
        plan.invalidate_recordset()
        self.assertFalse(case.aftersales_low_satisfaction)
        self.assertFalse(case.duplicate_id)
        self.assertEqual(plan.state, "proposed")
        self.assertFalse(plan.response_ids)
        self.assertEqual(set(plan.remedy_ids.mapped("state")), {"todo"})
