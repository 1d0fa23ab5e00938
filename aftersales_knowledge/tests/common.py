from odoo import Command
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


def knowledge_users(cls):
    """One user per role, each holding exactly that role's groups."""
    cls.agent = new_test_user(
        cls.env, login="kb_agent", groups="aftersales_flow.group_aftersales_user"
    )
    cls.manager = new_test_user(
        cls.env, login="kb_manager", groups="aftersales_flow.group_aftersales_manager"
    )
    cls.inspector = new_test_user(
        cls.env, login="kb_inspector", groups="aftersales_returns.group_return_inspector"
    )
    cls.quality = new_test_user(
        cls.env, login="kb_quality", groups="aftersales_quality.group_quality_manager"
    )
    cls.portal = new_test_user(cls.env, login="kb_portal", groups="base.group_portal")
    cls.public = cls.env.ref("base.public_user")


def knowledge_data(cls):
    """Two categories, a product, and articles: public published in the three languages,
    an internal one, a public draft."""
    Category = cls.env["helpdesk.ticket.category"]
    cls.cat_damage = Category.create({"name": "KB Damaged in transit"})
    cls.cat_warranty = Category.create({"name": "KB Warranty"})
    cls.product = cls.env["product.product"].create({"name": "KB Kettle"})
    Page = cls.env["document.page"]
    # the starter articles (data) stay out of the way: the tests know their own
    Page.search([("aftersales_article", "=", True)]).aftersales_published = False
    cls.team = cls.env["helpdesk.ticket.team"].create(
        {"name": "KB Team", "user_ids": [Command.set(cls.agent.ids)]}
    )

    def article(name, **vals):
        return Page.create(
            {
                "name": name,
                "aftersales_article": True,
                "aftersales_published": True,
                "aftersales_visibility": "public",
                "aftersales_owner_id": cls.quality.id,
                **vals,
            }
        )

    cls.article_damage = article(
        "Parcel damaged in transit",
        aftersales_category_ids=[Command.set(cls.cat_damage.ids)],
        aftersales_keywords="crushed box broken",
        aftersales_answer="<p>Send us photos of the box and the damage within 48 hours.</p>",
        content="<p>Take photos of the outer box and keep the packaging.</p>",
    )
    cls.article_damage_zh = article(
        "运输途中损坏如何反馈",
        aftersales_lang="zh_CN",
        aftersales_source_id=cls.article_damage.id,
        aftersales_category_ids=[Command.set(cls.cat_damage.ids)],
        aftersales_keywords="破损 压坏",
        aftersales_answer="<p>请在48小时内拍下外箱和破损处照片。</p>",
        content="<p>包裹在运输途中损坏的，请保留包装。</p>",
    )
    cls.article_warranty = article(
        "Warranty repairs for the kettle",
        aftersales_category_ids=[Command.set(cls.cat_warranty.ids)],
        aftersales_product_tmpl_ids=[Command.set(cls.product.product_tmpl_id.ids)],
        aftersales_keywords="defect fault not heating",
        aftersales_answer="<p>A kettle that stops heating is repaired free within a year.</p>",
    )
    cls.article_warranty_tw = article(
        "保固與維修",
        aftersales_lang="zh_TW",
        aftersales_source_id=cls.article_warranty.id,
        aftersales_category_ids=[Command.set(cls.cat_warranty.ids)],
        aftersales_keywords="保固 維修 故障",
        aftersales_answer="<p>保固期內免費維修。</p>",
    )
    cls.article_internal = article(
        "Carrier claim procedure (staff only)",
        aftersales_visibility="internal",
        aftersales_category_ids=[Command.set(cls.cat_damage.ids)],
        aftersales_keywords="crushed parcel carrier claim",
        aftersales_answer="<p>INTERNAL: file the claim against the carrier.</p>",
        content="<p>INTERNAL-SECRET procedure.</p>",
    )
    cls.article_draft = article(
        "Draft: crushed parcel compensation",
        aftersales_published=False,
        aftersales_category_ids=[Command.set(cls.cat_damage.ids)],
        aftersales_keywords="crushed compensation",
    )
    cls.other_page = Page.create({"name": "Not an after-sales page"})


class KnowledgeCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        knowledge_users(cls)
        knowledge_data(cls)

    @classmethod
    def _case(cls, name="Case", description="", **vals):
        return cls.env["helpdesk.ticket"].create(
            {
                "name": name,
                "description": description or f"<p>{name}</p>",
                "team_id": cls.team.id,
                **vals,
            }
        )
