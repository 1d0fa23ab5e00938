"""Lighter indexes on the transfers.

- A database upgraded to 19.0.1.0.1 kept the index of the transfer's renamed column under its
  old name next to the one the ORM built: the old one goes.
- *Customer Return* is searched only for the returns: its full index is dropped, the model
  builds a partial one.
"""

from odoo.addons.aftersales_flow.upgrade import drop_indexes, prefix_field_indexes


def migrate(cr, version):
    if version:
        prefix_field_indexes(cr, "stock_picking")
        drop_indexes(cr, "stock_picking", ["aftersales_is_customer_return"])
