from datetime import timedelta

from odoo import Command
from odoo.tests import tagged

from odoo.addons.aftersales_quality.tests.common import QualityCommon
from odoo.addons.aftersales_quality.tools import stats


class RateIdentificationCommon(QualityCommon):
    """Weekly periods, four of reference, +50 % and at least 5 cases measured; one
    rule watched per test, per product. Sales and deliveries are created as the
    company records them (superuser); the quality manager runs the identification."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._weekly_identification()
        cls.customer = cls.env["res.partner"].create({"name": "Rate identification customer"})
        cls.worse, cls.steady, cls.small = cls.env["product.product"].create(
            [
                {"name": "Worse blender", "type": "consu"},
                {"name": "Steady blender", "type": "consu"},
                {"name": "Small blender", "type": "consu"},
            ]
        )
        cls.env["aftersales.quality.monitor.rule"].search([]).active = False

    @classmethod
    def _at(cls, week, n):
        return cls.now - timedelta(days=7 * week + 1, hours=n)

    @classmethod
    def _watch(cls, kpi):
        return cls.env["aftersales.quality.monitor.rule"].create(
            {"name": kpi, "kpi": kpi, "scope": "product"}
        )

    def _identify(self):
        env = self._as(self.quality_manager)
        action = env["aftersales.quality.monitor.rule"].action_identify_problems()
        return env["aftersales.quality.issue"].search(action["domain"])


@tagged("post_install", "-at_install")
class TestReturnRateIdentification(RateIdentificationCommon):
    """Return rate (share of the cases with a granted return), per product:

    - worse: 5 cases a week, 1 returned, then 5 returned of 6 this week;
    - steady: 5 cases a week, 1 returned, this week too;
    - small: 1 case a week, none returned, then 3 of 3 this week (too few cases).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule = cls._watch("return_rate")
        # product: [(cases, returned) per week, oldest first]
        layout = {
            cls.worse: [(5, 1)] * 4 + [(6, 5)],
            cls.steady: [(5, 1)] * 5,
            cls.small: [(1, 0)] * 4 + [(3, 3)],
        }
        cls.current = {}
        for product, weeks in layout.items():
            for index, (cases, returned) in enumerate(weeks):
                week = 4 - index
                tickets = cls.env["helpdesk.ticket"]
                for n in range(cases):
                    tickets |= cls._ticket(cls._at(week, n), aftersales_product_id=product.id)
                # a granted return (approved) on the first ``returned`` cases; a
                # cancelled one on another is no return
                cls.env["aftersales.return"].create(
                    [
                        {
                            "ticket_id": ticket.id,
                            "partner_id": cls.customer.id,
                            "company_id": cls.company.id,
                            "state": "approved",
                        }
                        for ticket in tickets[:returned]
                    ]
                    + [
                        {
                            "ticket_id": ticket.id,
                            "partner_id": cls.customer.id,
                            "company_id": cls.company.id,
                            "state": "cancel",
                        }
                        for ticket in tickets[returned : returned + 1]
                    ]
                )
                cls.current[product] = tickets
        cls.env.flush_all()

    def test_rising_return_rate_raises_the_product_with_its_evidence(self):
        issue = self._identify()
        self.assertEqual(len(issue), 1)
        self.assertEqual(
            (issue.kpi, issue.scope, issue.product_id), ("return_rate", "product", self.worse)
        )
        self.assertEqual(issue.stat_test, "binomial")
        # 5 returned of 6 this week against 4 of 20 in the four weeks before
        self.assertAlmostEqual(issue.current_value, 500 / 6)
        self.assertAlmostEqual(issue.reference_average, 20.0)
        self.assertEqual((issue.current_sample, issue.reference_sample), (6, 20))
        self.assertAlmostEqual(issue.p_value, stats.proportion_test(5, 6, 4, 20).p_value, places=9)
        self.assertLess(issue.p_value, issue.significance)
        self.assertEqual(issue.ticket_ids, self.current[self.worse])

    def test_no_issue_below_the_minimum_sample(self):
        """The small blender's 3 returned of 3 would be significant with 5 cases."""
        self.company.aftersales_quality_min_cases = 3
        self.assertEqual(self._identify().product_id, self.worse | self.small)


@tagged("post_install", "-at_install")
class TestComplaintsPerUnitIdentification(RateIdentificationCommon):
    """Complaints per delivered unit and per order, per product:

    - worse: 10 units delivered a week (one order each), 1 case a week, then 7;
    - steady: 20 units a week then 40 this week, 5 cases a week then 10: the cases
      rise with the deliveries (the volume alone would raise it);
    - small: 10 units a week (one order), no case, then 4 this week (too few).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule = cls._watch("complaints_per_unit")
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.customers = cls.env.ref("stock.stock_location_customers")
        # product: [(units delivered, cases) per week, oldest first]
        layout = {
            cls.worse: [(10, 1)] * 4 + [(10, 7)],
            cls.steady: [(20, 5)] * 4 + [(40, 10)],
            cls.small: [(10, 0)] * 4 + [(10, 4)],
        }
        cls.current = {}
        orders = []
        for product, weeks in layout.items():
            for index, (units, cases) in enumerate(weeks):
                week = 4 - index
                cls._deliver(product, units, cls._at(week, 0))
                orders.append(
                    {
                        "partner_id": cls.customer.id,
                        "company_id": cls.company.id,
                        "state": "sale",
                        "date_order": cls._at(week, 0),
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "product_uom_qty": units,
                                    "price_unit": 5,
                                }
                            )
                        ],
                    }
                )
                cls.current[product] = cls.env["helpdesk.ticket"]
                for n in range(cases):
                    cls.current[product] |= cls._ticket(
                        cls._at(week, n), aftersales_product_id=product.id
                    )
        cls.env["sale.order"].create(orders)
        cls.env.flush_all()

    @classmethod
    def _deliver(cls, product, units, when):
        """A delivery to the customer, done, dated ``when``."""
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": cls.warehouse.out_type_id.id,
                "location_id": cls.warehouse.lot_stock_id.id,
                "location_dest_id": cls.customers.id,
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": units,
                            "location_id": cls.warehouse.lot_stock_id.id,
                            "location_dest_id": cls.customers.id,
                            "company_id": cls.company.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.move_ids.write({"quantity": units, "picked": True})
        picking._action_done()
        picking.move_ids.date = when
        return picking

    def test_complaints_per_unit_raise_the_product_with_its_evidence(self):
        issue = self._identify()
        self.assertEqual(len(issue), 1)
        self.assertEqual(
            (issue.kpi, issue.scope, issue.product_id),
            ("complaints_per_unit", "product", self.worse),
        )
        self.assertEqual(issue.stat_test, "poisson")
        # 7 cases on 10 units against 4 on 40: P(X >= 7), Binomial(11, 10 / 50)
        self.assertAlmostEqual(issue.current_value, 0.7)
        self.assertAlmostEqual(issue.reference_average, 0.1)
        self.assertAlmostEqual(issue.p_value, stats.binom_sf(7, 11, 0.2), places=9)
        self.assertEqual(issue.trend, "0.10 → 0.10 → 0.10 → 0.10 → 0.70")
        self.assertEqual(issue.ticket_ids, self.current[self.worse])

    def test_complaints_per_order_the_same_way(self):
        """One order a week: per order, the worse blender is raised (7 cases on its
        order against 1); the steady one's 10 cases on one order against 5 are not
        significant at 95 % (p ≈ 0.06), the small one's 4 cases too few."""
        self.rule.kpi = "complaints_per_order"
        issue = self._identify()
        self.assertEqual(issue.product_id, self.worse)
        self.assertAlmostEqual(issue.current_value, 7.0)
        self.assertAlmostEqual(issue.reference_average, 1.0)
        self.assertAlmostEqual(issue.p_value, stats.binom_sf(7, 11, 0.2), places=9)
        self.assertGreater(stats.rate_test(10, 1, 20, 4).p_value, 0.05)

    def test_stable_rate_and_small_sample_raise_nothing(self):
        """Without the worse blender's cases: the steady blender's rate did not
        change and the small one's 4 cases are too few."""
        self.current[self.worse].active = False
        self.assertFalse(self._identify())
        self.company.aftersales_quality_min_cases = 4  # now the small blender's 4 cases count
        self.assertEqual(self._identify().product_id, self.small)
