# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "After-Sales Quality",
    "summary": "Service quality KPIs, problem identification and corrective action plans",
    "version": "19.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "After-Sales Suite Authors",
    "website": "https://github.com/aftersales-suite/aftersales",
    "depends": ["aftersales_flow"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/aftersales_quality_security.xml",
        "security/ir.model.access.csv",
        "views/helpdesk_ticket_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/aftersales_quality_user_demo.xml",
    ],
}
