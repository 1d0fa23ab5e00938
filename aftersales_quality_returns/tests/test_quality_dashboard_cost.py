from odoo import Command
from odoo.tests import tagged

from odoo.addons.aftersales_quality.tests.common import QualityCommon

NOVEMBER = {"date_from": "2026-11-01", "date_to": "2026-11-30"}


@tagged("post_install", "-at_install")
class TestQualityDashboardCostByCarrier(QualityCommon):
    """The cost card by carrier (a case counts for the carrier of its first claim):

    ====  ===========  ========================================  =====
    case  carrier      costs                                     total
    ====  ===========  ========================================  =====
    k1    Swift        compensation 100, claim paid 30            70
    k2    Swift        compensation 50, claim rejected            50
    k3    Slow         compensation 200                          200
    k4    none         compensation 10                            10
    ====  ===========  ========================================  =====

    All received on 10 November 2026 (UTC): 330 in the period, 30 recovered.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.swift, cls.slow = cls.env["res.partner"].create(
            [{"name": "Swift Cost Parcels"}, {"name": "Slow Cost Freight"}]
        )
        layout = [
            ("k1", cls.swift, 100.0, ("paid", 30.0)),
            ("k2", cls.swift, 50.0, ("rejected", 0.0)),
            ("k3", cls.slow, 200.0, None),
            ("k4", None, 10.0, None),
        ]
        for hour, (name, carrier, amount, claim) in enumerate(layout):
            case = cls._ticket(cls.dt(2026, 11, 10, 8 + hour), name=name, category_id=cls.cat_a.id)
            cls.env["aftersales.resolution.plan"].create(
                {
                    "ticket_id": case.id,
                    "remedy_ids": [
                        Command.create(
                            {"remedy_type": "compensation", "amount": amount, "state": "done"}
                        )
                    ],
                }
            )
            if carrier:
                state, settled = claim or ("draft", 0.0)
                cls.env["aftersales.carrier.claim"].create(
                    {
                        "carrier_id": carrier.id,
                        "ticket_id": case.id,
                        "company_id": cls.company.id,
                        "claim_type": "damaged",
                        "amount_claimed": 40.0,
                    }
                ).write({"state": state, "amount_settled": settled})
            setattr(cls, name, case)
        cls.env.flush_all()

    def test_cost_by_carrier(self):
        self.quality_manager.tz = "UTC"
        board = self.env["aftersales.quality.dashboard"].with_env(self._as(self.quality_manager))
        cost = board.get_dashboard_data(dict(NOVEMBER))["cost"]
        self.assertAlmostEqual(cost["value"], 330.0)
        parts = {part["key"]: part["value"] for part in cost["breakdown"]}
        self.assertAlmostEqual(parts["aftersales_cost_compensation"], 360.0)
        self.assertAlmostEqual(parts["aftersales_cost_recovered"], -30.0)  # subtracted
        top = {dim["field"]: dim for dim in cost["top"]}
        self.assertEqual(list(top), ["carrier_id", "category_id"])  # carriers first
        self.assertEqual(
            [(row["id"], row["value"], row["cases"]) for row in top["carrier_id"]["rows"]],
            [(self.slow.id, 200.0, 1), (self.swift.id, 120.0, 2)],
        )
        action = board.action_open_dashboard_card(dict(NOVEMBER), "cost:carrier_id")
        self.assertEqual(action["context"]["pivot_row_groupby"], ["carrier_id"])
        report = board.env["aftersales.quality.kpi.report"]
        self.assertEqual(report.search(action["domain"]).ticket_id, self.k1 | self.k2 | self.k3)
        action = board.action_open_dashboard_card(
            dict(NOVEMBER), f"cost:carrier_id:{self.swift.id}"
        )
        self.assertIn("Swift Cost Parcels", action["name"])
        self.assertEqual(report.search(action["domain"]).ticket_id, self.k1 | self.k2)
