import io
from datetime import date, datetime, timedelta

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import QualityCommon


@tagged("post_install", "-at_install")
class TestQualityTimeModel(QualityCommon):
    """The figures of a case mean what its service level means: they count from Received
    At, in the case's calendar (public holidays out), and every period is cut where the
    reader lives."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["aftersales.sla.policy"].search([]).active = False
        cls.policy = cls.env["aftersales.sla.policy"].create(
            {
                "name": "Quality test service level",
                "company_id": cls.company.id,
                "ack_hours": 24,
                "resolution_hours": 24,
            }
        )
        cls.team.user_ids = [Command.link(cls.agent.id)]
        cls.customer = cls.env["res.partner"].create(
            {"name": "Ma Li", "email": "ma.li@example.com", "company_id": cls.company.id}
        )
        company = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        cls.quality_shanghai = new_test_user(
            cls.env,
            login="qm_shanghai",
            groups="aftersales_quality.group_quality_manager",
            tz="Asia/Shanghai",
            **company,
        )
        cls.quality_new_york = new_test_user(
            cls.env,
            login="qm_new_york",
            groups="aftersales_quality.group_quality_manager",
            tz="America/New_York",
            **company,
        )

    def _agent_case(self, received, **vals):
        return (
            self.env["helpdesk.ticket"]
            .with_env(self._as(self.agent))
            .create(
                {
                    "name": vals.pop("name", "Kettle leaks"),
                    "description": "<p>x</p>",
                    "team_id": self.team.id,
                    "company_id": self.company.id,
                    "partner_id": self.customer.id,
                    "user_id": self.agent.id,
                    "aftersales_received_at": received,
                    **vals,
                }
            )
        )

    def _dashboard(self, user, day, **vals):
        return (
            self.env["aftersales.quality.dashboard"]
            .with_env(self._as(user))
            .create({"date_from": day, "date_to": day, **vals})
        )

    # ------------------------------------------------------------ received at

    def test_case_received_in_the_past(self):
        """Called on Monday, logged on Friday: acknowledged and solved on Friday, it took
        32 working hours (Monday 10:00 to Friday 10:00, 8 hours a day), its service level
        is breached, and it belongs to Monday in every report."""
        with freeze_time(datetime(2026, 3, 6, 10, 0)):
            case = self._agent_case(datetime(2026, 3, 2, 10, 0))
            case.action_aftersales_acknowledge()
            case.stage_id = self.stage_done
        self.assertEqual(case.aftersales_quality_ack_hours, 32.0)
        self.assertEqual(case.aftersales_quality_resolution_hours, 32.0)
        self.assertEqual(case.aftersales_sla_status, "breached")
        self.env.flush_all()  # the report is a SQL view: a new request reads what was saved
        row = self.Report.with_env(self._as(self.quality_manager)).search(
            [("ticket_id", "=", case.id)]
        )
        self.assertEqual(row.date, datetime(2026, 3, 2, 10, 0))
        self.assertEqual(row.resolution_hours, 32.0)
        monday = self._dashboard(self.quality_manager, date(2026, 3, 2))
        self.assertEqual(monday.case_count, 1)
        self.assertEqual(monday.resolution_hours, 32.0)
        self.assertEqual(monday.sla_breached_count, 1)
        self.assertEqual(self._dashboard(self.quality_manager, date(2026, 3, 6)).case_count, 0)

    # ------------------------------------------------------------ one calendar engine

    def test_sla_and_kpis_count_the_same_working_hours(self):
        """A public holiday on Wednesday: the resolution target (24 working hours from
        Monday 10:00) is due Friday 10:00, and a case closed then took 24 working hours in
        the quality figures as well."""
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 3, 4, 0, 0),
                "date_to": datetime(2026, 3, 4, 23, 59, 59),
            }
        )
        with freeze_time(datetime(2026, 3, 2, 10, 0)):
            case = self._agent_case(datetime(2026, 3, 2, 10, 0))
        resolution = case.aftersales_sla_timer_ids.filtered(
            lambda timer: timer.kind == "resolution"
        )
        self.assertEqual(resolution.deadline, datetime(2026, 3, 6, 10, 0))
        with freeze_time(resolution.deadline):
            case.with_env(self._as(self.agent)).stage_id = self.stage_done
        self.assertEqual(resolution.status, "met")
        self.assertEqual(case.aftersales_quality_resolution_hours, resolution.target_hours)
        self.assertEqual(case.aftersales_calendar_id, resolution.calendar_id)

    # ------------------------------------------------------------ periods where the reader is

    def test_periods_are_cut_in_the_readers_time_zone(self):
        received = {
            # Shanghai: 3 March 07:30; New York: 2 March 18:30
            "a": datetime(2026, 3, 2, 23, 30),
            # Shanghai: 3 March 12:30; New York: 2 March 23:30
            "b": datetime(2026, 3, 3, 4, 30),
            # Shanghai: 3 March 20:00; New York: 3 March 07:00
            "c": datetime(2026, 3, 3, 12, 0),
        }
        for name, moment in received.items():
            self._agent_case(moment, name=f"Case {name}")
        march_2, march_3 = date(2026, 3, 2), date(2026, 3, 3)
        expected = {
            self.quality_shanghai: {march_2: 0, march_3: 3},
            self.quality_new_york: {march_2: 2, march_3: 1},
            # no time zone of their own: their company's working hours (UTC)
            self.quality_manager: {march_2: 1, march_3: 2},
        }
        for user, counts in expected.items():
            for day, count in counts.items():
                with self.subTest(user=user.login, day=day):
                    self.assertEqual(self._dashboard(user, day).case_count, count)
                    review = (
                        self.env["aftersales.quality.staff.review"]
                        .with_env(self._as(user))
                        .create(
                            {
                                "user_id": self.agent.id,
                                "company_id": self.company.id,
                                "date_from": day,
                                "date_to": day,
                            }
                        )
                    )
                    self.assertEqual(review.case_count, count)
        # the workbook lists the day's cases at the reader's local time
        for user, first in (
            (self.quality_shanghai, datetime(2026, 3, 3, 7, 30)),
            (self.quality_new_york, datetime(2026, 3, 3, 7, 0)),
        ):
            data = (
                self.env["aftersales.quality.xlsx"]
                .with_env(self._as(user))
                ._build(march_3, march_3)
            )
            rows = list(
                openpyxl.load_workbook(io.BytesIO(data))["Cases"].iter_rows(
                    min_row=2, values_only=True
                )
            )
            self.assertEqual(rows[0][2], first, user.login)

    # ------------------------------------------------------------ effectiveness

    def _implemented_plan(self):
        plan = (
            self.env["aftersales.quality.plan"]
            .with_env(self._as(self.quality_manager))
            .create(
                {
                    "name": "Stronger boxes",
                    "problem": "Crushed parcels",
                    "category_id": self.cat_a.id,
                    "company_id": self.company.id,
                    "action_ids": [
                        Command.create(
                            {
                                "name": "Double-wall boxes",
                                "user_id": self.agent.id,
                                "date_deadline": date(2026, 3, 31),
                            }
                        )
                    ],
                }
            )
        )
        plan.action_plan()
        plan.action_start()
        plan.action_ids.action_done()
        plan.action_implement()
        return plan

    def test_effectiveness_is_measured_once_the_window_has_passed(self):
        for day in range(1, 15):  # 14 cases in the 30 days before
            self._ticket(datetime(2026, 3, 1) - timedelta(days=day), category_id=self.cat_a.id)
        with freeze_time(datetime(2026, 3, 1, 9, 0)):
            plan = self._implemented_plan()
            # right after its implementation: nothing to measure after it, refused
            with self.assertRaisesRegex(UserError, "less than a day"):
                plan.action_evaluate()
        self.assertEqual(plan.state, "implemented")
        self.assertFalse(plan.evaluation_result)
        # ten days later: a provisional result over the ten days measured
        self._ticket(datetime(2026, 3, 5, 9, 0), category_id=self.cat_a.id)
        with freeze_time(datetime(2026, 3, 11, 9, 0)):
            plan.action_evaluate()
            with self.assertRaises(UserError):
                plan.action_close()
        self.assertEqual(plan.state, "implemented")
        self.assertTrue(plan.evaluation_provisional)
        self.assertAlmostEqual(plan.after_days, 10.0)
        self.assertEqual(plan.after_case_count, 1)
        self.assertAlmostEqual(plan.after_daily_rate, 0.1)
        # once the 30 days have passed: the final verdict
        with freeze_time(datetime(2026, 3, 31, 9, 1)):
            plan.action_evaluate()
        self.assertEqual(plan.state, "evaluated")
        self.assertFalse(plan.evaluation_provisional)
        self.assertAlmostEqual(plan.after_days, 30.0)
        self.assertEqual(plan.before_case_count, 14)
        self.assertEqual(plan.evaluation_result, "effective")
        plan.action_close()
        self.assertEqual(plan.state, "closed")

    # ------------------------------------------------------------ closed cases

    def test_quality_manager_triages_the_feedback_of_a_closed_case(self):
        praise = self._agent_case(
            datetime(2026, 3, 2, 10), aftersales_case_kind="praise", name="Thank you"
        )
        suggestion = self._agent_case(
            datetime(2026, 3, 2, 11), aftersales_case_kind="suggestion", name="Add gift wrapping"
        )
        (praise | suggestion).with_env(self._as(self.agent)).stage_id = self.stage_done
        quality = self._as(self.quality_manager)
        praise.with_env(quality).aftersales_quality_dismiss_reason = "Thanked the customer by phone"
        self.assertIs(praise.with_env(quality).action_quality_dismiss(), True)
        self.assertEqual(praise.aftersales_quality_feedback_state, "dismissed")
        action = suggestion.with_env(quality).action_quality_create_plan()
        self.assertEqual(action["res_model"], "aftersales.quality.plan")
        self.assertEqual(suggestion.aftersales_quality_feedback_state, "planned")
        # the rest of a closed case stays locked for them
        with self.assertRaisesRegex(UserError, "closed"):
            praise.with_env(quality).aftersales_order_ref = "SO-1"
