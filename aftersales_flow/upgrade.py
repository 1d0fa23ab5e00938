"""Helpers of the suite's migration scripts (``<addon>/migrations/<version>/*.py``).

Plain SQL on purpose: a pre-migration runs before the registry has the new code, and the
suite does not depend on openupgradelib.
"""

import logging

from odoo.tools import SQL
from odoo.tools.sql import index_exists, make_index_name

_logger = logging.getLogger(__name__)


def _column_exists(cr, table, column):
    cr.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
        (table, column),
    )
    return bool(cr.fetchone())


def _word(name):
    """A PostgreSQL regular expression matching ``name`` as a whole identifier."""
    return r"\m" + name + r"\M"


def rename_fields(cr, module, renames):
    """Rename fields in place, keeping their data and the ids referring to them.

    ``renames``: [(model, old name, new name)]. For each field: the column (when the field
    is stored and the new column does not exist yet), the ``ir_model_fields`` row (same id:
    views, filters, exports, defaults and tracking values pointing at it keep working), its
    external id ``field_<model>__<name>`` of ``module``, the saved filters and export lines
    of the model naming it. Re-runnable: a field already renamed is left alone.
    """
    for model, old, new in renames:
        table = model.replace(".", "_")
        if _column_exists(cr, table, old) and not _column_exists(cr, table, new):
            cr.execute(
                SQL(
                    "ALTER TABLE %s RENAME COLUMN %s TO %s",
                    SQL.identifier(table),
                    SQL.identifier(old),
                    SQL.identifier(new),
                )
            )
        rename_column_index(cr, table, old, new)
        cr.execute(
            """
            UPDATE ir_model_fields f
               SET name = %(new)s
             WHERE f.model = %(model)s AND f.name = %(old)s
               AND NOT EXISTS (
                   SELECT 1 FROM ir_model_fields n WHERE n.model = %(model)s AND n.name = %(new)s
               )
            """,
            {"model": model, "old": old, "new": new},
        )
        cr.execute(
            "UPDATE ir_model_fields SET relation_field = %s"
            " WHERE relation = %s AND relation_field = %s",
            (new, model, old),
        )
        # the external ids of the field (one per module defining or extending it) and of
        # its selection values: left under the old name, the end of the update would delete
        # the records they point to as obsolete
        cr.execute(
            """
            UPDATE ir_model_data d
               SET name = %(new_xmlid)s || substr(d.name, length(%(old_xmlid)s) + 1)
              FROM ir_model_fields f
             WHERE f.model = %(model)s AND f.name = %(new)s
               AND d.model = 'ir.model.fields' AND d.res_id = f.id
               AND d.name = %(old_xmlid)s
            """,
            {
                "model": model,
                "new": new,
                "old_xmlid": f"field_{table}__{old}",
                "new_xmlid": f"field_{table}__{new}",
            },
        )
        cr.execute(
            """
            UPDATE ir_model_data d
               SET name = %(new_xmlid)s || substr(d.name, length(%(old_xmlid)s) + 1)
              FROM ir_model_fields_selection s
              JOIN ir_model_fields f ON f.id = s.field_id
             WHERE f.model = %(model)s AND f.name = %(new)s
               AND d.model = 'ir.model.fields.selection' AND d.res_id = s.id
               AND starts_with(d.name, %(old_xmlid)s)
            """,
            {
                "model": model,
                "new": new,
                "old_xmlid": f"selection__{table}__{old}__",
                "new_xmlid": f"selection__{table}__{new}__",
            },
        )
        # saved searches of the model (their domain, grouping and order are text)
        cr.execute(
            """
            UPDATE ir_filters
               SET domain = regexp_replace(domain, %(word)s, %(new)s, 'g'),
                   context = regexp_replace(context, %(word)s, %(new)s, 'g'),
                   sort = regexp_replace(sort, %(word)s, %(new)s, 'g')
             WHERE model_id = %(model)s
               AND (domain ~ %(word)s OR context ~ %(word)s OR sort ~ %(word)s)
            """,
            {"model": model, "word": _word(old), "new": new},
        )
        # export templates: a line is a field path from the model
        cr.execute(
            """
            UPDATE ir_exports_line l
               SET name = regexp_replace(l.name, '^' || %(old)s || '(/|$)', %(new)s || '\\1')
              FROM ir_exports e
             WHERE e.id = l.export_id AND e.resource = %(model)s
               AND l.name ~ ('^' || %(old)s || '(/|$)')
            """,
            {"model": model, "old": old, "new": new},
        )
        _logger.info("renamed %s.%s to %s", model, old, new)


def rename_column_index(cr, table, old, new):
    """Give the index of a renamed column the name the ORM looks for.

    PostgreSQL keeps an index's name when its column is renamed, and the ORM, not finding
    ``<table>__<new>_index``, builds a second index on the same column: every insert and
    update of the table then writes both. The old index is renamed, or dropped when the
    ORM already built the new one (a database upgraded before this step). Re-runnable.
    """
    old_index = make_index_name(table, old)
    if not index_exists(cr, old_index) or _column_exists(cr, table, old):
        return
    new_index = make_index_name(table, new)
    if index_exists(cr, new_index):
        cr.execute(SQL("DROP INDEX %s", SQL.identifier(old_index)))
        _logger.info("dropped %s, a second index of %s.%s", old_index, table, new)
    else:
        cr.execute(
            SQL(
                "ALTER INDEX %s RENAME TO %s",
                SQL.identifier(old_index),
                SQL.identifier(new_index),
            )
        )


def prefix_field_indexes(cr, table, prefix="aftersales_"):
    """:func:`rename_column_index` of every ``prefix`` column of ``table`` whose column
    without the prefix is gone: what :func:`prefix_fields` renamed, by whichever addon."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_name = %s AND column_name LIKE %s",
        (table, prefix + "%"),
    )
    for (column,) in cr.fetchall():
        rename_column_index(cr, table, column.removeprefix(prefix), column)


def drop_indexes(cr, table, names):
    """Drop the ORM's indexes ``<table>__<name>_index`` of these columns, for the ORM or
    the model to build them again with a new definition (a partial index)."""
    for name in names:
        cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(make_index_name(table, name))))


def prefix_fields(cr, module, fields_by_model, prefix="aftersales_"):
    """:func:`rename_fields` of every ``{model: [name]}`` to ``prefix + name``."""
    rename_fields(
        cr,
        module,
        [
            (model, name, prefix + name)
            for model, names in fields_by_model.items()
            for name in names
            if not name.startswith(prefix)
        ],
    )


def replace_action_model(cr, module, name, old_model):
    """Drop the record behind the external id ``module.name`` when it is still of
    ``old_model`` (the data file now declares another action model under this id: Odoo
    refuses to load a record over an external id of another model). The menus that opened
    it are left without action until the data file binds them to the new record."""
    cr.execute(
        "SELECT id, res_id FROM ir_model_data WHERE module = %s AND name = %s AND model = %s",
        (module, name, old_model),
    )
    row = cr.fetchone()
    if not row:
        return
    data_id, res_id = row
    cr.execute("UPDATE ir_ui_menu SET action = NULL WHERE action = %s", (f"{old_model},{res_id}",))
    table = {
        "ir.actions.act_window": "ir_act_window",
        "ir.actions.client": "ir_act_client",
        "ir.actions.server": "ir_act_server",
    }[old_model]
    cr.execute(SQL("DELETE FROM %s WHERE id = %s", SQL.identifier(table), res_id))
    cr.execute("DELETE FROM ir_model_data WHERE id = %s", (data_id,))
    _logger.info("dropped the %s %s.%s (now another action model)", old_model, module, name)
