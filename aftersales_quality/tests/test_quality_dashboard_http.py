from datetime import datetime, time, timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException


@tagged("post_install", "-at_install")
class TestQualityDashboardHttp(HttpCase):
    """The dashboard through the web client's doors: JSON-RPC and the browser."""

    browser_size = "1440x900"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quality = new_test_user(
            cls.env,
            login="dash_quality",
            groups="aftersales_quality.group_quality_manager",
            tz="UTC",
        )
        cls.agent = new_test_user(
            cls.env, login="dash_agent", groups="aftersales_flow.group_aftersales_user"
        )
        cls.team = cls.env["helpdesk.ticket.team"].create({"name": "Tour Dashboard Team"})
        # two cases received on the 15th of last month, one today
        today = fields.Date.context_today(cls.quality)
        cls.last_month_day = (today.replace(day=1) - timedelta(days=1)).replace(day=15)
        noon = datetime.combine(cls.last_month_day, time(12))
        cls.cases = cls.env["helpdesk.ticket"].create(
            [
                {
                    "name": "Tour dashboard case",
                    "description": "generated",
                    "team_id": cls.team.id,
                    "aftersales_received_at": received,
                }
                for received in (noon, noon + timedelta(hours=1), fields.Datetime.now())
            ]
        )
        # what last month's two cases cost: their handling time at 50 an hour
        cls.category = cls.env["helpdesk.ticket.category"].create({"name": "Tour Cost Category"})
        cls.cases[0].company_id.aftersales_handling_hourly_cost = 50.0
        cls.cases[:2].category_id = cls.category
        cls.cases[0].aftersales_time_spent = 1.5
        cls.cases[1].aftersales_time_spent = 2.0

    def _last_month_filters(self):
        """The dashboard's filters: last month up to the cases' day, the test team."""
        day = self.last_month_day
        return {
            "date_from": day.replace(day=1).isoformat(),
            "date_to": day.isoformat(),
            "team_ids": self.team.ids,
        }

    def _call(self, method, *args):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/aftersales.quality.dashboard/{method}",
            {
                "model": "aftersales.quality.dashboard",
                "method": method,
                "args": list(args),
                "kwargs": {"context": {"tz": "UTC"}},
            },
        )

    def test_rpc(self):
        """The web client's call: the figures, a drill-down, and bad input as a
        clear error, for the quality manager only."""
        self.authenticate("dash_quality", "dash_quality")
        day = self.last_month_day
        filters = self._last_month_filters()
        data = self._call("get_dashboard_data", filters)
        kpis = {kpi["key"]: kpi for kpi in data["kpis"]}
        self.assertEqual(kpis["cases"]["value"], 2)
        self.assertEqual(kpis["cases"]["previous"], 0)
        self.assertEqual(kpis["cases"]["delta"], 2)
        self.assertEqual(data["period"]["date_from"], filters["date_from"])
        self.assertIn(
            {"id": self.team.id, "name": "Tour Dashboard Team"}, data["options"]["team_ids"]
        )
        action = self._call("action_open_dashboard_card", filters, "cases")
        self.assertIn(f"{filters['date_from']} → {filters['date_to']}", action["name"])
        self.assertIn("Tour Dashboard Team", action["name"])
        for bad in (
            {**filters, "date_from": day.isoformat(), "date_to": day.replace(day=1).isoformat()},
            {**filters, "date_to": "someday"},
            {**filters, "team_ids": [987654321]},
            {**filters, "team_ids": "mine"},
            "last month",
        ):
            with self.subTest(bad=bad), self.assertRaises(JsonRpcException) as raised:
                self._call("get_dashboard_data", bad)
            self.assertIn(
                raised.exception.args[0],
                ("odoo.exceptions.UserError", "odoo.exceptions.ValidationError"),
            )
        self.authenticate("dash_agent", "dash_agent")
        with self.assertRaises(JsonRpcException) as raised:
            self._call("get_dashboard_data", filters)
        self.assertEqual(raised.exception.args[0], "odoo.exceptions.AccessError")

    def test_rpc_cost(self):
        """The cost card and its drill-down through the web client's call."""
        self.authenticate("dash_quality", "dash_quality")
        filters = self._last_month_filters()
        cost = self._call("get_dashboard_data", filters)["cost"]
        self.assertAlmostEqual(cost["value"], 175.0)  # 1.5 h + 2 h at 50
        self.assertAlmostEqual(cost["previous"], 0.0)
        [categories] = [dim for dim in cost["top"] if dim["field"] == "category_id"]
        self.assertEqual(
            categories["rows"],
            [{"id": self.category.id, "name": "Tour Cost Category", "value": 175.0, "cases": 2}],
        )
        action = self._call(
            "action_open_dashboard_card", filters, f"cost:category_id:{self.category.id}"
        )
        self.assertIn("Tour Cost Category", action["name"])
        self.assertIn("Tour Dashboard Team", action["name"])
        self.assertEqual(action["context"]["pivot_row_groupby"], ["category_id"])
        for bad in ("cost:user_id", "cost:category_id:mine", ["cost"]):
            with self.subTest(bad=bad), self.assertRaises(JsonRpcException) as raised:
                self._call("action_open_dashboard_card", filters, bad)
            self.assertEqual(raised.exception.args[0], "odoo.exceptions.UserError")

    def test_tour(self):
        """From the menu: a titled dashboard, a chart, last month's figures for a
        team, and a drill-down that names the period and the team."""
        self.start_tour("/odoo", "aftersales_quality_dashboard_tour", login="dash_quality")
