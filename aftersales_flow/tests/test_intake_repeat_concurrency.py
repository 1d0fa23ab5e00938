from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, new_test_user, tagged, test_cursor
from odoo.tools import SQL

PROBE = "Repeat link probe"


@tagged("post_install", "-at_install")
class TestRepeatLinkConcurrency(TransactionCase):
    """A customer's new case refers to their latest one, which agents and the
    acknowledgement cron are likely writing at the same moment: with real, separate
    transactions, such a write does not make the new case fail.

    The test transaction is invisible to other cursors: the probe records are committed
    here and deleted again at the end."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            self.assertNotIsInstance(
                cr, test_cursor.TestCursor, "the test needs real, separate transactions"
            )
            env = api.Environment(cr, SUPERUSER_ID, {})
            agent = new_test_user(
                env, login="repeat_probe_agent", groups="aftersales_flow.group_aftersales_user"
            )
            team = env["helpdesk.ticket.team"].create({"name": PROBE, "user_ids": [(4, agent.id)]})
            customer = env["res.partner"].create(
                {"name": PROBE, "email": "repeat.probe@example.com"}
            )
            self.vals = {
                "description": "<p>The lid does not close.</p>",
                "partner_id": customer.id,
                "category_id": env.ref("aftersales_flow.category_product_quality").id,
                "team_id": team.id,
            }
            earlier = env["helpdesk.ticket"].create(dict(self.vals, name=f"{PROBE} 1"))
            self.agent_id, self.team_id, self.customer_id = agent.id, team.id, customer.id
            self.earlier_id = earlier.id
        self.addCleanup(self._delete_committed)

    def _delete_committed(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["helpdesk.ticket"].with_context(active_test=False).search(
                [("partner_id", "=", self.customer_id)]
            ).unlink()
            env["helpdesk.ticket.team"].browse(self.team_id).unlink()
            agent = env["res.users"].browse(self.agent_id)
            partner = agent.partner_id
            agent.unlink()
            (partner | env["res.partner"].browse(self.customer_id)).unlink()

    def _committed_case(self, case_id):
        with self.registry.cursor() as cr:
            case = api.Environment(cr, SUPERUSER_ID, {})["helpdesk.ticket"].browse(case_id)
            return case.aftersales_repeat_of_id.id, case.aftersales_is_repeat

    def test_repeat_of_a_case_the_acknowledgement_cron_wrote_meanwhile(self):
        """The agent's request began; then the acknowledgement cron claimed and
        acknowledged the customer's earlier case and committed. The new case refers to
        it as a repeat: PostgreSQL checks that reference against the earlier case's row
        in the request's snapshot, which fails (a serialization failure, the whole
        request run again) when the cron locked the row as if to change its key."""
        with self.registry.cursor() as cr:  # the agent's request, committed at the end
            cr.execute(SQL("SELECT COUNT(*) FROM helpdesk_ticket"))  # its snapshot
            with (
                self.registry.cursor() as cron_cr,
                patch.object(
                    type(self.env["ir.cron"]), "_commit_progress", autospec=True, return_value=60.0
                ),
            ):
                cron_env = api.Environment(cron_cr, SUPERUSER_ID, {})
                cron_env["helpdesk.ticket"]._cron_aftersales_acknowledge()
                earlier = cron_env["helpdesk.ticket"].browse(self.earlier_id)
                self.assertEqual(earlier.aftersales_intake_ack_state, "sent")
            env = api.Environment(cr, self.agent_id, {})
            case = env["helpdesk.ticket"].create(dict(self.vals, name=f"{PROBE} 2"))
            self.assertEqual(case.aftersales_repeat_of_id.id, self.earlier_id)
            case_id = case.id
        self.assertEqual(self._committed_case(case_id), (self.earlier_id, True))
