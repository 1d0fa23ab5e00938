from odoo import fields, models


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    # ------------------------------------------------------------ fields

    aftersales_holiday_source = fields.Char(
        string="Official Schedule",
        readonly=True,
        help="Where this public holiday comes from, when it was loaded from an official "
        "schedule (Load Official Holidays on the working hours).",
    )
    aftersales_holiday_year = fields.Integer(
        string="Schedule Year",
        readonly=True,
        help="The year of the official schedule it was loaded with: loading that year "
        "again replaces it.",
    )
