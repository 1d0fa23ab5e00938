# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "After-Sales Returns",
    "summary": "Return authorizations, warehouse receipt by scanning, disposition",
    "version": "19.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "After-Sales Suite Authors",
    "website": "https://github.com/aftersales-suite/aftersales",
    "depends": ["aftersales_flow", "sale_stock", "barcodes", "portal"],
    "data": [
        "security/aftersales_returns_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/aftersales_return_reason_data.xml",
        "data/stock_location_data.xml",
        "report/aftersales_return_report.xml",
        "data/mail_template_data.xml",
        "wizards/aftersales_return_reject_views.xml",
        "views/aftersales_return_views.xml",
        "views/aftersales_return_config_views.xml",
        "views/aftersales_carrier_claim_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/sale_order_views.xml",
        "views/account_move_views.xml",
        "views/stock_picking_views.xml",
        "views/res_config_settings_views.xml",
        "views/aftersales_return_scan_views.xml",
        "views/portal_templates.xml",
        "views/menus.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "aftersales_returns/static/src/**/*",
        ],
        "web.assets_tests": [
            "aftersales_returns/static/tests/tours/**/*",
        ],
    },
    "demo": [
        "demo/aftersales_returns_user_demo.xml",
        "demo/aftersales_returns_demo.xml",
    ],
}
