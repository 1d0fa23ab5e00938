from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import JsonRpcException

from ..demo_history import history_cases
from ..models.aftersales_classifier import case_tokens, holdout_accuracy
from .common import AftersalesAssignCommon, AftersalesFlowHttpCommon

# The floor of the top-1 accuracy on the held-out fifth of the generated history.
ACCURACY_FLOOR = 0.8


@tagged("post_install", "-at_install")
class TestIntakeRulesOrder(AftersalesAssignCommon):
    def setUp(self):
        super().setUp()
        self.team.aftersales_assign_method = "manual"
        self.rule_parcel = self.Rule.create(
            {
                "name": "Parcel not arriving",
                "sequence": 20,
                "keywords": "快递, 物流",
                "set_case_kind": "logistics",
                "set_category_id": self.cat_delay.id,
            }
        )
        self.rule_attitude = self.Rule.create(
            {
                "name": "Service attitude",
                "sequence": 30,
                "keywords": "态度, rude",
                "set_case_kind": "complaint",
                "set_category_id": self.cat_attitude.id,
            }
        )

    def _case(self, name):
        return self.Ticket.with_user(self.agents[0]).create({"name": name, "description": "-"})

    def test_negative_keyword_leaves_the_courier_attitude_to_its_rule(self):
        self.assertEqual(self._case("快递员态度很差").category_id, self.cat_delay)
        self.rule_parcel.negative_keywords = "态度"
        case = self._case("快递员态度很差")
        self.assertEqual(case.category_id, self.cat_attitude)
        self.assertEqual(case.aftersales_case_kind, "complaint")
        self.assertIn("negative keywords", case.aftersales_decision_log)
        self.assertIn("Service attitude", case.aftersales_decision_log)
        # the note on the case says the same
        note = case.message_ids.filtered(lambda m: "negative keywords" in (m.body or ""))
        self.assertTrue(note)
        # a late parcel is still a late parcel
        self.assertEqual(self._case("快递还没到").category_id, self.cat_delay)

    def test_rule_order_first_match_wins(self):
        self.rule_attitude.sequence = 5
        case = self._case("快递员态度很差")
        self.assertEqual(case.category_id, self.cat_attitude)
        log = case.aftersales_decision_log.split("\n")
        self.assertIn("Service attitude", log[0])
        self.assertIn("Parcel not arriving", log[1])


@tagged("post_install", "-at_install")
class TestIntakeLearning(AftersalesAssignCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team.aftersales_assign_method = "manual"
        done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        # last year's closed cases of the team, as customers wrote them
        cls.history = cls.Ticket.create(
            [
                {
                    "name": case["name"],
                    "description": case["description"],
                    "category_id": cls.env.ref(case["category_xmlid"]).id,
                    "aftersales_case_kind": case["aftersales_case_kind"],
                    "team_id": cls.team.id,
                    "stage_id": done.id,
                }
                for case in history_cases(180)
            ]
        )
        cls.env["aftersales.classifier"]._aftersales_train()
        cls.classifier = cls.env["aftersales.classifier"].search([("team_id", "=", cls.team.id)])

    def _case(self, name, user=None, **vals):
        return self.Ticket.with_user(user or self.agents[0]).create(
            {"name": name, "description": "-", "team_id": self.team.id, **vals}
        )

    def test_trained_from_closed_cases(self):
        self.assertEqual(self.classifier.case_count, 180)
        self.assertTrue(self.classifier.category_model["counts"])

    def test_suggestion_applied_above_threshold_with_explanation(self):
        self.env.company.aftersales_learn_threshold = 0.5
        case = self._case("快递员态度很差，还骂人")
        self.assertEqual(case.aftersales_suggested_category_id, self.cat_attitude)
        self.assertGreaterEqual(case.aftersales_suggested_category_confidence, 0.5)
        self.assertEqual(case.category_id, self.cat_attitude)
        self.assertEqual(case.aftersales_suggested_kind, "complaint")
        self.assertEqual(case.aftersales_case_kind, "complaint")
        self.assertTrue(case.aftersales_suggestion_words)
        self.assertIn("applied", case.aftersales_decision_log)
        self.assertIn(case.aftersales_suggestion_words.split(", ")[0], case.aftersales_decision_log)
        self.assertFalse(case.aftersales_can_accept_suggestion)

    def test_below_threshold_only_suggested_and_accepted_in_one_click(self):
        self.assertEqual(self.env.company.aftersales_learn_threshold, 0.8)
        case = self._case("my kettle arrived broken")
        self.assertEqual(case.aftersales_suggested_category_id, self.cat_damaged)
        self.assertLess(case.aftersales_suggested_category_confidence, 0.8)
        self.assertGreater(case.aftersales_suggested_category_confidence, 0.0)
        self.assertFalse(case.category_id)
        self.assertIn("only suggested", case.aftersales_decision_log)
        self.assertTrue(case.aftersales_can_accept_suggestion)
        self.assertIs(case.with_user(self.agents[1]).action_aftersales_accept_suggestion(), True)
        self.assertEqual(case.category_id, self.cat_damaged)
        self.assertEqual(case.aftersales_case_kind, "complaint")
        self.assertIn("accepted by Agent 1", case.aftersales_decision_log)
        self.assertIn("category_id", case.aftersales_intake_manual_fields)
        with self.assertRaises(UserError):
            case.with_user(self.agents[1]).action_aftersales_accept_suggestion()

    def test_agent_and_rule_values_win(self):
        self.env.company.aftersales_learn_threshold = 0.5
        by_hand = self._case("快递员态度很差，还骂人", category_id=self.cat_damaged.id)
        self.assertEqual(by_hand.category_id, self.cat_damaged)
        self.assertIn("set by hand", by_hand.aftersales_decision_log)
        self.Rule.create(
            {
                "name": "Everything is late",
                "keywords": "骂人",
                "set_category_id": self.cat_delay.id,
            }
        )
        by_rule = self._case("快递员态度很差，还骂人")
        self.assertEqual(by_rule.category_id, self.cat_delay)
        self.assertIn("a classification rule decided", by_rule.aftersales_decision_log)

    def test_heldout_accuracy_floor(self):
        samples = [
            (case_tokens(case["name"], case["description"]), case["category_xmlid"])
            for case in history_cases(450, seed=7)
        ]
        accuracy, tested = holdout_accuracy(samples, test_share=0.2)
        self.assertEqual(tested, 90)
        self.assertGreaterEqual(accuracy, ACCURACY_FLOOR)

    def test_retrain_after_more_history(self):
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        self.Ticket.create(
            {
                "name": "Bill",
                "description": "-",
                "category_id": self.cat_damaged.id,
                "team_id": self.team.id,
                "stage_id": done.id,
            }
        )
        self.assertIs(self.classifier.with_user(self.manager).action_retrain(), True)
        self.assertEqual(self.classifier.case_count, 181)

    def test_classifier_counts_are_out_of_reach(self):
        agent = self.agents[0]
        with self.assertRaises(AccessError):
            self.classifier.with_user(agent).read(["category_model"])
        with self.assertRaises(AccessError):
            self.classifier.with_user(agent).write({"case_count": 0})
        with self.assertRaises(AccessError):
            self.classifier.with_user(self.manager).write({"category_model": {}})
        with self.assertRaises(AccessError):
            self.env["aftersales.classifier"].with_user(self.manager).create(
                {"company_id": self.env.company.id}
            )
        with self.assertRaises(AccessError):
            self.classifier.with_user(agent).action_retrain()


@tagged("post_install", "-at_install")
class TestIntakeLearningRpc(AftersalesFlowHttpCommon):
    def _refused(self, model, method, *args):
        with self.assertRaises(JsonRpcException) as caught:
            self._rpc(model, method, *args)
        return caught.exception.args[0]

    def test_agent_cannot_write_counts_or_log_over_http(self):
        classifier = self.env["aftersales.classifier"].create(
            {"company_id": self.company.id, "team_id": self.team.id, "case_count": 3}
        )
        case = self._case()
        self.authenticate(self.agent.login, self.agent.login)
        self.assertEqual(
            self._refused("aftersales.classifier", "write", [classifier.id], {"case_count": 0}),
            "odoo.exceptions.AccessError",
        )
        self.assertEqual(
            self._refused("aftersales.classifier", "action_retrain", [classifier.id]),
            "odoo.exceptions.AccessError",
        )
        for vals in (
            {"aftersales_decision_log": "Applied by the rules"},
            {
                "aftersales_suggested_category_id": self.env.ref(
                    "aftersales_flow.category_billing"
                ).id
            },
            {"aftersales_auto_assigned": True},
        ):
            with self.subTest(vals=vals):
                self.assertIn(
                    self._refused("helpdesk.ticket", "write", [case.id], vals),
                    ("odoo.exceptions.UserError", "odoo.exceptions.ValidationError"),
                )
        classifier.invalidate_recordset()
        case.invalidate_recordset()
        self.assertEqual(classifier.case_count, 3)
        self.assertFalse(case.aftersales_decision_log)
        self.assertFalse(case.aftersales_auto_assigned)
