from odoo.tests import tagged

from .common import AftersalesReturnCommon


@tagged("post_install", "-at_install")
class TestReturnReport(AftersalesReturnCommon):
    def test_authorization_renders_with_instructions_and_barcode(self):
        self.company.aftersales_return_instructions = "Tape the box well."
        ra = self._new_return([(self.kettle_line, 1, {})])
        ra.action_submit()
        report = self.env.ref("aftersales_returns.action_report_aftersales_return")
        html, report_type = report._render_qweb_html(report.report_name, ra.ids)
        html = html.decode()
        self.assertEqual(report_type, "html")
        self.assertIn(ra.name, html)
        self.assertIn("Tape the box well.", html)
        self.assertIn("Kettle", html)
        self.assertNotIn("Restocking fee", html, "no fee column without a fee")
        barcode = html.split('class="o_aftersales_return_barcode"')[1].split("</div>")[0]
        self.assertIn(f'alt="Barcode {ra.name}"', barcode)
        self.assertIn('src="data:image/png;base64,', barcode)
        pdf, report_type = report._render_qweb_pdf(report.report_name, ra.ids)
        self.assertTrue(pdf)
        self.assertEqual(ra.action_print()["report_name"], report.report_name)

    def test_authorization_tells_the_restocking_fee_and_its_origin(self):
        ra = self._new_return(
            [
                (self.kettle_line, 1, {"reason_id": self.reason_changed_mind.id}),
                (self.mug_line, 1, {}),
            ]
        )
        ra.action_submit()
        report = self.env.ref("aftersales_returns.action_report_aftersales_return")
        html = report._render_qweb_html(report.report_name, ra.ids)[0].decode()
        self.assertIn("Restocking fee", html)
        fees = html.split('class="text-end o_aftersales_return_fee"')[1:]
        self.assertEqual(len(fees), 2)
        self.assertIn("15.0", fees[0])
        self.assertIn("Reason Changed mind", fees[0])
        self.assertNotIn("%", fees[1].split("</td>")[0], "the mug has no fee")

    def test_lines_print_their_product_barcode(self):
        """Each product with a barcode is printed scannable, with its digits; a
        product without one gets no empty barcode block."""
        self.kettle.barcode = "6901234560992"
        self.mug.barcode = False
        ra = self._new_return([(self.kettle_line, 1, {}), (self.mug_line, 1, {})])
        report = self.env.ref("aftersales_returns.action_report_aftersales_return")
        html = report._render_qweb_html(report.report_name, ra.ids)[0].decode()
        blocks = html.split('class="o_aftersales_return_product_barcode"')[1:]
        self.assertEqual(len(blocks), 1, "only the kettle has a barcode to print")
        block = blocks[0].split("</td>")[0]
        self.assertIn('alt="Barcode 6901234560992"', block)
        self.assertIn('src="data:image/png;base64,', block)
        self.assertRegex(block, r"<small[^>]*>6901234560992</small>")
        # the image is the product's code, not the authorization's
        self.assertNotIn(f"Barcode {ra.name}", block)

    def test_authorization_prints_the_verdict_of_the_law_and_the_shipping_payer(self):
        ra = self._new_return(
            [
                (self.kettle_line, 1, {"reason_id": self.reason_defective.id}),
                (self.mug_line, 1, {}),
            ]
        )
        ra.action_submit()
        report = self.env.ref("aftersales_returns.action_report_aftersales_return")
        html = report._render_qweb_html(report.report_name, ra.ids)[0].decode()
        verdicts = html.split('class="o_aftersales_return_verdict"')[1:]
        self.assertEqual(len(verdicts), 2)
        self.assertIn("Choice of return, exchange or repair", verdicts[0])
        self.assertIn("No-reason return granted", verdicts[1])
        bases = html.split('class="o_aftersales_return_legal_basis"')[1:]
        self.assertIn("art. 24", bases[0])
        self.assertIn("art. 25", bases[1])
        self.assertIn("Return shipping paid by", html)
        self.assertIn("Shop", html.split("Return shipping paid by")[1][:200])
