"""The helpdesk_mgmt screens the suite's users live in come out in Chinese.

helpdesk_mgmt and helpdesk_mgmt_rating ship no zh_CN / zh_TW; the suite ships their model
terms in aftersales_flow/i18n_extra/ (setup/i18n_extra.py). Installing a language loads
them through Odoo's own path (`_update_translations` of the installed modules, as the
language wizard does), and every label, help, selection value, stage, channel, menu, action,
view (back office and portal) and mail template of those two modules must then read Chinese:
a string with an English word left fails, brand names and technical tokens aside.
"""

import re

from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import TransactionCase

HELPDESK_MODULES = ("helpdesk_mgmt", "helpdesk_mgmt_rating")
LANGS = ("zh_CN", "zh_TW")
# words that stay as they are in Chinese: brands, formats, technical identifiers
ALLOWED_WORDS = {"odoo", "python", "json", "http", "id", "font", "awesome", "fa", "tasks", "n", "a"}
# acronyms the suite's users use as they are
ALLOWED_WORDS |= {"vip", "sla", "ra", "kpi"}
# the Python package the official holidays come from, named so an administrator can check it
ALLOWED_WORDS |= {"chinesecalendar"}
# the symbols of statistics, written as they are in Chinese too (p 值, t 检验)
ALLOWED_WORDS |= {"p", "t"}
TOKEN = re.compile(
    r"\{\{.*?\}\}"  # inline template placeholders
    r"|<[^>]*>"  # markup
    r"|\S+@\S+"  # email addresses
    r"|\b[\w-]+(\.[\w-]+)+\b"  # domains, dotted names (example.com, alias_model_id)
    r"|\b\w*_\w*\b"  # identifiers
    r"|'[^']*'"  # quoted examples: 'jobs', 'example.com'
)
# attributes a user reads in a view or template
VISIBLE_ATTRIBUTES = (
    "string",
    "help",
    "placeholder",
    "title",
    "aria-label",
    "alt",
    "confirm",
    "sum",
)


def english_words(text):
    """The English words left in a string meant to be Chinese."""
    text = TOKEN.sub(" ", text or "")
    words = re.findall(r"[A-Za-z]+", text)
    return [word for word in words if word.lower() not in ALLOWED_WORDS]


def visible_texts(arch):
    """The user-visible strings of a view or QWeb template: text nodes and some attributes."""
    root = etree.fromstring(arch.encode()) if isinstance(arch, str) else arch
    for node in root.iter():
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "attribute"):
            # <attribute> of an inherited view sets a value (invisible: True), shows nothing
            continue
        for attribute in VISIBLE_ATTRIBUTES:
            if node.get(attribute):
                yield f"<{node.tag} {attribute}>", node.get(attribute)
        # text rendered from an expression is data, not a label
        if node.text and node.text.strip() and not node.get("t-out") and not node.get("t-esc"):
            yield f"<{node.tag}> text", node.text.strip()
        if node.tail and node.tail.strip():
            yield f"after <{node.tag}>", node.tail.strip()


SUITE_MODULES = (
    "aftersales_flow",
    "aftersales_sla",
    "aftersales_merge",
    "aftersales_returns",
    "aftersales_quality",
    "aftersales_quality_returns",
    "aftersales_returns_repair",
    "aftersales_knowledge",
)


class ChineseScreensCase(TransactionCase):
    """Loads Chinese the way an administrator does and collects the records of MODULES."""

    MODULES = ()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for lang in LANGS:
            cls.env["res.lang"]._activate_lang(lang)
        # the path of Settings → Languages → Add (base.language.install): every installed
        # module's terms, Odoo's own Chinese included (a related field's label is its target's)
        modules = cls.env["ir.module.module"].search([("state", "=", "installed")])
        modules._update_translations(list(LANGS))
        data = cls.env["ir.model.data"].search([("module", "in", cls.MODULES)])
        ids = {}
        for row in data:
            if row.model in cls.env:
                ids.setdefault(row.model, set()).add(row.res_id)
        cls.xmlids = {model: cls.env[model].browse(sorted(ids[model])) for model in ids}

    def records(self, model, lang):
        return self.xmlids.get(model, self.env[model]).exists().with_context(lang=lang)

    def setUp(self):
        super().setUp()
        self.english = []
        # every string still in English is listed at once, not only the first one
        self.addCleanup(self._check_english)

    def _check_english(self):
        self.assertFalse(
            self.english, "still in English:\n" + "\n".join(dict.fromkeys(self.english))
        )

    def assertChinese(self, where, text):
        left = english_words(text)
        if left:
            self.english.append(f"{where}: {text!r} ({' '.join(left)})")

    def _check_fields_and_selections(self):
        fields = self.xmlids["ir.model.fields"]
        models = set(fields.mapped("model"))
        for lang in LANGS:
            for model in models:
                own = fields.filtered(lambda f, model=model: f.model == model).mapped("name")
                described = (
                    self.env[model]
                    .with_context(lang=lang)
                    .fields_get(own, ["string", "help", "selection"])
                )
                for name, description in described.items():
                    where = f"{lang} {model}.{name}"
                    self.assertChinese(f"{where} label", description.get("string"))
                    if not self.env[model]._fields[name].related:
                        # a related field's help is its target's, worded by the target's module
                        self.assertChinese(f"{where} help", description.get("help"))
                    if self.env[model]._fields[name]._module not in self.MODULES:
                        # the values of a mixin's selection (activity state…) are its module's
                        continue
                    for value, label in description.get("selection") or ():
                        self.assertChinese(f"{where} = {value}", label)

    def _check_menus_and_actions(self):
        for lang in LANGS:
            for menu in self.records("ir.ui.menu", lang):
                self.assertChinese(f"{lang} menu {menu.complete_name}", menu.name)
            for action in self.records("ir.actions.act_window", lang):
                self.assertChinese(f"{lang} action {action.id}", action.name)
                self.assertChinese(f"{lang} action {action.name} help", action.help)
            for model in ("ir.actions.report", "ir.actions.client", "ir.actions.server"):
                for action in self.records(model, lang):
                    self.assertChinese(f"{lang} {model} {action.id}", action.name)

    def _check_views(self):
        for lang in LANGS:
            for view in self.records("ir.ui.view", lang):
                for where, text in visible_texts(view.arch_db):
                    self.assertChinese(f"{lang} view {view.xml_id or view.name} {where}", text)

    def _check_mail_templates(self):
        for lang in LANGS:
            for template in self.records("mail.template", lang):
                self.assertChinese(f"{lang} mail {template.name} name", template.name)
                self.assertChinese(f"{lang} mail {template.name} subject", template.subject)
                body = etree.fromstring(f"<div>{template.body_html}</div>".encode())
                for where, text in visible_texts(body):
                    self.assertChinese(f"{lang} mail {template.name} {where}", text)


@tagged("post_install", "-at_install")
class TestHelpdeskChinese(ChineseScreensCase):
    MODULES = HELPDESK_MODULES

    def test_terminology(self):
        """The wording of the README's terminology table."""
        cases = {
            "zh_CN": {"Partner": "客户", "Ticket": "工单", "Stage": "阶段", "Channel": "渠道"},
            "zh_TW": {"Partner": "客戶", "Ticket": "工單", "Stage": "階段", "Channel": "管道"},
        }
        Ticket = self.env["helpdesk.ticket"]
        for lang, expected in cases.items():
            labels = Ticket.with_context(lang=lang).fields_get(
                ["partner_id", "stage_id", "channel_id"], ["string"]
            )
            self.assertEqual(labels["partner_id"]["string"], expected["Partner"])
            self.assertEqual(labels["stage_id"]["string"], expected["Stage"])
            self.assertEqual(labels["channel_id"]["string"], expected["Channel"])

    def test_fields_and_selections(self):
        self._check_fields_and_selections()

    def test_stages_channels_teams_and_categories(self):
        for lang in LANGS:
            for model in (
                "helpdesk.ticket.stage",
                "helpdesk.ticket.channel",
                "helpdesk.ticket.team",
                "helpdesk.ticket.category",
                "helpdesk.ticket.tag",
            ):
                for record in self.records(model, lang):
                    self.assertChinese(f"{lang} {model} {record.id}", record.name)
                    if model == "helpdesk.ticket.stage":
                        self.assertChinese(f"{lang} stage description", record.description)
        # the names the issue saw in English
        stages = self.records("helpdesk.ticket.stage", "zh_CN").mapped("name")
        self.assertIn("处理中", stages)
        channels = self.records("helpdesk.ticket.channel", "zh_TW").mapped("name")
        self.assertIn("電話", channels)

    def test_menus_and_actions(self):
        self._check_menus_and_actions()

    def test_views_and_portal_templates(self):
        views = self.xmlids["ir.ui.view"]
        self.assertTrue(views.filtered(lambda v: v.type == "qweb"), "portal templates checked")
        self._check_views()

    def test_ticket_screens_in_chinese(self):
        """The ticket form, list, kanban and search as the web client gets them."""
        Ticket = self.env["helpdesk.ticket"]
        for lang in LANGS:
            views = Ticket.with_context(lang=lang).get_views(
                [(False, "form"), (False, "list"), (False, "kanban"), (False, "search")]
            )
            for view_type, view in views["views"].items():
                root = etree.fromstring(view["arch"].encode())
                for where, text in visible_texts(root):
                    self.assertChinese(f"{lang} helpdesk.ticket {view_type} {where}", text)
            labels = Ticket.with_context(lang=lang).fields_get(
                ["name", "number", "user_id", "team_id", "category_id", "tag_ids", "create_date"],
                ["string"],
            )
            for name, description in labels.items():
                self.assertChinese(f"{lang} ticket {name}", description["string"])

    def test_mail_templates(self):
        self._check_mail_templates()

    def test_english_still_english(self):
        """The Chinese ships beside English, not over it."""
        labels = (
            self.env["helpdesk.ticket"]
            .with_context(lang="en_US")
            .fields_get(["stage_id"], ["string"])
        )
        self.assertEqual(labels["stage_id"]["string"], "Stage")
        self.assertEqual(english_words("工单 HT00001 by Odoo, e.g. 'jobs'"), ["HT", "by"])

    def test_helpdesk_messages_worded_in_python(self):
        """What helpdesk_mgmt words in Python only its own folder could translate: the suite
        words it again, so it reads Chinese too."""
        team = self.env["helpdesk.ticket.team"].create({"name": "Shop"})
        # a manager reads every case, even of a team he is not in
        manager = new_test_user(
            self.env, login="i18n_manager", groups="aftersales_flow.group_aftersales_manager"
        )
        case = self.env["helpdesk.ticket"].create(
            {"name": "Broken", "description": "x", "team_id": team.id}
        )
        for lang in LANGS:
            Team = self.env["helpdesk.ticket.team"].with_context(lang=lang)
            for counter in Team._retrieve_dashboard():
                self.assertChinese(f"{lang} helpdesk dashboard", counter["name"])
            Ticket = self.env["helpdesk.ticket"].with_context(lang=lang)
            mail = Ticket.message_new({"subject": "", "body": "<p>x</p>", "from": "a@example.com"})
            self.assertChinese(f"{lang} case from an email without subject", mail.name)
            action = case.with_context(lang=lang).action_view_ticket_rating()
            self.assertChinese(f"{lang} rating action", action["name"])
            with self.assertRaises(AccessError) as refusal:
                case.with_user(manager).with_context(lang=lang).assign_to_me()
            self.assertChinese(f"{lang} take a case of another team", str(refusal.exception))


@tagged("post_install", "-at_install")
class TestHelpdeskPortalChinese(HttpCase):
    """The customer's list of cases on the portal: sorting, grouping and search options."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for lang in LANGS:
            cls.env["res.lang"]._activate_lang(lang)
        modules = cls.env["ir.module.module"].search([("state", "=", "installed")])
        modules._update_translations(list(LANGS))

    def test_portal_case_list_options(self):
        for lang in LANGS:
            login = f"i18n_portal_{lang.lower()}"
            new_test_user(self.env, login=login, groups="base.group_portal", lang=lang)
            self.authenticate(login, login)
            page = self.url_open("/my/tickets")
            self.assertEqual(page.status_code, 200)
            root = etree.fromstring(page.text.encode(), etree.HTMLParser())
            options = [
                " ".join(node.itertext()).strip()
                for node in root.xpath("//*[contains(@class, 'o_portal_search_panel')]//a")
                + root.xpath("//*[contains(@class, 'dropdown-menu')]//a")
            ]
            self.assertTrue(options, "the search bar's options")
            # the language switcher names each language in its own tongue
            languages = set(self.env["res.lang"].search([]).mapped("name"))
            english = [text for text in options if english_words(text) and text not in languages]
            self.assertFalse(english, f"{lang}: {english}")


@tagged("post_install", "-at_install")
class TestSuiteChinese(ChineseScreensCase):
    """The suite's own screens: every label, help, selection value, menu, action, view
    (filters and groupings included), portal page and mail template of its addons."""

    MODULES = SUITE_MODULES

    def test_fields_and_selections(self):
        self._check_fields_and_selections()

    def test_menus_and_actions(self):
        self._check_menus_and_actions()

    def test_views_filters_and_portal_pages(self):
        self.assertTrue(self.xmlids["ir.ui.view"].filtered(lambda v: v.type == "search"))
        self._check_views()

    def test_mail_templates(self):
        self.assertTrue(self.xmlids["mail.template"], "the suite's mails are checked")
        self._check_mail_templates()

    def test_data_names(self):
        """Stages, channels, categories, reasons, rules… the suite ships, as users pick them."""
        for model, records in self.xmlids.items():
            if model.startswith("ir.") or model in ("mail.template", "res.groups"):
                continue
            field = self.env[model]._fields.get(self.env[model]._rec_name or "name")
            if not field or not field.translate:
                continue
            for lang in LANGS:
                for record in records.exists().with_context(lang=lang):
                    self.assertChinese(f"{lang} {model} {record.id}", record[field.name])
