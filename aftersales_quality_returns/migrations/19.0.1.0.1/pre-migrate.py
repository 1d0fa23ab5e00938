"""The fields the bridge adds to the case carry the suite's prefix (aftersales_<name>)."""

from odoo.addons.aftersales_flow.upgrade import prefix_fields

RENAMED = {"helpdesk.ticket": ["quality_claim_ids", "quality_carrier_id"]}


def migrate(cr, version):
    if version:
        prefix_fields(cr, "aftersales_quality_returns", RENAMED)
