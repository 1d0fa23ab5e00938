from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import QualityCommon

NOVEMBER = {"date_from": "2026-11-01", "date_to": "2026-11-30"}


@tagged("post_install", "-at_install")
class TestQualityDashboardCost(QualityCommon):
    """The cost card of the dashboard on five cases around the cut between October
    and November 2026 (Shanghai UTC+8, New York UTC-4 then UTC-5), handling at 30 an
    hour and remedies carried out:

    ====  ====================  =====  =====  ==========================  =====
    case  received (UTC)        team   categ  costs                       total
    ====  ====================  =====  =====  ==========================  =====
    c1    Mon 2 Nov 10:00       team   A      2 h, comp. 100, price 25    185
    c2    Tue 10 Nov 10:00      team2  B      1 h, repair 40              70
    c3    Thu 15 Oct 10:00      team   A      compensation 50             50
    c4    Sat 31 Oct 20:00      team   A      compensation 20             20
    c5    Tue 1 Dec 02:00       team2  B      compensation 10             10
    ====  ====================  =====  =====  ==========================  =====

    Shanghai's November holds c1, c2, c4 (275; October: c3, 50), New York's c1, c2,
    c5 (265; October: c3, c4, 70). A remedy still to do costs nothing yet, and a case
    of another company the quality manager may not read is not counted.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        dt = cls.dt
        cls.company.aftersales_handling_hourly_cost = 30.0
        cls.team2 = cls.env["helpdesk.ticket.team"].create(
            {"name": "Cost Second Team", "company_id": cls.company.id}
        )
        layout = [
            ("c1", dt(2026, 11, 2, 10), cls.team, cls.cat_a, 2.0, [("compensation", 100.0)]),
            ("c2", dt(2026, 11, 10, 10), cls.team2, cls.cat_b, 1.0, [("repair", 40.0)]),
            ("c3", dt(2026, 10, 15, 10), cls.team, cls.cat_a, 0.0, [("compensation", 50.0)]),
            ("c4", dt(2026, 10, 31, 20), cls.team, cls.cat_a, 0.0, [("compensation", 20.0)]),
            ("c5", dt(2026, 12, 1, 2), cls.team2, cls.cat_b, 0.0, [("compensation", 10.0)]),
        ]
        for name, received, team, category, hours, remedies in layout:
            case = cls._ticket(
                received,
                name=name,
                team_id=team.id,
                category_id=category.id,
                aftersales_time_spent=hours,
            )
            cls._remedies(case, [(kind, amount, "done") for kind, amount in remedies])
            setattr(cls, name, case)
        cls._remedies(cls.c1, [("price_adjustment", 25.0, "done"), ("compensation", 999.0, "todo")])
        # a case of another company, unreadable for the quality manager
        other = cls.env["helpdesk.ticket"].create(
            {
                "name": "Other company's case",
                "description": "generated",
                "company_id": cls.env.ref("base.main_company").id,
                "category_id": cls.cat_a.id,
                "aftersales_received_at": dt(2026, 11, 5, 10),
            }
        )
        cls._remedies(other, [("compensation", 1000.0, "done")])
        cls.env.flush_all()
        cls.Board = cls.env["aftersales.quality.dashboard"]

    @classmethod
    def _remedies(cls, case, remedies):
        cls.env["aftersales.resolution.plan"].create(
            {
                "ticket_id": case.id,
                "remedy_ids": [
                    Command.create({"remedy_type": kind, "amount": amount, "state": state})
                    for kind, amount, state in remedies
                ],
            }
        )

    def _board(self, tz):
        self.quality_manager.tz = tz
        return self.Board.with_env(self._as(self.quality_manager))

    def test_batch_recompute_mixes_costly_and_cost_free_cases(self):
        """One recomputation over cases with costs and a case without any (set in one
        go): each keeps its own figures, the cost-free one all zeros."""
        free = self._ticket(self.dt(2026, 11, 3, 9), name="no cost")
        # the hourly cost is a dependency of every case's cost: all recomputed together
        self.company.aftersales_handling_hourly_cost = 60.0
        self.env.flush_all()
        self.env.invalidate_all()
        cases = (
            (self.c1 | self.c2 | self.c3 | free)
            .with_user(self.quality_manager)
            .with_context(allowed_company_ids=self.company.ids)
        )
        self.assertEqual(cases.mapped("aftersales_cost_total"), [245.0, 100.0, 50.0, 0.0])
        self.assertEqual(cases.mapped("aftersales_cost_handling"), [120.0, 60.0, 0.0, 0.0])
        self.assertEqual(cases.mapped("aftersales_cost_compensation"), [125.0, 40.0, 50.0, 0.0])
        for name in ("refund", "goods", "shipping", "scrap", "recovered"):
            self.assertFalse(any(cases.mapped(f"aftersales_cost_{name}")), name)

    def test_cost_card_in_two_time_zones(self):
        """Total, previous period, change and breakdown, by hand, where the reader is."""
        expected = {
            # tz: (total, previous, compensation, handling, categories by cost)
            "Asia/Shanghai": (
                275.0,
                50.0,
                185.0,
                90.0,
                [(self.cat_a, 205.0, 2), (self.cat_b, 70.0, 1)],
            ),
            "America/New_York": (
                265.0,
                70.0,
                175.0,
                90.0,
                [(self.cat_a, 185.0, 1), (self.cat_b, 80.0, 2)],
            ),
        }
        for tz, (total, previous, compensation, handling, top) in expected.items():
            with self.subTest(tz=tz):
                cost = self._board(tz).get_dashboard_data(dict(NOVEMBER))["cost"]
                self.assertEqual(cost["key"], "cost")
                self.assertEqual(cost["better"], "down")
                self.assertAlmostEqual(cost["value"], total)
                self.assertAlmostEqual(cost["previous"], previous)
                self.assertAlmostEqual(cost["delta"], total - previous)
                parts = {part["key"]: part["value"] for part in cost["breakdown"]}
                self.assertAlmostEqual(parts.pop("aftersales_cost_compensation"), compensation)
                self.assertAlmostEqual(parts.pop("aftersales_cost_handling"), handling)
                # the rest is nothing here (recovered would count negative)
                self.assertFalse(any(parts.values()), parts)
                categories = next(dim for dim in cost["top"] if dim["field"] == "category_id")
                self.assertEqual(
                    [(row["id"], row["value"], row["cases"]) for row in categories["rows"]],
                    [(category.id, amount, n) for category, amount, n in top],
                )

    def test_filters_apply_to_the_cost(self):
        """The team filter narrows the cost and the previous period's alike."""
        board = self._board("Asia/Shanghai")
        cost = board.get_dashboard_data({**NOVEMBER, "team_ids": self.team.ids})["cost"]
        self.assertAlmostEqual(cost["value"], 205.0)  # c1, c4
        self.assertAlmostEqual(cost["previous"], 50.0)  # c3
        cost = board.get_dashboard_data({**NOVEMBER, "category_ids": self.cat_b.ids})["cost"]
        self.assertAlmostEqual(cost["value"], 70.0)  # c2
        self.assertAlmostEqual(cost["previous"], 0.0)

    def test_drill_down_to_the_case_analysis(self):
        """The card and each category open the Case Analysis of the cases that cost
        something, grouped accordingly, the period and the filters in the domain."""
        board = self._board("America/New_York")
        env = board.env
        Report = env["aftersales.quality.kpi.report"]
        action = board.action_open_dashboard_card(dict(NOVEMBER), "cost")
        self.assertEqual(action["res_model"], "aftersales.quality.kpi.report")
        self.assertEqual(action["views"][0][1], "pivot")
        self.assertIn("2026-11-01 → 2026-11-30", action["name"])
        self.assertEqual(Report.search(action["domain"]).ticket_id, self.c1 | self.c2 | self.c5)
        self.assertIn("aftersales_cost_total", action["context"]["pivot_measures"])
        action = board.action_open_dashboard_card(
            {**NOVEMBER, "team_ids": self.team2.ids}, "cost:category_id"
        )
        self.assertEqual(action["context"]["pivot_row_groupby"], ["category_id"])
        self.assertEqual(action["context"]["group_by"], ["category_id"])
        self.assertIn("Cost Second Team", action["name"])
        self.assertEqual(Report.search(action["domain"]).ticket_id, self.c2 | self.c5)
        action = board.action_open_dashboard_card(
            dict(NOVEMBER), f"cost:category_id:{self.cat_a.id}"
        )
        self.assertIn(self.cat_a.display_name, action["name"])
        self.assertEqual(Report.search(action["domain"]).ticket_id, self.c1)
        for bad in (
            "cost:partner_id",
            "cost:category_id:x",
            "cost:category_id:987654321",
            "cost:a:b:c",
        ):
            with self.subTest(bad=bad), self.assertRaises(UserError):
                board.action_open_dashboard_card(dict(NOVEMBER), bad)
