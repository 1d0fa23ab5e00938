from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.aftersales_quality.tests.common import QualityCommon
from odoo.addons.aftersales_quality.tools import stats


@tagged("post_install", "-at_install")
class TestQualityMonitoringRates(QualityCommon):
    """Complaints per order, per product: weekly periods, four of reference, at
    least 5 cases. The orders are the product's confirmed sales orders of each
    week; a product whose cases rise with its sales is no problem."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._weekly_identification()
        cls.customer = cls.env["res.partner"].create({"name": "Rate customer"})
        cls.worse, cls.steady, cls.selling = cls.env["product.product"].create(
            [{"name": "Worse kettle"}, {"name": "Steady kettle"}, {"name": "Selling kettle"}]
        )
        rules = cls.env["aftersales.quality.monitor.rule"].search([])
        rules.active = False
        cls.rule = cls.env["aftersales.quality.monitor.rule"].create(
            {"name": "Complaints per order", "kpi": "complaints_per_order", "scope": "product"}
        )
        # (product, [orders per week, oldest first], [cases per week, oldest first])
        plan = [
            (cls.worse, [10, 10, 10, 10, 10], [1, 1, 1, 1, 7]),
            (cls.steady, [10, 10, 10, 10, 10], [1, 1, 1, 1, 1]),
            (cls.selling, [2, 2, 2, 2, 12], [1, 1, 1, 1, 6]),
        ]
        orders = []
        for product, order_counts, case_counts in plan:
            for index, (n_orders, n_cases) in enumerate(
                zip(order_counts, case_counts, strict=True)
            ):
                week = 4 - index
                orders += [
                    {
                        "partner_id": cls.customer.id,
                        "company_id": cls.company.id,
                        "state": "sale",
                        "date_order": cls._at(week, n),
                        "order_line": [
                            fields.Command.create(
                                {"product_id": product.id, "product_uom_qty": 1, "price_unit": 10}
                            )
                        ],
                    }
                    for n in range(n_orders)
                ]
                for n in range(n_cases):
                    cls._ticket(cls._at(week, n), aftersales_product_id=product.id)
        cls.env["sale.order"].create(orders)
        cls.env.flush_all()

    @classmethod
    def _at(cls, week, n):
        return cls.now - timedelta(days=7 * week + 1, hours=n)

    def test_complaints_per_order(self):
        env = self._as(self.quality_manager)
        action = env["aftersales.quality.monitor.rule"].action_identify_problems()
        issue = env["aftersales.quality.issue"].search(action["domain"])
        self.assertEqual(len(issue), 1)
        self.assertEqual((issue.kpi, issue.product_id), ("complaints_per_order", self.worse))
        self.assertEqual(issue.stat_test, "poisson")
        # 7 cases on 10 orders against 4 on 40: P(X >= 7), Binomial(11, 10 / 50)
        self.assertAlmostEqual(issue.current_value, 0.7)
        self.assertAlmostEqual(issue.reference_average, 0.1)
        self.assertAlmostEqual(issue.p_value, stats.binom_sf(7, 11, 0.2), places=9)
        self.assertEqual(issue.trend, "0.10 → 0.10 → 0.10 → 0.10 → 0.70")
        # the plan of such an issue is judged on the complaints per order
        plan = env["aftersales.quality.plan"].browse(issue.action_accept()["res_id"])
        self.assertEqual(plan.kpi, "complaints_per_order")

    def test_volume_alone_would_have_raised_the_selling_product(self):
        """The same cases judged on their volume: the selling kettle's rise (1 → 6 a
        week) is raised, though its cases per order did not change."""
        self.rule.kpi = "volume"
        env = self._as(self.quality_manager)
        action = env["aftersales.quality.monitor.rule"].action_identify_problems()
        issues = env["aftersales.quality.issue"].search(action["domain"])
        self.assertEqual(issues.product_id, self.worse | self.selling)
