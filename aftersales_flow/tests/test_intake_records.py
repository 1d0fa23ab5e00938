from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AftersalesIntakeCommon


@tagged("post_install", "-at_install")
class TestIntakeRecords(AftersalesIntakeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.case = cls._case(name="Closed one", team_id=cls.team.id, user_id=cls.agent.id)
        cls.case.stage_id = cls.done

    def test_closed_case_is_read_only_for_users(self):
        case = self.case.with_user(self.agent)
        self.assertTrue(case.aftersales_intake_locked)
        with self.assertRaisesRegex(UserError, "closed"):
            case.aftersales_order_ref = "SO123"
        with self.assertRaisesRegex(UserError, "closed"):
            case.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        # chatter stays open to users
        case.message_post(body="Customer called back, nothing to add.")

    def test_manager_can_still_edit(self):
        case = self.case.with_user(self.manager)
        self.assertFalse(case.aftersales_intake_locked)
        case.aftersales_order_ref = "SO123"
        self.assertEqual(self.case.aftersales_order_ref, "SO123")

    def test_closed_case_is_never_deleted(self):
        with self.assertRaisesRegex(UserError, "archive"):
            self.case.with_user(self.manager).unlink()
        self.assertTrue(self.case.exists())
        self.case.with_user(self.manager).active = False
        self.assertFalse(self.case.active)

    def test_key_fields_are_tracked(self):
        case = self.Ticket.with_env(self._tracking_env()).create(
            {"name": "Open", "description": "<p>x</p>", "team_id": self.team.id}
        )
        self.env.cr.precommit.run()
        case.write(
            {
                "aftersales_order_ref": "SO42",
                "aftersales_tracking_ref": "SF123",
                "aftersales_case_kind": "refund",
            }
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = case.message_ids.tracking_value_ids.field_id.mapped("name")
        for name in ("aftersales_order_ref", "aftersales_tracking_ref", "aftersales_case_kind"):
            self.assertIn(name, tracked)

    def test_used_category_cannot_be_deleted(self):
        self._case(category_id=self.cat_damaged.id)
        with self.assertRaisesRegex(UserError, "archive"):
            self.cat_damaged.unlink()
        # nor its parent, which would cascade to it
        with self.assertRaisesRegex(UserError, "archive"):
            self.cat_damaged.parent_id.unlink()
        unused = self.env["helpdesk.ticket.category"].create({"name": "Unused"})
        unused.unlink()
        self.assertFalse(unused.exists())

    def test_reclassify_refuses_closed_cases(self):
        with self.assertRaisesRegex(UserError, "Closed cases"):
            self.case.action_aftersales_reclassify()
