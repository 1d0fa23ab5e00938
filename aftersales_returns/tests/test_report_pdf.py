import base64
import io

from PyPDF2 import PdfReader

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ReturnFlowMixin

REPORT = "aftersales_returns.action_report_aftersales_return"


def _pdf_text(data):
    """The text of every page of a PDF document (raises on anything that is not one),
    its spacing normalised."""
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


@tagged("post_install", "-at_install")
class TestReturnPdf(ReturnFlowMixin, HttpCase):
    """The authorization as an actual PDF (wkhtmltopdf, not the HTML tests fall back to),
    printed by each role and attached to the approval mail."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the stylesheets are fetched over HTTP by wkhtmltopdf: not from this test's own
        # server (busy with the request that renders), from nowhere (the PDF comes unstyled)
        cls.env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")
        cls.env.company.write(
            {
                "aftersales_return_auto_approve_amount": 0.0,
                "aftersales_return_window_days": 30,
            }
        )
        cls.agent = new_test_user(
            cls.env, login="pdf_agent", groups="aftersales_flow.group_aftersales_user"
        )
        cls.manager = new_test_user(
            cls.env, login="pdf_manager", groups="aftersales_flow.group_aftersales_manager"
        )
        cls.inspector = new_test_user(
            cls.env, login="pdf_inspector", groups="aftersales_returns.group_return_inspector"
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Qian Hua",
                "email": "qian.hua@example.com",
                "phone": "+86 21 5555 0199",
            }
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Rice Cooker",
                "is_storable": True,
                "list_price": 60.0,
                "taxes_id": False,
            }
        )
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.env["stock.quant"]._update_available_quantity(cls.product, warehouse.lot_stock_id, 9)
        cls.order = cls._sell_and_deliver(cls.customer, {cls.product: 2})
        cls.ra = (
            cls.env["aftersales.return"]
            .with_user(cls.agent)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "sale_order_id": cls.order.id,
                    "line_ids": [
                        Command.create({"sale_line_id": cls.order.order_line.id, "quantity": 1})
                    ],
                }
            )
        )
        cls.ra.with_user(cls.agent).action_submit()

    def _render(self, user):
        report = (
            self.env["ir.actions.report"].with_user(user).with_context(force_report_rendering=True)
        )
        return report._render_qweb_pdf(REPORT, self.ra.ids)

    def test_each_role_prints_an_actual_pdf(self):
        self.assertEqual(self.ra.state, "to_approve")
        for user in (self.agent, self.manager, self.inspector):
            with self.subTest(user=user.login):
                pdf, report_type = self._render(user)
                self.assertEqual(report_type, "pdf")
                self.assertTrue(pdf.startswith(b"%PDF-"))
                text = _pdf_text(pdf)
                self.assertIn(self.ra.name, text)
                self.assertIn("Rice Cooker", text)
                # the inspector prints the parcel's paper without the customer's contact data
                if user == self.inspector:
                    self.assertNotIn("5555 0199", text)
                    self.assertIn("Qian Hua", text)
                else:
                    self.assertIn("5555 0199", text)

    def test_the_approval_mail_attaches_the_pdf(self):
        """The manager approves through the web client's door; the customer's mail carries
        the authorization as a PDF."""
        self.authenticate("pdf_manager", "pdf_manager")
        result = self.make_jsonrpc_request(
            "/web/dataset/call_kw/aftersales.return/action_approve",
            {
                "model": "aftersales.return",
                "method": "action_approve",
                "args": [self.ra.ids],
                "kwargs": {"context": {"force_report_rendering": True}},
            },
        )
        self.assertIs(result, True)
        self.assertEqual(self.ra.state, "approved")
        mail = self.ra.message_ids.filtered(lambda m: "is approved" in (m.subject or ""))
        self.assertEqual(len(mail), 1)
        self.assertIn(self.customer, mail.partner_ids)
        attachment = mail.attachment_ids
        self.assertEqual(len(attachment), 1, "the authorization is attached")
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertEqual(attachment.name, f"Return {self.ra.name.replace('/', '-')}.pdf")
        data = base64.b64decode(attachment.datas)
        self.assertTrue(data.startswith(b"%PDF-"))
        self.assertIn(self.ra.name, _pdf_text(data))
