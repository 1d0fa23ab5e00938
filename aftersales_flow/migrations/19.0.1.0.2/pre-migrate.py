"""Lighter indexes on the case table.

- A database upgraded to 19.0.1.0.1 kept the index of each renamed column under its old
  name next to the one the ORM built: the old one goes.
- The full indexes of flags and states searched only for their rare values are dropped:
  the model builds partial ones, and root cause and responsibility get theirs again
  without the empty rows.
"""

from odoo.addons.aftersales_flow.upgrade import drop_indexes, prefix_field_indexes

REPLACED = [
    "aftersales_intake_ack_state",
    "aftersales_low_satisfaction",
    "aftersales_confidential",
    "aftersales_root_cause_id",
    "aftersales_responsibility",
]


def migrate(cr, version):
    if version:
        prefix_field_indexes(cr, "helpdesk_ticket")
        drop_indexes(cr, "helpdesk_ticket", REPLACED)
