# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "After-Sales Knowledge Base",
    "summary": "After-sales articles on document pages: suggested on the case, inserted into "
    "replies, a public help centre that answers requests before they become cases",
    "version": "19.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "After-Sales Suite Authors",
    "website": "https://github.com/aftersales-suite/aftersales",
    "depends": ["aftersales_quality", "aftersales_returns", "document_page", "portal"],
    "data": [
        "security/aftersales_knowledge_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron.xml",
        "data/knowledge_article_data.xml",
        "views/document_page_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_ticket_category_views.xml",
        "views/knowledge_self_solved_views.xml",
        "views/quality_kpi_report_views.xml",
        "views/staff_review_views.xml",
        "views/portal_templates.xml",
        "views/menus.xml",
    ],
    "demo": ["demo/knowledge_demo.xml"],
    "assets": {
        "web.assets_frontend": [
            "aftersales_knowledge/static/src/js/help_suggest.js",
        ],
        "web.assets_tests": [
            "aftersales_knowledge/static/tests/tours/**/*",
        ],
    },
}
