from odoo import api, fields, models
from odoo.exceptions import UserError

RESPONSES = [
    ("accepted", "Accepted"),
    ("countered", "Counter-Proposal"),
    ("rejected", "Rejected"),
]

CHANNELS = [
    ("portal", "Portal"),
    ("phone", "Phone"),
    ("email", "Email"),
    ("other", "Other"),
]


class AftersalesPlanResponse(models.Model):
    """One answer of the customer to a proposed resolution plan (kept as history)."""

    _name = "aftersales.plan.response"
    _description = "Customer Response to a Resolution Plan"
    _inherit = ["aftersales.workflow.mixin"]
    _order = "date desc, id desc"

    # ------------------------------------------------------------ fields

    plan_id = fields.Many2one(
        "aftersales.resolution.plan", required=True, ondelete="cascade", index=True
    )
    ticket_id = fields.Many2one(related="plan_id.ticket_id", store=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    response = fields.Selection(RESPONSES, required=True)
    channel = fields.Selection(CHANNELS, required=True, default="phone")
    reason = fields.Text(help="Why the customer rejected the plan or asks for something else.")
    counter_proposal = fields.Text(help="What the customer asks for instead.")
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    recorded_by_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        default=lambda self: self.env.user,
        readonly=True,
        help="The agent who recorded the answer, or the public user for portal answers.",
    )

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        # The history of the customer's answers: written only when an answer moves the plan
        # on (the response wizard, the portal), never made up by a direct create.
        if not self._aftersales_workflow_open():
            raise UserError(
                self.env._(
                    "A customer response is recorded with the plan's “Customer Response” "
                    "button (or by the customer on the portal), not created directly."
                )
            )
        return super().create(vals_list)
