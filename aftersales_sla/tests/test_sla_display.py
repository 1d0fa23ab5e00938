"""The case list and the service levels as a support lead reads them: the columns
that fit a 1440 px screen, no duplicate filters, the time left to the nearest
deadline in words, negative and red once it is overdue."""

from datetime import datetime

from freezegun import freeze_time
from lxml import etree

from odoo.tests import tagged

from .common import AftersalesSlaCase


@tagged("post_install", "-at_install")
class TestCaseListAndSlaDisplay(AftersalesSlaCase):
    def _arch(self, view_type, view=False):
        Ticket = self.env["helpdesk.ticket"].with_user(self.agent)
        result = Ticket.get_views([(view and view.id, view_type)])
        return etree.fromstring(result["views"][view_type]["arch"])

    @staticmethod
    def _default_columns(list_node):
        return [
            node.get("name")
            for node in list_node.iterchildren("field")
            if node.get("optional") != "hide"
            and not node.get("column_invisible")
            and node.get("widget") != "handle"
        ]

    # ------------------------------------------------------------ case list

    def test_the_case_list_shows_what_a_lead_needs_and_hides_the_rest(self):
        arch = self._arch("list", self.env.ref("helpdesk_mgmt.ticket_view_tree"))
        self.assertEqual(
            self._default_columns(arch),
            [
                "priority",
                "number",
                "name",
                "partner_id",
                "stage_id",
                "user_id",
                "aftersales_sla_label",
            ],
        )
        partner_name = arch.xpath("//field[@name='partner_name']")[0]
        self.assertEqual(partner_name.get("optional"), "hide")
        rating = arch.xpath("//field[@name='rating_last_value']")[0]
        self.assertEqual(rating.get("optional"), "hide")
        self.assertIn("not rating_last_value", rating.get("invisible") or "")

    def test_no_filter_or_grouping_twice(self):
        arch = self._arch("search")
        filters, groupings, names = [], [], []
        for node in arch.iter("filter"):
            names.append(node.get("name"))
            if "group_by" in (node.get("context") or ""):
                groupings.append(node.get("string"))
            else:
                filters.append(node.get("string"))
        for kind, labels in (("filters", filters), ("groupings", groupings), ("names", names)):
            duplicates = sorted({label for label in labels if labels.count(label) > 1})
            self.assertFalse(duplicates, kind)
        high = arch.xpath("//filter[@name='high_priority']")[0]
        self.assertIn("'2'", high.get("domain"))

    def test_unrated_cases_show_no_rating_on_the_form(self):
        arch = self._arch("form")
        rating = arch.xpath("//field[@name='rating_last_value']")[0]
        self.assertIn("not rating_last_value", rating.get("invisible") or "")

    # ------------------------------------------------------------ SLA time left

    def test_time_left_in_words_then_overdue_by(self):
        with freeze_time(self.MONDAY_10):
            ticket = self._ticket()
        # the acknowledgement is due at 15:00 (4 working hours, lunch 12-13)
        self.assertEqual(ticket.aftersales_sla_deadline, datetime(2026, 3, 2, 15, 0))
        with freeze_time(datetime(2026, 3, 2, 10, 50)):
            self.env.invalidate_all()
            self.assertAlmostEqual(ticket.aftersales_sla_time_left, 3 + 10 / 60, places=3)
            self.assertEqual(ticket.aftersales_sla_label, "3 h 10 min left")
        self._run_cron(datetime(2026, 3, 2, 16, 20))
        with freeze_time(datetime(2026, 3, 2, 16, 20)):
            self.env.invalidate_all()
            self.assertEqual(ticket.aftersales_sla_status, "breached")
            self.assertAlmostEqual(ticket.aftersales_sla_time_left, -(1 + 20 / 60), places=3)
            self.assertEqual(ticket.aftersales_sla_label, "overdue by 1 h 20 min")
            # the timer table says the same, not "-01:20"
            ack = ticket.aftersales_sla_timer_ids.filtered(lambda t: t.kind == "ack")
            self.assertEqual(ack.time_left_label, "overdue by 1 h 20 min")

    def test_a_case_without_a_running_clock_shows_its_status(self):
        with freeze_time(self.MONDAY_10):
            ticket = self._ticket()
        with freeze_time(datetime(2026, 3, 2, 11, 0)):
            # waiting for the customer: every clock paused, no deadline to count to
            ticket.stage_id = self.stage_waiting
        with freeze_time(datetime(2026, 3, 2, 11, 5)):
            self.env.invalidate_all()
            self.assertFalse(ticket.aftersales_sla_deadline)
            self.assertEqual(ticket.aftersales_sla_status, "paused")
            self.assertEqual(ticket.aftersales_sla_time_left, 0.0)
            status = dict(ticket._fields["aftersales_sla_status"]._description_selection(self.env))[
                ticket.aftersales_sla_status
            ]
            self.assertEqual(ticket.aftersales_sla_label, status)

    def test_the_list_badge_is_red_when_overdue(self):
        arch = self._arch("list", self.env.ref("helpdesk_mgmt.ticket_view_tree"))
        badge = arch.xpath("//field[@name='aftersales_sla_label']")[0]
        self.assertEqual(badge.get("widget"), "badge")
        self.assertIn("aftersales_sla_time_left < 0", badge.get("decoration-danger"))
        self.assertTrue(arch.xpath("//field[@name='aftersales_sla_time_left']"))

    def test_the_timer_table_fits_with_time_left_and_status(self):
        arch = self._arch("form")
        table = arch.xpath("//field[@name='aftersales_sla_timer_ids']/list")[0]
        columns = self._default_columns(table)
        self.assertIn("time_left_label", columns)
        self.assertNotIn("time_left", columns, "hours as -03:20 read as a clock time")
        label = table.xpath("field[@name='time_left_label']")[0]
        self.assertIn("time_left < 0", label.get("decoration-danger"))
        self.assertIn("status", columns)
        self.assertLessEqual(len(columns), 5, columns)
        shown = arch.xpath("//page[@name='aftersales_sla']//field[@name='aftersales_sla_label']")
        self.assertTrue(shown)

    def test_the_kanban_card_shows_the_time_left_in_words(self):
        arch = self._arch("kanban", self.env.ref("helpdesk_mgmt.view_helpdesk_ticket_kanban"))
        card = arch.xpath("//t[@t-name='card']")[0]
        badge = card.xpath(".//div[@name='aftersales_sla']/span")[0]
        self.assertTrue(badge.xpath("field[@name='aftersales_sla_label']"))
        self.assertIn("aftersales_sla_time_left.raw_value < 0", badge.get("t-attf-class"))
        self.assertFalse(
            card.xpath(".//field[@widget='remaining_days']"), "a date in days is not time left"
        )
