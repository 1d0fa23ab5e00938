"""Security of the suite: access matrix per model and role, team visibility, confidential
cases, hidden contact data, multi-company isolation and guarded actions.

The matrix enumerates the models the suite's addons define (plus the case they extend) from the
registry and fails on a model that has no expectations: a new model must state who may do what.
"""

from security_common import SecurityCommon

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

# The suite: every addon named aftersales_* (a new one is covered without a list to keep).
SUITE_PREFIX = "aftersales_"
ROLES = ("user", "manager", "inspector", "quality", "portal", "public")
OPERATIONS = {"c": "create", "r": "read", "u": "write", "d": "unlink"}

# What each role may do on each model, as model access rights ("crud" letters: create, read,
# update, delete). Record rules narrow them further: see the tests below the matrix.
NONE = dict.fromkeys(ROLES, "")
MATRIX = {
    # the case itself (helpdesk.ticket): helpdesk's own levels, see README "Security model"
    "helpdesk.ticket": dict(
        NONE, user="cru", manager="crud", inspector="r", quality="cru", portal="r"
    ),
    # aftersales_flow
    "aftersales.root.cause": dict(NONE, user="r", manager="crud", quality="r"),
    # service levels: configured by managers, timers kept by the engine (sudo)
    "aftersales.sla.policy": dict(NONE, user="r", manager="crud", quality="r"),
    "aftersales.sla.escalation.rule": dict(NONE, user="r", manager="crud"),
    "aftersales.sla.timer": dict(NONE, user="r", manager="r", quality="r"),
    "aftersales.classification.rule": dict(NONE, user="r", manager="crud"),
    # learned classification: the server trains it, managers read it, nobody writes it
    "aftersales.classifier": dict(NONE, manager="r"),
    "aftersales.priority.matrix": dict(NONE, user="r", manager="crud"),
    "aftersales.resolution.plan": dict(NONE, user="cru", manager="crud"),
    "aftersales.remedy": dict(NONE, user="crud", manager="crud"),
    "aftersales.plan.response": dict(NONE, user="cr", manager="cr"),
    "aftersales.plan.refuse.wizard": dict(NONE, manager="cru"),
    "aftersales.plan.response.wizard": dict(NONE, user="cru", manager="cru"),
    # merging duplicate cases: agents merge the cases they may change
    "aftersales.ticket.merge.wizard": dict(NONE, user="cru", manager="cru"),
    # working time: every internal user counts in the make-up working days of a calendar;
    # calendars and their official holidays are the administrators'
    "aftersales.calendar.workday": dict(NONE, user="r", manager="r", inspector="r", quality="r"),
    "aftersales.calendar.holiday.wizard": dict(NONE),
    # aftersales_returns
    "aftersales.return": dict(NONE, user="cru", manager="crud", inspector="ru", portal="r"),
    "aftersales.return.line": dict(NONE, user="crud", manager="crud", inspector="ru", portal="r"),
    "aftersales.return.policy.result": dict(NONE, user="r", manager="r", inspector="r", portal="r"),
    "aftersales.return.reason": dict(NONE, user="r", manager="crud", inspector="r", portal="r"),
    "aftersales.return.policy": dict(NONE, user="r", manager="crud"),
    # statutory return rules (the consumer law): read wherever a verdict is shown
    "aftersales.return.rule": dict(NONE, user="r", manager="crud", inspector="r"),
    # recording the customer's signed receipt of a return's delivery
    "aftersales.signed.receipt": dict(NONE, user="cru", manager="cru"),
    "aftersales.carrier.claim": dict(NONE, user="cru", manager="crud", inspector="cru"),
    # claims against a product's vendor: filed by agents, read by the quality manager (costs)
    "aftersales.supplier.recovery": dict(NONE, user="cru", manager="crud", quality="r"),
    # receipt scans: written by inspectors at the scanning screen, a log for the others
    "aftersales.return.scan": dict(NONE, user="r", manager="crud", inspector="cr"),
    "aftersales.return.reject": dict(NONE, manager="cru"),
    "aftersales.return.create.wizard": dict(NONE, user="cru", manager="cru"),
    "aftersales.return.create.wizard.line": dict(NONE, user="cru", manager="cru"),
    # aftersales_quality
    "aftersales.quality.kpi.report": dict(NONE, manager="r", quality="r"),
    # issues are proposed by the problem identification only (its evidence is guarded)
    "aftersales.quality.issue": dict(NONE, user="r", manager="rud", quality="rud"),
    "aftersales.quality.plan": dict(NONE, user="r", manager="crud", quality="crud"),
    "aftersales.quality.action": dict(NONE, user="ru", manager="crud", quality="crud"),
    "aftersales.quality.staff.review": dict(NONE, manager="crud", quality="crud"),
    # what the problem identification watches; training needs a staff review suggests
    # (their figures and decision are guarded)
    "aftersales.quality.monitor.rule": dict(NONE, manager="crud", quality="crud"),
    "aftersales.quality.training.suggestion": dict(NONE, manager="crud", quality="crud"),
    "aftersales.quality.dashboard": dict(NONE, manager="crud", quality="crud"),
    "aftersales.quality.xlsx.wizard": dict(NONE, manager="crud", quality="crud"),
    # aftersales_quality_returns
    "aftersales.quality.inspection.report": dict(NONE, manager="r", quality="r"),
    # aftersales_queue: workbooks its jobs prepared, each readable by its own user (rule)
    "aftersales.prepared.workbook": dict(NONE, manager="rd", quality="rd"),
    # aftersales_knowledge: articles (OCA document_page) maintained by the quality manager,
    # read by every after-sales role; customers and visitors read published public ones (rules)
    "document.page": dict(
        NONE, user="r", manager="crud", inspector="r", quality="crud", portal="r", public="r"
    ),
    # uses of an article on a case: written by the case's Insert buttons only
    "aftersales.knowledge.usage": dict(NONE, user="cr", manager="crud", quality="r"),
    # requests the help centre answered: recorded by the portal route only
    "aftersales.knowledge.self.solved": dict(NONE, manager="rd", quality="rd"),
    # other apps' models the suite opens to its roles: agents read the confirmed orders they
    # return goods of (the inspector's and the manager's "ru" is Inventory's own right), the
    # lots they return; managers save the after-sales settings (only those, see the flow)
    "sale.order": dict(NONE, user="r", manager="ru", inspector="ru", portal="r"),
    "sale.order.line": dict(NONE, user="r", manager="ru", inspector="ru", portal="r"),
    "stock.lot": dict(NONE, user="r", manager="crud", inspector="crud"),
    "res.config.settings": dict(NONE, manager="cru"),
}
# Models of other modules whose access the suite decides (the case) or widens for its roles.
EXTENDED = (
    "helpdesk.ticket",
    "sale.order",
    "sale.order.line",
    "stock.lot",
    "res.config.settings",
    "document.page",
)


@tagged("post_install", "-at_install")
class TestSecurityMatrix(SecurityCommon):
    def _suite_models(self):
        names = set(EXTENDED)
        for name, model in self.env.registry.items():
            if model._abstract or not (model._original_module or "").startswith(SUITE_PREFIX):
                continue
            names.add(name)
        return names

    def test_every_model_has_expectations(self):
        missing = self._suite_models() - set(MATRIX)
        self.assertFalse(
            missing, f"models of the suite without access expectations: {sorted(missing)}"
        )
        for model, expected in MATRIX.items():
            self.assertEqual(set(expected), set(ROLES), model)

    def test_access_matrix(self):
        for model in sorted(self._suite_models() & set(MATRIX)):
            for role, user in self.users.items():
                for letter, operation in OPERATIONS.items():
                    records = self.env[model].with_user(user)
                    with self.subTest(model=model, role=role, operation=operation):
                        if letter in MATRIX[model][role]:
                            records.check_access(operation)
                        else:
                            with self.assertRaises(AccessError):
                                records.check_access(operation)

    def test_roles_map_onto_helpdesk_levels(self):
        """The After-Sales roles imply the matching helpdesk level, never a contradiction."""
        levels = {
            "user": "helpdesk_mgmt.group_helpdesk_user_team",
            "manager": "helpdesk_mgmt.group_helpdesk_manager",
            "quality": "helpdesk_mgmt.group_helpdesk_user",
        }
        for role, xmlid in levels.items():
            self.assertTrue(self.users[role].has_group(xmlid), role)
        self.assertFalse(self.agent.has_group("helpdesk_mgmt.group_helpdesk_user"))
        self.assertFalse(self.inspector.has_group("helpdesk_mgmt.group_helpdesk_user_own"))
        for xmlid in (
            "aftersales_flow.group_aftersales_user",
            "aftersales_returns.group_return_inspector",
            "aftersales_quality.group_quality_manager",
        ):
            self.assertTrue(self.manager.has_group(xmlid), xmlid)
        # A helpdesk "All tickets" user keeps that right on ordinary cases.
        self.assertCanRead(self.other_team_case, self.helpdesk_all)


@tagged("post_install", "-at_install")
class TestTeamVisibility(SecurityCommon):
    def test_agent_sees_the_cases_of_their_teams_only(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.agent)
        self.assertIn(self.case, Ticket.search([]))
        self.assertNotIn(self.other_team_case, Ticket.search([]))
        self.assertCanRead(self.case, self.agent)
        self.assertCannotRead(self.other_team_case, self.agent)
        with self.assertRaises(AccessError):
            self.other_team_case.with_user(self.agent).write({"priority": "3"})

    def test_plans_follow_their_case(self):
        plan = self._plan(self.case)
        other_plan = self._plan(self.other_team_case)
        self.assertCanRead(plan, self.agent)
        self.assertCanRead(plan.remedy_ids, self.agent)
        self.assertCannotRead(other_plan, self.agent)
        self.assertCannotRead(other_plan.remedy_ids, self.agent)
        self.assertCanRead(other_plan, self.manager)

    def test_agent_cannot_configure(self):
        with self.assertRaises(AccessError):
            self.env["aftersales.root.cause"].with_user(self.agent).create({"name": "Mine"})
        with self.assertRaises(AccessError):
            self.env["aftersales.return.reason"].with_user(self.agent).create({"name": "Mine"})


@tagged("post_install", "-at_install")
class TestConfidentialCases(SecurityCommon):
    def test_confidential_case_restricted(self):
        # allowed: assignee, team leader, managers, the customer on the portal
        for user in (self.agent2, self.leader, self.manager, self.portal):
            self.assertCanRead(self.secret_case, user)
        # refused: a team member, helpdesk "All tickets", quality, a follower inspector
        self.secret_case.message_subscribe(partner_ids=self.inspector.partner_id.ids)
        for user in (self.agent, self.helpdesk_all, self.quality, self.inspector):
            self.assertCannotRead(self.secret_case, user)
            self.assertNotIn(
                self.secret_case, self.env["helpdesk.ticket"].with_user(user).search([])
            )
        # the same case, not confidential, is readable by the team member
        self.secret_case.aftersales_confidential = False
        self.assertCanRead(self.secret_case, self.agent)

    def test_reassigned_confidential_case_follows_the_assignee(self):
        self.assertCannotRead(self.secret_case, self.agent)
        self.secret_case.user_id = self.agent
        self.assertCanRead(self.secret_case, self.agent)
        self.assertCannotRead(self.secret_case, self.agent2)

    def test_plans_of_confidential_case_restricted(self):
        plan = self._plan(self.secret_case)
        self.assertCanRead(plan, self.agent2)
        self.assertCanRead(plan, self.leader)
        self.assertCannotRead(plan, self.agent)
        self.assertCannotRead(plan.remedy_ids, self.agent)

    def test_returns_of_confidential_case_restricted(self):
        ra = self._return(self.secret_case)
        self.assertTrue(ra.confidential, "a return follows the confidentiality of its case")
        for user in (self.agent2, self.leader, self.manager):
            self.assertCanRead(ra, user)
            self.assertCanRead(ra.line_ids, user)
        for user in (self.agent, self.inspector):
            self.assertCannotRead(ra, user)
            self.assertCannotRead(ra.line_ids, user)
            self.assertNotIn(ra, self.env["aftersales.return"].with_user(user).search([]))
        open_ra = self._return(self.case)
        self.assertFalse(open_ra.confidential)
        self.assertCanRead(open_ra, self.inspector)
        self.assertCanRead(open_ra.line_ids, self.inspector)


@tagged("post_install", "-at_install")
class TestHiddenContactData(SecurityCommon):
    CONTACT_FIELDS = ("partner_email", "partner_name")

    def test_inspector_does_not_get_contact_fields(self):
        fields = self.env["helpdesk.ticket"].with_user(self.inspector).fields_get()
        for name in self.CONTACT_FIELDS:
            self.assertNotIn(name, fields)
        self.assertIn("name", fields)
        agent_fields = self.env["helpdesk.ticket"].with_user(self.agent).fields_get()
        for name in self.CONTACT_FIELDS:
            self.assertIn(name, agent_fields)

    def test_inspector_read_of_contact_fields_refused(self):
        # as a follower the inspector may read the case, not the customer's contact data
        self.case.message_subscribe(partner_ids=self.inspector.partner_id.ids)
        case = self.case.with_user(self.inspector)
        self.assertEqual(case.read(["name"])[0]["name"], "Kettle leaks")
        for name in self.CONTACT_FIELDS:
            with self.assertRaises(AccessError):
                case.read([name])
        self.assertEqual(
            self.case.with_user(self.agent).read(["partner_email"])[0]["partner_email"],
            "sec.portal@example.com",
        )


@tagged("post_install", "-at_install")
class TestMultiCompany(SecurityCommon):
    def test_company_b_sees_nothing_of_company_a(self):
        plan = self._plan(self.case)
        ra = self._return(self.case)
        issue_plan = self.env["aftersales.quality.plan"].create(
            {"name": "Heater leaks", "problem": "Leaks"}
        )
        for record in (self.case, plan, plan.remedy_ids, ra, ra.line_ids, issue_plan):
            self.assertEqual(record.company_id, self.company)
            self.assertCannotRead(record, self.agent_b)
        for model in ("helpdesk.ticket", "aftersales.resolution.plan", "aftersales.return"):
            records = self.env[model].with_user(self.agent_b)
            self.assertFalse(records.search([("company_id", "=", self.company.id)]), model)

    def test_catalogues_shared_or_per_company(self):
        shared = self.env["aftersales.root.cause"].create({"name": "Shared cause"})
        own = self.env["aftersales.root.cause"].create(
            {"name": "Shop A cause", "company_id": self.company.id}
        )
        causes = self.env["aftersales.root.cause"].with_user(self.agent_b).search([])
        self.assertIn(shared, causes)
        self.assertNotIn(own, causes)
        reason = self.env["aftersales.return.reason"].create(
            {"name": "Shop A reason", "company_id": self.company.id}
        )
        self.assertCannotRead(reason, self.agent_b)
        self.assertCanRead(reason, self.agent)

    def test_company_b_order_refused_on_company_a_return(self):
        order_b = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company_b.id,
                "order_line": [(0, 0, {"product_id": self.product.id})],
            }
        )
        ra = self._return()
        with self.assertRaises(UserError):
            ra.write({"sale_order_id": order_b.id})
        self.assertFalse(ra.sale_order_id)


@tagged("post_install", "-at_install")
class TestGuardedActions(SecurityCommon):
    """Buttons re-check rights and state: calling them over RPC changes nothing."""

    def test_agent_cannot_approve_a_plan(self):
        plan = self._plan(self.case)
        plan.write({"state": "to_approve", "submitted_by_id": self.agent2.id})
        with self.assertRaises(AccessError):
            plan.with_user(self.agent).action_approve()
        self.assertEqual(plan.state, "to_approve")

    def test_agent_cannot_approve_a_return(self):
        ra = self._return(self.case)
        ra.state = "to_approve"
        with self.assertRaises(UserError):
            ra.with_user(self.agent).action_approve()
        self.assertEqual(ra.state, "to_approve")
        # a draft cannot be approved even by a manager
        draft = self._return(self.case)
        with self.assertRaises(UserError):
            draft.with_user(self.manager).action_approve()

    def test_policy_results_are_written_by_the_check_only(self):
        ra = self._return(self.case)
        ra.with_user(self.agent).action_check_policy()
        self.assertTrue(ra.policy_result_ids)
        with self.assertRaises(AccessError):
            ra.policy_result_ids[:1].with_user(self.agent).write({"passed": True})
        with self.assertRaises(AccessError):
            self.env["aftersales.return.policy.result"].with_user(self.agent).create(
                {"return_id": ra.id, "rule": "approval_amount", "passed": True, "message": "ok"}
            )

    def test_agent_cannot_run_quality_plans(self):
        plan = self.env["aftersales.quality.plan"].create(
            {
                "name": "Leaks",
                "problem": "Leaks",
                "action_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Change the seal supplier",
                            "user_id": self.agent.id,
                            "date_deadline": "2030-01-31",
                        },
                    )
                ],
            }
        )
        with self.assertRaises(AccessError):
            plan.with_user(self.agent).action_plan()
        self.assertEqual(plan.state, "draft")
        plan.with_user(self.quality).action_plan()
        self.assertEqual(plan.state, "planned")
