from datetime import date, timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.aftersales_flow.tools import aftersales_day_bounds


class AftersalesQualityPeriodMixin(models.AbstractModel):
    """A period of days (dashboard, workbook export, staff review): its dates
    are checked where a client sends them, so a malformed or impossible period
    gets a clear message rather than a server error."""

    _name = "aftersales.quality.period.mixin"
    _description = "Quality Period"

    # ------------------------------------------------------------ fields

    date_from = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self) - timedelta(days=30)
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today)

    # ------------------------------------------------------------ constraints

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for record in self:
            if record.date_from and record.date_to:
                self._period_bounds(record.date_from, record.date_to)
                if record.date_from > record.date_to:
                    raise ValidationError(self.env._("The period ends before it starts."))

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_period_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_period_vals(vals)
        return super().write(vals)

    # ------------------------------------------------------------ business

    @api.model
    def _check_period_vals(self, vals):
        """A date a client sends that is not one: refused with its field named."""
        for name in ("date_from", "date_to"):
            value = vals.get(name)
            if not value or isinstance(value, date):
                continue
            try:
                fields.Date.to_date(value)
            except (TypeError, ValueError):
                raise ValidationError(
                    self.env._(
                        "%(field)s: “%(value)s” is not a date (expected YYYY-MM-DD).",
                        field=self._fields[name]._description_string(self.env),
                        value=value,
                    )
                ) from None

    @api.model
    def _period_tz(self):
        """The time zone the days of a period are cut in: the reader's (the web client
        sends it in the context), else their user's, else their company's."""
        return self.env.context.get("tz") or self.env.user._aftersales_tz()

    @api.model
    def _period_bounds(self, date_from, date_to, tz=None):
        """(start, end) naive UTC datetimes of the days ``date_from`` to ``date_to``
        included, cut at midnight in ``tz`` (default the reader's, ``_period_tz``):
        ``start <= aftersales_received_at < end``."""
        try:
            return aftersales_day_bounds(date_from, date_to, tz or self._period_tz())
        except OverflowError:
            if date_to >= date.max - timedelta(days=1):
                message = self.env._(
                    "The period must end before %(date)s.", date=date.max.isoformat()
                )
            else:
                message = self.env._(
                    "The period must start after %(date)s.", date=date.min.isoformat()
                )
            raise ValidationError(message) from None
