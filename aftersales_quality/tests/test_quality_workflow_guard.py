from datetime import date, datetime, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.models import MAGIC_COLUMNS
from odoo.tests import tagged

from .common import QualityCommon

# the quality models whose workflow only their buttons move
GUARDED_MODELS = (
    "aftersales.quality.issue",
    "aftersales.quality.plan",
    "aftersales.quality.action",
)
# dates a user sets on purpose (not a button's record of when something happened)
USER_DATES = {("aftersales.quality.action", "date_deadline")}


@tagged("post_install", "-at_install")
class TestQualityWorkflowGuard(QualityCommon):
    """Issue decisions, plan states and evaluations, action states and done dates,
    the case's feedback review and quality measures: no role writes them but
    through the buttons."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        cls.case = cls._ticket(now - timedelta(days=1), category_id=cls.cat_a.id)
        cls.issue = cls.env["aftersales.quality.issue"].create(
            {
                "name": "Damaged goods: 6 cases",
                "company_id": cls.company.id,
                "scope": "category",
                "scope_res_id": cls.cat_a.id,
                "category_id": cls.cat_a.id,
                "period_start": now - timedelta(days=7),
                "period_end": now,
                "case_count": 6,
                "ticket_ids": [Command.set(cls.case.ids)],
            }
        )
        cls.plan = cls.env["aftersales.quality.plan"].create(
            {
                "name": "Stronger boxes",
                "problem": "Parcels crushed",
                "category_id": cls.cat_a.id,
                "company_id": cls.company.id,
            }
        )
        # the agent's own action: the record rule lets them write it, the guard decides
        cls.action = cls.env["aftersales.quality.action"].create(
            {
                "plan_id": cls.plan.id,
                "name": "Order new boxes",
                "user_id": cls.agent.id,
                "date_deadline": fields.Date.today() + timedelta(days=7),
            }
        )
        # a record of each comodel to forge a link to
        cls.env["product.product"].create({"name": "Guard kettle"})
        cls.roles = {
            "agent": cls.agent,
            "quality manager": cls.quality_manager,
            "manager": cls.manager,
        }

    def _other_value(self, record, name):
        """A value of field ``name`` different from ``record``'s."""
        field = record._fields[name]
        current = record[name]
        if field.type == "selection":
            return next(
                value
                for value, _label in field._description_selection(self.env)
                if value != current
            )
        if field.type == "many2one":
            other = self.env[field.comodel_name].search([("id", "!=", current.id)], limit=1)
            self.assertTrue(other, f"no {field.comodel_name} to forge {name} with")
            return other.id
        if field.type in ("many2many", "one2many"):
            other = self.env[field.comodel_name].search([("id", "not in", current.ids)], limit=1)
            return [Command.link(other.id)]
        if field.type in ("integer", "float"):
            return (current or 0) + 7
        if field.type == "boolean":
            return not current
        if field.type == "date":
            return date(2030, 1, 2)
        if field.type == "datetime":
            return datetime(2030, 1, 2, 10, 0)
        return f"{current or ''} forged"

    def _records(self):
        return {
            "aftersales.quality.issue": self.issue,
            "aftersales.quality.plan": self.plan,
            "aftersales.quality.action": self.action,
        }

    def test_every_workflow_field_is_guarded(self):
        """A field named state, ending in _by_id, or a stored date other than a
        deadline is a button's: it must be in the guard (a new one too)."""
        for model in GUARDED_MODELS:
            Model = self.env[model]
            guarded = Model._aftersales_workflow_field_names()
            for name, field in Model._fields.items():
                if not field.store or name in MAGIC_COLUMNS or field.related:
                    continue
                if (
                    name == "state"
                    or name.endswith("_by_id")
                    or (field.type in ("date", "datetime") and (model, name) not in USER_DATES)
                ):
                    with self.subTest(model=model, field=name):
                        self.assertIn(name, guarded)
        # this suite's fields on the case: each is either the buttons' (and the
        # server's) or the quality manager's, none left to any writer
        Ticket = self.env["helpdesk.ticket"]
        ours = {
            name
            for name, field in Ticket._fields.items()
            if field.store and field._module in ("aftersales_quality", "aftersales_quality_returns")
        }
        classified = set(Ticket._aftersales_workflow_field_names()) | set(
            Ticket._quality_manager_fields()
        )
        self.assertFalse(ours - classified, "quality fields of the case nobody guards")

    def test_no_role_writes_a_guarded_field(self):
        for model, record in self._records().items():
            for name in sorted(record._aftersales_workflow_field_names()):
                before = record[name]
                value = self._other_value(record, name)
                for role, user in self.roles.items():
                    with self.subTest(model=model, field=name, role=role):
                        with self.assertRaises(UserError):  # AccessError is one too
                            record.with_env(self._as(user)).write({name: value})
                        record.invalidate_recordset()
                        self.assertEqual(record[name], before)

    def test_no_role_creates_with_a_guarded_field(self):
        base = {
            "aftersales.quality.plan": {
                "name": "Forged plan",
                "problem": "x",
                "company_id": self.company.id,
            },
            "aftersales.quality.action": {
                "plan_id": self.plan.id,
                "name": "Forged action",
                "user_id": self.agent.id,
                "date_deadline": fields.Date.today(),
            },
        }
        for model, record in self._records().items():
            Model = self.env[model]
            for role, user in self.roles.items():
                env = self._as(user)
                if model in base and role != "agent":
                    # the plain record is fine: only the guarded fields are refused
                    Model.with_env(env).create(base[model])
                for name in sorted(Model._aftersales_workflow_field_names()):
                    value = self._other_value(record, name)
                    vals = {**base.get(model, {"name": "Forged issue"}), name: value}
                    with self.subTest(model=model, field=name, role=role):
                        with self.assertRaises(UserError):
                            Model.with_env(env).create(vals)
                # nor as a context default
                state = self._other_value(record, "state")
                with self.subTest(model=model, role=role, default=state):
                    with self.assertRaises(UserError):
                        Model.with_env(env).with_context(default_state=state).create(
                            base.get(model, {"name": "Forged issue"})
                        )

    def test_buttons_still_move_the_workflow(self):
        quality = self._as(self.quality_manager)
        self.issue.with_env(quality).action_accept()
        self.assertEqual(self.issue.state, "accepted")
        self.assertEqual(self.issue.decided_by_id, self.quality_manager)
        self.assertTrue(self.issue.decided_date)
        self.assertEqual(self.issue.plan_id.issue_id, self.issue)
        self.assertEqual(self.action.with_env(self._as(self.agent)).action_start(), True)
        self.assertEqual(self.action.state, "in_progress")
        self.assertEqual(self.action.with_env(self._as(self.agent)).action_done(), True)
        self.assertEqual(self.action.done_date, fields.Date.context_today(self.action))
        self.assertEqual(self.plan.with_env(quality).action_plan(), True)
        self.assertEqual(self.plan.state, "planned")

    def test_agent_only_starts_and_completes_own_actions(self):
        agent_action = self.action.with_env(self._as(self.agent))
        for vals in (
            {"name": "Something easier"},
            {"date_deadline": fields.Date.today() + timedelta(days=90)},
            {"user_id": self.quality_manager.id},
            {
                "plan_id": self.env["aftersales.quality.plan"]
                .create({"name": "Other", "problem": "x", "company_id": self.company.id})
                .id
            },
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                agent_action.write(vals)
        with self.assertRaises(AccessError):
            agent_action.action_cancel()
        with self.assertRaises(AccessError):
            self.env["aftersales.quality.action"].with_env(self._as(self.agent)).create(
                {
                    "plan_id": self.plan.id,
                    "name": "Self-assigned",
                    "user_id": self.agent.id,
                    "date_deadline": fields.Date.today(),
                }
            )
        self.assertEqual(self.action.state, "todo")
        # the quality manager plans: a new deadline, and a new reminder if missed again
        self.action.reminder_sent = True
        self.action.with_env(self._as(self.quality_manager)).write(
            {"date_deadline": fields.Date.today() + timedelta(days=3)}
        )
        self.assertFalse(self.action.reminder_sent)
        self.assertTrue(self.action.with_env(self._as(self.quality_manager)).action_cancel())
        self.assertEqual(self.action.state, "cancelled")

    # ------------------------------------------------------------ the case's quality fields

    def test_case_quality_fields_refused_to_every_writer(self):
        praise = self._ticket(
            fields.Datetime.now(),
            aftersales_case_kind="praise",
            user_id=self.agent.id,
            name="Great service",
        )
        self.assertEqual(praise.aftersales_quality_feedback_state, "to_review")
        agent = praise.with_env(self._as(self.agent))
        agent.write({"priority": "2"})  # the agent works their case
        for vals in (
            {"aftersales_quality_feedback_state": "dismissed"},
            {"aftersales_quality_reopen_count": 5},
            {"aftersales_quality_resolution_hours": 0.5},
            {"aftersales_quality_ack_hours": 0.1},
            {"aftersales_quality_response_hours": 0.2},
            {"aftersales_quality_plan_ids": [Command.link(self.plan.id)]},
            {"aftersales_quality_dismiss_reason": "Not worth it"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                agent.write(vals)
        # not even the quality manager or the manager: the buttons do it
        for user in (self.quality_manager, self.manager):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                praise.with_env(self._as(user)).write(
                    {"aftersales_quality_feedback_state": "dismissed"}
                )
        # nor at creation
        Ticket = self.env["helpdesk.ticket"].with_env(self._as(self.agent))
        for vals in (
            {"aftersales_quality_feedback_state": "dismissed"},
            {"aftersales_quality_reopen_count": 3},
            {"aftersales_quality_dismiss_reason": "no"},
        ):
            with self.subTest(create=vals), self.assertRaises(UserError):
                Ticket.create(
                    {"name": "Forged", "description": "x", "aftersales_case_kind": "praise", **vals}
                )
        # a form resending the values as they are goes through
        agent.write(
            {"aftersales_quality_feedback_state": "to_review", "aftersales_quality_reopen_count": 0}
        )
        praise.invalidate_recordset()
        self.assertEqual(praise.aftersales_quality_feedback_state, "to_review")
        self.assertFalse(praise.aftersales_quality_dismiss_reason)
        self.assertFalse(praise.aftersales_quality_plan_ids)

    def test_only_the_quality_role_triages_feedback(self):
        praise = self._ticket(
            fields.Datetime.now(),
            aftersales_case_kind="praise",
            user_id=self.agent.id,
            name="Great service",
        )
        with self.assertRaises(AccessError):
            praise.with_env(self._as(self.agent)).action_quality_dismiss()
        with self.assertRaises(AccessError):
            praise.with_env(self._as(self.agent)).action_quality_create_plan()
        self.assertEqual(praise.aftersales_quality_feedback_state, "to_review")
        quality = praise.with_env(self._as(self.quality_manager))
        quality.write({"aftersales_quality_dismiss_reason": "Thanked the customer"})
        self.assertIs(quality.action_quality_dismiss(), True)
        self.assertEqual(praise.aftersales_quality_feedback_state, "dismissed")
        # the manager holds the quality role
        idea = self._ticket(
            fields.Datetime.now(), aftersales_case_kind="suggestion", name="Gift wrap"
        )
        action = idea.with_env(self._as(self.manager)).action_quality_create_plan()
        self.assertEqual(action["res_model"], "aftersales.quality.plan")
        self.assertEqual(idea.aftersales_quality_feedback_state, "planned")
