from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

FEEDBACK_KINDS = ("praise", "suggestion")


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------ fields: measures

    quality_reopen_count = fields.Integer(
        string="Reopened",
        default=0,
        copy=False,
        readonly=True,
        help="How many times the case moved from a closed stage back to an open one.",
    )
    quality_resolution_hours = fields.Float(
        string="Resolution Time (working hours)",
        compute="_compute_quality_resolution_hours",
        store=True,
        copy=False,
        help="Working hours of the company's calendar between reception and closing.",
    )

    # ------------------------------------------------------------ fields: feedback review

    quality_feedback_state = fields.Selection(
        [("to_review", "To Review"), ("planned", "Planned"), ("dismissed", "Dismissed")],
        string="Feedback Review",
        compute="_compute_quality_feedback_state",
        store=True,
        readonly=False,
        copy=False,
        tracking=True,
        index="btree_not_null",
    )
    quality_dismiss_reason = fields.Text(string="Dismiss Reason", copy=False, tracking=True)
    quality_plan_ids = fields.Many2many(
        "aftersales.quality.plan",
        "aftersales_quality_plan_ticket_rel",
        "ticket_id",
        "plan_id",
        string="Action Plans",
        copy=False,
    )

    # ------------------------------------------------------------ indexes

    # the KPI report, the workbook and the problem identification filter by period
    _quality_create_date_idx = models.Index("(create_date)")

    # ------------------------------------------------------------ computes

    @api.depends("closed_date", "create_date", "company_id.resource_calendar_id")
    def _compute_quality_resolution_hours(self):
        # Working hours come from the calendar, once per case at closing time:
        # the KPI report then only sums a stored column.
        for ticket in self:
            calendar = ticket.company_id.resource_calendar_id
            start = ticket.create_date or fields.Datetime.now()
            if not ticket.closed_date or not calendar or ticket.closed_date <= start:
                ticket.quality_resolution_hours = 0.0
                continue
            ticket.quality_resolution_hours = calendar.get_work_hours_count(
                start, ticket.closed_date, compute_leaves=False
            )

    @api.depends("case_kind")
    def _compute_quality_feedback_state(self):
        for ticket in self:
            if ticket.case_kind in FEEDBACK_KINDS and not ticket.quality_feedback_state:
                ticket.quality_feedback_state = "to_review"
            elif ticket.case_kind not in FEEDBACK_KINDS:
                ticket.quality_feedback_state = False

    # ------------------------------------------------------------ CRUD

    def write(self, vals):
        reopened = self.browse()
        if vals.get("stage_id"):
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            if not stage.closed:
                reopened = self.filtered(lambda t: t.stage_id.closed)
        res = super().write(vals)
        if reopened:
            self._quality_count_reopen(reopened.ids)
        return res

    # ------------------------------------------------------------ actions

    def action_quality_create_plan(self):
        """Turn reviewed feedback into a draft corrective action plan."""
        self._ensure_can_quality_triage()
        plan = self.env["aftersales.quality.plan"].create(
            {
                "name": self.env._("Improvement: %(case)s", case=self[:1].name),
                "problem": "\n".join(self.mapped("name")),
                "category_id": self[:1].category_id.id,
                "ticket_ids": [fields.Command.set(self.ids)],
                "company_id": self[:1].company_id.id,
            }
        )
        self.quality_feedback_state = "planned"
        return plan._get_form_action()

    def action_quality_dismiss(self):
        self._ensure_can_quality_triage()
        missing = self.filtered(lambda t: not (t.quality_dismiss_reason or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Give a reason before dismissing the feedback %(cases)s.",
                    cases=", ".join(missing.mapped("display_name")),
                )
            )
        self.quality_feedback_state = "dismissed"

    # ------------------------------------------------------------ business

    def _ensure_can_quality_triage(self):
        if not self:
            raise UserError(self.env._("Select the feedback to review."))
        not_open = self.filtered(lambda t: t.quality_feedback_state != "to_review")
        if not_open:
            raise UserError(
                self.env._(
                    "Only feedback still to review can be planned or dismissed: %(cases)s.",
                    cases=", ".join(not_open.mapped("display_name")),
                )
            )

    @api.model
    def _quality_count_reopen(self, ticket_ids):
        """Add one reopen to each given case, in one statement."""
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET quality_reopen_count = "
                "COALESCE(quality_reopen_count, 0) + 1 WHERE id = ANY(%s)",
                list(ticket_ids),
            )
        )
        self.invalidate_model(["quality_reopen_count"])
