from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCaseIntakeTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="as_tour_agent",
            groups="aftersales_flow.group_aftersales_user",
        )

    def test_agent_records_a_complaint(self):
        self.start_tour(
            "/odoo/aftersales-cases/new", "aftersales_case_intake_tour", login=self.agent.login
        )
        case = self.env["helpdesk.ticket"].search([("name", "=", "Scratched kettle lid")])
        self.assertEqual(len(case), 1)
        self.assertEqual(case.aftersales_case_kind, "complaint")
        self.assertIn("arrived scratched", case.description)
        self.assertEqual(case.create_uid, self.agent)
