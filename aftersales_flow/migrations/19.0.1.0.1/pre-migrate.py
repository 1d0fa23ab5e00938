"""The fields the addon adds to the case carry the suite's prefix (aftersales_<name>)."""

from odoo.addons.aftersales_flow.upgrade import prefix_fields

RENAMED = {
    "helpdesk.ticket": [
        "case_kind", "received_at", "order_ref", "tracking_ref", "product_id",
        "customer_expectation", "urgency", "impact", "is_vip", "repeat_of_id", "is_repeat",
        "intake_ack_state", "intake_ack_due", "intake_manual_fields", "intake_locked",
        "intake_expected_handling", "evidence_reference", "evidence_attachment_ids",
        "investigation_findings", "root_cause_id", "responsibility", "responsibility_basis",
        "responsibility_not_ours", "resolution_plan_ids", "resolution_plan_count",
        "followup_date", "followup_activity_id", "followup_outcome", "followup_done_date",
        "low_satisfaction",
    ],
}  # fmt: skip


def migrate(cr, version):
    if version:
        prefix_fields(cr, "aftersales_flow", RENAMED)
