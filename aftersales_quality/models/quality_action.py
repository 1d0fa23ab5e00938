from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.aftersales_flow.cron_batch import aftersales_cron_batches

BATCH_SIZE = 200


class AftersalesQualityAction(models.Model):
    """An action of a corrective plan, carried out by its owner.

    The quality manager plans the actions (what, who, when); the owner, an
    agent maybe, only starts them and marks them done with the buttons. The
    state, the done date and the reminder flag change only through the buttons
    and the reminder cron (``aftersales.workflow.mixin``)."""

    _name = "aftersales.quality.action"
    _description = "Corrective Action"
    _inherit = ["aftersales.workflow.mixin"]
    _order = "date_deadline, id"
    _check_company_auto = True
    # with every read-only stored field (the done date)
    _aftersales_workflow_fields = ("state", "reminder_sent")

    # ------------------------------------------------------------ fields

    plan_id = fields.Many2one(
        "aftersales.quality.plan", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    name = fields.Char(string="Action", required=True)
    action_type = fields.Selection(
        [
            ("immediate", "Immediate"),
            ("corrective", "Corrective"),
            ("preventive", "Preventive"),
            ("improvement", "Improvement"),
        ],
        string="Type",
        required=True,
        default="corrective",
    )
    user_id = fields.Many2one("res.users", string="Owner", required=True)
    date_deadline = fields.Date(string="Deadline", required=True, index=True)
    state = fields.Selection(
        [
            ("todo", "To Do"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="todo",
        required=True,
        copy=False,
    )
    done_date = fields.Date(readonly=True, copy=False)
    reminder_sent = fields.Boolean(
        copy=False, help="The owner was reminded of the missed deadline."
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue")

    # ------------------------------------------------------------ computes

    @api.depends("state", "date_deadline")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for action in self:
            action.is_overdue = action.state in ("todo", "in_progress") and (
                action.date_deadline and action.date_deadline < today
            )

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        self._ensure_can_plan_actions()
        return super().create(vals_list)

    def write(self, vals):
        if not self._aftersales_workflow_open():
            self._ensure_can_plan_actions()
        res = super().write(vals)
        if "date_deadline" in vals:
            # a new deadline deserves a new reminder if it is missed again
            reminded = self.filtered("reminder_sent")
            if reminded:
                reminded._aftersales_workflow().write({"reminder_sent": False})
        return res

    # ------------------------------------------------------------ actions

    def action_start(self):
        self._ensure_open()
        self._aftersales_workflow().write({"state": "in_progress"})
        return True

    def action_done(self):
        self._ensure_open()
        self._aftersales_workflow().write(
            {"state": "done", "done_date": fields.Date.context_today(self)}
        )
        return True

    def action_cancel(self):
        """Dropping an action is the planner's decision, not its owner's."""
        self._ensure_can_plan_actions()
        self._ensure_open()
        self._aftersales_workflow().write({"state": "cancelled"})
        return True

    # ------------------------------------------------------------ business

    def _ensure_open(self):
        # the owner's own actions only (record rule), checked before the state
        self.check_access("write")
        if self.filtered(lambda a: a.state not in ("todo", "in_progress")):
            raise UserError(self.env._("This action is already done or cancelled."))

    def _ensure_can_plan_actions(self):
        """What, who and when is the quality manager's: an owner without the
        role only starts and completes their actions, with the buttons."""
        if self.env.su or self.env.user.has_group("aftersales_quality.group_quality_manager"):
            return
        raise AccessError(
            self.env._(
                "Only a quality manager plans, changes or cancels corrective actions; "
                "as the owner, start your action and mark it done with its buttons."
            )
        )

    @api.model
    def _overdue_domain(self):
        return [
            ("state", "in", ("todo", "in_progress")),
            ("date_deadline", "<", fields.Date.context_today(self)),
            ("reminder_sent", "=", False),
            ("plan_id.state", "in", ("planned", "in_progress")),
        ]

    @api.model
    def _cron_remind_overdue(self):
        """Remind each owner once of an action past its deadline (an activity
        on the plan), in committed batches."""
        return aftersales_cron_batches(
            self,
            lambda now: self._overdue_domain(),
            lambda actions, now: actions._remind_overdue(),
            batch_size=BATCH_SIZE,
        )

    def _remind_overdue(self):
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": self.env["ir.model"]._get_id("aftersales.quality.plan"),
                    "res_id": action.plan_id.id,
                    "activity_type_id": activity_type.id,
                    "user_id": action.user_id.id,
                    "date_deadline": fields.Date.context_today(self),
                    "summary": self.env._("Overdue action: %(action)s", action=action.name),
                    "note": self.env._(
                        "The action %(action)s was due on %(date)s.",
                        action=action.name,
                        date=action.date_deadline,
                    ),
                }
                for action in self
            ]
        )
        self._aftersales_workflow().write({"reminder_sent": True})
