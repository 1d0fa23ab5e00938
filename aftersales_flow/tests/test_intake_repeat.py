from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import AftersalesIntakeCommon


@tagged("post_install", "-at_install")
class TestIntakeRepeat(AftersalesIntakeCommon):
    def test_same_customer_same_category_within_window(self):
        first = self._case(partner_id=self.customer.id, category_id=self.cat_quality.id)
        second = self._case(partner_id=self.customer.id, category_id=self.cat_quality.id)
        self.assertFalse(first.aftersales_is_repeat)
        self.assertTrue(second.aftersales_is_repeat)
        self.assertEqual(second.aftersales_repeat_of_id, first)

    def test_contacts_of_one_company_count_together(self):
        colleague = self.env["res.partner"].create(
            {"name": "Wang Fang", "parent_id": self.company_customer.id}
        )
        first = self._case(partner_id=self.contact.id, category_id=self.cat_quality.id)
        second = self._case(partner_id=colleague.id, category_id=self.cat_quality.id)
        self.assertEqual(second.aftersales_repeat_of_id, first)

    def test_other_category_or_customer_is_no_repeat(self):
        self._case(partner_id=self.customer.id, category_id=self.cat_quality.id)
        self.assertFalse(
            self._case(
                partner_id=self.customer.id, category_id=self.cat_delay.id
            ).aftersales_is_repeat
        )
        self.assertFalse(
            self._case(
                partner_id=self.contact.id, category_id=self.cat_quality.id
            ).aftersales_is_repeat
        )

    def test_window_setting(self):
        self.env.company.aftersales_repeat_days = 10
        now = fields.Datetime.now()
        self._case(
            partner_id=self.customer.id,
            category_id=self.cat_quality.id,
            aftersales_received_at=now - timedelta(days=11),
        )
        outside = self._case(partner_id=self.customer.id, category_id=self.cat_quality.id)
        self.assertFalse(outside.aftersales_is_repeat)
        inside_first = self._case(
            partner_id=self.customer.id,
            category_id=self.cat_delay.id,
            aftersales_received_at=now - timedelta(days=9),
        )
        inside = self._case(partner_id=self.customer.id, category_id=self.cat_delay.id)
        self.assertEqual(inside.aftersales_repeat_of_id, inside_first)

    def test_repeats_within_one_batch(self):
        first, second = self.Ticket.create(
            [
                {
                    "name": "One",
                    "description": "x",
                    "partner_id": self.customer.id,
                    "category_id": self.cat_quality.id,
                },
                {
                    "name": "Two",
                    "description": "x",
                    "partner_id": self.customer.id,
                    "category_id": self.cat_quality.id,
                },
            ]
        )
        self.assertFalse(first.aftersales_is_repeat)
        self.assertEqual(second.aftersales_repeat_of_id, first)

    def test_category_change_by_agent_updates_the_flag(self):
        first = self._case(partner_id=self.customer.id, category_id=self.cat_quality.id)
        second = self._case(partner_id=self.customer.id, category_id=self.cat_delay.id)
        self.assertFalse(second.aftersales_is_repeat)
        second.category_id = self.cat_quality
        self.assertEqual(second.aftersales_repeat_of_id, first)
        second.category_id = self.cat_delay
        self.assertFalse(second.aftersales_is_repeat)

    def test_repeat_filter(self):
        self._case(partner_id=self.customer.id, category_id=self.cat_quality.id)
        second = self._case(partner_id=self.customer.id, category_id=self.cat_quality.id)
        self.assertEqual(
            self.Ticket.search(
                [("aftersales_is_repeat", "=", True), ("partner_id", "=", self.customer.id)]
            ),
            second,
        )
