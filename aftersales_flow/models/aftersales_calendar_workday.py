from odoo import api, fields, models


class AftersalesCalendarWorkday(models.Model):
    """A make-up working day (调休) of a working-time calendar: a day off in the week (a
    Saturday, a Sunday) worked instead of a public holiday. The suite's calendar engine
    counts it as a working day, with the hours of the weekday it works as."""

    _name = "aftersales.calendar.workday"
    _description = "Make-up Working Day"
    _order = "date"

    # ------------------------------------------------------------ fields

    calendar_id = fields.Many2one(
        "resource.calendar", string="Working Hours", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="calendar_id.company_id", store=True)
    date = fields.Date(required=True)
    name = fields.Char(string="Reason", required=True)
    dayofweek = fields.Selection(
        [
            ("0", "Monday"),
            ("1", "Tuesday"),
            ("2", "Wednesday"),
            ("3", "Thursday"),
            ("4", "Friday"),
            ("5", "Saturday"),
            ("6", "Sunday"),
        ],
        string="Worked As",
        required=True,
        default="0",
        help="The day is worked with the hours of this weekday of the calendar.",
    )
    source = fields.Char(
        string="Official Schedule", readonly=True, help="Where it comes from, when loaded."
    )

    # ------------------------------------------------------------ constraints

    _calendar_date_unique = models.Constraint(
        "UNIQUE (calendar_id, date)", "A day is a make-up working day of a calendar once."
    )

    # ------------------------------------------------------------ computes

    @api.depends("date", "name")
    def _compute_display_name(self):
        for workday in self:
            workday.display_name = f"{workday.date} {workday.name or ''}".strip()
