from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .aftersales_workflow_mixin import check_values


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------ fields: intake

    aftersales_ack_hours = fields.Integer(
        string="Acknowledgement Deadline (working hours)",
        default=24,
        help="The customer is acknowledged within this many working hours (of the case's "
        "working hours) of the case being received, unless its service level sets another "
        "target.",
    )
    aftersales_repeat_days = fields.Integer(
        string="Repeat Complaint Window (days)",
        default=30,
        help="A new case of the same customer in the same category within this many "
        "days of an earlier one is flagged as a repeat complaint.",
    )

    # ------------------------------------------------ fields: investigation and resolution

    aftersales_approval_amount = fields.Monetary(
        string="Plan Approval Above",
        currency_field="currency_id",
        default=200.0,
        help="Resolution plans whose total exceeds this amount need an after-sales manager's "
        "approval.",
    )
    aftersales_approver_id = fields.Many2one(
        "res.users",
        string="After-Sales Approver",
        domain="[('share', '=', False), ('company_ids', 'in', id)]",
        help="The after-sales manager asked to approve plans and returns when the case's "
        "team has no leader who may approve. Left empty, another after-sales manager of the "
        "company is asked, administrators last.",
    )
    aftersales_followup_days = fields.Integer(
        string="Follow-up Within (working days)",
        default=7,
        help="The follow-up call is planned this many working days (of the case's working "
        "hours) after the case is resolved.",
    )
    aftersales_low_rating_threshold = fields.Integer(
        string="Low Satisfaction Rating",
        default=1,
        help="A satisfaction rating at or below this score reopens the case and asks the team "
        "leader to step in. The customer's survey answers 5 (satisfied), 3 (okay) or 1 (not "
        "satisfied): at 1, an okay answer is no alarm; 0 never reopens.",
    )

    # ------------------------------------------------------------ fields: conversation

    aftersales_waiting_reminder_days = fields.Integer(
        string="Remind Waiting Customers After (working days)",
        default=3,
        help="A case waiting for the customer this many working days (of the case's working "
        "hours) sends them a reminder; 0 sends none.",
    )
    aftersales_waiting_close_days = fields.Integer(
        string="Close Waiting Cases After (working days)",
        default=4,
        help="This many more working days after the reminder (after the case started "
        "waiting when no reminder is sent), a case still waiting for the customer is closed "
        "with a closing email; 0 never closes it.",
    )

    # ------------------------------------------------------------ constraints

    _aftersales_ack_hours_positive = models.Constraint(
        "CHECK (aftersales_ack_hours > 0)",
        "The acknowledgement deadline must be a positive number of hours.",
    )
    _aftersales_repeat_days_positive = models.Constraint(
        "CHECK (aftersales_repeat_days > 0)",
        "The repeat complaint window must be a positive number of days.",
    )

    # ------------------------------------------- constraints: investigation and resolution

    _aftersales_approval_amount_positive = models.Constraint(
        "CHECK (aftersales_approval_amount >= 0)",
        "The plan approval amount can't be negative.",
    )
    _aftersales_followup_days_positive = models.Constraint(
        "CHECK (aftersales_followup_days > 0)",
        "The follow-up must be planned a positive number of days after resolution.",
    )
    _aftersales_low_rating_threshold_range = models.Constraint(
        "CHECK (aftersales_low_rating_threshold BETWEEN 0 AND 5)",
        "The low satisfaction rating must be between 0 (never reopen) and 5.",
    )

    # ------------------------------------------------------------ constraints: conversation

    _aftersales_waiting_reminder_days_positive = models.Constraint(
        "CHECK (aftersales_waiting_reminder_days >= 0)",
        "The reminder of waiting customers cannot be a negative number of days.",
    )
    _aftersales_waiting_close_days_positive = models.Constraint(
        "CHECK (aftersales_waiting_close_days >= 0)",
        "The automatic closing of waiting cases cannot be a negative number of days.",
    )

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_values(self, {k: v for k, v in vals.items() if k.startswith("aftersales_")})
            self._aftersales_check_waiting_days(vals)
        return super().create(vals_list)

    def write(self, vals):
        check_values(self, {k: v for k, v in vals.items() if k.startswith("aftersales_")})
        self._aftersales_check_waiting_days(vals)
        return super().write(vals)

    @api.model
    def _aftersales_check_waiting_days(self, vals):
        """Refuse a negative number of days for the reminder or the automatic closing
        (before the database's own check, with a message saying why)."""
        for name in ("aftersales_waiting_reminder_days", "aftersales_waiting_close_days"):
            if (vals.get(name) or 0) < 0:
                raise ValidationError(
                    self.env._(
                        "The reminder and the automatic closing of cases waiting for the "
                        "customer count a number of working days: it cannot be negative "
                        "(0 turns the step off)."
                    )
                )

    # ------------------------------------------------------------ business: time

    def _aftersales_tz(self):
        """The company's time zone, for whoever has none of their own (crons, mails to
        customers without one): its address's, else its working hours', else UTC."""
        self.ensure_one()
        # sudo: a time zone is no secret, and the company's address and calendar may be
        # out of the reader's record rules (another company's, a portal customer's)
        company = self.sudo()
        return company.partner_id.tz or company.resource_calendar_id.tz or "UTC"

    # ------------------------------------------------------------ fields: learning

    aftersales_learn_threshold = fields.Float(
        string="Apply Learned Classification From",
        default=0.8,
        help="A new case takes the category and kind learned from the team's history when "
        "the classifier is at least this confident (0.8 = 80 %), unless an agent or a "
        "classification rule set them; below, it is only suggested to the agent.",
    )

    _aftersales_learn_threshold_range = models.Constraint(
        "CHECK (aftersales_learn_threshold > 0 AND aftersales_learn_threshold <= 1)",
        "The confidence to apply a learned classification must be above 0 and at most 1.",
    )
