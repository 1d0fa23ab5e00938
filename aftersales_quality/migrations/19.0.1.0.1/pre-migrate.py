"""The fields the addon adds to the case, the company and the settings carry the suite's
prefix (aftersales_<name>); the dashboard's external id, an ir.actions.act_window in older
releases, is a client action."""

from odoo.addons.aftersales_flow.upgrade import prefix_fields, replace_action_model

SETTINGS = [
    "quality_history_periods", "quality_min_cases", "quality_period_days",
    "quality_report_frequency", "quality_report_partner_ids", "quality_satisfied_rating",
    "quality_threshold_percent",
]  # fmt: skip
RENAMED = {
    "helpdesk.ticket": [
        "quality_reopen_count", "quality_resolution_hours", "quality_ack_hours",
        "quality_response_hours", "quality_feedback_state", "quality_dismiss_reason",
        "quality_plan_ids",
    ],
    "res.company": [*SETTINGS, "quality_report_last_date"],
    "res.config.settings": SETTINGS,
}  # fmt: skip


def migrate(cr, version):
    if version:
        prefix_fields(cr, "aftersales_quality", RENAMED)
        replace_action_model(
            cr, "aftersales_quality", "action_quality_dashboard", "ir.actions.act_window"
        )
