from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import QualityCommon

NOVEMBER = {"date_from": "2026-11-01", "date_to": "2026-11-30"}


@tagged("post_install", "-at_install")
class TestQualityDashboard(QualityCommon):
    """Five cases received around the cut between October and November 2026, so
    the period and its previous one (2 to 31 October) hold different cases in
    Shanghai (UTC+8) and in New York (UTC-4, then UTC-5 from 1 November):

    ====  ====================  ======  =====  =======  =====================
    case  received (UTC)        team    categ  channel  Shanghai / New York
    ====  ====================  ======  =====  =======  =====================
    c1    Mon 2 Nov 10:00       team    A      web      Nov / Nov
    c2    Tue 10 Nov 10:00      team2   B      phone    Nov / Nov
    c3    Thu 15 Oct 10:00      team    A      web      Oct / Oct
    c4    Sat 31 Oct 20:00      team    A      phone    Nov (1st) / Oct
    c5    Tue 1 Dec 02:00       team2   B      web      Dec / Nov (30th)
    ====  ====================  ======  =====  =======  =====================

    SLA: c1 met, c2 breached, c3 met, c4 and c5 met. Ratings: c1 5, c3 2.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        dt = cls.dt
        cls.company.aftersales_low_rating_threshold = 0  # keep the rated cases closed
        cls.team2 = cls.env["helpdesk.ticket.team"].create(
            {"name": "Second Team", "company_id": cls.company.id}
        )
        Channel = cls.env["helpdesk.ticket.channel"]
        cls.web = Channel.create({"name": "Dashboard web"})
        cls.phone = Channel.create({"name": "Dashboard phone"})
        layout = [
            ("c1", dt(2026, 11, 2, 10), cls.team, cls.cat_a, cls.web),
            ("c2", dt(2026, 11, 10, 10), cls.team2, cls.cat_b, cls.phone),
            ("c3", dt(2026, 10, 15, 10), cls.team, cls.cat_a, cls.web),
            ("c4", dt(2026, 10, 31, 20), cls.team, cls.cat_a, cls.phone),
            ("c5", dt(2026, 12, 1, 2), cls.team2, cls.cat_b, cls.web),
        ]
        for name, received, team, category, channel in layout:
            setattr(
                cls,
                name,
                cls._ticket(
                    received,
                    name=name,
                    team_id=team.id,
                    category_id=category.id,
                    channel_id=channel.id,
                ),
            )
        cls._close(cls.c1, dt(2026, 11, 2, 11))
        cls._close(cls.c3, dt(2026, 10, 15, 11))
        cls._rate(cls.c1, 5)
        cls._rate(cls.c3, 2)
        cases = cls.c1 | cls.c2 | cls.c3 | cls.c4 | cls.c5
        cases.aftersales_sla_timer_ids.unlink()
        cls.env["aftersales.sla.timer"].create(
            [
                {
                    "ticket_id": case.id,
                    "kind": "resolution",
                    "start_date": case.aftersales_received_at,
                    "deadline": case.aftersales_received_at + timedelta(days=1),
                    "status": "breached" if case == cls.c2 else "met",
                    "reached_date": case.aftersales_received_at,
                }
                for case in cases
            ]
        )
        # open work: a proposed issue and an open plan on a case of each team, an
        # overdue action on the first team's plan, feedback to review on team2
        cls.issues = cls.env["aftersales.quality.issue"].create(
            [
                {
                    "name": f"Dashboard issue {case.name}",
                    "scope": "category",
                    "scope_res_id": case.category_id.id,
                    "category_id": case.category_id.id,
                    "period_start": case.aftersales_received_at,
                    "period_end": case.aftersales_received_at,
                    "ticket_ids": [Command.set(case.ids)],
                    "company_id": cls.company.id,
                }
                for case in (cls.c1, cls.c2)
            ]
        )
        cls.plans = cls.env["aftersales.quality.plan"].create(
            [
                {
                    "name": f"Dashboard plan {case.name}",
                    "problem": "Crushed parcels",
                    "ticket_ids": [Command.set(case.ids)],
                    "company_id": cls.company.id,
                }
                for case in (cls.c1, cls.c2)
            ]
        )
        cls.env["aftersales.quality.action"].create(
            {
                "name": "Dashboard overdue action",
                "plan_id": cls.plans[0].id,
                "user_id": cls.quality_manager.id,
                "date_deadline": fields.Date.today() - timedelta(days=3),
            }
        )
        cls.feedback = cls._ticket(
            dt(2026, 11, 3, 10),
            name="Dashboard praise",
            team_id=cls.team2.id,
            category_id=cls.cat_b.id,
            channel_id=cls.web.id,
            aftersales_case_kind="praise",
        )
        cls.env.flush_all()
        cls.Board = cls.env["aftersales.quality.dashboard"]

    def _board(self, tz, user=None):
        user = user or self.quality_manager
        user.tz = tz
        return self.Board.with_env(self._as(user))

    @staticmethod
    def _kpis(data):
        return {kpi["key"]: kpi for kpi in data["kpis"]}

    # ------------------------------------------------------------ figures

    def test_kpis_and_previous_period_in_two_time_zones(self):
        """Each figure and the previous period's, cut at midnight where the reader is."""
        cases = self.c1 | self.c2 | self.c3 | self.c4 | self.c5 | self.feedback
        expected = {
            # Shanghai: Nov = c1, c2, c4 (+ the praise); Oct = c3
            "Asia/Shanghai": {"now": self.c1 | self.c2 | self.c4, "before": self.c3},
            # New York: Nov = c1, c2, c5 (+ the praise); Oct = c3, c4
            "America/New_York": {"now": self.c1 | self.c2 | self.c5, "before": self.c3 | self.c4},
        }
        for tz, periods in expected.items():
            with self.subTest(tz=tz):
                data = self._board(tz).get_dashboard_data(dict(NOVEMBER))
                self.assertEqual(data["period"]["previous_from"], "2026-10-02")
                self.assertEqual(data["period"]["previous_to"], "2026-10-31")
                kpis = self._kpis(data)
                for period, key in (("now", "value"), ("before", "previous")):
                    # hand count: the praise belongs to November in both zones
                    mine = periods[period] | (self.feedback if period == "now" else cases[:0])
                    decided = mine.filtered(
                        lambda c: c.aftersales_sla_status in ("met", "breached")
                    )
                    met = decided.filtered(lambda c: c.aftersales_sla_status == "met")
                    rated = mine.filtered("rating_last_value")
                    self.assertEqual(kpis["cases"][key], len(mine), (period, tz))
                    self.assertAlmostEqual(
                        kpis["sla_compliance"][key], 100.0 * len(met) / len(decided)
                    )
                    self.assertEqual(kpis["sla_breached"][key], len(decided - met))
                    self.assertAlmostEqual(
                        kpis["rating"][key],
                        sum(rated.mapped("rating_last_value")) / len(rated),
                    )
                self.assertEqual(
                    kpis["cases"]["delta"], kpis["cases"]["value"] - kpis["cases"]["previous"]
                )
        # the figures in Shanghai, by hand: 4 cases (c1, c2, c4, praise) against 1
        kpis = self._kpis(self._board("Asia/Shanghai").get_dashboard_data(dict(NOVEMBER)))
        self.assertEqual((kpis["cases"]["value"], kpis["cases"]["previous"]), (4, 1))
        # c1, c4 met, c2 breached (the praise has no clock) against c3 met
        self.assertAlmostEqual(kpis["sla_compliance"]["value"], 200.0 / 3)
        self.assertAlmostEqual(kpis["sla_compliance"]["previous"], 100.0)
        self.assertAlmostEqual(kpis["sla_compliance"]["delta"], 200.0 / 3 - 100.0)
        self.assertEqual((kpis["rating"]["value"], kpis["rating"]["previous"]), (5.0, 2.0))
        self.assertEqual(kpis["sla_compliance"]["better"], "up")
        self.assertEqual(kpis["sla_breached"]["better"], "down")

    def test_charts_over_time(self):
        """A month by day: a bucket per day, volume, SLA compliance and satisfaction
        of each day, cut in the reader's time zone."""
        charts = self._board("Asia/Shanghai").get_dashboard_data(dict(NOVEMBER))["charts"]
        self.assertEqual(charts["granularity"], "day")
        self.assertEqual(len(charts["labels"]), 30)
        self.assertEqual(charts["labels"][0], "2026-11-01")
        series = {serie["key"]: serie["values"] for serie in charts["series"]}
        self.assertEqual(set(series), {"cases", "sla_compliance", "rating"})
        self.assertEqual(sum(series["cases"]), 4)
        self.assertEqual(series["cases"][0], 1)  # c4, the 1st in Shanghai
        self.assertEqual(series["cases"][1], 1)  # c1
        self.assertEqual(series["sla_compliance"][9], 0.0)  # c2, breached on the 10th
        self.assertEqual(series["rating"][1], 5.0)
        self.assertIsNone(series["rating"][2])  # nothing received: no satisfaction
        # in New York c4 leaves the month and c5 comes in on the 30th
        charts = self._board("America/New_York").get_dashboard_data(dict(NOVEMBER))["charts"]
        series = {serie["key"]: serie["values"] for serie in charts["series"]}
        self.assertEqual((series["cases"][0], series["cases"][29]), (0, 1))
        # longer periods: weeks, then months
        board = self._board("UTC")
        data = board.get_dashboard_data({"date_from": "2026-09-01", "date_to": "2026-11-30"})
        self.assertEqual(data["charts"]["granularity"], "week")
        # c1, c2, c3, c4 and the praise (c5 is December's in UTC)
        self.assertEqual(sum(data["charts"]["series"][0]["values"]), 5)
        data = board.get_dashboard_data({"date_from": "2026-01-01", "date_to": "2026-12-31"})
        self.assertEqual(data["charts"]["granularity"], "month")
        self.assertEqual(len(data["charts"]["labels"]), 12)
        # November in UTC: c1, c2 and the praise (c4 is October's, c5 December's)
        self.assertEqual(data["charts"]["series"][0]["values"][10], 3)

    # ------------------------------------------------------------ filters

    def test_filters_apply_to_every_counter(self):
        """Team, category and channel narrow the KPIs of both periods, the charts
        and the open work."""
        board = self._board("Asia/Shanghai")
        unfiltered = board.get_dashboard_data(dict(NOVEMBER))
        for filters, now, before, work in (
            # team: c1, c4 against c3; the first plan, its issue and action
            (
                {"team_ids": self.team.ids},
                2,
                1,
                {"proposed_issues": 1, "open_plans": 1, "overdue_actions": 1, "feedback": 0},
            ),
            # team2: c2 and the praise; the second plan and issue, the praise
            (
                {"team_ids": self.team2.ids},
                2,
                0,
                {"proposed_issues": 1, "open_plans": 1, "overdue_actions": 0, "feedback": 1},
            ),
            # category A: c1, c4 against c3
            (
                {"category_ids": self.cat_a.ids},
                2,
                1,
                {"proposed_issues": 1, "open_plans": 1, "overdue_actions": 1, "feedback": 0},
            ),
            # channel web: c1 and the praise against c3
            (
                {"channel_ids": self.web.ids},
                2,
                1,
                {"proposed_issues": 1, "open_plans": 1, "overdue_actions": 1, "feedback": 1},
            ),
            # phone and team: c4 only; no open work on it
            (
                {"channel_ids": self.phone.ids, "team_ids": self.team.ids},
                1,
                0,
                {"proposed_issues": 0, "open_plans": 0, "overdue_actions": 0, "feedback": 0},
            ),
        ):
            with self.subTest(filters=filters):
                data = board.get_dashboard_data({**NOVEMBER, **filters})
                kpis = self._kpis(data)
                self.assertEqual((kpis["cases"]["value"], kpis["cases"]["previous"]), (now, before))
                self.assertEqual(sum(data["charts"]["series"][0]["values"]), now)
                self.assertEqual({w["key"]: w["value"] for w in data["work"]}, work)
                for key, ids in filters.items():
                    self.assertEqual(data["filters"][key], ids)
        # without filters the open work counts at least all of the above
        counts = {w["key"]: w["value"] for w in unfiltered["work"]}
        self.assertGreaterEqual(counts["proposed_issues"], 2)
        self.assertGreaterEqual(counts["feedback"], 1)
        # the form of the board applies the filters to its open work too
        form_board = self.Board.with_env(self._as(self.quality_manager)).create(
            {**NOVEMBER, "team_ids": [Command.set(self.team2.ids)]}
        )
        self.assertEqual(form_board.overdue_action_count, 0)
        self.assertEqual(form_board.feedback_count, 1)

    # ------------------------------------------------------------ drill-down

    def test_drill_down_carries_period_and_filters(self):
        board = self._board("Asia/Shanghai")
        filters = {**NOVEMBER, "team_ids": self.team.ids}
        Report = self.Report.with_env(self._as(self.quality_manager))
        action = board.action_open_dashboard_card(filters, "cases")
        self.assertEqual(action["res_model"], "aftersales.quality.kpi.report")
        self.assertIn("2026-11-01 → 2026-11-30", action["name"])
        self.assertIn(self.team.name, action["name"])
        # the web client titles the window (and its breadcrumb) with display_name
        self.assertEqual(action["display_name"], action["name"])
        self.assertEqual(
            action["context"]["aftersales_dashboard_period"]["team_ids"], self.team.ids
        )
        self.assertEqual(
            Report.search(action["domain"]).ticket_id, self.c1 | self.c4, "period and team"
        )
        action = board.action_open_dashboard_card(
            {**NOVEMBER, "team_ids": self.team2.ids}, "sla_breached"
        )
        self.assertEqual(Report.search(action["domain"]).ticket_id, self.c2)
        self.assertIn("SLA Breached", action["name"])
        action = board.action_open_dashboard_card(filters, "rating")
        self.assertEqual(Report.search(action["domain"]).ticket_id, self.c1)
        # open work: the same records as the counter, the filters in the name
        action = board.action_open_dashboard_card(filters, "proposed_issues")
        self.assertIn(self.team.name, action["display_name"])
        issues = self.env["aftersales.quality.issue"].with_env(self._as(self.quality_manager))
        self.assertEqual(issues.search(action["domain"]), self.issues[0])
        # the Analyse button of the board names its period too
        form_board = self.Board.with_env(self._as(self.quality_manager)).create(NOVEMBER)
        self.assertIn("2026-11-01 → 2026-11-30", form_board.action_open_analysis()["display_name"])

    # ------------------------------------------------------------ bad input, roles

    def test_bad_filters_answer_a_clear_error(self):
        board = self._board("UTC")
        for filters in (
            {"date_from": "2026-11-30", "date_to": "2026-11-01"},
            {"date_from": "2026-13-45", "date_to": "2026-11-30"},
            {"date_from": "2026-11-01", "date_to": "9999-12-31"},
            {"date_from": "0001-01-01", "date_to": "0001-01-05"},
            {"date_from": 20261101},
            {"team_ids": [999999999]},
            {"team_ids": "all"},
            {"category_ids": [True]},
            {"channel_ids": [None]},
            {"colour": "red"},
            ["2026-11-01"],
        ):
            with self.subTest(filters=filters), self.assertRaises(UserError):
                board.get_dashboard_data(filters)
        with self.assertRaises(UserError):
            board.action_open_dashboard_card(dict(NOVEMBER), "no_such_card")
        # no filters: the last 30 days
        data = board.get_dashboard_data()
        self.assertEqual(
            date.fromisoformat(data["period"]["date_to"])
            - date.fromisoformat(data["period"]["date_from"]),
            timedelta(days=30),
        )

    def test_only_the_dashboard_roles_read_it(self):
        self.assertTrue(
            self.Board.with_env(self._as(self.manager)).get_dashboard_data(dict(NOVEMBER))
        )
        for user in (self.agent,):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Board.with_env(self._as(user)).get_dashboard_data(dict(NOVEMBER))

    def test_no_figure_is_no_change(self):
        """A period with nothing rated has no satisfaction (None), and no change
        against a period that has one; counts are 0."""
        kpis = self._kpis(
            self._board("UTC").get_dashboard_data(
                {"date_from": "2026-11-01", "date_to": "2026-11-30", "team_ids": self.team2.ids}
            )
        )
        self.assertIsNone(kpis["rating"]["value"])
        self.assertIsNone(kpis["rating"]["delta"])
        self.assertEqual(kpis["repeats"]["value"], 0)
        kpis = self._kpis(
            self._board("UTC").get_dashboard_data(
                {"date_from": "2026-11-01", "date_to": "2026-11-30", "team_ids": self.team.ids}
            )
        )
        # November: c1 rated 5; October: c3 rated 2 (c4 not rated)
        self.assertEqual((kpis["rating"]["value"], kpis["rating"]["previous"]), (5.0, 2.0))
        self.assertEqual(kpis["rating"]["delta"], 3.0)
        kpis = self._kpis(
            self._board("UTC").get_dashboard_data(
                {"date_from": "2026-12-01", "date_to": "2026-12-31", "team_ids": self.team.ids}
            )
        )
        # December: nothing for the team; November's 5 is no reason for a change of -5
        self.assertEqual(kpis["rating"]["previous"], 5.0)
        self.assertIsNone(kpis["rating"]["value"])
        self.assertIsNone(kpis["rating"]["delta"])
