from odoo import models
from odoo.exceptions import UserError


class HelpdeskTicketDuplicateWizard(models.TransientModel):
    """helpdesk's *Mark as duplicate*: one meaning of "duplicate" in the suite. Marking a
    case as the duplicate of another merges it into that one, with the merge's rules and
    effects (history copied, clocks cancelled, mail routed to the kept case)."""

    _inherit = "helpdesk.ticket.duplicate.wizard"

    # ------------------------------------------------------------ actions

    def action_confirm(self):
        self.ensure_one()
        duplicate, keep = self.ticket_id, self.duplicate_of_id
        if not keep:
            raise UserError(self.env._("Choose the case this one duplicates."))
        # cases of different customers need the merge wizard's explicit confirmation
        keep._aftersales_ensure_can_merge(duplicate)
        keep._aftersales_merge(duplicate)
        return True
