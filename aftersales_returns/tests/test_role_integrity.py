from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import AftersalesReturnCommon

ROLE_MODELS = (
    "aftersales.return",
    "aftersales.return.line",
    "aftersales.carrier.claim",
    "aftersales.return.scan",
)


@tagged("post_install", "-at_install")
class TestRoleFlows(AftersalesReturnCommon):
    """The return flow run by users holding exactly one role each."""

    def test_agent_submits_and_pure_manager_approves_without_accounting_rights(self):
        self.company.aftersales_return_auto_approve_amount = 100.0
        self.assertFalse(self.manager.has_group("account.group_account_invoice"))
        ra = self._new_return([(self.kettle_line, 3, {})])
        ra.action_check_policy()
        self.assertTrue(ra.action_submit())
        self.assertEqual(ra.state, "to_approve")
        # what the form reads, as the manager
        ra_manager = ra.with_user(self.manager)
        ra_manager.read(
            [
                "state",
                "can_approve",
                "can_cancel",
                "credit_note_count",
                "picking_count",
                "claim_count",
                "amount_total",
            ]
        )
        self.assertTrue(ra_manager.action_approve())
        self.assertEqual(ra.state, "approved")
        self.assertEqual(ra.approved_by_id, self.manager)
        self.assertEqual(ra.picking_count, 1, "the count is read as superuser")
        with self.assertRaises(AccessError):
            ra.with_user(self.agent).credit_note_ids  # noqa: B018
        self.assertEqual(ra.with_user(self.agent).credit_note_count, 0)

    def test_agent_picks_an_order_and_its_lines_on_the_form(self):
        form = Form(self.env["aftersales.return"].with_user(self.agent))
        form.partner_id = self.customer
        form.sale_order_id = self.order
        with form.line_ids.new() as line:
            line.sale_line_id = self.kettle_line
            line.quantity = 1
        ra = form.save()
        self.assertEqual(ra.line_ids.product_id, self.kettle)
        self.assertEqual(ra.line_ids.price_unit, self.kettle_line.price_unit)
        self.assertEqual(ra.line_ids.delivered_lot_ids, self.env["stock.lot"])

    def test_agent_opens_the_order_wizard_from_the_list_of_returns(self):
        action = self.env["aftersales.return"].with_user(self.agent).action_create_from_order()
        wizard_form = Form(self.env[action["res_model"]].with_user(self.agent))
        wizard_form.order_id = self.order
        self.assertEqual(len(wizard_form.line_ids), 2)
        with wizard_form.line_ids.edit(0) as row:
            row.quantity = 1
        wizard = wizard_form.save()
        ra = self.env["aftersales.return"].browse(wizard.action_create_return()["res_id"])
        self.assertEqual(ra.sale_order_id, self.order)
        self.assertEqual(len(ra.line_ids), 1)

    def test_agent_reads_confirmed_orders_only(self):
        draft = self.env["sale.order"].create({"partner_id": self.customer.id})
        orders = self.env["sale.order"].with_user(self.agent)
        self.assertEqual(orders.browse(self.order.id).name, self.order.name)
        with self.assertRaises(AccessError):
            orders.browse(draft.id).name  # noqa: B018
        with self.assertRaises(AccessError):
            orders.browse(self.order.id).write({"note": "changed"})

    def test_carrier_claim_by_agent_and_inspector(self):
        carrier = self.env["res.partner"].create({"name": "SF Express"})
        for user in (self.agent, self.inspector):
            claim = (
                self.env["aftersales.carrier.claim"]
                .with_user(user)
                .create(
                    {
                        "carrier_id": carrier.id,
                        "amount_claimed": 30.0,
                    }
                )
            )
            self.assertTrue(claim.action_submit())
            self.assertEqual(claim.state, "submitted")
            with self.assertRaises(UserError):
                claim.write({"state": "paid"})


@tagged("post_install", "-at_install")
class TestApprovalTodo(AftersalesReturnCommon):
    """The approval to-do goes to the manager who approves, not to the administrator."""

    def _ra_of_case(self, team):
        self.company.aftersales_return_auto_approve_amount = 50.0
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Broken kettle",
                "description": "Broken.",
                "partner_id": self.customer.id,
            }
        )
        # whatever team the classification gave it
        ticket.team_id = team
        # above the auto-approval amount: a manager decides
        return self._new_return([(self.kettle_line, 1, {})], ticket_id=ticket.id)

    def _todo_user(self, ra):
        return ra.activity_ids.filtered(lambda a: "Approve or reject" in (a.summary or "")).user_id

    def test_team_leader_first_then_company_approver(self):
        leader = new_test_user(
            self.env, login="ra_leader", groups="aftersales_flow.group_aftersales_manager"
        )
        approver = new_test_user(
            self.env, login="ra_approver", groups="aftersales_flow.group_aftersales_manager"
        )
        self.company.aftersales_approver_id = approver
        team = self.env["helpdesk.ticket.team"].create(
            {
                "name": "Returns desk",
                "user_id": leader.id,
                "user_ids": [Command.set((leader | self.agent).ids)],
            }
        )
        ra = self._ra_of_case(team)
        ra.action_submit()
        self.assertEqual(self._todo_user(ra), leader)

        ra = self._ra_of_case(self.env["helpdesk.ticket.team"])
        ra.action_submit()
        self.assertEqual(self._todo_user(ra), approver)

    def test_never_the_administrator_when_a_manager_exists(self):
        self.company.aftersales_approver_id = False
        ra = self._ra_of_case(self.env["helpdesk.ticket.team"])
        ra.action_submit()
        todo = self._todo_user(ra)
        self.assertTrue(todo)
        self.assertFalse(todo.has_group("base.group_system"))
        self.assertNotEqual(todo, self.env.ref("base.user_admin"))


@tagged("post_install", "-at_install")
class TestTamperProof(AftersalesReturnCommon):
    """Workflow fields, amounts and quantities change only through the documents' actions."""

    def test_state_cannot_be_forced(self):
        ra = self._new_return([(self.kettle_line, 1, {})])
        for user in (self.agent, self.manager):
            with self.assertRaises(UserError):
                ra.with_user(user).write({"state": "approved"})
        self.assertEqual(ra.state, "draft")
        self.assertFalse(ra.sudo().picking_ids)
        ra.action_submit()
        self.assertEqual(ra.state, "approved")
        with self.assertRaises(UserError):
            ra.with_user(self.inspector).write({"state": "done"})
        with self.assertRaises(UserError):
            self.env["aftersales.return"].with_user(self.agent).create(
                {
                    "partner_id": self.customer.id,
                    "state": "approved",
                }
            )
        with self.assertRaises(UserError):
            self.env["aftersales.return"].with_user(self.agent).with_context(
                default_state="approved"
            ).create({"partner_id": self.customer.id})

    def test_price_of_an_order_line_cannot_be_forged(self):
        expensive = self._create_product(
            name="Robot Vacuum", is_storable=True, lst_price=1999.0, taxes_id=False
        )
        self.env["stock.quant"]._update_available_quantity(
            expensive, self.warehouse.lot_stock_id, 5
        )
        order = self._sell_and_deliver(self.customer, {expensive: 1})
        ra = (
            self.env["aftersales.return"]
            .with_user(self.agent)
            .create(
                {
                    "partner_id": self.customer.id,
                    "sale_order_id": order.id,
                    "line_ids": [
                        Command.create(
                            {
                                "sale_line_id": order.order_line.id,
                                "quantity": 1,
                                "price_unit": 1,
                            }
                        )
                    ],
                }
            )
        )
        self.assertEqual(ra.line_ids.price_unit, 1999.0, "the order's price, not the client's")
        ra.line_ids.with_user(self.agent).write({"price_unit": 2})
        self.assertEqual(ra.line_ids.price_unit, 1999.0)
        ra.action_submit()
        self.assertEqual(ra.state, "to_approve", "above the auto-approval amount")

    def test_loose_line_price_is_the_list_price_unless_a_manager_sets_it(self):
        ra = (
            self.env["aftersales.return"]
            .with_user(self.agent)
            .create(
                {
                    "partner_id": self.customer.id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.kettle.id,
                                "quantity": 1,
                                "price_unit": 1,
                            }
                        )
                    ],
                }
            )
        )
        self.assertEqual(ra.line_ids.price_unit, 100.0)
        ra.line_ids.with_user(self.manager).price_unit = 80.0
        self.assertEqual(ra.line_ids.price_unit, 80.0)

    @mute_logger("odoo.sql_db")
    def test_restocking_fee_is_a_percentage(self):
        ra = self._new_return([(self.kettle_line, 1, {})])
        refused = IntegrityError  # the CHECK constraints (0-100)
        for fee in (-100, 101):
            with self.assertRaises(refused), self.cr.savepoint():
                ra.line_ids.with_user(self.agent).restocking_fee_percent = fee
                ra.line_ids.flush_recordset()
        with self.assertRaises(refused), self.cr.savepoint():
            self._new_return([(self.mug_line, 1, {"restocking_fee_percent": -100})])
        with self.assertRaises(refused), self.cr.savepoint():
            self.reason_defective.restocking_fee_percent = -5
            self.reason_defective.flush_recordset()
        with self.assertRaises(refused), self.cr.savepoint():
            self.company.aftersales_restocking_fee_percent = 150
            self.company.flush_recordset()
        with self.assertRaises(refused), self.cr.savepoint():
            self.env["aftersales.return.policy"].create(
                {
                    "categ_id": self.kettle.categ_id.id,
                    "condition_fee_damaged": 120,
                }
            ).flush_recordset()
        self.assertEqual(ra.line_ids.restocking_fee_percent, 0.0)

    @mute_logger("odoo.sql_db")
    def test_quantities_are_positive_whole_units(self):
        for qty in (0.5, 1.25):
            with self.assertRaisesRegex(ValidationError, "whole units"), self.cr.savepoint():
                self._new_return([(self.kettle_line, qty, {})])
        for qty in (0, -1):
            with self.assertRaises(IntegrityError), self.cr.savepoint():
                self._new_return([(self.kettle_line, qty, {})])
        ra = self._new_return([(self.kettle_line, 1, {})])
        with self.assertRaisesRegex(ValidationError, "whole units"), self.cr.savepoint():
            ra.line_ids.with_user(self.agent).quantity = 1.5
            ra.line_ids.flush_recordset()

    def test_what_is_authorized_is_fixed_after_submission(self):
        ra = self._new_return([(self.kettle_line, 1, {})])
        ra.action_submit()
        self.assertEqual(ra.state, "approved")
        with self.assertRaises(UserError):
            ra.line_ids.with_user(self.agent).quantity = 3
        with self.assertRaises(UserError):
            ra.with_user(self.agent).write(
                {
                    "line_ids": [
                        Command.create(
                            {
                                "sale_line_id": self.mug_line.id,
                                "quantity": 5,
                            }
                        )
                    ]
                }
            )
        with self.assertRaises(UserError):
            ra.with_user(self.agent).partner_id = self.env["res.partner"].create({"name": "X"})
        self.assertEqual(ra.line_ids.quantity, 1)

    def test_override_reason_by_managers_only(self):
        ra = self._new_return([(self.kettle_line, 3, {})])
        ra.action_submit()
        with self.assertRaisesRegex(UserError, "Only an after-sales manager"):
            ra.with_user(self.agent).override_reason = "I say so"
        ra.with_user(self.manager).override_reason = "Loyal customer"
        self.assertEqual(ra.override_reason, "Loyal customer")

    def test_receipt_and_disposal_quantities_cannot_be_forged(self):
        ra = self._new_return([(self.kettle_line, 1, {})])
        ra.action_submit()
        line = ra.line_ids
        for user in (self.agent, self.manager, self.inspector):
            for vals in (
                {"qty_scanned": 5},
                {"qty_disposed": 1},
                {"over_received": True},
                {"receipt_discrepancy": "missing"},
            ):
                with self.assertRaises(UserError):
                    line.with_user(user).write(vals)
            with self.assertRaises(UserError):
                ra.with_user(user).write({"date_inspected": fields.Datetime.now()})
        with self.assertRaises(UserError):
            self.env["aftersales.return.scan"].with_user(self.inspector).create(
                {
                    "line_id": line.id,
                    "quantity": 1,
                }
            )
        self.assertEqual(line.qty_scanned, 0)


@tagged("post_install", "-at_install")
class TestGenericTamper(AftersalesReturnCommon):
    """Every guarded field of every model of the returns, tried by every role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ra = cls._new_return_cls()

    @classmethod
    def _new_return_cls(cls):
        ra = cls.env["aftersales.return"].create(
            {
                "partner_id": cls.customer.id,
                "sale_order_id": cls.order.id,
                "line_ids": [Command.create({"sale_line_id": cls.mug_line.id, "quantity": 1})],
            }
        )
        ra.action_submit()
        return ra

    def _records(self):
        carrier = self.env["res.partner"].create({"name": "Carrier"})
        claim = self.env["aftersales.carrier.claim"].create(
            {
                "carrier_id": carrier.id,
                "amount_claimed": 5.0,
            }
        )
        scan = (
            self.env["aftersales.return.scan"]
            .sudo()
            .create(
                {
                    "line_id": self.ra.line_ids.id,
                    "quantity": 1,
                }
            )
            .sudo(False)
        )
        return {
            "aftersales.return": self.ra,
            "aftersales.return.line": self.ra.line_ids,
            "aftersales.carrier.claim": claim,
            "aftersales.return.scan": scan,
        }

    def _other_value(self, record, name):
        field = record._fields[name]
        current = record[name]
        if field.type == "selection":
            values = [key for key, _label in field._description_selection(self.env)]
            return next(value for value in values if value != current)
        if field.type == "boolean":
            return not current
        if field.type in ("float", "monetary", "integer"):
            return (current or 0) + 7
        if field.type in ("char", "text"):
            return f"{current or ''} forged"
        if field.type == "datetime":
            return "2020-01-01 00:00:00"
        if field.type == "date":
            return "2020-01-01"
        if field.type == "many2one":
            other = self.env[field.comodel_name].search([("id", "!=", current.id)], limit=1)
            return other.id
        if field.type in ("one2many", "many2many"):
            return [Command.clear()]
        raise AssertionError(f"no forged value for {field.type}")

    def test_every_guarded_field_refused_to_every_role(self):
        records = self._records()
        for model, record in records.items():
            guarded = record._aftersales_workflow_field_names()
            for user in (self.agent, self.manager, self.inspector):
                for name in sorted(guarded):
                    if record._fields[name].type in ("one2many", "many2many"):
                        continue
                    value = self._other_value(record, name)
                    if record._aftersales_is_unchanged(name, value):
                        continue  # nothing else to set (e.g. no other lot exists)
                    with self.subTest(model=model, field=name, user=user.login):
                        before = record[name]
                        with self.assertRaises(UserError), self.cr.savepoint():
                            record.with_user(user).write({name: value})
                        record.invalidate_recordset()
                        self.assertEqual(record[name], before)

    def test_price_unit_from_the_order_is_recomputed_for_every_role(self):
        line = self.ra.line_ids
        for user in (self.agent, self.manager):
            # the line has an order line: the client's price is ignored, never taken
            self.assertTrue(line.with_user(user).write({"price_unit": 0.01}))
            self.assertEqual(line.price_unit, self.mug_line.price_unit)
            created = (
                self.env["aftersales.return"]
                .with_user(user)
                .create(
                    {
                        "partner_id": self.customer.id,
                        "sale_order_id": self.order.id,
                        "line_ids": [
                            Command.create(
                                {
                                    "sale_line_id": self.kettle_line.id,
                                    "quantity": 1,
                                    "price_unit": 0.01,
                                }
                            )
                        ],
                    }
                )
            )
            self.assertEqual(created.line_ids.price_unit, self.kettle_line.price_unit)

    def test_workflow_like_fields_are_guarded_or_constrained(self):
        """A new state, approver, approval/inspection date, price or fee is never forgotten."""
        constrained = {
            ("aftersales.return.line", "price_unit"): "recomputed from the order line",
            ("aftersales.return.line", "restocking_fee_percent"): "CHECK 0-100",
            # its origin, recomputed with the fee or set to "manual" when a fee is typed
            ("aftersales.return.line", "restocking_fee_source"): "follows the fee",
        }
        date_words = ("approved", "inspected", "validated", "received", "disposed", "settled")
        for model in ROLE_MODELS:
            Model = self.env[model]
            guarded = Model._aftersales_workflow_field_names()
            for name, field in Model._fields.items():
                if (
                    not field.store
                    or field.related
                    or not (field._module or "").startswith("aftersales")
                ):
                    continue
                sensitive = (
                    name == "state"
                    or name.endswith("_by_id")
                    or name == "price_unit"
                    or "fee" in name
                    or (name.startswith("date_") and any(w in name for w in date_words))
                )
                if sensitive:
                    with self.subTest(model=model, field=name):
                        self.assertTrue(
                            name in guarded or (model, name) in constrained,
                            f"{model}.{name} is neither guarded nor constrained",
                        )

    def test_creating_with_guarded_values_is_refused(self):
        carrier = self.env["res.partner"].create({"name": "Carrier"})
        attempts = [
            ("aftersales.return", {"partner_id": self.customer.id, "state": "done"}),
            (
                "aftersales.return",
                {"partner_id": self.customer.id, "approved_by_id": self.manager.id},
            ),
            ("aftersales.return", {"partner_id": self.customer.id, "policy_checked": True}),
            (
                "aftersales.return",
                {"partner_id": self.customer.id, "date_approved": "2020-01-01 00:00:00"},
            ),
            ("aftersales.carrier.claim", {"carrier_id": carrier.id, "state": "paid"}),
        ]
        for user in (self.agent, self.manager):
            for model, vals in attempts:
                with self.subTest(model=model, vals=vals, user=user.login):
                    with self.assertRaises(UserError), self.cr.savepoint():
                        self.env[model].with_user(user).create(vals)
        line_vals = {
            "return_id": self.ra.id,
            "product_id": self.kettle.id,
            "quantity": 1,
            "qty_scanned": 4,
        }
        for user in (self.agent, self.manager):
            with self.assertRaises(UserError), self.cr.savepoint():
                self.env["aftersales.return.line"].with_user(user).create(line_vals)
