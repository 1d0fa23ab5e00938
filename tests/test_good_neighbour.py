"""The suite is a good neighbour of the modules it extends: every field it adds to a model of
another module carries its prefix, so that no name collides with what the OCA helpdesk family
(helpdesk_mgmt_sla's ``sla_deadline``, helpdesk_product's ``product_id``…) or Odoo add to the
same model. ``setup/neighbours`` installs those OCA modules beside the suite and runs their
tests; this test keeps a new field from reintroducing a collision.
"""

from odoo.tests import TransactionCase, tagged

SUITE_PREFIX = "aftersales_"

# Fields added before the rule: all renamed to aftersales_<name> (version 19.0.1.0.1, whose
# migration scripts rename them in existing databases). The list stays empty.
LEGACY: dict[str, set[str]] = {}

# The names the OCA 19.0 helpdesk modules an integrator runs beside the suite add to the
# case (helpdesk_mgmt_sla, helpdesk_ticket_close_inactive, helpdesk_mgmt_merge,
# helpdesk_ticket_partner_response, helpdesk_type, helpdesk_product, helpdesk_mgmt_sale,
# helpdesk_ticket_related): the suite must define none of them with another meaning.
OCA_TICKET_FIELDS = {
    "sla_deadline", "sla_expired", "sla_ids", "sla_id", "team_sla", "type_id",
    "sale_order_ids", "so_count", "related_ticket_ids", "last_state_date",
    "expected_stage_id", "ticket_sla_ids",
}  # fmt: skip


@tagged("post_install", "-at_install")
class TestGoodNeighbour(TransactionCase):
    def _suite_added_fields(self):
        """(model, field) of every field a suite addon added to another module's model: the
        module of a model's or a field's first external id is the one that introduced it."""
        self.env.cr.execute(
            """
            WITH first_module AS (
                SELECT DISTINCT ON (model, res_id) model, res_id, module
                  FROM ir_model_data
                 WHERE model IN ('ir.model', 'ir.model.fields')
                 ORDER BY model, res_id, id
            )
            SELECT f.model, f.name
              FROM ir_model_fields f
              JOIN first_module fm ON fm.model = 'ir.model.fields' AND fm.res_id = f.id
              JOIN ir_model m ON m.id = f.model_id
              JOIN first_module mm ON mm.model = 'ir.model' AND mm.res_id = m.id
             WHERE fm.module LIKE %(suite)s AND mm.module NOT LIKE %(suite)s
            """,
            {"suite": SUITE_PREFIX + "%"},
        )
        return self.env.cr.fetchall()

    def test_fields_added_to_other_models_carry_the_suite_prefix(self):
        added = self._suite_added_fields()
        self.assertIn(("helpdesk.ticket", "aftersales_sla_deadline"), added)
        unprefixed = sorted(
            f"{model}.{name}"
            for model, name in added
            if not name.startswith(SUITE_PREFIX) and name not in LEGACY.get(model, ())
        )
        self.assertFalse(
            unprefixed,
            "fields the suite adds to other modules' models must be named aftersales_*",
        )
        # a renamed field leaves the list: it only shrinks
        gone = sorted(
            f"{model}.{name}"
            for model, names in LEGACY.items()
            for name in names
            if (model, name) not in set(added)
        )
        self.assertFalse(gone, "renamed fields are removed from LEGACY")

    def test_no_field_named_like_the_oca_helpdesk_modules(self):
        ours = {name for model, name in self._suite_added_fields() if model == "helpdesk.ticket"}
        self.assertFalse(ours & OCA_TICKET_FIELDS)
