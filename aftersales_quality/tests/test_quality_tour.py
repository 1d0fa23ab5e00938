from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestQualityTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, login="as_tour_quality", groups="aftersales_quality.group_quality_manager"
        )
        cls.env["aftersales.quality.issue"].search([("state", "=", "proposed")]).write(
            {"state": "dismissed", "dismiss_reason": "not part of the tour"}
        )
        category = cls.env["helpdesk.ticket.category"].create({"name": "Tour category"})
        now = fields.Datetime.now()
        cls.issue = cls.env["aftersales.quality.issue"].create(
            {
                "name": "Tour damaged goods",
                "scope": "category",
                "scope_res_id": category.id,
                "category_id": category.id,
                "period_start": now,
                "period_end": now,
                "case_count": 9,
                "company_id": cls.manager.company_id.id,
            }
        )

    def test_dashboard_to_plan(self):
        self.start_tour(
            "/odoo/aftersales-quality-dashboard",
            "aftersales_quality_issue_tour",
            login=self.manager.login,
        )
        self.assertEqual(self.issue.state, "accepted")
        self.assertEqual(self.issue.plan_id.state, "draft")
        self.assertEqual(self.issue.plan_id.category_id, self.issue.category_id)
