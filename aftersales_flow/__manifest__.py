# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "After-Sales Flow",
    "summary": "Complaint intake, classification, SLA and resolution on the helpdesk",
    "version": "19.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "After-Sales Suite Authors",
    "website": "https://github.com/aftersales-suite/aftersales",
    "depends": ["helpdesk_mgmt", "helpdesk_mgmt_rating", "resource"],
    "data": [
        "security/aftersales_flow_security.xml",
        "security/ir.model.access.csv",
        "security/aftersales_sla_security.xml",
        "data/aftersales_sla_data.xml",
        "views/helpdesk_ticket_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
        "views/aftersales_sla_policy_views.xml",
        "views/helpdesk_ticket_sla_views.xml",
        "views/res_config_settings_sla_views.xml",
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
