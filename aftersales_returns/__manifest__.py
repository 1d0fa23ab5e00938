# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "After-Sales Returns",
    "summary": "Return authorizations, warehouse receipt by scanning, disposition",
    "version": "19.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "After-Sales Suite Authors",
    "website": "https://github.com/aftersales-suite/aftersales",
    "depends": ["aftersales_flow", "sale_stock", "barcodes"],
    "data": [
        "security/aftersales_returns_security.xml",
        "security/ir.model.access.csv",
        "views/stock_picking_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/aftersales_returns_user_demo.xml",
    ],
}
