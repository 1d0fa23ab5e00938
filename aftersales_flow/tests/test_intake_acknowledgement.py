from contextlib import contextmanager
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from .common import AftersalesIntakeCommon


@tagged("post_install", "-at_install")
class TestIntakeAcknowledgement(AftersalesIntakeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Without SLA policies the expected handling time falls back on the category.
        cls.sla_policies = cls.env["aftersales.sla.policy"].search([])
        cls.sla_policies.active = False

    def _run_cron(self):
        """Run the acknowledgement cron without committing the test transaction."""
        with patch.object(
            type(self.env["ir.cron"]), "_commit_progress", autospec=True, return_value=60.0
        ) as progress:
            self.env["helpdesk.ticket"]._cron_aftersales_acknowledge()
        return progress

    @contextmanager
    def _statements(self):
        """The SQL statements run inside the block, in a list filled as they run."""
        seen = []
        original_execute = type(self.env.cr).execute

        def spy(cr_self, query, params=None, log_exceptions=True):
            seen.append(str(getattr(query, "code", query)))
            return original_execute(cr_self, query, params, log_exceptions)

        with patch.object(type(self.env.cr), "execute", spy):
            yield seen

    def _ack_mails(self, case):
        return (
            self.env["mail.mail"]
            .search([("model", "=", "helpdesk.ticket"), ("res_id", "=", case.id)])
            .filtered(lambda mail: "received your request" in (mail.subject or ""))
        )

    def test_sent_once_and_only_once(self):
        self.cat_damaged.parent_id.aftersales_handling_hours = 48
        case = self._case(name="Broken cup", partner_id=self.customer.id)
        self.assertEqual(case.aftersales_intake_ack_state, "pending")
        # 24 working hours of the case's calendar after its reception
        engine = self.env["resource.calendar"]
        self.assertEqual(
            case.aftersales_intake_ack_due,
            engine._aftersales_plan(
                case.aftersales_calendar_id, [(0, case.aftersales_received_at, 24)]
            )[0],
        )
        self.assertGreater(
            case.aftersales_intake_ack_due, case.aftersales_received_at + timedelta(hours=24)
        )
        self._run_cron()
        self.assertEqual(case.aftersales_intake_ack_state, "sent")
        self.assertTrue(case.aftersales_ack_date)
        mails = self._ack_mails(case)
        self.assertEqual(len(mails), 1)
        self.assertIn(case.number, mails.subject)
        self.assertIn(case.number, mails.body_html)
        self.assertIn(self.customer, mails.recipient_ids)
        # the expected handling time comes from the parent category's hours
        self.assertEqual(
            case.aftersales_intake_expected_handling,
            engine._aftersales_plan(
                case.aftersales_calendar_id, [(0, case.aftersales_received_at, 48)]
            )[0],
        )
        # running again (or again on the case) sends nothing more
        self._run_cron()
        case._aftersales_acknowledge()
        self.assertEqual(len(self._ack_mails(case)), 1)

    def test_cron_works_in_batches(self):
        cases = self.Ticket.create(
            [
                {"name": f"Case {i}", "description": "x", "partner_email": f"b{i}@example.com"}
                for i in range(5)
            ]
        )
        with patch.object(
            type(self.env["ir.cron"]), "_commit_progress", autospec=True, return_value=60.0
        ) as progress:
            self.env["helpdesk.ticket"]._cron_aftersales_acknowledge(batch_size=2)
        self.assertEqual(set(cases.mapped("aftersales_intake_ack_state")), {"sent"})
        self.assertGreaterEqual(progress.call_count, 3)

    def test_cron_locks_its_batch_with_skip_locked(self):
        """A case an agent is saving (its row locked) is skipped, not a failed batch."""
        cases = self.Ticket.create(
            [
                {"name": f"Locked {i}", "description": "x", "partner_email": f"l{i}@example.com"}
                for i in range(3)
            ]
        )
        with self._statements() as seen:
            self._run_cron()
        locking = [q for q in seen if "FOR NO KEY UPDATE" in q and "helpdesk_ticket" in q]
        self.assertTrue(locking)
        self.assertTrue(all(q.rstrip().endswith("SKIP LOCKED") for q in locking))
        self.assertEqual(set(cases.mapped("aftersales_intake_ack_state")), {"sent"})

    def test_email_only_customer(self):
        case = self._case(partner_email="anon@example.com")
        case._aftersales_acknowledge()
        mail = self._ack_mails(case)
        self.assertEqual(len(mail), 1)
        self.assertIn("anon@example.com", mail.email_to)

    def test_no_email_gets_a_call_activity(self):
        walk_in = self.env["res.partner"].create({"name": "Walk-in customer"})
        case = self._case(partner_id=walk_in.id, user_id=self.agent.id, team_id=self.team.id)
        case._aftersales_acknowledge()
        self.assertEqual(case.aftersales_intake_ack_state, "call")
        self.assertFalse(self._ack_mails(case))
        activity = case.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        self.assertEqual(activity.user_id, self.agent)
        # the day the acknowledgement is due where the agent works
        self.assertEqual(
            activity.date_deadline, case._aftersales_local_date(case.aftersales_intake_ack_due)
        )
        case._aftersales_acknowledge()
        self.assertEqual(len(case.activity_ids), 1)

    def test_deadline_follows_setting(self):
        self.env.company.aftersales_ack_hours = 4
        received = fields.Datetime.now() - timedelta(hours=1)
        case = self._case(aftersales_received_at=received)
        # four working hours of the case's calendar
        self.assertEqual(
            case.aftersales_intake_ack_due,
            self.env["resource.calendar"]._aftersales_plan(
                case.aftersales_calendar_id, [(0, received, 4)]
            )[0],
        )

    def test_expected_handling_hook_without_category(self):
        case = self._case()
        self.assertEqual(case._aftersales_expected_handling_deadline(), {case.id: False})

    def test_creation_triggers_the_cron(self):
        cron = self.env.ref("aftersales_flow.ir_cron_aftersales_acknowledge")
        before = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        self._case()
        after = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        self.assertEqual(after, before + 1)

    def test_sla_resolution_deadline_is_promised_and_ack_meets_its_target(self):
        standard = self.env.ref("aftersales_sla.sla_policy_standard")
        standard.active = True
        self.cat_damaged.parent_id.aftersales_handling_hours = 48
        case = self._case(name="Cracked bowl", partner_id=self.customer.id)
        resolution = case.aftersales_sla_timer_ids.filtered(
            lambda timer: timer.kind == "resolution"
        )
        ack = case.aftersales_sla_timer_ids.filtered(lambda timer: timer.kind == "ack")
        self.assertTrue(resolution.deadline)
        self.assertFalse(ack.reached_date)
        # the SLA deadline wins over the category's 48 hours
        self.assertEqual(case.aftersales_intake_expected_handling, resolution.deadline)
        self._run_cron()
        self.assertEqual(case.aftersales_intake_ack_state, "sent")
        self.assertTrue(ack.reached_date)
        self.assertEqual(case.aftersales_ack_date, ack.reached_date)

    def test_notifying_the_customer_leaves_the_case_row_alone(self):
        """A case gets its portal token when it is created: neither the acknowledgement
        nor an agent's reply to the customer (whose links carry the token) writes it into
        the case, a write that met the agents and crons writing the case at that moment."""
        case = self._case(name="Broken cup", partner_id=self.customer.id)
        self.assertTrue(case.access_token)
        self.env.flush_all()
        with self._statements() as seen:
            self._run_cron()
            case.with_user(self.agent).message_post(
                body="We are on it.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=self.customer.ids,
            )
            self.env.flush_all()
        self.assertTrue(self._ack_mails(case))
        token_writes = [query for query in seen if "UPDATE" in query and '"access_token"' in query]
        self.assertEqual(token_writes, [])

    def test_acknowledged_in_batches_of_five(self):
        """The cron commits every 5 cases: a batch holds its cases until it commits,
        and an agent saving one of them waits for it."""
        cases = self.Ticket.create(
            [
                {"name": f"Batch {i}", "description": "x", "partner_email": f"n{i}@example.com"}
                for i in range(12)
            ]
        )
        progress = self._run_cron()
        self.assertEqual(set(cases.mapped("aftersales_intake_ack_state")), {"sent"})
        processed = [call.args[1] for call in progress.call_args_list if len(call.args) > 1]
        self.assertEqual(processed, [5, 5, 2])
