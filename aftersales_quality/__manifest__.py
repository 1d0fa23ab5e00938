# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "After-Sales Quality",
    "summary": "Service quality KPIs, problem identification and corrective action plans",
    "version": "19.0.1.0.1",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "After-Sales Suite Authors",
    "website": "https://github.com/aftersales-suite/aftersales",
    "depends": ["aftersales_flow", "aftersales_sla", "mail"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/aftersales_quality_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron.xml",
        "data/quality_monitor_rule_data.xml",
        "data/mail_template.xml",
        "wizards/quality_xlsx_wizard_views.xml",
        "report/quality_kpi_report_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/quality_issue_views.xml",
        "views/quality_plan_views.xml",
        "views/quality_action_views.xml",
        "views/quality_monitor_rule_views.xml",
        "views/staff_review_views.xml",
        "views/quality_dashboard_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/aftersales_quality_user_demo.xml",
        "demo/aftersales_quality_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "aftersales_quality/static/src/dashboard/**/*",
        ],
        "web.assets_tests": [
            "aftersales_quality/static/tests/tours/**/*",
        ],
    },
}
