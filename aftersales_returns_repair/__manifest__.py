# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "After-Sales Returns - Repairs",
    "summary": "Returned goods to repair become Repair orders and go back to the customer",
    "version": "19.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "After-Sales Suite Authors",
    "website": "https://github.com/aftersales-suite/aftersales",
    "depends": ["aftersales_returns", "repair"],
    "data": [
        "views/aftersales_return_views.xml",
        "views/repair_order_views.xml",
    ],
    "demo": ["demo/aftersales_returns_repair_demo.xml"],
    "auto_install": True,
}
