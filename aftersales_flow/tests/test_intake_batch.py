from odoo.tests import tagged, warmup

from .common import AftersalesIntakeCommon


@tagged("post_install", "-at_install")
class TestIntakeBatch(AftersalesIntakeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the key-account contact first, so that every batch meets every rule kind
        cls.customers = cls.contact | cls.env["res.partner"].create(
            [{"name": f"Customer {i}", "email": f"c{i}@example.com"} for i in range(20)]
        )
        # a realistic rule set: 30 more rules that rarely match
        cls.Rule.create(
            [
                {
                    "name": f"Noise {i}",
                    "sequence": 100 + i,
                    "keywords": f"zzq{i}, 无关{i}",
                    "set_case_kind": "suggestion",
                }
                for i in range(30)
            ]
        )

    def _vals(self, count):
        subjects = ["包裹破损了", "Parcel is late", "Broken handle", "A question", "还没到货"]
        return [
            {
                "name": f"{subjects[i % len(subjects)]} #{i}",
                "description": f"<p>Case body {i}</p>",
                "partner_id": self.customers[i % len(self.customers)].id,
            }
            for i in range(count)
        ]

    def _create_count(self, vals_list):
        before = self.env.cr.sql_log_count
        tickets = self.env["helpdesk.ticket"].create(vals_list)
        self.env.flush_all()
        return tickets, self.env.cr.sql_log_count - before

    @warmup
    def test_classification_query_budget_is_flat(self):
        Ticket = self.env["helpdesk.ticket"]
        self.env.invalidate_all()
        with self.assertQueryCount(17):
            Ticket._aftersales_prepare_intake_vals(self._vals(10))
        self.env.invalidate_all()
        with self.assertQueryCount(17):
            Ticket._aftersales_prepare_intake_vals(self._vals(1000))

    def test_batch_create_of_1000_is_classified(self):
        tickets, __ = self._create_count(self._vals(1000))
        self.assertEqual(len(tickets), 1000)
        damaged = tickets.filtered(lambda t: "破损" in t.name or "Broken" in t.name)
        late = tickets.filtered(lambda t: "late" in t.name or "还没到" in t.name)
        self.assertEqual(len(damaged), 400)
        self.assertEqual(set(damaged.mapped("category_id")), {self.cat_damaged})
        self.assertEqual(set(damaged.mapped("team_id")), {self.claims_team})
        self.assertEqual(set(late.mapped("aftersales_case_kind")), {"logistics"})
        other = tickets - damaged - late
        self.assertFalse(other.category_id)
        key_account = tickets.filtered(lambda t: t.partner_id == self.contact)
        self.assertTrue(key_account)
        self.assertEqual(set(key_account.mapped("priority")), {"2"})
        # same customer and category again within the batch: repeats
        self.assertTrue(damaged.filtered("aftersales_is_repeat"))

    def test_classification_cost_does_not_grow_with_the_batch(self):
        """Rules add the same number of queries to a create of 20 or of 200 cases."""
        rules = self.Rule.search([])

        def overhead(count):
            rules.action_unarchive()
            __, with_rules = self._create_count(self._vals(count))
            rules.action_archive()
            __, without_rules = self._create_count(self._vals(count))
            return with_rules - without_rules

        small, large = overhead(20), overhead(200)
        self.assertLessEqual(large, small + 2, (small, large))
