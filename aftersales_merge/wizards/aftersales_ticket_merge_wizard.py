from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command


class AftersalesTicketMergeWizard(models.TransientModel):
    _name = "aftersales.ticket.merge.wizard"
    _description = "Merge Duplicate Cases"

    # ------------------------------------------------------------ fields

    ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        "aftersales_ticket_merge_wizard_ticket_rel",
        "wizard_id",
        "ticket_id",
        string="Cases",
        help="The cases to merge; the one kept may be among them or chosen apart.",
    )
    keep_id = fields.Many2one(
        "helpdesk.ticket",
        string="Case to Keep",
        compute="_compute_keep_id",
        store=True,
        readonly=False,
        help="The other cases are merged into this one and closed.",
    )
    duplicate_ids = fields.Many2many(
        "helpdesk.ticket",
        string="Cases Merged",
        compute="_compute_duplicate_ids",
        help="These cases are closed and marked as merged into the kept case.",
    )
    commercial_partner_id = fields.Many2one(
        "res.partner", compute="_compute_duplicate_ids", string="Customer"
    )
    company_id = fields.Many2one("res.company", compute="_compute_duplicate_ids")
    different_customers = fields.Boolean(compute="_compute_duplicate_ids")
    is_manager = fields.Boolean(compute="_compute_is_manager")
    confirm_different_customers = fields.Boolean(
        string="Merge Different Customers",
        help="The cases belong to different customers: an after-sales manager confirms "
        "the merge. Their messages are then copied as internal notes only.",
    )

    # ------------------------------------------------------------ computes

    @api.depends("ticket_ids")
    def _compute_keep_id(self):
        for wizard in self:
            if wizard.keep_id:
                continue
            if len(wizard.ticket_ids) >= 2:
                # the first request received is the one the customer waits on longest
                wizard.keep_id = wizard.ticket_ids.sorted(
                    lambda t: (t.aftersales_received_at, t.id)
                )[:1]

    @api.depends("ticket_ids", "keep_id")
    def _compute_duplicate_ids(self):
        for wizard in self:
            wizard.duplicate_ids = wizard.ticket_ids - wizard.keep_id
            first = wizard.ticket_ids[:1]
            wizard.commercial_partner_id = first.commercial_partner_id
            wizard.company_id = first.company_id
            wizard.different_customers = (
                len((wizard.ticket_ids | wizard.keep_id).commercial_partner_id) > 1
            )

    @api.depends_context("uid")
    def _compute_is_manager(self):
        is_manager = self.env.user.has_group("aftersales_flow.group_aftersales_manager")
        for wizard in self:
            wizard.is_manager = is_manager

    # ------------------------------------------------------------ CRUD

    @api.model
    def default_get(self, fields):
        defaults = super().default_get(fields)
        context = self.env.context
        if (
            "ticket_ids" in fields
            and not defaults.get("ticket_ids")
            and context.get("active_model") == "helpdesk.ticket"
            and context.get("active_ids")
        ):
            defaults["ticket_ids"] = [Command.set(context["active_ids"])]
        return defaults

    @api.model_create_multi
    def create(self, vals_list):
        # Refuse cases the user may not change with a clear message, before the
        # ORM's generic access error on the case list.
        ticket_ids = set()
        for vals in vals_list:
            for command in vals.get("ticket_ids") or []:
                if command[0] == Command.SET:
                    ticket_ids.update(command[2])
                elif command[0] == Command.LINK:
                    ticket_ids.add(command[1])
            if vals.get("keep_id"):
                ticket_ids.add(vals["keep_id"])
        if ticket_ids:
            self._ensure_can_access(self.env["helpdesk.ticket"].browse(ticket_ids).exists())
        return super().create(vals_list)

    # ------------------------------------------------------------ actions

    def action_merge(self):
        """Merge the duplicates into the kept case, all or nothing."""
        self.ensure_one()
        self._ensure_can_merge()
        keep = self.keep_id
        duplicates = (self.ticket_ids - keep).sorted(lambda t: (t.aftersales_received_at, t.id))
        keep._aftersales_merge(duplicates, internal_only=self.different_customers)
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": keep.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    # ------------------------------------------------------------ guards

    def _ensure_can_merge(self):
        self.ensure_one()
        keep = self.keep_id
        if not keep:
            if len(self.ticket_ids) < 2:
                raise UserError(
                    self.env._(
                        "Select at least two cases to merge, or choose the case to merge into."
                    )
                )
            raise UserError(self.env._("Choose the case to keep."))
        # the case's own guard: the same rules whichever door merges
        keep._aftersales_ensure_can_merge(
            self.ticket_ids - keep, confirm_different_customers=self.confirm_different_customers
        )

    def _ensure_can_access(self, cases):
        """Only cases the user may change are merged; confidential ones say so."""
        cases._aftersales_ensure_can_change_to_merge()
