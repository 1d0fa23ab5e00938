from odoo import fields, models

from .aftersales_sla_timer import TIMER_KINDS


class AftersalesSlaEscalationRule(models.Model):
    _name = "aftersales.sla.escalation.rule"
    _description = "After-Sales Escalation Rule"
    _order = "sequence, id"

    # ------------------------------------------------------------ fields

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    policy_id = fields.Many2one(
        "aftersales.sla.policy",
        string="Policy",
        ondelete="cascade",
        index=True,
        help="Leave empty to apply the rule under every policy.",
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

    # ------------------------------------------------------------ business

    def _applies_to(self, timer, level):
        self.ensure_one()
        return (
            (not self.policy_id or self.policy_id == timer.policy_id)
            and (not self.timer_kind or self.timer_kind == timer.kind)
            and (self.trigger == "breached") == (level >= 2)
        )
