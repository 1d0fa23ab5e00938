# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "After-Sales Flow",
    "summary": "Complaint intake, classification, SLA and resolution on the helpdesk",
    "version": "19.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "After-Sales Suite Authors",
    "website": "https://github.com/aftersales-suite/aftersales",
    "depends": ["helpdesk_mgmt", "helpdesk_mgmt_rating", "portal", "resource"],
    "data": [
        "security/aftersales_flow_security.xml",
        "security/ir.model.access.csv",
        "data/aftersales_resolution_data.xml",
        "data/aftersales_root_cause_data.xml",
        "data/mail_template_data.xml",
        "views/helpdesk_ticket_views.xml",
        "views/res_config_settings_views.xml",
        "views/aftersales_root_cause_views.xml",
        "views/aftersales_resolution_plan_views.xml",
        "views/aftersales_remedy_views.xml",
        "views/aftersales_plan_response_views.xml",
        "views/helpdesk_ticket_resolution_views.xml",
        "views/res_config_settings_resolution_views.xml",
        "views/portal_templates.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/aftersales_team_demo.xml",
        "demo/aftersales_resolution_demo.xml",
        "demo/aftersales_case_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "aftersales_flow/static/tests/tours/**/*",
        ],
    },
}
