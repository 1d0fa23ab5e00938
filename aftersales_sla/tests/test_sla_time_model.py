from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import format_datetime

from .common import AftersalesSlaCase


@tagged("post_install", "-at_install")
class TestSlaTimeModel(AftersalesSlaCase):
    """One truth per fact: the clocks count from Received At, in the case's calendar
    (China's official holidays and make-up working days included), and the times written
    for people are in their time zone."""

    # ------------------------------------------------------------ received at

    def test_case_received_in_the_past_is_late_at_once(self):
        """A phone call logged four days late: the acknowledgement target (4 working
        hours) was missed long ago, whatever the recording time."""
        with freeze_time(datetime(2026, 3, 6, 10, 0)):  # Friday
            ticket = (
                self.env["helpdesk.ticket"]
                .with_user(self.agent)
                .create(
                    {
                        "name": "Kettle lid cracked (call of Monday)",
                        "description": "<p>logged late</p>",
                        "team_id": self.team.id,
                        "partner_id": self.partner.id,
                        "user_id": self.agent.id,
                        "aftersales_received_at": self.MONDAY_10,
                    }
                )
            )
            ack = self._timer(ticket, "ack")
            self.assertEqual(ack.start_date, self.MONDAY_10)
            self.assertEqual(ack.deadline, datetime(2026, 3, 2, 15, 0))
            resolution = self._timer(ticket, "resolution")
            self.assertEqual(resolution.start_date, self.MONDAY_10)
            self.assertEqual(resolution.deadline, datetime(2026, 3, 4, 10, 0))
            # the agent acknowledges now: late, not met
            ticket.with_user(self.agent).action_aftersales_acknowledge()
        self.assertEqual(ticket.aftersales_ack_date, datetime(2026, 3, 6, 10, 0))
        self.assertEqual(ack.status, "breached")
        # the escalation pass flags the resolution as breached too
        self._run_cron(datetime(2026, 3, 6, 10, 5))
        self.assertEqual(resolution.status, "breached")
        self.assertEqual(ticket.aftersales_sla_status, "breached")

    def test_new_received_at_moves_the_clocks_and_is_tracked(self):
        env = self.env(context=dict(self.env.context, tracking_disable=False))
        with freeze_time(datetime(2026, 3, 3, 10, 0)):  # Tuesday
            ticket = (
                env["helpdesk.ticket"]
                .with_user(self.agent)
                .create(
                    {
                        "name": "Blender noisy",
                        "description": "<p>x</p>",
                        "team_id": self.team.id,
                        "partner_id": self.partner.id,
                        "user_id": self.agent.id,
                    }
                )
            )
            ack = self._timer(ticket, "ack")
            self.assertEqual(ack.deadline, datetime(2026, 3, 3, 15, 0))
            env.flush_all()
            env.cr.precommit.run()  # the creation is logged apart from later changes
            # the email had come in the day before
            ticket.with_user(self.agent).aftersales_received_at = self.MONDAY_10
        self.assertEqual(ack.start_date, self.MONDAY_10)
        self.assertEqual(ack.deadline, datetime(2026, 3, 2, 15, 0))
        self.assertEqual(self._timer(ticket, "resolution").deadline, datetime(2026, 3, 4, 10, 0))
        env.flush_all()
        env.cr.precommit.run()
        tracked = ticket.message_ids.sudo().tracking_value_ids.filtered(
            lambda value: value.field_id.name == "aftersales_received_at"
        )
        self.assertEqual(tracked.new_value_datetime, self.MONDAY_10)

    def test_received_at_cannot_lie_in_the_future(self):
        with self.assertRaises(ValidationError):
            self.env["helpdesk.ticket"].with_user(self.agent).create(
                {
                    "name": "From tomorrow",
                    "description": "<p>x</p>",
                    "team_id": self.team.id,
                    "aftersales_received_at": datetime.now() + timedelta(days=1),
                }
            )

    # ------------------------------------------------------------ China's official holidays

    def _load_china(self, year=2026):
        wizard = Form(
            self.env["aftersales.calendar.holiday.wizard"]
            .with_user(self.admin)
            .with_context(default_calendar_id=self.china_calendar.id)
        )
        wizard.year = year
        return wizard.save().action_load()

    def _china_case(self, received):
        return (
            self.env["helpdesk.ticket"]
            .with_user(self.china_agent)
            .create(
                {
                    "name": "Air fryer smokes",
                    "description": "<p>x</p>",
                    "team_id": self.china_team.id,
                    "partner_id": self.partner.id,
                    "user_id": self.china_agent.id,
                    "aftersales_received_at": received,
                }
            )
        )

    def test_administrator_loads_a_year_of_china_holidays(self):
        action = self._load_china()
        self.assertEqual(action["tag"], "display_notification")
        leaves = self.china_calendar.global_leave_ids
        national = leaves.filtered(lambda leave: "National Day" in leave.name)
        # 1 to 7 October in Shanghai: 30 September 16:00 UTC to 7 October 15:59:59 UTC
        self.assertEqual(national.date_from, datetime(2026, 9, 30, 16, 0))
        self.assertEqual(national.date_to, datetime(2026, 10, 7, 15, 59, 59))
        spring = leaves.filtered(lambda leave: "Spring Festival" in leave.name)
        self.assertEqual(spring.date_from, datetime(2026, 2, 14, 16, 0))
        self.assertEqual(spring.date_to, datetime(2026, 2, 23, 15, 59, 59))
        makeup = self.china_calendar.aftersales_workday_ids.mapped("date")
        for day in (date(2026, 2, 14), date(2026, 2, 28), date(2026, 9, 20), date(2026, 10, 10)):
            self.assertIn(day, makeup)
        # where the holidays come from and which years they cover
        coverage = self.china_calendar.aftersales_holiday_coverage
        self.assertIn("chinesecalendar", coverage)
        self.assertIn("2026", coverage)
        # loading the year again replaces it, nothing doubles
        count = (len(leaves), len(makeup))
        self._load_china()
        self.assertEqual(
            (
                len(self.china_calendar.global_leave_ids),
                len(self.china_calendar.aftersales_workday_ids),
            ),
            count,
        )

    def test_loading_holidays_is_an_administrators_and_checks_the_year(self):
        manager = self.env["res.users"].create(
            {
                "name": "After-sales manager",
                "login": "sla_holiday_manager",
                "group_ids": [(6, 0, self.env.ref("aftersales_flow.group_aftersales_manager").ids)],
            }
        )
        with self.assertRaises(AccessError):
            self.env["aftersales.calendar.holiday.wizard"].with_user(manager).create(
                {"calendar_id": self.china_calendar.id, "year": 2026}
            ).action_load()
        covered = self.env["resource.calendar"]._aftersales_china_covered_years()
        with self.assertRaisesRegex(UserError, str(covered[-1] + 1)):
            self._load_china(covered[-1] + 1)
        self.assertFalse(self.china_calendar.global_leave_ids)

    def test_deadline_across_national_day_counts_the_make_up_saturday(self):
        """Received Wednesday 30 September 2026, 16:00 in Shanghai, 24 working hours to
        resolve: 2 hours that day, nothing from 1 to 7 October, 8 hours on Thursday 8 and
        Friday 9, then the make-up Saturday 10 October: due 16:00 that Saturday."""
        self.policy.write({"resolution_hours": 24})
        received = datetime(2026, 9, 30, 8, 0)  # 16:00 in Shanghai
        with freeze_time(received):
            before = self._china_case(received)
            # without the official schedule: Monday 5 October 16:00 in Shanghai
            self.assertEqual(
                self._timer(before, "resolution").deadline, datetime(2026, 10, 5, 8, 0)
            )
            self._load_china()
            ticket = self._china_case(received)
        self.assertEqual(self._timer(ticket, "resolution").deadline, datetime(2026, 10, 10, 8, 0))
        # the customer is promised the same moment
        self.assertEqual(ticket.aftersales_intake_expected_handling, datetime(2026, 10, 10, 8, 0))

    def test_make_up_sunday_before_national_day(self):
        """Friday 18 September, 17:00 in Shanghai, 4 working hours to acknowledge: one
        hour on Friday, Saturday off, the make-up Sunday 20 September from 9:00: due at
        12:00 that Sunday."""
        self._load_china()
        received = datetime(2026, 9, 18, 9, 0)
        with freeze_time(received):
            ticket = self._china_case(received)
        self.assertEqual(self._timer(ticket, "ack").deadline, datetime(2026, 9, 20, 4, 0))

    def test_deadline_across_spring_festival(self):
        """Friday 13 February 2026, 17:00 in Shanghai, 14 working hours: one hour on
        Friday, the make-up Saturday 14 February (8 hours), then the festival from 15 to
        23 February: due Tuesday 24 February at 15:00."""
        self.policy.write({"resolution_hours": 14})
        self._load_china()
        received = datetime(2026, 2, 13, 9, 0)
        with freeze_time(received):
            ticket = self._china_case(received)
        self.assertEqual(self._timer(ticket, "resolution").deadline, datetime(2026, 2, 24, 7, 0))

    # ------------------------------------------------------------ times shown to people

    def test_escalation_note_prints_the_deadline_in_the_agents_time_zone(self):
        self._load_china()
        received = datetime(2026, 9, 18, 9, 0)
        with freeze_time(received):
            ticket = self._china_case(received)
        ack = self._timer(ticket, "ack")
        # Sunday 17:00 UTC: already Monday 01:00 in Shanghai
        self._run_cron(datetime(2026, 9, 20, 17, 0))
        self.assertEqual(ack.status, "breached")
        note = ticket.message_ids.filtered(lambda m: "breached" in (m.body or ""))
        local = format_datetime(self.env, ack.deadline, tz="Asia/Shanghai")
        self.assertIn(local, note.body)
        self.assertNotIn("2026-09-20 04:00:00", note.body)
        # due today where the agent is: Monday 21 September in Shanghai (still Sunday in UTC)
        activity = ticket.activity_ids.filtered(lambda a: a.user_id == self.china_agent)
        self.assertEqual(activity.date_deadline, date(2026, 9, 21))
