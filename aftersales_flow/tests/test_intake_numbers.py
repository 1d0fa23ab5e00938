from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .common import AftersalesIntakeCommon


@tagged("post_install", "-at_install")
class TestIntakeNumbers(AftersalesIntakeCommon):
    """A batch of new cases is numbered with one draw from the helpdesk's case
    sequence: the same numbers, prefixes and company choice as the helpdesk's
    own case-by-case draw."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sequence = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_sequence")
        cls.sequence.write({"prefix": "AS%(year)s-", "padding": 6})
        cls.company_b = cls.env["res.company"].create({"name": "Branch Shanghai"})
        cls.sequence_b = cls.env["ir.sequence"].create(
            {
                "name": "Cases of the Shanghai branch",
                "code": "helpdesk.ticket.sequence",
                "prefix": "SH-",
                "padding": 4,
                "company_id": cls.company_b.id,
            }
        )
        cls.agent_b = new_test_user(
            cls.env,
            login="intake_agent_branches",
            groups="aftersales_flow.group_aftersales_user",
            company_id=cls.env.company.id,
            company_ids=[(6, 0, (cls.env.company | cls.company_b).ids)],
        )

    def _vals(self, count, **extra):
        return [
            dict({"name": f"Parcel is late #{i}", "description": "<p>Where is it?</p>"}, **extra)
            for i in range(count)
        ]

    def _next(self, sequence):
        sequence.invalidate_recordset(["number_next_actual"])
        return sequence.number_next_actual

    @freeze_time("2026-12-05 10:00:00")
    def test_batch_numbers_follow_the_sequence(self):
        first = self._next(self.sequence)
        tickets = self.Ticket.with_user(self.agent).create(self._vals(5))
        self.assertEqual(
            tickets.mapped("number"),
            [f"AS2026-{first + i:06d}" for i in range(5)],
        )
        # the sequence went on from there: the case typed in next follows the batch
        single = self.Ticket.with_user(self.agent).create(self._vals(1))
        self.assertEqual(single.number, f"AS2026-{first + 5:06d}")

    def test_batch_draw_is_one_query(self):
        Ticket = self.Ticket.with_user(self.agent)
        Ticket._aftersales_prepare_numbers(self._vals(2))  # warm the caches
        counts = []
        for size in (3, 40):
            vals_list = self._vals(size)
            before = self.env.cr.sql_log_count
            Ticket._aftersales_prepare_numbers(vals_list)
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(len({vals["number"] for vals in vals_list}), size)
        self.assertEqual(counts[0], counts[1])

    def test_each_company_draws_from_its_sequence(self):
        first = self._next(self.sequence)
        first_b = self._next(self.sequence_b)
        vals_list = self._vals(3, company_id=self.company_b.id) + self._vals(2)
        tickets = self.Ticket.with_user(self.agent_b).create(vals_list)
        self.assertEqual(
            tickets.mapped("number"),
            [f"SH-{first_b + i:04d}" for i in range(3)]
            + [f"{self.sequence._get_prefix_suffix()[0]}{first + i:06d}" for i in range(2)],
        )
        self.assertEqual(tickets[:3].company_id, self.company_b)

    def test_given_numbers_are_kept(self):
        first = self._next(self.sequence)
        tickets = self.Ticket.with_user(self.agent).create(
            self._vals(1, number="IMPORT-0001") + self._vals(2) + self._vals(1, number="/")
        )
        prefix = self.sequence._get_prefix_suffix()[0]
        self.assertEqual(
            tickets.mapped("number"),
            ["IMPORT-0001", f"{prefix}{first:06d}", f"{prefix}{first + 1:06d}"]
            + [f"{prefix}{first + 2:06d}"],
        )

    def test_sequence_without_gaps_keeps_the_helpdesk_draw(self):
        self.sequence.implementation = "no_gap"
        first = self._next(self.sequence)
        tickets = self.Ticket.with_user(self.agent).create(self._vals(3))
        prefix = self.sequence._get_prefix_suffix()[0]
        self.assertEqual(tickets.mapped("number"), [f"{prefix}{first + i:06d}" for i in range(3)])
        self.assertEqual(self._next(self.sequence), first + 3)
