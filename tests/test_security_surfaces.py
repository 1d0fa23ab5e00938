"""Every surface that shows a case respects the case's rules: a confidential case leaves no
trace for those who may not read it, not in its service-level timers, its plans, its returns,
the Case Analysis, the quality workbook or the RA report; the inspector reads no customer
contact data, whatever the path."""

import io
import zipfile

from security_common import SecurityCommon

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestSecuritySurfaces(SecurityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.secret_plan = cls.env["aftersales.resolution.plan"].create(
            {"ticket_id": cls.secret_case.id, "remedy_ids": [(0, 0, {"remedy_type": "refund"})]}
        )
        cls.secret_ra = cls._return_for(cls.secret_case)
        cls.open_ra = cls._return_for(cls.case)
        # what hangs off the confidential return: its policy check, a receipt scan, a claim
        cls.secret_ra._run_policy_check()
        cls.secret_scan = cls.env["aftersales.return.scan"].create(
            {"line_id": cls.secret_ra.line_ids.id, "quantity": 1}
        )
        cls.carrier = cls.env["res.partner"].create({"name": "Swift Couriers"})
        cls.secret_claim = cls.env["aftersales.carrier.claim"].create(
            {"carrier_id": cls.carrier.id, "return_id": cls.secret_ra.id}
        )
        cls.open_claim = cls.env["aftersales.carrier.claim"].create(
            {"carrier_id": cls.carrier.id, "ticket_id": cls.other_team_case.id}
        )

    @classmethod
    def _return_for(cls, case):
        return cls.env["aftersales.return"].create(
            {
                "partner_id": cls.customer.id,
                "ticket_id": case.id,
                "line_ids": [(0, 0, {"product_id": cls.product.id, "quantity": 1})],
            }
        )

    # ------------------------------------------------------------ helpers

    def _outsiders(self):
        """Who may not read the confidential case: the quality manager, the inspector, an
        agent of its team who is neither its assignee nor the leader."""
        return {"quality": self.quality, "inspector": self.inspector, "agent": self.agent}

    def _workbook_text(self, user):
        today = fields.Date.context_today(self.env.user)
        data = (
            self.env["aftersales.quality.xlsx"]
            .with_user(user)
            ._build(today.replace(day=1).replace(year=today.year - 1), today)
        )
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(
                archive.read(name).decode()
                for name in archive.namelist()
                if name.startswith("xl/") and name.endswith(".xml")
            )

    # ------------------------------------------------------------ tests

    def test_secondary_records_follow_the_confidential_case(self):
        timers = self.env["aftersales.sla.timer"].search([("ticket_id", "=", self.secret_case.id)])
        self.assertTrue(timers, "the confidential case runs service-level timers")
        secondary = (
            timers,
            self.secret_plan,
            self.secret_plan.remedy_ids,
            self.secret_ra,
            self.secret_ra.line_ids,
            self.secret_ra.policy_result_ids,
            self.secret_scan,
            self.secret_claim,
        )
        for role, user in self._outsiders().items():
            for records in secondary:
                model = records._name
                with self.subTest(role=role, model=model):
                    Model = self.env[model].with_user(user)
                    if Model.has_access("read"):
                        visible = Model.search([("id", "in", records.ids)])
                        self.assertFalse(visible, f"{role} finds {model} of the confidential case")
                    with self.assertRaises(AccessError):
                        records.with_user(user).read(["display_name"])
        # those who may read the case see them all
        for user in (self.agent2, self.leader, self.manager):
            for records in secondary:
                records.with_user(user).read(["display_name"])

    def test_claims_follow_the_visibility_of_their_case(self):
        """A claim of another team's case is not the agent's; the inspector, who files claims
        for the parcels they receive, sees those that are not confidential."""
        self.assertCannotRead(self.open_claim, self.agent)
        self.assertCanRead(self.open_claim, self.inspector)
        self.assertCanRead(self.open_claim, self.manager)
        self.assertCannotRead(self.secret_claim, self.inspector)

    def test_case_analysis_leaves_out_the_confidential_case(self):
        Report = self.env["aftersales.quality.kpi.report"]
        rows = Report.with_user(self.quality).search([])
        self.assertIn(self.case, rows.ticket_id, "the analysis shows the ordinary case")
        self.assertNotIn(self.secret_case, rows.ticket_id)
        counted = Report.with_user(self.quality)._read_group(
            [("ticket_id", "in", (self.case | self.secret_case).ids)], aggregates=["__count"]
        )
        self.assertEqual(counted[0][0], 1)
        self.assertIn(self.secret_case, Report.with_user(self.manager).search([]).ticket_id)

    def test_workbook_leaves_out_the_confidential_case(self):
        text = self._workbook_text(self.quality)
        self.assertIn(self.case.name, text)
        self.assertNotIn(self.secret_case.name, text)
        self.assertNotIn(self.secret_case.number, text)
        self.assertIn(self.secret_case.name, self._workbook_text(self.manager))

    def test_inspector_reads_no_customer_contact_data(self):
        partner = self.customer.with_user(self.inspector)
        for name in ("email", "phone", "street", "city", "zip"):
            with self.subTest(field=name), self.assertRaises(AccessError):
                partner.read([name])
        # the return itself stays readable, and its report carries no contact data
        self.customer.write({"street": "88 Huaihai Road", "city": "Shanghai"})
        html, _format = (
            self.env["ir.actions.report"]
            .with_user(self.inspector)
            ._render_qweb_html(
                "aftersales_returns.action_report_aftersales_return", self.open_ra.ids
            )
        )
        html = html.decode()
        self.assertIn(self.open_ra.name, html)
        for value in ("sec.portal@example.com", "5555 0101", "88 Huaihai Road"):
            self.assertNotIn(value, html)
        # the manager, who also holds the inspector role, still reads them
        self.customer.with_user(self.manager).read(["email", "phone", "street"])
