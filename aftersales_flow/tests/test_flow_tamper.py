"""Every guarded field of the flow, by every role, through ``write`` and ``create``.

The fields come from the models themselves (``_aftersales_workflow_field_names()``), so a
field added later is tried too; and every stored field of the suite named ``state`` or
ending in ``_by_id`` or ``_date`` must be among them, so none can be forgotten.
"""

from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.models import MAGIC_COLUMNS
from odoo.tests import new_test_user, tagged

from .common import AftersalesResolutionCommon

GUARDED_MODELS = (
    "helpdesk.ticket",
    "aftersales.resolution.plan",
    "aftersales.remedy",
    "aftersales.plan.response",
    "aftersales.sla.timer",
)


@tagged("post_install", "-at_install")
class TestFlowTamper(AftersalesResolutionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.roles = {"agent": cls.agent, "manager": cls.manager}
        quality = cls.env.ref("aftersales_quality.group_quality_manager", raise_if_not_found=False)
        if quality:
            cls.roles["quality"] = new_test_user(
                cls.env,
                login="as_tamper_quality",
                groups="aftersales_quality.group_quality_manager",
            )

    def _documents(self):
        """One record of each guarded model, as far along as the flow takes it: a case with
        its timers, an accepted plan being executed, a remedy, a customer response."""
        case = self._new_case("Sofa delivered torn")
        plan = self._new_plan(case, [{"remedy_type": "compensation", "amount": 900.0}])
        plan.with_user(self.agent).action_submit()
        plan.with_user(self.lead_manager).action_approve()
        plan.with_user(self.agent).action_propose()
        self._answer(plan, "accepted")
        plan.with_user(self.agent).action_execute()
        self.assertTrue(
            case.aftersales_sla_timer_ids, "the default policies start the case's clocks"
        )
        return {
            "helpdesk.ticket": case,
            "aftersales.resolution.plan": plan,
            "aftersales.remedy": plan.remedy_ids[:1],
            "aftersales.plan.response": plan.response_ids[:1],
            "aftersales.sla.timer": case.aftersales_sla_timer_ids[:1],
        }

    def _other_value(self, record, name):
        """A value of field ``name`` other than the record's, in ``write`` format (None when
        the database holds no other value to offer)."""
        field = record._fields[name]
        current = record.sudo()[name]
        if field.type == "boolean":
            return not current
        if field.type == "selection":
            options = [key for key, __ in field._description_selection(self.env)]
            return next((key for key in options if key != current), None)
        if field.type in ("integer", "float", "monetary"):
            return (current or 0) + 7
        if field.type in ("char", "text", "html"):
            return "Forged"
        if field.type == "date":
            return date(2031, 1, 2)
        if field.type == "datetime":
            return datetime(2031, 1, 2, 3, 4, 5)
        other = self.env[field.comodel_name].sudo().search([("id", "not in", current.ids)], limit=1)
        if not other:
            return None
        if field.type == "many2one":
            return other.id
        return [Command.set(other.ids)]

    def test_every_workflow_date_state_and_user_is_guarded(self):
        for model in GUARDED_MODELS:
            Model = self.env[model]
            guarded = Model._aftersales_workflow_field_names()
            for name, field in Model._fields.items():
                if (
                    not field.store
                    or name in MAGIC_COLUMNS
                    or not (field._module or "").startswith("aftersales")
                ):
                    continue
                if name == "state" or name.endswith(("_by_id", "_date")):
                    with self.subTest(model=model, field=name):
                        self.assertIn(name, guarded)

    def test_roles_cannot_write_guarded_fields(self):
        documents = self._documents()
        tried = 0
        for model, record in documents.items():
            for name in sorted(record._aftersales_workflow_field_names()):
                value = self._other_value(record, name)
                if value is None:
                    continue
                field = record._fields[name]
                before = record.sudo()[name]
                for role, user in self.roles.items():
                    # a figure only some roles read (the cost of quality) is refused to the
                    # others by its groups before the workflow guard is asked
                    refusal = (
                        UserError
                        if not field.groups or user.has_groups(field.groups)
                        else AccessError
                    )
                    with self.subTest(model=model, field=name, role=role):
                        with self.assertRaises(refusal):
                            record.with_user(user).write({name: value})
                        record.invalidate_recordset()
                        self.assertEqual(record.sudo()[name], before)
                        tried += 1
        # the enumeration really ran over the models' fields
        self.assertGreater(tried, 3 * 40)

    def test_roles_cannot_create_with_guarded_fields(self):
        documents = self._documents()
        case = self._new_case("Lamp flickers")
        draft = self.Plan.with_user(self.agent).create({"ticket_id": case.id})
        base_values = {
            "helpdesk.ticket": {
                "name": "Forged case",
                "description": "<p>Forged</p>",
                "partner_id": self.customer.id,
                "team_id": self.team.id,
            },
            "aftersales.resolution.plan": {"ticket_id": case.id},
            "aftersales.remedy": {"plan_id": draft.id, "remedy_type": "refund"},
            "aftersales.plan.response": {
                "plan_id": documents["aftersales.resolution.plan"].id,
                "response": "accepted",
            },
            "aftersales.sla.timer": {
                "ticket_id": case.id,
                "kind": "resolution",
                "start_date": datetime(2031, 1, 1),
            },
        }
        for model in documents:
            Model = self.env[model]
            count = Model.sudo().search_count([])
            # what a new record gets by itself: anything else is forged
            new = Model.new(base_values[model])
            for name in sorted(Model._aftersales_workflow_field_names()):
                value = self._other_value(new, name)
                if value is None or name in base_values[model]:
                    continue
                for role, user in self.roles.items():
                    with self.subTest(model=model, field=name, role=role):
                        with self.assertRaises(UserError):
                            Model.with_user(user).create(dict(base_values[model], **{name: value}))
            self.assertEqual(Model.sudo().search_count([]), count, model)

    def test_customer_responses_are_recorded_through_the_answer_only(self):
        documents = self._documents()
        plan = documents["aftersales.resolution.plan"]
        for user in self.roles.values():
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.env["aftersales.plan.response"].with_user(user).create(
                    {"plan_id": plan.id, "response": "rejected", "reason": "Made up"}
                )
        self.assertEqual(len(plan.response_ids), 1)
        self.assertEqual(plan.response_ids.recorded_by_id, self.agent)
