"""What the customer reads on the portal: the case number they were told to quote, and a
proposal written to them, with money shown only where money goes to them."""

from odoo.tests import tagged

from .common import AftersalesFlowHttpCommon


@tagged("post_install", "-at_install")
class TestPortalWording(AftersalesFlowHttpCommon):
    def test_case_page_shows_the_case_number(self):
        case = self._case("Kettle arrived broken")
        self.assertTrue(case.number)
        self.authenticate("as_http_customer", "as_http_customer")
        page = self.url_open(f"/my/ticket/{case.id}")
        self.assertEqual(page.status_code, 200)
        header = page.text.split('id="card_header"')[1].split("</h3>")[0]
        self.assertIn(case.number, header)
        self.assertNotIn(f"(#{case.id})", " ".join(header.split()))
        self.assertNotIn("(#", header)

    def test_plan_page_speaks_to_the_customer(self):
        case = self._case("Sofa delivered torn")
        plan = self._proposed_plan(
            case,
            [
                {"remedy_type": "exchange", "amount": 159.0},
                {"remedy_type": "compensation", "amount": 20.0},
            ],
        )
        self.authenticate("as_http_customer", "as_http_customer")
        page = self.url_open(f"/aftersales/plan/{plan.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Exchange: new item", page.text)
        self.assertNotIn("159.00", page.text, "an exchange is no charge to the customer")
        self.assertIn("20.00", page.text, "a compensation is money the customer gets")
        self.assertNotIn("the customer", page.text.lower())
        respond = f"/aftersales/plan/{plan.id}/respond"
        # a refusal without a reason is asked for in the customer's terms
        refused = self.url_open(
            respond, data={"csrf_token": self._csrf_token(), "response": "rejected"}
        )
        self.assertEqual(refused.status_code, 400)
        self.assertIn("tell us why", refused.text)
        self.assertNotIn("the customer", refused.text.lower())
        countered = self.url_open(
            respond, data={"csrf_token": self._csrf_token(), "response": "countered"}
        )
        self.assertIn("tell us what you would like instead", countered.text)
        self.assertNotIn("the customer", countered.text.lower())
        self.assertEqual(plan.state, "proposed")
        self.url_open(
            respond,
            data={"csrf_token": self._csrf_token(), "response": "rejected", "reason": "Too slow"},
        )
        self.assertEqual(plan.state, "rejected")
        page = self.url_open(f"/aftersales/plan/{plan.id}")
        status = page.text.split("o_aftersales_plan_status")[1].split("</p>")[0]
        self.assertIn("You declined this proposal", status)
        self.assertNotIn("Customer", status)
