from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestResolutionTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.aftersales_approval_amount = 200.0
        cls.agent = new_test_user(
            cls.env, login="as_tour_res_agent", groups="aftersales_flow.group_aftersales_user"
        )
        cls.manager = new_test_user(
            cls.env,
            login="as_tour_res_manager",
            groups="aftersales_flow.group_aftersales_manager",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Li Lei", "email": "li.lei@example.com"}
        )
        cls.case = cls.env["helpdesk.ticket"].create(
            {
                "name": "Blender motor burnt",
                "description": "<p>Smoke after two days.</p>",
                "partner_id": cls.customer.id,
                "user_id": cls.agent.id,
            }
        )

    def test_investigation_plan_approval_proposal(self):
        self.start_tour(
            f"/odoo/aftersales-cases/{self.case.id}",
            "aftersales_resolution_plan_tour",
            login=self.agent.login,
        )
        self.assertEqual(self.case.aftersales_responsibility, "company")
        self.assertEqual(
            self.case.aftersales_root_cause_id,
            self.env.ref("aftersales_flow.root_cause_product_defect"),
        )
        plan = self.case.aftersales_resolution_plan_ids
        self.assertEqual(len(plan), 1)
        self.assertEqual(plan.state, "to_approve")
        self.assertEqual(plan.amount_total, 500)
        self.assertEqual(plan.submitted_by_id, self.agent)

        self.start_tour(
            f"/odoo/aftersales-plans/{plan.id}",
            "aftersales_resolution_approval_tour",
            login=self.manager.login,
        )
        self.assertEqual(plan.state, "approved")
        self.assertEqual(plan.approved_by_id, self.manager)

        self.start_tour(
            f"/odoo/aftersales-plans/{plan.id}",
            "aftersales_resolution_proposal_tour",
            login=self.agent.login,
        )
        self.assertEqual(plan.state, "proposed")
