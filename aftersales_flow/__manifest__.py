# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "After-Sales Flow",
    "summary": "Complaint intake, classification, SLA and resolution on the helpdesk",
    "version": "19.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "After-Sales Suite Authors",
    "website": "https://github.com/aftersales-suite/aftersales",
    "depends": ["helpdesk_mgmt", "helpdesk_mgmt_rating", "product", "resource"],
    "data": [
        "security/aftersales_flow_security.xml",
        "security/ir.model.access.csv",
        "security/aftersales_intake_security.xml",
        "data/helpdesk_ticket_channel_data.xml",
        "data/helpdesk_ticket_category_data.xml",
        "data/aftersales_priority_matrix_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "views/helpdesk_ticket_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
        "views/aftersales_classification_rule_views.xml",
        "views/aftersales_priority_matrix_views.xml",
        "views/helpdesk_ticket_intake_views.xml",
        "views/helpdesk_ticket_category_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_intake_views.xml",
        "views/aftersales_intake_menus.xml",
    ],
    "demo": [
        "demo/aftersales_team_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "aftersales_flow/static/tests/tours/**/*",
        ],
    },
}
