from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.aftersales_quality.tests.common import QualityCommon
from odoo.addons.aftersales_quality.tools import stats


@tagged("post_install", "-at_install")
class TestPlanPerOrder(QualityCommon):
    """A plan on a product implemented 30 days ago: 12 cases on 20 orders in the 30
    days before, 12 cases on 60 orders after. The complaints per order fell from 0.6
    to 0.2 while the case volume did not move."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        cls.pivot = now - timedelta(days=30)
        cls.customer = cls.env["res.partner"].create({"name": "Plan customer"})
        cls.product, cls.other = cls.env["product.product"].create(
            [{"name": "Plan toaster"}, {"name": "Other toaster"}]
        )
        orders = []
        for days, n_orders in ((-15, 20), (15, 60)):
            when = cls.pivot + timedelta(days=days)
            orders += [
                {
                    "partner_id": cls.customer.id,
                    "company_id": cls.company.id,
                    "state": "sale",
                    "date_order": when - timedelta(minutes=n),
                    "order_line": [
                        Command.create(
                            {"product_id": cls.product.id, "product_uom_qty": 1, "price_unit": 10}
                        )
                    ],
                }
                for n in range(n_orders)
            ]
        # another product's orders count for neither side
        orders.append(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "state": "sale",
                "date_order": cls.pivot - timedelta(days=2),
                "order_line": [
                    Command.create(
                        {"product_id": cls.other.id, "product_uom_qty": 1, "price_unit": 1}
                    )
                ],
            }
        )
        cls.env["sale.order"].create(orders)
        for n in range(12):
            cls._ticket(cls.pivot - timedelta(days=1 + 2 * n), aftersales_product_id=cls.product.id)
            cls._ticket(cls.pivot + timedelta(days=1 + 2 * n), aftersales_product_id=cls.product.id)
        cls.issue = cls.env["aftersales.quality.issue"].create(
            {
                "name": "Toaster complaints per order",
                "kpi": "complaints_per_order",
                "scope": "product",
                "scope_res_id": cls.product.id,
                "product_id": cls.product.id,
                "period_start": cls.pivot - timedelta(days=7),
                "period_end": cls.pivot,
                "company_id": cls.company.id,
            }
        )
        cls.env.flush_all()

    def _implemented_plan(self):
        env = self._as(self.quality_manager)
        issue = env["aftersales.quality.issue"].browse(self.issue.id)
        plan = env["aftersales.quality.plan"].browse(issue.action_accept()["res_id"])
        # implemented 30 days ago (the workflow's own dates, written as the server)
        plan.sudo().write({"state": "implemented", "implemented_date": self.pivot})
        return plan

    def test_plan_judged_on_complaints_per_order(self):
        plan = self._implemented_plan()
        self.assertEqual(plan.kpi, "complaints_per_order")  # the KPI that raised the issue
        plan.action_evaluate()
        self.assertEqual(plan.state, "evaluated")
        self.assertEqual((plan.before_kpi_sample, plan.after_kpi_sample), (12, 12))
        self.assertAlmostEqual(plan.before_kpi_value, 0.6)
        self.assertAlmostEqual(plan.after_kpi_value, 0.2)
        self.assertAlmostEqual(plan.kpi_change_percent, -200 / 3)
        self.assertEqual(plan.evaluation_test, "poisson")
        # did it fall? 12 of the 24 cases after, on 60 of the 80 orders
        expected = stats.rate_drop_test(12, 60, 12, 20).p_value
        self.assertAlmostEqual(plan.evaluation_p_value, expected, places=9)
        self.assertAlmostEqual(plan.evaluation_confidence, stats.confidence(expected))
        self.assertEqual(plan.evaluation_result, "effective")
        self.assertIn("Complaints per Order went from 0.60 to 0.20", plan.evaluation_verdict)

    def test_the_same_plan_on_the_volume_is_not_effective(self):
        plan = self._implemented_plan()
        plan.kpi = "volume"
        plan.action_evaluate()
        self.assertEqual((plan.before_kpi_value, plan.after_kpi_value), (0.4, 0.4))
        self.assertEqual(plan.evaluation_result, "not_effective")

    def test_per_delivered_unit_without_deliveries_gives_no_verdict(self):
        """No unit delivered on either side: nothing to count the cases against."""
        plan = self._implemented_plan()
        plan.kpi = "complaints_per_unit"
        plan.action_evaluate()
        self.assertEqual((plan.before_kpi_value, plan.after_kpi_value), (0.0, 0.0))
        self.assertEqual(plan.evaluation_result, "not_effective")
