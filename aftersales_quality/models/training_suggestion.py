from odoo import api, fields, models
from odoo.exceptions import UserError

from .quality_monitor_rule import KPIS, TESTS


class AftersalesQualityTrainingSuggestion(models.Model):
    """A training need the figures of a staff review suggest (e.g. low
    satisfaction on one category), for the reviewer to confirm or dismiss.

    The figures are the review's analysis and the decision is the buttons':
    neither can be written directly (``aftersales.workflow.mixin``)."""

    _name = "aftersales.quality.training.suggestion"
    _description = "Training Suggestion"
    _inherit = ["aftersales.workflow.mixin"]
    _order = "p_value, id"
    _check_company_auto = True
    _aftersales_workflow_fields = ("state", "review_id", "kpi", "category_id")

    # ------------------------------------------------------------ fields

    review_id = fields.Many2one(
        "aftersales.quality.staff.review",
        string="Staff Review",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="review_id.company_id", store=True, index=True)
    user_id = fields.Many2one(related="review_id.user_id", string="Agent")
    kpi = fields.Selection(KPIS, string="KPI", required=True)
    category_id = fields.Many2one("helpdesk.ticket.category", string="Category", required=True)
    agent_value = fields.Float(string="Agent's Figure", readonly=True)
    reference_value = fields.Float(
        string="Rest of the Company",
        readonly=True,
        help="The same KPI over the other agents' cases of the category in the period.",
    )
    agent_sample = fields.Integer(string="Agent's Cases Measured", readonly=True)
    reference_sample = fields.Integer(string="Others' Cases Measured", readonly=True)
    stat_test = fields.Selection(TESTS, string="Test", readonly=True)
    p_value = fields.Float(string="p-value", readonly=True)
    state = fields.Selection(
        [("proposed", "Proposed"), ("confirmed", "Confirmed"), ("dismissed", "Dismissed")],
        default="proposed",
        required=True,
        copy=False,
    )
    decided_by_id = fields.Many2one("res.users", string="Decided By", readonly=True, copy=False)
    decided_date = fields.Datetime(string="Decided On", readonly=True, copy=False)
    topic = fields.Char(compute="_compute_topic", help="The training suggested.")

    # ------------------------------------------------------------ computes

    @api.depends("kpi", "category_id")
    def _compute_topic(self):
        labels = dict(self._fields["kpi"]._description_selection(self.env))
        for suggestion in self:
            suggestion.topic = self.env._(
                "%(kpi)s on %(category)s",
                kpi=labels.get(suggestion.kpi, ""),
                category=suggestion.category_id.display_name or "",
            )

    # ------------------------------------------------------------ actions

    def action_confirm(self):
        """The reviewer agrees: the review records the training need."""
        self._ensure_can_decide()
        self._aftersales_workflow().write(self._decision_vals("confirmed"))
        for review in self.review_id:
            topics = [t for t in (review.training_topic or "").split("; ") if t]
            topics += [s.topic for s in self if s.review_id == review and s.topic not in topics]
            review.write({"training_needed": True, "training_topic": "; ".join(topics)})
        return True

    def action_dismiss(self):
        self._ensure_can_decide()
        self._aftersales_workflow().write(self._decision_vals("dismissed"))
        return True

    # ------------------------------------------------------------ business

    def _ensure_can_decide(self):
        for suggestion in self:
            if suggestion.state != "proposed":
                raise UserError(
                    self.env._(
                        "The training suggestion %(topic)s is already decided.",
                        topic=suggestion.topic,
                    )
                )

    def _decision_vals(self, state):
        return {
            "state": state,
            "decided_by_id": self.env.user.id,
            "decided_date": fields.Datetime.now(),
        }
