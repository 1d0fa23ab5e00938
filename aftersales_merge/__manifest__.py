# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "After-Sales Case Merging",
    "summary": "Find and merge duplicate after-sales cases into helpdesk's duplicate link",
    "version": "19.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "After-Sales Suite Authors",
    "website": "https://github.com/aftersales-suite/aftersales",
    "depends": ["aftersales_flow"],
    "data": [
        "security/ir.model.access.csv",
        "wizards/aftersales_ticket_merge_wizard_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/portal_templates.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "aftersales_merge/static/tests/tours/**/*",
        ],
    },
    # merging duplicates is part of the after-sales flow: installed with it
    "auto_install": True,
}
