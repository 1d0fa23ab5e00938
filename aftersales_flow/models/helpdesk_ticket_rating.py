from collections import defaultdict

from odoo import api, models
from odoo.fields import Domain
from odoo.tools import float_round

from odoo.addons.rating.models.rating_data import RATING_LIMIT_SATISFIED


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    @api.depends("rating_ids.rating")
    def _compute_percentage(self):
        """The share of great ratings, as helpdesk_mgmt_rating computes it, with one
        query for the whole batch instead of one per case (its compute asks each case's
        grades in turn): a batch of new cases costs one query, not one per case."""
        ids = [ticket._origin.id for ticket in self if ticket._origin.id]
        counts = defaultdict(lambda: [0, 0])  # case id -> [great, all]
        if ids:
            groups = self.env["rating.rating"]._read_group(
                self.browse(ids)._rating_domain() & Domain("rating", ">=", 1),
                ["res_id", "rating"],
                ["__count"],
            )
            for res_id, rating, count in groups:
                counts[res_id][1] += count
                if float_round(rating, precision_digits=1) >= RATING_LIMIT_SATISFIED:
                    counts[res_id][0] += count
        for ticket in self:
            great, total = counts.get(ticket._origin.id, (0, 0))
            ticket.positive_rate_percentage = great * 100 / total if total else -1
