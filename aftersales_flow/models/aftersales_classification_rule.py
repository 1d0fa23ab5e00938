import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .aftersales_priority_matrix import PRIORITIES
from .helpdesk_ticket import CASE_KINDS

# Keywords are separated by new lines or by Latin or Chinese commas and semicolons;
# a keyword may contain spaces (Chinese text has none to split on anyway).
KEYWORD_SEPARATORS = re.compile(r"[\n\r,;，；、]+")
MAX_KEYWORD_LENGTH = 100


class AftersalesClassificationRule(models.Model):
    _name = "aftersales.classification.rule"
    _description = "After-Sales Classification Rule"
    _order = "sequence, id"

    # ------------------------------------------------------------ fields

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        index=True,
        help="Leave empty to classify the cases of every company.",
    )
    # conditions: every filled condition must hold
    keywords = fields.Text(
        help="The case matches when its text contains any of these keywords (one per "
        "line or separated by commas), ignoring case. Chinese text works as is.",
    )
    negative_keywords = fields.Text(
        string="Unless It Contains",
        help="The rule does not match when the case's text contains any of these keywords "
        "(one per line or separated by commas), even if it contains one of its keywords: "
        "a delivery rule with 快递 can leave 快递 + 态度 (the courier's attitude) to a service "
        "attitude rule.",
    )
    match_in = fields.Selection(
        [
            ("subject_body", "Subject and Description"),
            ("subject", "Subject Only"),
            ("body", "Description Only"),
        ],
        string="Look In",
        default="subject_body",
        required=True,
    )
    channel_ids = fields.Many2many(
        "helpdesk.ticket.channel",
        string="Channels",
        help="Only cases received on one of these channels.",
    )
    partner_category_ids = fields.Many2many(
        "res.partner.category",
        string="Customer Tags",
        help="Only cases of customers with one of these tags.",
    )
    team_ids = fields.Many2many(
        "helpdesk.ticket.team",
        string="Teams",
        help="Only cases already routed to one of these teams.",
    )
    # actions
    set_case_kind = fields.Selection(CASE_KINDS, string="Set Kind")
    set_category_id = fields.Many2one("helpdesk.ticket.category", string="Set Category")
    set_priority = fields.Selection(
        PRIORITIES,
        string="Raise Priority To",
        help="The case gets at least this priority.",
    )
    set_team_id = fields.Many2one("helpdesk.ticket.team", string="Set Team")
    set_tag_ids = fields.Many2many("helpdesk.ticket.tag", string="Add Tags")

    # ------------------------------------------------------------ constraints

    @api.constrains(
        "keywords",
        "negative_keywords",
        "channel_ids",
        "partner_category_ids",
        "team_ids",
        "set_case_kind",
        "set_category_id",
        "set_priority",
        "set_team_id",
        "set_tag_ids",
    )
    def _check_rule(self):
        for rule in self:
            if rule.keywords and not rule._aftersales_keywords():
                raise ValidationError(
                    self.env._(
                        "Rule '%(rule)s': the keywords contain only separators.",
                        rule=rule.name,
                    )
                )
            too_long = [
                keyword
                for keyword in rule._aftersales_keywords()
                + rule._aftersales_keywords("negative_keywords")
                if len(keyword) > MAX_KEYWORD_LENGTH
            ]
            if too_long:
                raise ValidationError(
                    self.env._(
                        "Rule '%(rule)s': the keyword '%(keyword)s…' is longer than "
                        "%(max)s characters; separate keywords with commas or new lines.",
                        rule=rule.name,
                        keyword=too_long[0][:30],
                        max=MAX_KEYWORD_LENGTH,
                    )
                )
            if not (
                rule.keywords or rule.channel_ids or rule.partner_category_ids or rule.team_ids
            ):
                raise ValidationError(
                    self.env._(
                        "Rule '%(rule)s' has no condition and would classify every case: "
                        "give it keywords, channels, customer tags or teams.",
                        rule=rule.name,
                    )
                )
            if not (
                rule.set_case_kind
                or rule.set_category_id
                or rule.set_priority
                or rule.set_team_id
                or rule.set_tag_ids
            ):
                raise ValidationError(
                    self.env._(
                        "Rule '%(rule)s' does nothing: set a kind, category, priority, "
                        "team or tags.",
                        rule=rule.name,
                    )
                )

    # ------------------------------------------------------------ business

    def _aftersales_keywords(self, field_name="keywords"):
        self.ensure_one()
        return [
            keyword.strip().casefold()
            for keyword in KEYWORD_SEPARATORS.split(self[field_name] or "")
            if keyword.strip()
        ]

    @api.model
    def _aftersales_classify(self, cases):
        """Classify cases described by plain dicts, without any query per case.

        Each case dict has: ``company_id``, ``subject``, ``body`` (plain text),
        ``channel_id``, ``team_id`` (ids or False) and ``partner_tag_ids`` (a set).
        Every matching active rule applies, in sequence order; for each field the
        first matching rule that sets it wins, tags add up, and the priority is the
        highest one asked for. A rule whose negative keyword is in the text does not
        match. Returns one dict per case with the keys among ``aftersales_case_kind``,
        ``category_id``, ``priority``, ``team_id``, ``tag_ids`` (set), and
        ``decisions``: the explanation of each rule that matched or was held back by a
        negative keyword, in the order they were looked at (translated text).
        """
        # sudo: rules are configuration applied to every new case, including those
        # created by portal customers and the mail gateway.
        rules = self.sudo().search([("active", "=", True)])
        compiled = [
            (
                rule.company_id.id,
                rule._aftersales_keywords(),
                rule._aftersales_keywords("negative_keywords"),
                rule.match_in,
                set(rule.channel_ids.ids),
                set(rule.partner_category_ids.ids),
                set(rule.team_ids.ids),
                rule,
            )
            for rule in rules
        ]
        results = []
        for case in cases:
            subject = (case.get("subject") or "").casefold()
            body = (case.get("body") or "").casefold()
            texts = {
                "subject_body": subject + "\n" + body,
                "subject": subject,
                "body": body,
            }
            result = {}
            decisions = []
            for company_id, keywords, negatives, match_in, channels, tags, teams, rule in compiled:
                if company_id and company_id != case.get("company_id"):
                    continue
                if channels and case.get("channel_id") not in channels:
                    continue
                if teams and case.get("team_id") not in teams:
                    continue
                if tags and not tags & case.get("partner_tag_ids", set()):
                    continue
                found = [word for word in keywords if word in texts[match_in]]
                if keywords and not found:
                    continue
                blocked = [word for word in negatives if word in texts[match_in]]
                if blocked:
                    decisions.append(
                        self.env._(
                            "Rule “%(rule)s” not applied: the text contains “%(word)s”, "
                            "one of its negative keywords.",
                            rule=rule.name,
                            word=blocked[0],
                        )
                    )
                    continue
                decisions.append(rule._aftersales_explain_match(found))
                if rule.set_case_kind:
                    result.setdefault("aftersales_case_kind", rule.set_case_kind)
                if rule.set_category_id:
                    result.setdefault("category_id", rule.set_category_id.id)
                if rule.set_team_id:
                    result.setdefault("team_id", rule.set_team_id.id)
                if rule.set_priority and rule.set_priority > result.get("priority", ""):
                    result["priority"] = rule.set_priority
                if rule.set_tag_ids:
                    result.setdefault("tag_ids", set()).update(rule.set_tag_ids.ids)
            if decisions:
                result["decisions"] = decisions
            results.append(result)
        return results

    # ------------------------------------------------------------ business: explanations

    def _aftersales_explain_match(self, found):
        """The sentence written on the case when this rule matched on the ``found``
        keywords (none for a rule without keywords)."""
        self.ensure_one()
        if found:
            return self.env._(
                "Rule “%(rule)s” matched (order %(sequence)s) on “%(words)s”.",
                rule=self.name,
                sequence=self.sequence,
                words="”, “".join(found),
            )
        return self.env._(
            "Rule “%(rule)s” matched (order %(sequence)s).",
            rule=self.name,
            sequence=self.sequence,
        )
