# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "After-Sales Quality - Returns",
    "summary": "Return rate, carriers and inspection outcomes in the quality KPIs",
    "version": "19.0.1.0.1",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "After-Sales Suite Authors",
    "website": "https://github.com/aftersales-suite/aftersales",
    "depends": ["aftersales_quality", "aftersales_returns"],
    "data": [
        "security/aftersales_quality_returns_security.xml",
        "security/ir.model.access.csv",
        "data/quality_monitor_rule_data.xml",
        "report/quality_kpi_report_views.xml",
        "report/quality_inspection_report_views.xml",
        "views/quality_dashboard_views.xml",
        "views/quality_issue_views.xml",
        "views/menus.xml",
    ],
    "demo": ["demo/aftersales_quality_returns_demo.xml"],
    "auto_install": True,
}
