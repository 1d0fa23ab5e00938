from datetime import timedelta

from odoo.tests import tagged

from odoo.addons.aftersales_quality.tests.common import QualityCommon


@tagged("post_install", "-at_install")
class TestCarrierProblems(QualityCommon):
    """Weekly periods, four of history, +50 % and at least 5 cases. Swift
    Parcels: 1 claimed case a week before, 5 this week (average 1, limit 1.5:
    crossing). Steady Freight: 2 a week (under the minimum). The cases have no
    category nor product, so only the carrier scope can propose."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._weekly_identification()
        cls.swift = cls.env["res.partner"].create({"name": "Swift Parcels"})
        cls.steady = cls.env["res.partner"].create({"name": "Steady Freight"})
        for week in range(1, 5):
            cls._claimed_case(week, 0, cls.swift)
            for n in range(2):
                cls._claimed_case(week, n, cls.steady)
        cls.current = cls.env["helpdesk.ticket"]
        for n in range(4):
            cls.current |= cls._claimed_case(0, n, cls.swift)
        for n in range(2):
            cls._claimed_case(0, n, cls.steady)
        # Swift's claim came first: the case counts for Swift only
        cls.current |= cls._claimed_case(0, 4, cls.swift, cls.steady)
        cls.Issue = cls.env["aftersales.quality.issue"]

    @classmethod
    def _claimed_case(cls, week, n, *carriers):
        ticket = cls._ticket(cls.now - timedelta(days=7 * week + 1, hours=n))
        for carrier in carriers:
            cls.env["aftersales.carrier.claim"].create(
                {
                    "carrier_id": carrier.id,
                    "ticket_id": ticket.id,
                    "company_id": cls.company.id,
                    "claim_type": "damaged",
                }
            )
        cls.env.flush_all()
        return ticket

    def _run(self):
        with self._no_commit():
            self.Issue._cron_identify_problems(now=self.now)
        return self.Issue.search([("company_id", "=", self.company.id)])

    def test_case_carrier_is_its_first_claims_carrier(self):
        case = self.current[-1]
        self.assertEqual(case.aftersales_quality_carrier_id, self.swift)
        case.aftersales_quality_claim_ids.filtered(
            lambda c: c.carrier_id == self.swift
        ).carrier_id = self.steady
        self.assertEqual(case.aftersales_quality_carrier_id, self.steady)
        self.assertFalse(
            self._ticket(self.now).aftersales_quality_carrier_id
        )  # no claim, no carrier

    def test_threshold_crossing_proposes_one_carrier_issue(self):
        issue = self._run()
        self.assertEqual(len(issue), 1)
        self.assertEqual(issue.scope, "carrier")
        self.assertEqual(issue.carrier_id, self.swift)
        self.assertEqual(issue.scope_res_id, self.swift.id)
        self.assertFalse(issue.category_id or issue.product_id)
        self.assertEqual(issue.state, "proposed")
        self.assertEqual(issue.case_count, 5)
        self.assertEqual(issue.reference_average, 1.0)
        self.assertEqual(issue.increase_percent, 400.0)
        self.assertEqual(issue.trend, "1 → 1 → 1 → 1 → 5")
        self.assertEqual(issue.ticket_ids, self.current)
        self.assertEqual(issue.name, "Carrier Swift Parcels: 5 cases")
        # the problem stays open: the next run proposes nothing new
        self.assertEqual(self._run(), issue)
        issue.action_accept()
        self.assertEqual(self._run(), issue)
        self.assertEqual(self.Issue.search_count([("carrier_id", "=", self.swift.id)]), 1)

    def test_plan_of_a_carrier_issue_is_measured_on_the_carrier(self):
        issue = self._run()
        plan = self.env["aftersales.quality.plan"].browse(issue.action_accept()["res_id"])
        plan.implemented_date = self.now - timedelta(days=3)
        figures = plan._compute_evaluation()
        # this week's five Swift cases after it, one a week of the four weeks before
        # (the issue's trend 1 → 1 → 1 → 1 → 5), none of Steady Freight's
        self.assertEqual(figures["after_case_count"], 5)
        self.assertEqual(figures["before_case_count"], 4)

    def test_steady_carrier_proposes_nothing(self):
        self.company.aftersales_quality_min_cases = 6  # Swift's 5 cases are now too few
        self.assertFalse(self._run())
