import math

from odoo import api, models
from odoo.exceptions import UserError, ValidationError
from odoo.models import MAGIC_COLUMNS

# Beyond these, a number typed in a form or sent over RPC is a mistake or an attack: the
# ORM would fail converting it (NaN, infinity, an integer overflowing its column) with a
# server error instead of a message.
MAX_NUMBER = 1e12
MAX_INTEGER = 2**31 - 1
NUMBER_TYPES = ("float", "monetary", "integer")


def check_values(records, vals):
    """Refuse with a clear message the values of ``vals`` no field of ``records`` can hold:
    a number that is not one, NaN, infinite or beyond :data:`MAX_NUMBER`
    (:data:`MAX_INTEGER` for integers), a text with a NUL character (PostgreSQL refuses it),
    a record id no table can hold.
    For any model whose users type values (forms, RPC, portal, settings)."""
    for name, value in vals.items():
        field = records._fields.get(name)
        if field is None or value is False or value is None:
            continue
        if field.type in ("char", "text") and isinstance(value, str) and "\x00" in value:
            raise ValidationError(
                records.env._(
                    "“%(field)s” contains a NUL character, which no text can hold.",
                    field=field._description_string(records.env),
                )
            )
        if field.type == "many2one" and isinstance(value, int) and not 0 < value <= MAX_INTEGER:
            raise ValidationError(
                records.env._(
                    "“%(field)s” does not name an existing record.",
                    field=field._description_string(records.env),
                )
            )
        if field.type not in NUMBER_TYPES:
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        limit = MAX_INTEGER if field.type == "integer" else MAX_NUMBER
        if isinstance(value, bool) or not math.isfinite(number) or abs(number) > limit:
            raise ValidationError(
                records.env._(
                    "“%(field)s” must be a number between %(low)s and %(high)s.",
                    field=field._description_string(records.env),
                    low=f"{-limit:,.0f}",
                    high=f"{limit:,.0f}",
                )
            )


class _WorkflowKey(str):
    """A value equal to nothing but itself.

    A client can send any context over RPC, but never this very object. Odoo reuses an
    environment whose context is *equal* to the one asked for, so the key must not equal
    the string a client could forge. A string, so that a context holding it serialises.
    """

    __slots__ = ()

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    def __hash__(self):
        return id(self)


# The key that opens a document's workflow fields to its own methods.
_WORKFLOW_KEY = _WorkflowKey("aftersales_workflow")


class AftersalesWorkflowMixin(models.AbstractModel):
    """Workflow fields that only the document's guarded methods write.

    A state, an approval (who, when), an amount derived from another document: the buttons
    check who may change them and when, but ``write``/``create`` are reachable by every
    client (the web client's ``call_kw``, XML-RPC, JSON-RPC). This mixin refuses those
    fields to every caller except the document's own methods, which write them through
    :meth:`_aftersales_workflow`, and server code running as superuser.

    The guarded fields are the names in ``_aftersales_workflow_fields`` plus every stored
    field of the suite declared read-only (computed without inverse, or set by the server),
    except related fields, which the target model guards, and the reference (``name``),
    which a document's own ``create`` fills from its sequence before this check runs.
    """

    _name = "aftersales.workflow.mixin"
    _description = "After-Sales Guarded Workflow"

    # fields a client may not set, beyond the read-only stored ones found by themselves
    _aftersales_workflow_fields = ()

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_values(self, vals)
        self._aftersales_check_create_vals(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        check_values(self, vals)
        if not self._aftersales_workflow_open():
            forced = [
                name
                for name in self._aftersales_workflow_field_names()
                if name in vals and not self._aftersales_is_unchanged(name, vals[name])
            ]
            if forced:
                self._aftersales_refuse_workflow_write(forced)
        return super().write(vals)

    # ------------------------------------------------------------ business

    def _aftersales_workflow(self):
        """These records, allowed to write their workflow fields.

        Only for the document's own guarded methods, once they checked the transition and
        the user's right to make it.
        """
        return self.with_context(aftersales_workflow=_WORKFLOW_KEY)

    @api.model
    def _aftersales_check_create_vals(self, vals_list):
        """Refuse creation values (and context defaults) that set a workflow field.

        A model whose own ``create`` fills workflow fields before calling ``super()``
        calls this first on what the client sent, then creates through
        :meth:`_aftersales_workflow`.
        """
        if self._aftersales_workflow_open():
            return
        guarded = self._aftersales_workflow_field_names()
        # a client could also slip a value in as a context default (default_state=...)
        context_defaults = {
            key[8:]: value
            for key, value in self.env.context.items()
            if key.startswith("default_") and key[8:] in guarded
        }
        for vals in [context_defaults, *vals_list]:
            forced = [
                name
                for name in guarded
                if name in vals and not self._aftersales_is_default(name, vals[name])
            ]
            if forced:
                self._aftersales_refuse_workflow_write(forced, "create")

    def _aftersales_workflow_open(self):
        return self.env.su or self.env.context.get("aftersales_workflow") is _WORKFLOW_KEY

    @api.model
    def _aftersales_workflow_field_names(self):
        """Names of the fields a client may not write on this model."""
        cls = type(self)
        names = cls.__dict__.get("_aftersales_guarded_names")
        if names is None:
            names = set(self._aftersales_workflow_fields)
            for name, field in self._fields.items():
                if (
                    field.store
                    and field.readonly
                    and not field.related
                    and not field.inverse
                    and name not in MAGIC_COLUMNS
                    and name != "name"
                    and (field._module or "").startswith("aftersales")
                ):
                    names.add(name)
            names = frozenset(names)
            # one set per registry class: the fields never change while it lives
            cls._aftersales_guarded_names = names
        return names

    def _aftersales_is_default(self, name, value):
        """Whether ``value`` is what a new record gets anyway (clients send defaults)."""
        field = self._fields[name]
        if not value:
            return True
        default = field.default(self) if field.default else False
        return field.convert_to_cache(value, self) == field.convert_to_cache(default, self)

    def _aftersales_is_unchanged(self, name, value):
        """Whether writing ``value`` leaves every record as it is (a form resending it)."""
        field = self._fields[name]
        for record in self:
            new = field.convert_to_record(field.convert_to_cache(value, record), record)
            if new != record[name]:
                return False
        return True

    def _aftersales_refuse_workflow_write(self, names, operation="write"):
        # a user without the right to change the model at all is told that first
        self.browse().check_access(operation)
        labels = ", ".join(
            f"“{self._fields[name]._description_string(self.env)}”" for name in names
        )
        raise UserError(
            self.env._(
                "%(fields)s of a %(document)s can't be set directly: they change only "
                "through the document's own actions (its buttons), which check who may "
                "make the change and when.",
                fields=labels,
                document=self.env["ir.model"]._get(self._name).name,
            )
        )
