from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.models import MAGIC_COLUMNS

from .aftersales_workflow_mixin import check_values

# What the settings form needs besides the suite's own settings.
SETTINGS_TECHNICAL_FIELDS = {"id", "display_name", "company_id", *MAGIC_COLUMNS}


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # ------------------------------------------------------------ fields: intake

    aftersales_ack_hours = fields.Integer(related="company_id.aftersales_ack_hours", readonly=False)
    aftersales_repeat_days = fields.Integer(
        related="company_id.aftersales_repeat_days", readonly=False
    )

    # ------------------------------------------------ fields: investigation and resolution

    aftersales_approval_amount = fields.Monetary(
        related="company_id.aftersales_approval_amount",
        currency_field="aftersales_currency_id",
        readonly=False,
    )
    aftersales_currency_id = fields.Many2one(
        related="company_id.currency_id", string="After-Sales Currency"
    )
    aftersales_approver_id = fields.Many2one(
        related="company_id.aftersales_approver_id", readonly=False
    )
    aftersales_followup_days = fields.Integer(
        related="company_id.aftersales_followup_days", readonly=False
    )
    aftersales_low_rating_threshold = fields.Integer(
        related="company_id.aftersales_low_rating_threshold", readonly=False
    )

    # ------------------------------------------------------------ fields: conversation

    aftersales_waiting_reminder_days = fields.Integer(
        related="company_id.aftersales_waiting_reminder_days", readonly=False
    )
    aftersales_waiting_close_days = fields.Integer(
        related="company_id.aftersales_waiting_close_days", readonly=False
    )

    # ------------------------------------------------------------ access: managers

    # After-sales managers configure the suite (README, Roles) without being administrators:
    # through *After-Sales > Configuration > Settings* they read and change the after-sales
    # settings of their companies, and nothing else. Odoo's settings are for administrators
    # (its access rights, and ``execute`` checks ``is_admin``): the manager's access right is
    # narrowed here to the suite's fields, and saving applies only those.

    def _has_field_access(self, field, operation):
        if not super()._has_field_access(field, operation):
            return False
        return self._aftersales_is_setting(field) or self.env.is_admin()

    @api.model
    def default_get(self, fields):
        result = super().default_get(fields)
        if self._aftersales_manager_only():
            # the values of other apps' settings (system parameters…) stay with administrators
            result = {
                name: value
                for name, value in result.items()
                if name in self._fields and self._aftersales_is_setting(self._fields[name])
            }
        return result

    @api.model_create_multi
    def create(self, vals_list):
        if self._aftersales_manager_only():
            self._aftersales_check_manager_vals(self.browse(), vals_list)
            # sudo: the related settings write the company (which managers may not edit),
            # and the record's other fields take their defaults; only the suite's settings
            # of one of the manager's companies get here (checked just above)
            return super(ResConfigSettings, self.sudo()).create(vals_list).with_env(self.env)
        return super().create(vals_list)

    def write(self, vals):
        if self._aftersales_manager_only():
            self._aftersales_check_manager_vals(self, [vals])
            # sudo: as in create, once the values were checked
            return super(ResConfigSettings, self.sudo()).write(vals)
        return super().write(vals)

    def execute(self):
        if not self._aftersales_manager_only():
            return super().execute()
        self.ensure_one()
        self._aftersales_manager_set_values()
        return {"type": "ir.actions.client", "tag": "reload"}

    # ------------------------------------------------------------ business: managers

    @api.model
    def _aftersales_is_setting(self, field):
        """Whether ``field`` is one of the suite's settings (or what their form needs)."""
        return field.name in SETTINGS_TECHNICAL_FIELDS or (field._module or "").startswith(
            "aftersales"
        )

    @api.model
    def _aftersales_manager_only(self):
        """Whether the current user configures the suite as an after-sales manager, not as
        an administrator (who keeps Odoo's settings as they are)."""
        return not self.env.is_admin() and self.env.user.has_group(
            "aftersales_flow.group_aftersales_manager"
        )

    def _aftersales_check_manager_vals(self, records, vals_list):
        """Refuse the values a manager may not save: another app's setting, a company they
        do not work for, a number or a text no field can hold."""
        user = self.env.user
        for vals in vals_list:
            foreign = [name for name in vals if not self._aftersales_is_setting(self._fields[name])]
            if foreign:
                raise AccessError(
                    self.env._(
                        "As an after-sales manager you change the after-sales settings only, "
                        "not: %(fields)s.",
                        fields=", ".join(sorted(foreign)),
                    )
                )
            check_values(self, vals)
            companies = self.env["res.company"].browse(vals.get("company_id") or [])
            for company in companies | records.company_id:
                if company not in user.company_ids:
                    raise AccessError(
                        self.env._("You can only configure the companies you work for.")
                    )

    def _aftersales_manager_set_values(self):
        """``execute`` for a manager: the suite's settings stored outside the company
        (system parameters) are saved; those that change groups, modules or defaults of
        other models are an administrator's."""
        self.ensure_one()
        if self.company_id not in self.env.user.company_ids:
            raise AccessError(self.env._("You can only configure the companies you work for."))
        names = [name for name, field in self._fields.items() if self._aftersales_is_setting(field)]
        names = [name for name in names if name not in SETTINGS_TECHNICAL_FIELDS]
        classified = self._get_classified_fields(names)
        # sudo: reading the current system parameters, groups and modules to compare
        settings = self.sudo()
        current = settings.default_get(names)
        guarded = [entry[0] for entry in classified["default"] + classified["group"]]
        guarded += [f"module_{module.name}" for module in classified["module"]]
        for name in guarded:
            if settings[name] != current.get(name, settings[name]):
                raise AccessError(
                    self.env._(
                        "Only an administrator can change “%(setting)s”.",
                        setting=self._fields[name]._description_string(self.env),
                    )
                )
        params = self.env["ir.config_parameter"].sudo()
        for name, key in classified["config"]:
            value = settings[name]
            field = self._fields[name]
            if field.type == "many2one":
                value = value.id
            elif field.type == "char":
                value = (value or "").strip()
            elif field.type in ("integer", "float"):
                value = repr(value)
            if str(params.get_param(key)) != str(value or False):
                params.set_param(key, value or False)

    # ------------------------------------------------------------ fields: learning

    aftersales_learn_threshold = fields.Float(
        related="company_id.aftersales_learn_threshold", readonly=False
    )
