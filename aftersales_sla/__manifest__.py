# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "After-Sales Service Levels",
    "summary": "SLA policies, timers in working hours and escalation for after-sales cases",
    "version": "19.0.1.0.1",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "After-Sales Suite Authors",
    "website": "https://github.com/aftersales-suite/aftersales",
    "depends": ["aftersales_flow"],
    "data": [
        "security/ir.model.access.csv",
        "security/aftersales_sla_security.xml",
        "data/aftersales_sla_data.xml",
        "views/aftersales_sla_policy_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": [
        "demo/aftersales_sla_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "aftersales_sla/static/tests/tours/**/*",
        ],
    },
    # the service levels are part of the after-sales flow: installed with it
    "auto_install": True,
}
