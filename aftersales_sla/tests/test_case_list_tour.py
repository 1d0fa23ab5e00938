from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


class CaseListTourCase(HttpCase):
    """Two open cases of an agent's team: one received five days ago, overdue, and one
    received now, with time left."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="as_list_agent",
            groups="aftersales_flow.group_aftersales_user",
            tz="Asia/Shanghai",
        )
        team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Kitchenware", "user_ids": [(6, 0, cls.agent.ids)]}
        )
        customer = cls.env["res.partner"].create({"name": "Li Wei"})
        now = fields.Datetime.now()
        cls.overdue, cls.fresh = cls.env["helpdesk.ticket"].create(
            [
                {
                    "name": "Kettle lid scratched on arrival",
                    "description": "The lid arrived scratched.",
                    "partner_id": customer.id,
                    "team_id": team.id,
                    "aftersales_received_at": now - timedelta(days=5),
                },
                {
                    "name": "Blender asks for a manual",
                    "description": "Where is the manual?",
                    "partner_id": customer.id,
                    "team_id": team.id,
                    "aftersales_received_at": now,
                },
            ]
        )

    def _start_tour(self, url, tour):
        # what the tour reads on screen, first checked on the records
        self.assertTrue(self.overdue.aftersales_sla_label.startswith("overdue by"))
        self.assertTrue(self.fresh.aftersales_sla_label.endswith("left"))
        self.start_tour(url, tour, login=self.agent.login)


@tagged("post_install", "-at_install")
class TestCaseListDesktopTour(CaseListTourCase):
    browser_size = "1440x900"

    def test_case_list_at_1440_px(self):
        self._start_tour(
            "/odoo/aftersales-cases?view_type=list", "aftersales_case_list_desktop_tour"
        )


@tagged("post_install", "-at_install")
class TestCaseListPhoneTour(CaseListTourCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_case_list_on_a_phone(self):
        self._start_tour("/odoo/aftersales-cases", "aftersales_case_list_phone_tour")
