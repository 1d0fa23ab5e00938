"""A database upgraded to 19.0.1.0.1 kept the index of the transfer's renamed column under
its old name next to the one the ORM built: the old one goes."""

from odoo.addons.aftersales_flow.upgrade import prefix_field_indexes


def migrate(cr, version):
    if version:
        prefix_field_indexes(cr, "stock_picking")
