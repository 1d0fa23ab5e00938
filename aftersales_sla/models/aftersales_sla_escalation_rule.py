from odoo import api, fields, models

from .aftersales_sla_timer import TIMER_KINDS


class AftersalesSlaEscalationRule(models.Model):
    _name = "aftersales.sla.escalation.rule"
    _description = "After-Sales Escalation Rule"
    _order = "sequence, id"
    _check_company_auto = True

    # ------------------------------------------------------------ fields

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    policy_id = fields.Many2one(
        "aftersales.sla.policy",
        string="Policy",
        ondelete="cascade",
        index=True,
        check_company=True,
        help="Leave empty to apply the rule under every policy.",
    )
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        help="The company whose cases the rule escalates (a rule of a policy follows the "
        "policy's company). Empty: the cases of every company.",
    )
    trigger = fields.Selection(
        [("at_risk", "At Risk"), ("breached", "Breached")],
        required=True,
        default="breached",
        help="The escalation level that fires the rule.",
    )
    timer_kind = fields.Selection(TIMER_KINDS, string="Target", help="Leave empty for any target.")
    raise_priority = fields.Boolean(help="Raise the case's priority one step.")
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Move to Team",
        help="Hand the case over to this team, e.g. the complaint handling team.",
    )
    notify_user_ids = fields.Many2many(
        "res.users",
        string="Notify",
        domain=[("share", "=", False)],
        help="These users (e.g. a manager) get an activity on the case.",
    )

    # ------------------------------------------------------------ computes

    @api.depends("policy_id.company_id")
    def _compute_company_id(self):
        for rule in self:
            if rule.policy_id:
                rule.company_id = rule.policy_id.company_id
            elif not rule.company_id and not rule._origin:
                # a rule of no policy escalates the cases of the company it is made in
                rule.company_id = self.env.company

    # ------------------------------------------------------------ business

    def _applies_to(self, timer, level):
        self.ensure_one()
        return bool(
            self._matching(timer.policy_id.id, timer.kind, level, timer.ticket_id.company_id.id)
        )

    def _matching(self, policy_id, kind, level, company_id=False):
        """These rules that fire for a timer of ``policy_id`` and target
        ``kind`` reaching escalation ``level`` (1 at risk, 2 breached) on a case of
        ``company_id``: a company's rules never touch another company's cases."""
        trigger = "breached" if level >= 2 else "at_risk"
        return self.filtered(
            lambda rule: (
                rule.policy_id.id in (False, policy_id)
                and rule.company_id.id in (False, company_id)
                and rule.timer_kind in (False, kind)
                and rule.trigger == trigger
            )
        )
