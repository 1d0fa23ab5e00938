from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import AftersalesSlaCase


@tagged("post_install", "-at_install")
class TestSlaDeadlines(AftersalesSlaCase):
    def _plan(self, start, hours):
        return self.calendar.aftersales_plan_batch([("x", start, hours)])["x"]

    def test_plan_within_a_day_skips_lunch(self):
        self.assertEqual(self._plan(self.MONDAY_10, 4), datetime(2026, 3, 2, 15, 0))

    def test_plan_across_the_night(self):
        self.assertEqual(self._plan(datetime(2026, 3, 2, 16, 0), 3), datetime(2026, 3, 3, 11, 0))

    def test_plan_across_the_weekend(self):
        friday = datetime(2026, 3, 6, 16, 0)
        self.assertEqual(self._plan(friday, 2), datetime(2026, 3, 9, 10, 0))
        saturday = datetime(2026, 3, 7, 12, 0)
        self.assertEqual(self._plan(saturday, 1), datetime(2026, 3, 9, 10, 0))

    def test_plan_skips_public_holidays(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 3, 3, 0, 0),
                "date_to": datetime(2026, 3, 3, 23, 59, 59),
            }
        )
        self.assertEqual(self._plan(datetime(2026, 3, 2, 16, 0), 3), datetime(2026, 3, 4, 11, 0))

    def test_plan_beyond_the_first_horizon(self):
        # 50 working days of 7 hours: ten weeks later, same hour
        self.assertEqual(self._plan(self.MONDAY_10, 350), datetime(2026, 5, 11, 10, 0))

    def test_plan_batch_many_starts(self):
        requests = [(i, datetime(2026, 3, 2 + i, 9, 0), 7) for i in range(5)]
        result = self.calendar.aftersales_plan_batch(requests)
        # one working day from each morning: the end of that day
        self.assertEqual(result[0], datetime(2026, 3, 2, 17, 0))
        self.assertEqual(result[4], datetime(2026, 3, 6, 17, 0))

    def test_work_hours_between(self):
        hours = self.calendar.aftersales_work_hours_batch(
            [("a", datetime(2026, 3, 6, 16, 0), datetime(2026, 3, 9, 10, 0))]
        )
        self.assertAlmostEqual(hours["a"], 2.0)

    def test_ticket_timers_follow_the_team_calendar(self):
        with freeze_time(self.MONDAY_10):
            ticket = self._ticket()
        self.assertEqual(ticket.aftersales_sla_policy_id, self.policy)
        self.assertEqual(
            sorted(ticket.aftersales_sla_timer_ids.mapped("kind")),
            ["ack", "resolution", "response"],
        )
        self.assertEqual(self._timer(ticket, "ack").deadline, datetime(2026, 3, 2, 15, 0))
        self.assertEqual(self._timer(ticket, "response").deadline, datetime(2026, 3, 3, 10, 0))
        resolution = self._timer(ticket, "resolution")
        self.assertEqual(resolution.deadline, datetime(2026, 3, 4, 10, 0))
        self.assertEqual(resolution.at_risk_date, datetime(2026, 3, 3, 10, 0))
        self.assertEqual(ticket.aftersales_sla_deadline, datetime(2026, 3, 2, 15, 0))
        self.assertEqual(ticket.aftersales_sla_status, "on_track")
        self.assertEqual(
            ticket._aftersales_sla_open_deadlines("resolution"),
            {ticket.id: datetime(2026, 3, 4, 10, 0)},
        )

    def test_pause_in_waiting_stage_moves_the_deadline(self):
        with freeze_time(self.MONDAY_10):
            ticket = self._ticket()
        resolution = self._timer(ticket, "resolution")
        with freeze_time(datetime(2026, 3, 2, 11, 0)):
            ticket.stage_id = self.stage_waiting
        self.assertEqual(resolution.status, "paused")
        self.assertEqual(ticket.aftersales_sla_status, "paused")
        # waiting over nights and the weekend: 5 + 4 x 7 + 2 working hours
        # between Monday 11:00 and the next Monday 11:00 are paused
        with freeze_time(datetime(2026, 3, 9, 11, 0)):
            ticket.stage_id = self.stage_progress
        self.assertEqual(resolution.status, "on_track")
        self.assertAlmostEqual(resolution.paused_hours, 35.0)
        self.assertEqual(resolution.deadline, datetime(2026, 3, 11, 10, 0))

    def test_closing_meets_or_breaches_and_starts_follow_up(self):
        with freeze_time(self.MONDAY_10):
            ticket = self._ticket()
        with freeze_time(datetime(2026, 3, 3, 9, 30)):
            ticket.stage_id = self.stage_done
        self.assertEqual(self._timer(ticket, "resolution").status, "met")
        # acknowledgement was due Monday 15:00: closing later still stops it, missed
        self.assertEqual(self._timer(ticket, "ack").status, "breached")
        followup = self._timer(ticket, "followup")
        self.assertEqual(followup.start_date, datetime(2026, 3, 3, 9, 30))
        self.assertEqual(followup.deadline, datetime(2026, 3, 6, 9, 30))
        self.assertEqual(ticket.aftersales_sla_deadline, followup.deadline)
        # closing planned the follow-up call: recording it is the one follow-up action
        self.assertTrue(ticket.aftersales_followup_date)
        ticket.aftersales_followup_outcome = "Called back: all fine"
        with freeze_time(datetime(2026, 3, 4, 9, 0)):
            ticket.action_record_followup()
        self.assertEqual(followup.status, "met")
        self.assertEqual(
            ticket.aftersales_sla_status, "breached"
        )  # the missed acknowledgement stays

    def test_recorded_follow_up_call_meets_the_follow_up(self):
        with freeze_time(self.MONDAY_10):
            ticket = self._ticket()
            ticket.stage_id = self.stage_done
            ticket._aftersales_plan_followup()
            ticket.aftersales_followup_outcome = "Customer happy with the replacement"
        with freeze_time(datetime(2026, 3, 3, 10, 0)):
            ticket.action_record_followup()
        followup = self._timer(ticket, "followup")
        self.assertEqual(followup.reached_date, datetime(2026, 3, 3, 10, 0))
        self.assertEqual(followup.status, "met")

    def test_reopen_resumes_resolution(self):
        with freeze_time(self.MONDAY_10):
            ticket = self._ticket()
            ticket.stage_id = self.stage_done
            ticket.stage_id = self.stage_progress
        resolution = self._timer(ticket, "resolution")
        self.assertFalse(resolution.reached_date)
        self.assertEqual(resolution.status, "on_track")
        self.assertFalse(self._timer(ticket, "followup"))

    def test_agent_reply_is_first_response(self):
        with freeze_time(self.MONDAY_10):
            ticket = self._ticket()
        with freeze_time(datetime(2026, 3, 2, 11, 0)):
            ticket.with_user(self.agent).message_post(
                body="We are on it", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
            ticket.with_user(self.agent).message_post(
                body="internal", message_type="comment", subtype_xmlid="mail.mt_note"
            )
        self.assertEqual(self._timer(ticket, "response").status, "met")
        self.assertEqual(self._timer(ticket, "ack").reached_date, datetime(2026, 3, 2, 11, 0))
        self.assertEqual(ticket.aftersales_first_response_date, datetime(2026, 3, 2, 11, 0))
        self.assertEqual(self._timer(ticket, "resolution").status, "on_track")

    def test_internal_note_is_not_a_response(self):
        with freeze_time(self.MONDAY_10):
            ticket = self._ticket()
            ticket.with_user(self.agent).message_post(
                body="internal", message_type="comment", subtype_xmlid="mail.mt_note"
            )
        self.assertFalse(self._timer(ticket, "response").reached_date)

    def test_stage_limit_counts_as_breach(self):
        self.stage_progress.aftersales_max_hours = 2
        with freeze_time(self.MONDAY_10):
            ticket = self._ticket()
            ticket.stage_id = self.stage_progress
        stage_timer = self._timer(ticket, "stage")
        self.assertEqual(stage_timer.stage_id, self.stage_progress)
        self.assertEqual(stage_timer.deadline, datetime(2026, 3, 2, 12, 0))
        self._run_cron(datetime(2026, 3, 2, 14, 0))
        self.assertEqual(stage_timer.status, "breached")
        self.assertEqual(ticket.aftersales_sla_status, "breached")
        with freeze_time(datetime(2026, 3, 2, 15, 0)):
            ticket.stage_id = self.stage_waiting
        self.assertTrue(stage_timer.reached_date)
        self.assertEqual(stage_timer.status, "breached")
