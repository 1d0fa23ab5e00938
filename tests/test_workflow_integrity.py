"""Workflow integrity across the suite: states, approvals, amounts and ratings change only
through their guarded methods, for every role and whatever the door.

Two checks that don't depend on a list kept by hand:

- every stored field of a suite model whose name says it is a workflow fact (a state, who
  approved or inspected, when it was approved, proposed, sent, done…, an amount the server
  computes) is guarded by ``aftersales.workflow.mixin``: a new field can't be forgotten;
- for one record of each such model and each role, writing every guarded field directly is
  refused or leaves the value as it was.
"""

import re

from security_common import SecurityCommon

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

# The suite: every addon named aftersales_* (a new one is covered without a list to keep).
SUITE_PREFIX = "aftersales_"

# Names of workflow facts: set by a button or by the server, never typed.
WORKFLOW_NAME = re.compile(
    r"^(state|.*_state"
    r"|.*_by_id"
    r"|(date_)?(approved|inspected|accepted|proposed|submitted|refused|rejected|dismissed"
    r"|evaluated|implemented|closed|done|sent|reached|result_sent|ack_sent)(_date|_at|_on)?"
    r"|.*_(approved|inspected|accepted|proposed|sent|done|dismissed|evaluated|implemented"
    r"|reached|closed)_(date|at)"
    r"|amount_total|price_subtotal|qty_(received|scanned|disposed))$"
)

# Models whose workflow the suite owns although another module defines them: the case.
EXTENDED = ("helpdesk.ticket",)

# AccessError and ValidationError are UserErrors too: a refusal of any kind
REFUSED = UserError


@tagged("post_install", "-at_install")
class TestWorkflowIntegrity(SecurityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls.env["aftersales.resolution.plan"].create(
            {
                "ticket_id": cls.case.id,
                "remedy_ids": [Command.create({"remedy_type": "refund", "amount": 50.0})],
            }
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [Command.create({"product_id": cls.product.id})],
            }
        )
        cls.order.action_confirm()
        cls.ra = cls.env["aftersales.return"].create(
            {
                "partner_id": cls.customer.id,
                "ticket_id": cls.case.id,
                "sale_order_id": cls.order.id,
                "line_ids": [
                    Command.create({"sale_line_id": cls.order.order_line.id, "quantity": 1})
                ],
            }
        )

    # ------------------------------------------------------------ helpers

    def _workflow_models(self):
        """{model name: names of its stored fields of the suite that are workflow facts}"""
        found = {}
        for name, model in self.env.registry.items():
            if model._abstract or model._transient or not model._auto:
                continue
            if not (model._original_module or "").startswith(SUITE_PREFIX) and name not in EXTENDED:
                continue
            names = {
                field.name
                for field in model._fields.values()
                if field.store
                and not field.related
                and (field._module or "").startswith("aftersales")
                and WORKFLOW_NAME.match(field.name)
            }
            if names:
                found[name] = names
        return found

    def _forged_value(self, record, name):
        """A value different from the record's, of the field's type (None: none found)."""
        field = record._fields[name]
        current = record[name]
        if field.type == "selection":
            values = [
                value
                for value, _label in field._description_selection(self.env)
                if value != current
            ]
            return values[-1] if values else None
        if field.type == "many2one":
            other = self.env[field.comodel_name].search([("id", "not in", current.ids)], limit=1)
            return other.id or None
        if field.type == "boolean":
            return not current
        if field.type in ("integer", "float", "monetary"):
            return (current or 0) + 7
        if field.type in ("date", "datetime"):
            return "2020-02-02" if field.type == "date" else "2020-02-02 02:02:02"
        if field.type in ("char", "text", "html"):
            return "forged"
        return None

    def _records(self):
        """One record of each guarded model, made as superuser."""
        records = {
            "helpdesk.ticket": self.case,
            "aftersales.resolution.plan": self.plan,
            "aftersales.remedy": self.plan.remedy_ids,
            "aftersales.return": self.ra,
            "aftersales.return.line": self.ra.line_ids,
        }
        for name in self._workflow_models():
            if name not in records:
                records[name] = self.env[name].search([], limit=1)
        return records

    # ------------------------------------------------------------ tests

    def test_workflow_fields_are_guarded(self):
        """A suite model with a workflow field guards it (through the mixin)."""
        unguarded = {}
        for name, field_names in self._workflow_models().items():
            model = self.env[name]
            guarded = (
                model._aftersales_workflow_field_names()
                if hasattr(model, "_aftersales_workflow_field_names")
                else set()
            )
            missing = sorted(field_names - set(guarded))
            if missing:
                unguarded[name] = missing
        self.assertFalse(unguarded, f"workflow fields a client can write: {unguarded}")

    def test_no_role_forces_a_workflow_field(self):
        roles = dict(self.users, agent2=self.agent2, leader=self.leader)
        forced = []
        for model_name, record in self._records().items():
            if not record:
                continue
            record = record[:1]
            for name in sorted(self._workflow_models().get(model_name, ())):
                value = self._forged_value(record, name)
                if value is None:
                    continue
                before = record[name]
                for role, user in roles.items():
                    try:
                        with self.env.cr.savepoint():
                            record.with_user(user).write({name: value})
                            record.invalidate_recordset()
                            if record[name] != before:
                                forced.append(f"{role}: {model_name}.{name}")
                    except REFUSED:
                        pass
                    record.invalidate_recordset()
        self.assertFalse(forced, f"workflow fields written directly: {forced}")

    def test_no_role_creates_a_document_in_a_later_state(self):
        plan_vals = {"ticket_id": self.case.id, "state": "approved"}
        ra_vals = {
            "partner_id": self.customer.id,
            "state": "approved",
            "date_approved": fields.Datetime.now(),
            "line_ids": [Command.create({"product_id": self.product.id, "quantity": 1})],
        }
        for role, user in self.users.items():
            for model, vals in (
                ("aftersales.resolution.plan", plan_vals),
                ("aftersales.return", ra_vals),
            ):
                with self.subTest(role=role, model=model), self.assertRaises(REFUSED):
                    with self.env.cr.savepoint():
                        self.env[model].with_user(user).create(dict(vals))

    def test_case_rating_is_the_customers(self):
        """A rating is the customer's: no agent or manager writes its score."""
        self.case._rating_get_access_token()
        rating = self.case.rating_ids[:1]
        self.assertTrue(rating)
        for role in ("user", "manager", "quality"):
            user = self.users[role]
            for vals in ({"rating": 5}, {"consumed": True}, {"feedback": "Great!"}):
                with self.subTest(role=role, vals=vals):
                    try:
                        with self.env.cr.savepoint():
                            rating.with_user(user).write(dict(vals))
                            rating.invalidate_recordset()
                            self.assertNotEqual(rating[next(iter(vals))], next(iter(vals.values())))
                    except REFUSED:
                        pass
