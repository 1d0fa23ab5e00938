from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools.safe_eval import safe_eval

from odoo.addons.aftersales_flow.models.aftersales_workflow_mixin import check_values
from odoo.addons.aftersales_flow.models.helpdesk_ticket import CASE_KINDS

from .res_partner import AFTERSALES_TIERS

# The targets a policy can set: (timer kind, policy field).
SLA_TARGETS = [
    ("ack", "ack_hours"),
    ("response", "response_hours"),
    ("resolution", "resolution_hours"),
    ("followup", "followup_hours"),
]
TARGET_FIELDS = dict(SLA_TARGETS)


class AftersalesSlaPolicy(models.Model):
    _name = "aftersales.sla.policy"
    _description = "After-Sales Service Level Policy"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    # ------------------------------------------------------------ fields

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(
        default=10, help="Policies are tried in this order; the first that matches applies."
    )
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to apply the policy in every company."
    )
    description = fields.Text(translate=True)
    # matching
    team_ids = fields.Many2many(
        "helpdesk.ticket.team",
        string="Teams",
        help="Cases of these teams; leave empty for any team.",
    )
    category_ids = fields.Many2many(
        "helpdesk.ticket.category",
        string="Categories",
        help="Cases of these categories; leave empty for any category.",
    )
    case_kind = fields.Selection(CASE_KINDS, string="Kind", help="Leave empty for any kind.")
    priority = fields.Selection(
        [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Very High")],
        help="Leave empty for any priority.",
    )
    customer_tier = fields.Selection(
        AFTERSALES_TIERS, help="Tier of the customer's company; leave empty for any tier."
    )
    domain = fields.Char(
        string="Extra Condition",
        help="Optional domain on the case that must also hold, e.g. "
        "[('channel_id.name', '=', 'Phone')].",
    )
    # targets, in working hours
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        help="Calendar the targets are counted in; by default the team's, "
        "else the company's working hours. The case's other working-hour figures "
        "(response and resolution times) count in it too.",
    )
    ack_hours = fields.Float(
        string="Acknowledgement",
        tracking=True,
        help="Working hours to acknowledge the case to the customer; 0 for no target.",
    )
    response_hours = fields.Float(
        string="First Response",
        tracking=True,
        help="Working hours to the first public reply of an agent; 0 for no target.",
    )
    resolution_hours = fields.Float(
        string="Resolution",
        tracking=True,
        help="Working hours to reach a closed stage; 0 for no target.",
    )
    followup_hours = fields.Float(
        string="Follow-up",
        tracking=True,
        help="Working hours after resolution to follow up with the customer; 0 for no target.",
    )
    at_risk_percent = fields.Integer(
        string="At Risk At (%)",
        default=lambda self: self.env.company.aftersales_sla_at_risk_percent or 80,
        tracking=True,
        help="A timer turns 'at risk' once this share of its target is consumed.",
    )
    escalation_rule_ids = fields.One2many(
        "aftersales.sla.escalation.rule", "policy_id", string="Escalation Rules"
    )
    ticket_count = fields.Integer(compute="_compute_ticket_count", string="Cases")

    # ------------------------------------------------------------ constraints

    _targets_positive = models.Constraint(
        "CHECK (ack_hours >= 0 AND response_hours >= 0 AND resolution_hours >= 0 "
        "AND followup_hours >= 0)",
        "Service level targets cannot be negative.",
    )
    _at_risk_percent_range = models.Constraint(
        "CHECK (at_risk_percent > 0 AND at_risk_percent <= 100)",
        "The at-risk threshold is a percentage between 1 and 100.",
    )

    # ------------------------------------------------------------ computes

    def _compute_ticket_count(self):
        counts = dict(
            self.env["helpdesk.ticket"]._read_group(
                [("aftersales_sla_policy_id", "in", self.ids)],
                ["aftersales_sla_policy_id"],
                ["__count"],
            )
        )
        for policy in self:
            policy.ticket_count = counts.get(policy, 0)

    @api.constrains("domain")
    def _check_domain(self):
        for policy in self.filtered("domain"):
            try:
                domain = Domain(safe_eval(policy.domain))
                domain.validate(self.env["helpdesk.ticket"])
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "The extra condition of policy %(policy)s is not a valid "
                        "domain on cases: %(error)s",
                        policy=policy.name,
                        error=error,
                    )
                ) from error

    @api.constrains("name", "ack_hours", "response_hours", "resolution_hours", "followup_hours")
    def _check_has_target(self):
        for policy in self:
            if not any(policy[field] for _kind, field in SLA_TARGETS):
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s sets no target: give at least one of "
                        "acknowledgement, first response, resolution or follow-up.",
                        policy=policy.name,
                    )
                )

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_values(self, vals)
        return super().create(vals_list)

    def write(self, vals):
        check_values(self, vals)
        result = super().write(vals)
        changed = {field for _kind, field in SLA_TARGETS} | {"at_risk_percent", "calendar_id"}
        if changed.intersection(vals):
            self._update_open_timers()
        return result

    # ------------------------------------------------------------ actions

    def action_view_tickets(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cases under %(policy)s", policy=self.name),
            "res_model": "helpdesk.ticket",
            "view_mode": "list,kanban,form",
            "domain": [("aftersales_sla_policy_id", "=", self.id)],
        }

    # ------------------------------------------------------------ business

    def _update_open_timers(self):
        """New targets apply to running timers too, keeping consumed time."""
        timers = self.env["aftersales.sla.timer"].search(
            [("policy_id", "in", self.ids), ("reached_date", "=", False)]
        )
        obsolete = timers.filtered(lambda t: not t.policy_id._target_hours(t.kind))
        obsolete.unlink()
        timers -= obsolete
        for timer in timers:
            policy = timer.policy_id
            timer.write(
                {
                    "target_hours": policy._target_hours(timer.kind),
                    "at_risk_percent": policy.at_risk_percent,
                    "calendar_id": timer.ticket_id.aftersales_calendar_id.id,
                }
            )
        timers._replan()

    def _target_hours(self, kind):
        """Target of one timer kind in working hours (0: none)."""
        self.ensure_one()
        field = TARGET_FIELDS.get(kind)
        return self[field] if field else 0.0

    @api.model
    def _match_tickets(self, tickets):
        """The policy of each ticket: {ticket id: policy or empty recordset}.

        One search for the active policies, then the criteria are checked in
        Python over prefetched ticket data; an extra condition is evaluated
        once per policy on the whole batch.
        """
        policies = self.search([("active", "=", True)])
        result = dict.fromkeys(tickets.ids, self.browse())
        if not policies:
            return result
        # what the criteria compare, read once per case rather than once per policy
        by_tier = any(policies.mapped("customer_tier"))
        facts = {
            ticket.id: (
                ticket.company_id.id,
                ticket.team_id.id,
                ticket.category_id.id,
                ticket.aftersales_case_kind,
                ticket.priority,
                by_tier and ticket.commercial_partner_id.aftersales_tier,
            )
            for ticket in tickets
        }
        remaining = list(tickets.ids)
        for policy in policies:
            if not remaining:
                break
            criteria = policy._match_criteria()
            matched = tickets.browse(
                [ticket_id for ticket_id in remaining if criteria(facts[ticket_id])]
            )
            if matched and policy.domain:
                matched = matched.filtered_domain(safe_eval(policy.domain))
            for ticket_id in matched.ids:
                result[ticket_id] = policy
            done = set(matched.ids)
            remaining = [ticket_id for ticket_id in remaining if ticket_id not in done]
        return result

    def _match_criteria(self):
        """A test of this policy's criteria on a case's (company, team, category, kind,
        priority, customer tier) ids and values."""
        self.ensure_one()
        company = self.company_id.id
        teams = set(self.team_ids.ids)
        categories = set(self.category_ids.ids)
        kind, priority, tier = self.case_kind, self.priority, self.customer_tier

        def matches(facts):
            ticket_company, team, category, ticket_kind, ticket_priority, ticket_tier = facts
            return (
                (not company or company == ticket_company)
                and (not teams or team in teams)
                and (not categories or category in categories)
                and (not kind or kind == ticket_kind)
                and (not priority or priority == ticket_priority)
                and (not tier or tier == ticket_tier)
            )

        return matches
