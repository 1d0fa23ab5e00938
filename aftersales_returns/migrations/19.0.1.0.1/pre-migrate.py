"""The field the addon adds to the transfer carries the suite's prefix (aftersales_<name>)."""

from odoo.addons.aftersales_flow.upgrade import prefix_fields

RENAMED = {"stock.picking": ["is_customer_return"]}


def migrate(cr, version):
    if version:
        prefix_fields(cr, "aftersales_returns", RENAMED)
