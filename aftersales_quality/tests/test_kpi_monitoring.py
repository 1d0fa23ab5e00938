from datetime import datetime, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.aftersales_quality.tools import stats

from .common import QualityCommon


@tagged("post_install", "-at_install")
class TestKpiMonitoring(QualityCommon):
    """Each KPI judged against its scope's own history (weekly periods, four of
    reference, at least 5 cases measured), run by the quality manager alone.

    Cases are received one day (plus a few hours) into each week, counted back
    from now; the scopes of each test: one that deteriorates, one steady, one
    that deteriorates on too few cases."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the ratings stay on the cases they rate (no low-rating reopen)
        cls._weekly_identification(aftersales_low_rating_threshold=0)
        cls.cat_c = cls.env["helpdesk.ticket.category"].create({"name": "Wrong item"})
        cls.team_b = cls.env["helpdesk.ticket.team"].create(
            {"name": "Steady Team", "company_id": cls.company.id}
        )
        cls.Rule = cls.env["aftersales.quality.monitor.rule"]
        cls.Issue = cls.env["aftersales.quality.issue"]

    @classmethod
    def _at(cls, week, n, days=1):
        return cls.now - timedelta(days=7 * week + days, hours=n)

    def _only(self, kpi, scope=None):
        """Watch ``kpi`` only (the other default rules archived)."""
        rules = self.Rule.search([])
        (rules - rules.filtered(lambda r: r.kpi == kpi)).active = False
        if scope:
            rules.filtered(lambda r: r.kpi == kpi).scope = scope

    def _run(self):
        """The quality manager runs the analysis from the monitoring rules."""
        env = self._as(self.quality_manager)
        action = env["aftersales.quality.monitor.rule"].action_identify_problems()
        self.assertEqual(action["res_model"], "aftersales.quality.issue")
        return env["aftersales.quality.issue"].search(action["domain"])

    # ------------------------------------------------------------ satisfaction

    def _rated(self, when, rating, **vals):
        ticket = self._ticket(when, **vals)
        self._rate(ticket, rating)
        return ticket

    def test_falling_satisfaction_raises_an_issue(self):
        self._only("satisfaction")
        current = self.env["helpdesk.ticket"]
        for week in range(1, 5):
            for n, rating in enumerate([5, 5, 5, 3, 5]):
                self._rated(self._at(week, n), rating, category_id=self.cat_a.id)
            for n, rating in enumerate([5, 3, 5, 3, 5]):
                self._rated(self._at(week, n), rating, category_id=self.cat_b.id)
                self._rated(self._at(week, n), 5, category_id=self.cat_c.id)
        for n, rating in enumerate([1, 3, 1, 1, 3, 1]):
            current |= self._rated(self._at(0, n), rating, category_id=self.cat_a.id)
        for n, rating in enumerate([5, 3, 5, 3, 5]):  # steady
            self._rated(self._at(0, n), rating, category_id=self.cat_b.id)
        for n in range(3):  # as bad, but on three rated cases only: below the minimum
            self._rated(self._at(0, n), 1, category_id=self.cat_c.id)
        issue = self._run()
        self.assertEqual(len(issue), 1)
        self.assertEqual(issue.kpi, "satisfaction")
        self.assertEqual(issue.scope, "category")
        self.assertEqual(issue.category_id, self.cat_a)
        self.assertEqual(issue.stat_test, "welch")
        # by hand: 23 / 5 = 4.6 every week; this week 10 / 6
        self.assertAlmostEqual(issue.reference_average, 4.6)
        self.assertAlmostEqual(issue.current_value, 10 / 6)
        self.assertEqual(issue.trend, "4.60 → 4.60 → 4.60 → 4.60 → 1.67")
        self.assertEqual(issue.sample_trend, "5 → 5 → 5 → 5 → 6")
        self.assertEqual((issue.current_sample, issue.reference_sample), (6, 20))
        # Welch by hand: reference 20 ratings (16 × 5, 4 × 3): variance 16 × 0.16 + 4 × 2.56
        # over 19; this week (4 × 1, 2 × 3): variance (4 × 4/9 + 2 × 16/9) / 5
        expected = stats.welch_test(6, 10 / 6, (48 / 9) / 5, 20, 4.6, 12.8 / 19, False)
        self.assertAlmostEqual(issue.p_value, expected.p_value, places=6)
        self.assertAlmostEqual(issue.score, expected.score, places=2)
        self.assertLess(issue.p_value, 0.001)
        self.assertEqual(issue.ticket_ids, current)
        self.assertIn("Welch t-test", issue.evidence)
        self.assertIn("4.60 → 4.60 → 4.60 → 4.60 → 1.67", issue.evidence)
        # idempotent: the open issue is not proposed twice
        self.assertFalse(self._run())
        # accepted: the plan is judged on satisfaction, with the issue's evidence
        plan = self.env["aftersales.quality.plan"].browse(
            issue.with_env(self._as(self.quality_manager)).action_accept()["res_id"]
        )
        self.assertEqual(plan.kpi, "satisfaction")
        self.assertIn("Welch t-test", plan.problem)

    # ------------------------------------------------------------ resolution time

    def test_longer_resolution_raises_an_issue(self):
        self._only("resolution_time")
        current = self.env["helpdesk.ticket"]
        # received five days into each week: the same weekdays and hours every week
        for week in range(5):
            for n in range(5):
                received = self._at(week, n, days=5)
                if week:
                    self._ticket(
                        received, received + timedelta(minutes=30), category_id=self.cat_a.id
                    )
                self._ticket(received, received + timedelta(days=1), category_id=self.cat_b.id)
        for n in range(6):
            received = self._at(0, n, days=5)
            current |= self._ticket(
                received, received + timedelta(days=3), category_id=self.cat_a.id
            )
        for n in range(3):  # too few closed cases
            received = self._at(0, n, days=5)
            self._ticket(received, received + timedelta(days=3), category_id=self.cat_c.id)
        for week in range(1, 5):
            for n in range(3):
                received = self._at(week, n, days=5)
                self._ticket(received, received + timedelta(minutes=30), category_id=self.cat_c.id)
        issue = self._run()
        self.assertEqual(len(issue), 1)
        self.assertEqual((issue.kpi, issue.category_id), ("resolution_time", self.cat_a))
        self.assertEqual(issue.stat_test, "welch")
        self.assertEqual(issue.ticket_ids, current)
        self.assertAlmostEqual(
            issue.current_value, sum(current.mapped("aftersales_quality_resolution_hours")) / 6
        )
        self.assertLess(issue.p_value, 0.05)

    # ------------------------------------------------------------ reopen rate

    def _reopened(self, when, **vals):
        ticket = self._ticket(when, when + timedelta(minutes=10), **vals)
        ticket.stage_id = self.stage_open
        self._close(ticket, when + timedelta(minutes=20))
        return ticket

    def test_rising_reopen_rate_raises_an_issue(self):
        self._only("reopen_rate")
        current = self.env["helpdesk.ticket"]
        for week in range(1, 5):
            for n in range(5):
                at = self._at(week, n)
                self._ticket(at, at + timedelta(minutes=10), category_id=self.cat_a.id)
                self._ticket(at, at + timedelta(minutes=10), category_id=self.cat_c.id)
            # steady: one reopened of five every week
            self._reopened(self._at(week, 0), category_id=self.cat_b.id)
            for n in range(1, 5):
                at = self._at(week, n)
                self._ticket(at, at + timedelta(minutes=10), category_id=self.cat_b.id)
        for n in range(6):
            at = self._at(0, n)
            if n < 4:
                current |= self._reopened(at, category_id=self.cat_a.id)
            else:
                current |= self._ticket(at, at + timedelta(minutes=10), category_id=self.cat_a.id)
        self._reopened(self._at(0, 0), category_id=self.cat_b.id)
        for n in range(1, 5):
            at = self._at(0, n)
            self._ticket(at, at + timedelta(minutes=10), category_id=self.cat_b.id)
        for n in range(3):  # every one reopened, but three closed cases only
            self._reopened(self._at(0, n), category_id=self.cat_c.id)
        issue = self._run()
        self.assertEqual(len(issue), 1)
        self.assertEqual((issue.kpi, issue.category_id), ("reopen_rate", self.cat_a))
        self.assertEqual(issue.stat_test, "binomial")
        self.assertAlmostEqual(issue.current_value, 400 / 6)
        self.assertEqual(issue.trend, "0 → 0 → 0 → 0 → 66.67")
        # by hand: P(X >= 4) for Binomial(6, 0.5 / 21)
        p0 = 0.5 / 21
        expected = sum(
            __import__("math").comb(6, k) * p0**k * (1 - p0) ** (6 - k) for k in range(4, 7)
        )
        self.assertAlmostEqual(issue.p_value, expected, places=6)
        self.assertEqual(issue.ticket_ids, current)

    # ------------------------------------------------------------ SLA breach rate

    def _decided(self, when, breached, team):
        ticket = self._ticket(when, team_id=team.id)
        ticket.aftersales_sla_timer_ids.unlink()
        self.env["aftersales.sla.timer"].create(
            {
                "ticket_id": ticket.id,
                "kind": "resolution",
                "start_date": when,
                "deadline": when + timedelta(hours=4),
                "status": "breached" if breached else "met",
                "reached_date": when + timedelta(hours=1),
            }
        )
        return ticket

    def test_rising_sla_breach_rate_per_team_raises_an_issue(self):
        self._only("sla_breach_rate")
        current = self.env["helpdesk.ticket"]
        for week in range(1, 5):
            for n in range(5):
                self._decided(self._at(week, n), False, self.team)
                self._decided(self._at(week, n), n == 0, self.team_b)
        for n in range(6):
            current |= self._decided(self._at(0, n), n < 4, self.team)
        for n in range(5):
            self._decided(self._at(0, n), n == 0, self.team_b)
        self.env.flush_all()
        self.assertEqual(current.mapped("aftersales_sla_status").count("breached"), 4)
        issue = self._run()
        self.assertEqual(len(issue), 1)
        self.assertEqual((issue.kpi, issue.scope), ("sla_breach_rate", "team"))
        self.assertEqual(issue.scope_res_id, self.team.id)
        self.assertEqual(issue.scope_name, self.team.name)
        self.assertAlmostEqual(issue.current_value, 400 / 6)
        self.assertEqual(issue.ticket_ids, current)

    # ------------------------------------------------------------ volume, any scope

    def test_volume_per_channel(self):
        self._only("volume", scope="channel")
        channel, steady, noisy = self.env["helpdesk.ticket.channel"].create(
            [{"name": "Rising channel"}, {"name": "Steady channel"}, {"name": "Noisy channel"}]
        )
        for week in range(1, 5):
            self._ticket(self._at(week, 0), channel_id=channel.id)
            for n in range(5):
                self._ticket(self._at(week, n), channel_id=steady.id)
        for n in range(6):
            self._ticket(self._at(0, n), channel_id=channel.id)
            self._ticket(self._at(0, n), channel_id=steady.id)
        # noisy: 4, 0, 3, 1 a week, then 5 (the minimum): +150 % over the average of 2,
        # past the 50 % threshold, but P(X >= 5), Binomial(13, 1/5) = 0.099 is no evidence
        for week, count in zip(range(4, 0, -1), [4, 0, 3, 1], strict=True):
            for n in range(count):
                self._ticket(self._at(week, n), channel_id=noisy.id)
        for n in range(5):
            self._ticket(self._at(0, n), channel_id=noisy.id)
        self.assertGreater(stats.binom_sf(5, 13, 0.2), 0.05)
        issue = self._run()
        self.assertEqual(len(issue), 1)
        self.assertEqual(
            (issue.kpi, issue.scope, issue.scope_res_id), ("volume", "channel", channel.id)
        )
        self.assertEqual(issue.stat_test, "poisson")
        self.assertEqual(issue.trend, "1 → 1 → 1 → 1 → 6")
        # 6 of the 10 cases in the last of five equal periods: P(X >= 6), Binomial(10, 1/5)
        self.assertAlmostEqual(issue.p_value, stats.binom_sf(6, 10, 0.2), places=9)

    def test_rule_settings_are_checked(self):
        env = self._as(self.quality_manager)
        rule = env["aftersales.quality.monitor.rule"].create(
            {"name": "Satisfaction per team", "kpi": "satisfaction", "scope": "team"}
        )
        self.assertEqual(rule._settings(self.company), (7, 4, 5, 50))
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            rule.write({"significance": 0.9})
            rule.flush_recordset()
        with self.assertRaises(AccessError):
            self._as(self.agent)["aftersales.quality.monitor.rule"].search([])

    # ------------------------------------------------------------ effectiveness

    def _satisfaction_plan(self, before, after):
        pivot = datetime(2026, 3, 1, 9)
        for day, rating in enumerate(before, start=1):
            self._rated(pivot - timedelta(days=day), rating, category_id=self.cat_a.id)
        for day, rating in enumerate(after, start=1):
            self._rated(pivot + timedelta(days=day), rating, category_id=self.cat_a.id)
        env = self._as(self.quality_manager)
        with freeze_time(pivot):
            plan = env["aftersales.quality.plan"].create(
                {
                    "name": "Call back unhappy customers",
                    "problem": "Low satisfaction",
                    "category_id": self.cat_a.id,
                    "company_id": self.company.id,
                    "kpi": "satisfaction",
                    "target_reduction": 10,
                    "action_ids": [
                        Command.create(
                            {
                                "name": "Call-back script",
                                "user_id": self.agent.id,
                                "date_deadline": pivot.date(),
                            }
                        )
                    ],
                }
            )
            plan.action_plan()
            plan.action_start()
            plan.action_ids.action_done()
            plan.action_implement()
        with freeze_time(pivot + timedelta(days=31)):
            self.assertIs(plan.action_evaluate(), True)
        return plan

    def test_effectiveness_on_satisfaction(self):
        before = [1, 3, 1, 3, 1, 1, 3, 1]
        after = [5, 5, 3, 5, 5, 5, 3, 5]
        plan = self._satisfaction_plan(before, after)
        self.assertEqual(plan.state, "evaluated")
        self.assertAlmostEqual(plan.before_kpi_value, 1.75)
        self.assertAlmostEqual(plan.after_kpi_value, 4.5)
        self.assertEqual((plan.before_kpi_sample, plan.after_kpi_sample), (8, 8))
        self.assertAlmostEqual(plan.kpi_change_percent, (4.5 - 1.75) / 1.75 * 100)
        self.assertEqual(plan.evaluation_test, "welch")
        # by hand: variances 7.5 / 7 before and 6 / 7 after
        expected = stats.welch_test(8, 4.5, 6 / 7, 8, 1.75, 7.5 / 7, higher_is_worse=True)
        self.assertAlmostEqual(plan.evaluation_p_value, expected.p_value, places=6)
        self.assertAlmostEqual(plan.evaluation_confidence, (1 - expected.p_value) * 100, places=4)
        self.assertGreater(plan.evaluation_confidence, 99.9)
        self.assertEqual(plan.evaluation_result, "effective")
        self.assertIn("confidence", plan.evaluation_verdict)
        self.assertTrue(plan.evaluation_verdict.startswith("Effective"))

    def test_no_effect_on_satisfaction(self):
        ratings = [1, 3, 1, 3, 1, 1, 3, 1]
        plan = self._satisfaction_plan(ratings, list(reversed(ratings)))
        self.assertEqual(plan.evaluation_result, "not_effective")
        self.assertAlmostEqual(plan.kpi_change_percent, 0.0)
        self.assertAlmostEqual(plan.evaluation_confidence, 50.0, places=4)
        self.assertTrue(plan.evaluation_verdict.startswith("Not effective"))

    # ------------------------------------------------------------ staff review

    def test_staff_review_figures_by_hand(self):
        """Agent, team, company, case mix and trend over March 2026 (Monday 2 March:
        09:00 → 10:00 is 1 working hour, → 11:00 2 h, → 12:00 3 h, → 14:00 4 h)."""
        dt = self.dt
        colleague = new_test_user(
            self.env,
            login="qm_agent_2",
            groups="aftersales_flow.group_aftersales_user",
            company_id=self.company.id,
            company_ids=[Command.set([self.company.id])],
        )
        other = new_test_user(
            self.env,
            login="qm_agent_3",
            groups="aftersales_flow.group_aftersales_user",
            company_id=self.company.id,
            company_ids=[Command.set([self.company.id])],
        )
        cases = [
            # (agent, team, category, closed at, rating)
            (self.agent, self.team, self.cat_a, 10, 5),
            (self.agent, self.team, self.cat_a, 12, 1),
            (self.agent, self.team, self.cat_b, 11, 3),
            (colleague, self.team, self.cat_a, 10, 5),
            (colleague, self.team, self.cat_a, 10, 5),
            (colleague, self.team, self.cat_b, 14, 5),
            (colleague, self.team, self.cat_b, 14, 3),
            (other, self.team_b, self.cat_a, 11, 5),
        ]
        for user, team, category, closed, rating in cases:
            ticket = self._ticket(
                dt(2026, 3, 2, 9),
                dt(2026, 3, 2, closed),
                user_id=user.id,
                team_id=team.id,
                category_id=category.id,
            )
            self._rate(ticket, rating)
        # the previous period of the agent (31 days before 1 March): one case, rated 5
        previous = self._ticket(
            dt(2026, 2, 9, 9), dt(2026, 2, 9, 10), user_id=self.agent.id, category_id=self.cat_a.id
        )
        self._rate(previous, 5)
        env = self._as(self.quality_manager)
        review = env["aftersales.quality.staff.review"].create(
            {
                "user_id": self.agent.id,
                "company_id": self.company.id,
                "date_from": "2026-03-01",
                "date_to": "2026-03-31",
            }
        )
        figures = review._kpi_comparison()
        satisfaction = figures["satisfaction"]
        self.assertAlmostEqual(satisfaction["agent"], 9 / 3)
        self.assertAlmostEqual(satisfaction["team"], 27 / 7)
        self.assertAlmostEqual(satisfaction["company"], 32 / 8)
        # the company at the agent's mix: 2 × (21 / 5 in Damaged goods) + 1 × (11 / 3)
        self.assertAlmostEqual(satisfaction["mix"], (2 * 21 / 5 + 11 / 3) / 3)
        self.assertEqual(satisfaction["trend"], [None, None, 5.0, 3.0])
        resolution = figures["resolution_time"]
        self.assertAlmostEqual(resolution["agent"], (1 + 3 + 2) / 3)
        self.assertAlmostEqual(resolution["team"], (1 + 3 + 2 + 1 + 1 + 4 + 4) / 7)
        self.assertAlmostEqual(resolution["company"], 18 / 8)
        self.assertAlmostEqual(resolution["mix"], (2 * 8 / 5 + 10 / 3) / 3)
        self.assertEqual(resolution["trend"], [None, None, 1.0, 2.0])
        volume = figures["volume"]
        # cases: the agent's own, per agent for the team (7 / 2) and the company (8 / 3)
        self.assertEqual((volume["agent"], volume["team"]), (3, 3.5))
        self.assertAlmostEqual(volume["company"], 8 / 3)
        self.assertEqual(volume["trend"], [0, 0, 1, 3])
        self.assertEqual(figures["reopen_rate"]["agent"], 0.0)
        self.assertIn("Company at the agent&#39;s case mix", review.comparison_html)
        # the team compared can be chosen: the steady team's only agent
        review.team_id = self.team_b
        self.assertAlmostEqual(review._kpi_comparison()["satisfaction"]["team"], 5.0)

    def test_training_suggested_from_the_figures(self):
        dt = self.dt
        colleague = new_test_user(
            self.env,
            login="qm_agent_4",
            groups="aftersales_flow.group_aftersales_user",
            company_id=self.company.id,
            company_ids=[Command.set([self.company.id])],
        )
        for day, rating in enumerate([1, 1, 3, 1, 1, 3], start=2):
            ticket = self._ticket(
                dt(2026, 3, day, 9), user_id=self.agent.id, category_id=self.cat_b.id
            )
            self._rate(ticket, rating)
            ticket = self._ticket(
                dt(2026, 3, day, 9), user_id=colleague.id, category_id=self.cat_b.id
            )
            self._rate(ticket, 5 if day % 3 else 3)
            # on the other category the agent does as well as the colleague
            for user in (self.agent, colleague):
                ticket = self._ticket(
                    dt(2026, 3, day, 9), user_id=user.id, category_id=self.cat_a.id
                )
                self._rate(ticket, 5 if day % 2 else 3)
        env = self._as(self.quality_manager)
        review = env["aftersales.quality.staff.review"].create(
            {
                "user_id": self.agent.id,
                "company_id": self.company.id,
                "date_from": "2026-03-01",
                "date_to": "2026-03-31",
            }
        )
        self.assertIs(review.action_suggest_training(), True)
        suggestion = review.suggestion_ids
        self.assertEqual(len(suggestion), 1)
        self.assertEqual((suggestion.kpi, suggestion.category_id), ("satisfaction", self.cat_b))
        self.assertAlmostEqual(suggestion.agent_value, 10 / 6)
        self.assertLess(suggestion.p_value, 0.05)
        # the figures and the decision are not written directly
        with self.assertRaises(UserError):
            suggestion.write({"state": "confirmed"})
        with self.assertRaises(UserError):
            suggestion.write({"p_value": 0.5})
        with self.assertRaises(UserError):
            env["aftersales.quality.training.suggestion"].create(
                {
                    "review_id": review.id,
                    "kpi": "reopen_rate",
                    "category_id": self.cat_a.id,
                    "p_value": 0.001,
                }
            )
        self.assertIs(suggestion.action_confirm(), True)
        self.assertEqual(suggestion.state, "confirmed")
        self.assertEqual(suggestion.decided_by_id, self.quality_manager)
        self.assertTrue(review.training_needed)
        self.assertEqual(review.training_topic, "Satisfaction on Late delivery")
        with self.assertRaises(UserError):
            suggestion.action_dismiss()
        # suggesting again keeps the decision and proposes nothing twice
        review.action_suggest_training()
        self.assertEqual(review.suggestion_ids, suggestion)


@tagged("post_install", "-at_install")
class TestKpiMonitoringRpc(HttpCase):
    """The real door: the web client's call_kw, as the quality manager and as an agent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quality = new_test_user(
            cls.env, login="mon_quality", groups="aftersales_quality.group_quality_manager"
        )
        cls.agent = new_test_user(
            cls.env, login="mon_agent", groups="aftersales_flow.group_aftersales_user"
        )
        cls.category = cls.env["helpdesk.ticket.category"].create({"name": "RPC monitoring"})
        cls.issue = cls.env["aftersales.quality.issue"].create(
            {
                "name": "Satisfaction of RPC monitoring",
                "kpi": "satisfaction",
                "scope": "category",
                "scope_res_id": cls.category.id,
                "category_id": cls.category.id,
                "period_start": fields.Datetime.now() - timedelta(days=7),
                "period_end": fields.Datetime.now(),
                "stat_test": "welch",
                "p_value": 0.001,
            }
        )

    def _call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_quality_manager_runs_the_analysis(self):
        self.authenticate("mon_quality", "mon_quality")
        action = self._call("aftersales.quality.monitor.rule", "action_identify_problems", [[]])
        self.assertEqual(action["res_model"], "aftersales.quality.issue")
        # the evidence of an issue is not written through the door
        with self.assertRaises(JsonRpcException):
            self._call("aftersales.quality.issue", "write", [self.issue.ids, {"p_value": 0.9}])
        with self.assertRaises(JsonRpcException):
            self._call("aftersales.quality.issue", "write", [self.issue.ids, {"kpi": "volume"}])
        self.assertEqual(self.issue.p_value, 0.001)
        # bad input: a clear error
        with self.assertRaises(JsonRpcException):
            self._call(
                "aftersales.quality.monitor.rule",
                "create",
                [{"name": "Bad", "kpi": "volume", "scope": "team", "significance": 2}],
            )

    def test_agent_cannot_run_the_analysis(self):
        self.authenticate("mon_agent", "mon_agent")
        with self.assertRaises(JsonRpcException):
            self._call("aftersales.quality.monitor.rule", "action_identify_problems", [[]])
        with self.assertRaises(JsonRpcException):
            self._call("aftersales.quality.monitor.rule", "search_read", [[]])
