from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class AftersalesCalendarHolidayWizard(models.TransientModel):
    """Load a year's official public holidays and make-up working days into a
    working-time calendar, in one action (an administrator's: calendars are theirs)."""

    _name = "aftersales.calendar.holiday.wizard"
    _description = "Load Official Holidays"

    # ------------------------------------------------------------ fields

    calendar_id = fields.Many2one("resource.calendar", string="Working Hours", required=True)
    schedule = fields.Selection(
        [("cn", "China (State Council schedule)")],
        required=True,
        default="cn",
        help="China's public holidays and the make-up working days (调休) the State Council "
        "publishes each year, from the chinesecalendar package installed on the server.",
    )
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    covered_years = fields.Char(
        string="Years Available",
        compute="_compute_covered_years",
        help="The years the installed package has the official schedule for.",
    )

    # ------------------------------------------------------------ computes

    @api.depends("schedule")
    def _compute_covered_years(self):
        years = self.env["resource.calendar"]._aftersales_china_covered_years()
        text = f"{years[0]} – {years[-1]}" if years else ""
        for wizard in self:
            wizard.covered_years = text

    # ------------------------------------------------------------ actions

    def action_load(self):
        """Load the year into the calendar (a second load of a year replaces the first)."""
        self.ensure_one()
        self._ensure_can_load()
        leaves, workdays = self.calendar_id._aftersales_load_china_holidays(self.year)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(holidays)s public holidays and %(workdays)s make-up working days of "
                    "%(year)s loaded into %(calendar)s.",
                    holidays=len(leaves),
                    workdays=len(workdays),
                    year=self.year,
                    calendar=self.calendar_id.display_name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # ------------------------------------------------------------ guards

    def _ensure_can_load(self):
        self.ensure_one()
        if not self.env.user.has_group("base.group_system") and not self.env.su:
            raise AccessError(
                self.env._("Only an administrator loads official holidays into working hours.")
            )
        if not 1900 <= self.year <= 2200:
            raise UserError(self.env._("%(year)s is not a year to load.", year=self.year))
