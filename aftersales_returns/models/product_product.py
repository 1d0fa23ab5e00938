from odoo import api, models
from odoo.exceptions import ValidationError


class ProductProduct(models.Model):
    _inherit = "product.product"

    # ------------------------------------------------------------ constraints

    @api.constrains("barcode")
    def _check_barcode_not_a_grade_barcode(self):
        """A product barcode equal to a grade barcode could never be scanned as the product."""
        grade_barcodes = self.env["res.company"]._aftersales_grade_barcode_map()
        for product in self.filtered("barcode"):
            company_ids = set(grade_barcodes.get(product.barcode.strip(), ()))
            if product.company_id:
                company_ids &= {product.company_id.id}
            if company_ids:
                company = self.env["res.company"].browse(min(company_ids))
                raise ValidationError(
                    self.env._(
                        "The barcode %(code)s is a condition grade barcode of %(company)s: a scan "
                        "could not tell the product from the grade. Choose another barcode, or "
                        "change the grade barcodes in the After-Sales settings.",
                        # sudo: the clashing company may be one the user cannot read
                        code=product.barcode,
                        company=company.sudo().name,
                    )
                )
