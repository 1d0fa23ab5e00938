from datetime import date, datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


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
    def _period_bounds(self, date_from, date_to):
        """(start, end) datetimes of the days ``date_from`` to ``date_to``
        included: ``start <= create_date < end``."""
        try:
            end = datetime.combine(date_to + timedelta(days=1), time.min)
        except OverflowError:
            raise ValidationError(
                self.env._("The period must end before %(date)s.", date=date.max.isoformat())
            ) from None
        return datetime.combine(date_from, time.min), end
