"""The load test's own counting (setup/loadtest.py): a lost, doubled or unexpected case, a
missing acknowledgement and a scan count that differs from the accepted scans are reported.

The load test itself is not run here (minutes of load on several servers): only the checks
it makes on the database afterwards, on cases and scans made in this transaction.
"""

import importlib.util
import os

from odoo import Command
from odoo.tests import TransactionCase, tagged

DRIVER = os.path.join(os.path.dirname(os.path.dirname(__file__)), "setup", "loadtest.py")


def load_driver():
    spec = importlib.util.spec_from_file_location("aftersales_loadtest", DRIVER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestLoadtestDriver(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.driver = load_driver()
        cls.partner = cls.env["res.partner"].create(
            {"name": "Load Customer", "email": "load.customer@example.com"}
        )
        product = cls.env["product.product"].create(
            {"name": "Load Check Product", "barcode": "LOAD-CHECK-1", "is_storable": True}
        )
        cls.ra = cls.env["aftersales.return"].create(
            {
                "partner_id": cls.partner.id,
                "line_ids": [Command.create({"product_id": product.id, "quantity": 10})],
            }
        )
        cls.ra.state = "approved"

    def _case(self, name):
        return self.env["helpdesk.ticket"].create(
            {"name": name, "description": "<p>load</p>", "partner_id": self.partner.id}
        )

    def _check(self, created, accepted=None, before=None):
        return self.driver.check(
            self.env,
            "LTX-",
            created,
            [],
            before or {},
            accepted or {},
            self.ra.ids,
        )

    def test_lost_doubled_and_unknown_cases_are_violations(self):
        self._case("LTX-rpc-1")
        self._case("LTX-rpc-2")
        self._case("LTX-rpc-2")
        self._case("LTX-rpc-9")
        violations, summary = self._check(
            {"create_rpc": [("LTX-rpc-1", "ok"), ("LTX-rpc-2", "ok"), ("LTX-rpc-3", "ok")]}
        )
        text = "\n".join(violations)
        self.assertNotIn("LTX-rpc-1 exists", text)
        self.assertIn("the case LTX-rpc-2 exists 2 times", text)
        self.assertIn("the case LTX-rpc-3 exists 0 times", text)
        self.assertIn("a case LTX-rpc-9 nobody created exists 1 times", text)
        self.assertEqual(summary["cases"], 4)

    def test_every_case_must_be_acknowledged_once(self):
        case = self._case("LTX-rpc-1")
        violations, _summary = self._check({"create_rpc": [("LTX-rpc-1", "ok")]})
        self.assertTrue(any(v.startswith("acknowledgement: LTX-rpc-1") for v in violations))
        case._aftersales_acknowledge()
        violations, summary = self._check({"create_rpc": [("LTX-rpc-1", "ok")]})
        self.assertEqual(violations, [])
        self.assertEqual(summary["acknowledged"], 1)
        # a second acknowledgement note is a double
        case._message_log(body="Acknowledgement sent to load.customer@example.com.")
        violations, _summary = self._check({"create_rpc": [("LTX-rpc-1", "ok")]})
        self.assertIn("with 2 acknowledgement notes", "\n".join(violations))

    def test_scan_counts_equal_accepted_scans(self):
        scan = self.env["aftersales.return.scan"]
        line = self.ra.line_ids
        self.assertEqual(scan.scan(self.ra.id, "LOAD-CHECK-1")["status"], "ok")
        self.assertEqual(scan.scan(self.ra.id, "LOAD-CHECK-1")["status"], "ok")
        violations, summary = self._check({}, accepted={line.id: 2})
        self.assertEqual(violations, [])
        self.assertEqual(summary["scans counted"], 2)
        violations, _summary = self._check({}, accepted={line.id: 3})
        self.assertIn(f"scans: RA line {line.id} counted 2 this phase", "\n".join(violations))
        # what was counted before the phase is not the phase's
        violations, _summary = self._check({}, accepted={line.id: 1}, before={line.id: 1.0})
        self.assertEqual(violations, [])

    def test_only_try_again_answers_are_retries(self):
        retry = self.driver.RpcError(
            {
                "data": {
                    "name": "odoo.exceptions.UserError",
                    "message": "Another inspector is counting it: scan it again.",
                }
            }
        )
        self.assertEqual(retry.outcome, "retry")
        crash = self.driver.RpcError(
            {
                "data": {
                    "name": "psycopg2.errors.SerializationFailure",
                    "message": "could not serialize access due to concurrent update",
                }
            }
        )
        self.assertEqual(crash.outcome, "fail")
        self.assertEqual(self.driver.percentile([3, 1, 2, 4], 0.5), 3)
        self.assertIsNone(self.driver.percentile([], 0.95))
