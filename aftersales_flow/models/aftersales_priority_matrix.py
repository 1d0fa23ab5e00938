from odoo import api, fields, models

from .helpdesk_ticket import LEVELS

PRIORITIES = [
    ("0", "Low"),
    ("1", "Medium"),
    ("2", "High"),
    ("3", "Very High"),
]


class AftersalesPriorityMatrix(models.Model):
    _name = "aftersales.priority.matrix"
    _description = "After-Sales Priority Matrix Cell"
    _order = "company_id, urgency desc, impact desc"
    _check_company_auto = True

    # ------------------------------------------------------------ fields

    company_id = fields.Many2one(
        "res.company",
        string="Company",
        index=True,
        help="Leave empty for a cell that applies to every company without its own.",
    )
    urgency = fields.Selection(LEVELS, required=True)
    impact = fields.Selection(LEVELS, required=True)
    priority = fields.Selection(
        PRIORITIES,
        required=True,
        help="Priority given to a case of this urgency and impact; VIP customers get "
        "one level more.",
    )
    active = fields.Boolean(default=True)

    # ------------------------------------------------------------ constraints

    _cell_unique = models.Constraint(
        "UNIQUE NULLS NOT DISTINCT (company_id, urgency, impact)",
        "The priority matrix already has a cell for this urgency and impact.",
    )

    # ------------------------------------------------------------ business

    @api.model
    def _aftersales_lookup(self):
        """All active cells as {(company id or False, urgency, impact): priority}."""
        # sudo: the matrix is configuration that every case creator applies,
        # portal customers and the mail gateway included.
        cells = self.sudo().search_fetch(
            [("active", "=", True)], ["company_id", "urgency", "impact", "priority"]
        )
        return {
            (cell.company_id.id or False, cell.urgency, cell.impact): cell.priority
            for cell in cells
        }
