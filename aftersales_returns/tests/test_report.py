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
        barcode = html.split('class="o_aftersales_return_barcode"')[1].split("</div>")[0]
        self.assertIn(f'alt="Barcode {ra.name}"', barcode)
        self.assertIn('src="data:image/png;base64,', barcode)
        pdf, report_type = report._render_qweb_pdf(report.report_name, ra.ids)
        self.assertTrue(pdf)
        self.assertEqual(ra.action_print()["report_name"], report.report_name)

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
