from collections import Counter
from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AftersalesAssignCommon


@tagged("post_install", "-at_install")
class TestIntakeAssign(AftersalesAssignCommon):
    def _create_as_agent(self, count, **vals):
        """``count`` cases created by the first agent: half in one batch, half one by one."""
        Ticket = self.Ticket.with_user(self.agents[0])
        values = [
            {"name": f"Case {index}", "description": "<p>Help</p>", "team_id": self.team.id, **vals}
            for index in range(count)
        ]
        half = count // 2
        cases = Ticket.create(values[:half])
        for value in values[half:]:
            cases |= Ticket.create(value)
        return cases

    def test_round_robin_is_fair_and_skips_the_agent_on_leave(self):
        away = self.agents[3]
        self._put_on_leave(away)
        cases = self._create_as_agent(100)
        counts = Counter(case.user_id.id for case in cases)
        available = self.agents - away
        self.assertEqual(counts[away.id], 0)
        self.assertEqual(sum(counts[agent.id] for agent in available), 100)
        spread = [counts[agent.id] for agent in available]
        self.assertLessEqual(max(spread) - min(spread), 1, spread)
        self.assertTrue(all(cases.mapped("aftersales_auto_assigned")))
        self.assertIn("Round Robin", cases[0].aftersales_decision_log)
        self.assertIn(away.name, cases[0].aftersales_decision_log)

    def test_balanced_evens_out_open_cases(self):
        self.team.aftersales_assign_method = "balanced"
        away = self.agents[3]
        self._put_on_leave(away)
        first, second, third = self.agents[:3]
        # open cases already there: 5, 0 and 2 (assigned by hand, as a manager would)
        existing = self.Ticket.create(
            [{"name": "Old", "description": "-", "team_id": self.team.id, "user_id": first.id}] * 5
            + [{"name": "Old", "description": "-", "team_id": self.team.id, "user_id": third.id}]
            * 2
        )
        self.assertEqual(len(existing), 7)
        cases = self._create_as_agent(11)
        counts = Counter(case.user_id.id for case in cases)
        self.assertEqual(
            (counts[first.id], counts[second.id], counts[third.id], counts[away.id]),
            (1, 6, 4, 0),
        )
        # a closed case is no workload
        self.assertIn("Balanced by Open Cases", cases[0].aftersales_decision_log)

    def test_skills_only_give_cases_to_skilled_agents(self):
        self.team.aftersales_assign_method = "skills"
        skilled, other, _third, away = self.agents
        self._put_on_leave(away)
        self.cat_damaged.aftersales_skilled_user_ids = [Command.set((skilled | away).ids)]
        cases = self._create_as_agent(10, category_id=self.cat_damaged.id)
        self.assertEqual(cases.user_id, skilled)
        # nobody skilled in this category: the case waits, and says why
        waiting = self._create_as_agent(1, category_id=self.cat_delay.id)
        self.assertFalse(waiting.user_id)
        self.assertIn("skilled in the category is at work", waiting.aftersales_decision_log)
        self.assertNotIn(other, cases.user_id)

    def test_outside_working_hours_is_skipped(self):
        shanghai, new_york = self.agents[:2]
        self.team.user_ids = [Command.set((shanghai | new_york).ids)]
        for agent, tz in ((shanghai, "Asia/Shanghai"), (new_york, "America/New_York")):
            self.resources.filtered(lambda r, a=agent: r.user_id == a).write(
                {"calendar_id": self.calendar_office.id, "tz": tz}
            )
        # 03:00 UTC: 11:00 in Shanghai, 22:00 the day before in New York
        with freeze_time("2026-03-04 03:00:00"):
            morning = self._create_as_agent(4)
        self.assertEqual(morning.user_id, shanghai)
        # 15:00 UTC: 23:00 in Shanghai, 10:00 in New York
        with freeze_time("2026-03-04 15:00:00"):
            afternoon = self._create_as_agent(4)
        self.assertEqual(afternoon.user_id, new_york)
        # 23:30 UTC: 07:30 in Shanghai, 18:30 in New York: nobody; assigned when one starts
        with freeze_time("2026-03-04 23:30:00"):
            night = self._create_as_agent(1)
        self.assertFalse(night.user_id)
        self.assertIn("at work now", night.aftersales_decision_log)
        seen = []
        original_execute = type(self.env.cr).execute

        def spy(cr_self, query, params=None, log_exceptions=True):
            seen.append(str(getattr(query, "code", query)))
            return original_execute(cr_self, query, params, log_exceptions)

        with freeze_time("2026-03-05 01:15:00"), patch.object(type(self.env.cr), "execute", spy):
            self.Ticket._cron_aftersales_auto_assign()
        # the cron claims its cases so that one an agent is saving waits for the next run
        claims = [q for q in seen if "FOR NO KEY UPDATE" in q and "helpdesk_ticket" in q]
        self.assertTrue(claims)
        self.assertTrue(all(q.rstrip().endswith("SKIP LOCKED") for q in claims))
        self.assertEqual(night.user_id, shanghai)
        self.assertEqual(night.assigned_date, datetime(2026, 3, 5, 1, 15))
        self.assertTrue(night.aftersales_auto_assigned)

    def test_assignment_time_feeds_time_to_assign(self):
        received = fields.Datetime.now() - timedelta(hours=3)
        case = self._create_as_agent(1, aftersales_received_at=received)
        self.assertTrue(case.user_id)
        self.assertTrue(case.assigned_date)
        self.assertAlmostEqual(
            (case.assigned_date - case.aftersales_received_at).total_seconds() / 3600, 3, delta=0.1
        )

    def test_manual_team_and_given_assignee_are_left_alone(self):
        chosen = self.agents[2]
        case = self._create_as_agent(1, user_id=chosen.id)
        self.assertEqual(case.user_id, chosen)
        self.assertFalse(case.aftersales_auto_assigned)
        # a manual team keeps helpdesk's own default (the creator, when the company
        # assigns new tickets to their creator)
        self.team.aftersales_assign_method = "manual"
        case = self._create_as_agent(1)
        self.assertFalse(case.aftersales_auto_assigned)
        self.assertFalse(case.aftersales_decision_log)

    def test_form_of_an_auto_assigning_team_leaves_the_assignee_to_the_team(self):
        self.env.company.helpdesk_mgmt_ticket_auto_assign = True
        Ticket = self.Ticket.with_user(self.agents[0]).with_context(default_team_id=self.team.id)
        self.assertFalse(Ticket.default_get(["user_id", "team_id"]).get("user_id"))
        self.team.aftersales_assign_method = "manual"
        self.assertEqual(
            Ticket.default_get(["user_id", "team_id"]).get("user_id"), self.agents[0].id
        )

    def test_agent_cannot_forge_the_decisions(self):
        case = self._create_as_agent(1)
        agent_case = case.with_user(self.agents[0])
        for vals in (
            {"aftersales_decision_log": "Assigned by the rules"},
            {"aftersales_auto_assigned": False},
            {"aftersales_suggested_category_id": self.cat_damaged.id},
            {"aftersales_suggested_category_confidence": 0.99},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                agent_case.write(vals)
        with self.assertRaises(UserError):
            self.Ticket.with_user(self.agents[0]).create(
                {
                    "name": "Forged",
                    "description": "-",
                    "team_id": self.team.id,
                    "aftersales_decision_log": "x",
                }
            )
