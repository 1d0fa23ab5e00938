from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL

from .common import AftersalesSlaCase

# For a case opened Monday 10:00 under the test policy (4 / 7 / 14 working
# hours, at risk at 50 %): Monday 13:30 the acknowledgement is at risk (due
# 15:00); Monday 16:00 it is breached and the first response at risk (due
# Tuesday 10:00); Wednesday 11:00 the resolution (due 10:00) is breached too.
MONDAY_13_30 = datetime(2026, 3, 2, 13, 30)
MONDAY_16 = datetime(2026, 3, 2, 16, 0)
WEDNESDAY_11 = datetime(2026, 3, 4, 11, 0)


@tagged("post_install", "-at_install")
class TestSlaEscalationBatch(AftersalesSlaCase):
    """The escalation pass is set-based: a batch costs a number of queries that
    does not grow with the number of timers in it, with the same notices,
    activities and rule effects as timer by timer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.env["res.users"].create(
            {"name": "Escalation Manager", "login": "sla_batch_manager"}
        )
        cls.supervisor = cls.env["res.users"].create(
            {"name": "Response Supervisor", "login": "sla_batch_supervisor"}
        )
        Rule = cls.env["aftersales.sla.escalation.rule"]
        cls.rule_breach = Rule.create(
            {
                "name": "Breached resolution: complaint team, priority, manager",
                "sequence": 10,
                "policy_id": cls.policy.id,
                "trigger": "breached",
                "timer_kind": "resolution",
                "raise_priority": True,
                "team_id": cls.complaint_team.id,
                "notify_user_ids": [(6, 0, cls.manager.ids)],
            }
        )
        # no policy: applies under every policy, but only to at-risk first responses
        cls.rule_response = Rule.create(
            {
                "name": "First response at risk: supervisor",
                "sequence": 20,
                "trigger": "at_risk",
                "timer_kind": "response",
                "notify_user_ids": [(6, 0, cls.supervisor.ids)],
            }
        )

    def _tickets(self, count, **vals):
        with freeze_time(self.MONDAY_10):
            return self.env["helpdesk.ticket"].browse(
                [self._ticket(name=f"batch case {i}", **vals).id for i in range(count)]
            )

    def _escalate(self, tickets, when):
        """Escalate the due timers of ``tickets`` as one batch; return the
        number of queries it took (notices and rule effects flushed)."""
        Timer = self.env["aftersales.sla.timer"]
        with freeze_time(when):
            self.env.flush_all()
            # what the scheduled action would take, without its commits
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM aftersales_sla_timer WHERE (%s) AND ticket_id = ANY(%s)"
                    " ORDER BY id",
                    Timer._escalation_due_sql(when),
                    tickets.ids,
                )
            )
            due_ids = [row[0] for row in self.env.cr.fetchall()]
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            Timer.browse(due_ids)._escalate(when)
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

    def _notes(self, ticket, text):
        return ticket.message_ids.filtered(lambda m: text in str(m.body or ""))

    def test_batch_cost_does_not_grow_with_the_batch(self):
        # warm the caches (rules, activity type, model ids) on a first batch
        self._escalate(self._tickets(2), WEDNESDAY_11)
        small = self._escalate(self._tickets(3), WEDNESDAY_11)
        large = self._escalate(self._tickets(15), WEDNESDAY_11)
        self.assertEqual(small, large)

    def test_batch_query_budget(self):
        self._escalate(self._tickets(2), WEDNESDAY_11)
        tickets = self._tickets(15)
        # 45 timers breached, 15 notes, 45 activities (agent, leader, manager),
        # 15 priorities raised and 15 cases moved to the complaint team
        queries = self._escalate(tickets, WEDNESDAY_11)
        self.assertLessEqual(queries, 60)
        self.assertEqual(set(tickets.mapped("priority")), {"2"})
        self.assertEqual(tickets.team_id, self.complaint_team)

    def test_activities_are_written_once(self):
        # The case's name goes into each activity's INSERT. Left to mail, it is computed
        # after the INSERT and written with an UPDATE of every new activity, which cost
        # more than the INSERT itself.
        self._escalate(self._tickets(2), WEDNESDAY_11)
        tickets = self._tickets(5)
        statements = []
        cursor_class = type(self.env.cr)
        execute = cursor_class.execute

        def spy(cursor, query, *args, **kwargs):
            statements.append(" ".join(str(getattr(query, "code", query)).split()))
            return execute(cursor, query, *args, **kwargs)

        with patch.object(cursor_class, "execute", spy):
            self._escalate(tickets, WEDNESDAY_11)
        self.assertTrue([q for q in statements if q.startswith('INSERT INTO "mail_activity"')])
        self.assertFalse([q for q in statements if q.startswith('UPDATE "mail_activity"')])
        for ticket in tickets:
            self.assertEqual(len(ticket.activity_ids), 3)
            self.assertEqual(set(ticket.activity_ids.mapped("res_name")), {ticket.display_name})

    def test_mixed_batch_notices_levels_and_rules(self):
        tickets = self._tickets(4, priority="1")
        first = tickets[:2]
        # the first two cases were already seen at risk on Monday afternoon
        self._escalate(first, MONDAY_13_30)
        ack = self._timer(first[0], "ack")
        self.assertEqual((ack.status, ack.escalation_level), ("at_risk", 1))
        self.assertEqual(len(self._notes(first[0], "at risk")), 1)
        self.assertFalse(first.activity_ids.filtered(lambda a: a.user_id == self.supervisor))

        # one batch: acknowledgements at risk (first two) or on track (last
        # two) all become breached; first responses at risk; resolutions breached
        self._escalate(tickets, MONDAY_16)
        for ticket in tickets:
            timers = {t.kind: t for t in ticket.aftersales_sla_timer_ids}
            self.assertEqual(
                (timers["ack"].status, timers["ack"].escalation_level), ("breached", 2)
            )
            self.assertEqual(
                (timers["response"].status, timers["response"].escalation_level), ("at_risk", 1)
            )
            self.assertEqual(timers["resolution"].status, "on_track")
            self.assertEqual(ticket.aftersales_sla_status, "breached")
            # one note for the batch, both notices in it; the late cases got
            # no at-risk notice of their acknowledgement
            notes = self._notes(ticket, "Acknowledgement was due")
            self.assertEqual(len(notes), 1)
            self.assertIn("First Response is due", str(notes.body))
            self.assertEqual(
                len(self._notes(ticket, "Acknowledgement is due")), 1 if ticket in first else 0
            )
            # the policy-less at-risk rule fired for the first response only
            supervisor = ticket.activity_ids.filtered(lambda a: a.user_id == self.supervisor)
            self.assertEqual(len(supervisor), 1)
            self.assertIn("First Response is due", supervisor.summary)
            # the breach rule waits for the resolution
            self.assertEqual(ticket.priority, "1")
            self.assertEqual(ticket.team_id, self.team)

        # Wednesday: the resolutions breach, the breach rule fires once per case
        self._escalate(tickets, WEDNESDAY_11)
        for ticket in tickets:
            self.assertEqual(self._timer(ticket, "resolution").escalation_level, 2)
            self.assertEqual(self._timer(ticket, "response").status, "breached")
            self.assertEqual(ticket.priority, "2")
            self.assertEqual(ticket.team_id, self.complaint_team)
            manager = ticket.activity_ids.filtered(lambda a: a.user_id == self.manager)
            self.assertEqual(len(manager), 1)
            self.assertIn("Resolution was due", manager.summary)
        # a rerun finds nothing due and changes nothing
        self._escalate(tickets, datetime(2026, 3, 4, 12, 0))
        self.assertEqual(set(tickets.mapped("priority")), {"2"})
        self.assertEqual(len(tickets.activity_ids.filtered(lambda a: a.user_id == self.manager)), 4)

    def test_rule_matching(self):
        rules = self.rule_breach | self.rule_response
        other_policy = self.env["aftersales.sla.policy"].create(
            {"name": "Other", "sequence": 60, "resolution_hours": 8}
        )
        company = self.env.company.id

        def matching(policy_id, kind, level):
            return rules._matching(policy_id, kind, level, company)

        self.assertEqual(matching(self.policy.id, "resolution", 2), self.rule_breach)
        self.assertFalse(matching(other_policy.id, "resolution", 2))
        self.assertFalse(matching(self.policy.id, "resolution", 1))
        self.assertEqual(matching(other_policy.id, "response", 1), self.rule_response)
        self.assertEqual(matching(False, "response", 1), self.rule_response)
        self.assertFalse(matching(self.policy.id, "response", 2))
        # a rule made in this company (no policy) leaves another company's cases alone
        other_company = self.env["res.company"].create({"name": "Other shop"})
        self.assertEqual(self.rule_response.company_id, self.env.company)
        self.assertFalse(rules._matching(False, "response", 1, other_company.id))

    def _escalate_one_by_one(self, tickets, when):
        """The per-case path: each case's due timers escalated as a batch of their own."""
        for ticket in tickets:
            self._escalate(ticket, when)

    def _notices(self, ticket):
        """What the escalation left on a case: its notes and activities, as compared
        between the batched and the per-case path."""
        notes = ticket.message_ids.filtered(lambda m: "Service level" in str(m.body or ""))
        return {
            "notes": sorted(
                (
                    str(note.body),
                    note.author_id.id,
                    note.subtype_id.id,
                    note.message_type,
                    note.is_internal,
                    tuple(note.partner_ids.ids),
                    len(note.notification_ids),
                )
                for note in notes
            ),
            "activities": sorted(
                (
                    activity.user_id.id,
                    activity.summary,
                    activity.date_deadline,
                    activity.activity_type_id.id,
                    # the case's own name on each activity
                    activity.res_name == ticket.display_name,
                )
                for activity in ticket.activity_ids
            ),
            "case": (ticket.priority, ticket.team_id.id, ticket.aftersales_sla_status),
        }

    def test_batched_notices_equal_the_per_case_ones(self):
        # staff in different time zones within one batch, one team: each note gives the
        # deadlines in the time of its own case's assignee (or team leader)
        self.agent.tz = "Europe/Paris"
        self.china_team.user_ids |= self.agent
        self.team.user_ids |= self.china_agent
        staff = [
            {"user_id": self.agent.id},
            {"user_id": self.china_agent.id},
            {"user_id": False},
            {"user_id": self.china_agent.id, "team_id": self.china_team.id},
            {"user_id": self.agent.id, "team_id": self.china_team.id},
        ]
        with freeze_time(self.MONDAY_10):
            batched = self.env["helpdesk.ticket"].browse(
                [self._ticket(name=f"batched {i}", **vals).id for i, vals in enumerate(staff)]
            )
            alone = self.env["helpdesk.ticket"].browse(
                [self._ticket(name=f"alone {i}", **vals).id for i, vals in enumerate(staff)]
            )
        for when in (MONDAY_13_30, MONDAY_16, WEDNESDAY_11):
            self._escalate(batched, when)
            self._escalate_one_by_one(alone, when)
        note_subtype = self.env.ref("mail.mt_note")
        for one, other in zip(batched, alone, strict=True):
            expected = self._notices(other)
            self.assertTrue(expected["notes"])
            self.assertTrue(expected["activities"])
            for note in expected["notes"]:
                # an internal note by the pass's user, notifying no one
                self.assertEqual(
                    note[1:],
                    (self.env.user.partner_id.id, note_subtype.id, "notification", True, (), 0),
                )
            got = self._notices(one)
            self.assertEqual(got, expected)
        # the notes are in each assignee's time zone: Paris and Shanghai differ
        paris, shanghai = (self._notices(t)["notes"][0][0] for t in batched[:2])
        self.assertNotEqual(paris, shanghai)
