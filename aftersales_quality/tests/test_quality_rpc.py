from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException


@tagged("post_install", "-at_install")
class TestQualityRpc(HttpCase):
    """The real doors: the web client's call_kw (JSON-RPC) and XML-RPC, as the
    exact roles. Buttons answer True or an action (XML-RPC cannot marshal None),
    guarded fields and bad input answer a clear error, never a server error."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quality = new_test_user(
            cls.env, login="rpc_quality", groups="aftersales_quality.group_quality_manager"
        )
        cls.agent = new_test_user(
            cls.env, login="rpc_agent", groups="aftersales_flow.group_aftersales_user"
        )
        cls.category = cls.env["helpdesk.ticket.category"].create({"name": "RPC category"})
        cls.plans = cls.env["aftersales.quality.plan"].create(
            [
                {
                    "name": f"RPC plan {index}",
                    "problem": "Parcels crushed",
                    "category_id": cls.category.id,
                    "action_ids": [
                        Command.create(
                            {
                                "name": f"RPC action {index}",
                                "user_id": cls.agent.id,
                                "date_deadline": fields.Date.today() + timedelta(days=7),
                            }
                        )
                    ],
                }
                for index in range(2)
            ]
        )
        now = fields.Datetime.now()
        cls.issue = cls.env["aftersales.quality.issue"].create(
            {
                "name": "RPC issue",
                "scope": "category",
                "scope_res_id": cls.category.id,
                "category_id": cls.category.id,
                "period_start": now - timedelta(days=7),
                "period_end": now,
            }
        )
        cls.praise = cls.env["helpdesk.ticket"].create(
            {
                "name": "RPC praise",
                "description": "Thank you",
                "aftersales_case_kind": "praise",
                "user_id": cls.agent.id,
            }
        )

    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def _refused(self, error_name, model, method, *args, **kwargs):
        with self.assertRaises(JsonRpcException) as caught:
            self._call(model, method, *args, **kwargs)
        self.assertEqual(caught.exception.args[0], error_name)

    def test_buttons_answer_true(self):
        plan, other = self.plans
        self.authenticate("rpc_quality", "rpc_quality")
        Plan, Action = "aftersales.quality.plan", "aftersales.quality.action"
        self.assertIs(self._call(Plan, "action_plan", plan.ids), True)
        self.assertIs(self._call(Plan, "action_start", plan.ids), True)
        self.assertIs(self._call(Action, "action_start", plan.action_ids.ids), True)
        self.assertIs(self._call(Action, "action_done", plan.action_ids.ids), True)
        self.assertIs(self._call(Plan, "action_implement", plan.ids), True)
        # evaluated once its window has passed (implemented 30 days ago)
        plan.sudo().implemented_date = fields.Datetime.now() - timedelta(days=30, minutes=1)
        self.assertIs(self._call(Plan, "action_evaluate", plan.ids), True)
        self.assertIs(self._call(Plan, "action_close", plan.ids), True)
        self.assertIs(self._call(Action, "action_cancel", other.action_ids.ids), True)
        self.assertIs(self._call(Plan, "action_cancel", other.ids), True)
        self.assertIs(self._call(Plan, "action_reset", other.ids), True)
        # issue and feedback: the reason in the form, then the button
        Issue, Ticket = "aftersales.quality.issue", "helpdesk.ticket"
        self.assertIs(self._call(Issue, "write", self.issue.ids, {"dismiss_reason": "Known"}), True)
        self.assertIs(self._call(Issue, "action_dismiss", self.issue.ids), True)
        self.assertIs(
            self._call(
                Ticket, "write", self.praise.ids, {"aftersales_quality_dismiss_reason": "Thanked"}
            ),
            True,
        )
        self.assertIs(self._call(Ticket, "action_quality_dismiss", self.praise.ids), True)
        self.env.invalidate_all()
        self.assertEqual(plan.state, "closed")
        self.assertEqual(plan.action_ids.state, "done")
        self.assertEqual(other.state, "draft")
        self.assertEqual(self.issue.state, "dismissed")
        self.assertEqual(self.issue.decided_by_id, self.quality)
        self.assertEqual(self.praise.aftersales_quality_feedback_state, "dismissed")

    def test_xmlrpc_marshals_the_answer(self):
        plan = self.plans[1]
        uid = self.quality.id
        result = self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            uid,
            "rpc_quality",
            "aftersales.quality.plan",
            "action_cancel",
            [plan.ids],
        )
        self.assertIs(result, True)
        self.env.invalidate_all()
        self.assertEqual(plan.state, "cancelled")

    def test_guarded_fields_refused_over_rpc(self):
        plan = self.plans[0]
        action = plan.action_ids
        self.authenticate("rpc_agent", "rpc_agent")
        Ticket = "helpdesk.ticket"
        self._refused(
            "odoo.exceptions.UserError",
            Ticket,
            "write",
            self.praise.ids,
            {"aftersales_quality_feedback_state": "dismissed"},
        )
        self._refused(
            "odoo.exceptions.AccessError",
            Ticket,
            "write",
            self.praise.ids,
            {"aftersales_quality_dismiss_reason": "Not worth it"},
        )
        self._refused(
            "odoo.exceptions.AccessError", Ticket, "action_quality_dismiss", self.praise.ids
        )
        # an owner without the quality role changes nothing on the action by hand
        self._refused(
            "odoo.exceptions.AccessError",
            "aftersales.quality.action",
            "write",
            action.ids,
            {"state": "done"},
        )
        # the owner completes the action with its button
        self.assertIs(self._call("aftersales.quality.action", "action_done", action.ids), True)

        self.authenticate("rpc_quality", "rpc_quality")
        self._refused(
            "odoo.exceptions.UserError",
            "aftersales.quality.plan",
            "write",
            plan.ids,
            {"state": "closed"},
        )
        self._refused(
            "odoo.exceptions.UserError",
            "aftersales.quality.issue",
            "write",
            self.issue.ids,
            {"state": "accepted"},
        )
        self.env.invalidate_all()
        self.assertEqual(self.praise.aftersales_quality_feedback_state, "to_review")
        self.assertFalse(self.praise.aftersales_quality_dismiss_reason)
        self.assertEqual(plan.state, "draft")
        self.assertEqual(self.issue.state, "proposed")
        self.assertEqual(action.state, "done")

    def test_bad_input_answers_a_clear_error(self):
        self.authenticate("rpc_quality", "rpc_quality")
        invalid = "odoo.exceptions.ValidationError"
        for model in (
            "aftersales.quality.xlsx.wizard",
            "aftersales.quality.dashboard",
            "aftersales.quality.staff.review",
        ):
            extra = {"user_id": self.agent.id} if model.endswith("review") else {}
            for dates in (
                {"date_from": "2026-13-45", "date_to": "2026-03-31"},
                {"date_from": "2026-03-01", "date_to": "yesterday"},
                {"date_from": "2026-03-31", "date_to": "2026-03-01"},
                {"date_from": "2026-03-01", "date_to": "9999-12-31"},
            ):
                with self.subTest(model=model, dates=dates):
                    self._refused(invalid, model, "create", {**dates, **extra})
        plan = self.plans[0]
        for vals in ({"evaluation_days": 10**7}, {"evaluation_days": 0}, {"target_reduction": 150}):
            with self.subTest(vals=vals):
                self._refused(invalid, "aftersales.quality.plan", "write", plan.ids, vals)
        # a good period goes through
        wizard_id = self._call(
            "aftersales.quality.xlsx.wizard",
            "create",
            {"date_from": "2026-03-01", "date_to": "2026-03-31"},
        )
        action = self._call("aftersales.quality.xlsx.wizard", "action_export", [wizard_id])
        self.assertEqual(action["type"], "ir.actions.act_url")

    def test_settings_out_of_range_answer_a_clear_error(self):
        """Quality settings the analysis cannot work with (an overflowing period,
        a negative minimum, a rating out of the 1-5 scale) are refused."""
        self.authenticate("admin", "admin")
        company = self.env.company
        for vals in (
            {"aftersales_quality_period_days": 0},
            {"aftersales_quality_period_days": 10**6},
            {"aftersales_quality_history_periods": 10**6},
            {"aftersales_quality_min_cases": -1},
            {"aftersales_quality_satisfied_rating": 7},
        ):
            with self.subTest(vals=vals):
                self._refused(
                    "odoo.exceptions.ValidationError", "res.company", "write", company.ids, vals
                )
        self.assertIs(
            self._call("res.company", "write", company.ids, {"aftersales_quality_period_days": 14}),
            True,
        )
