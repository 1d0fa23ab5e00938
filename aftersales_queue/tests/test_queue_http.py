from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException


@tagged("post_install", "-at_install")
class TestQueueHttp(HttpCase):
    """The real doors: the download route and JSON-RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quality_manager = new_test_user(
            cls.env, login="queue_quality", groups="aftersales_quality.group_quality_manager"
        )
        cls.agent = new_test_user(
            cls.env, login="queue_agent", groups="aftersales_flow.group_aftersales_user"
        )
        cls.workbook = (
            cls.env["aftersales.prepared.workbook"]
            .with_user(cls.quality_manager)
            ._aftersales_deliver("quality-report.xlsx", b"PK workbook bytes")
        )

    def _download(self, login):
        self.authenticate(login, login)
        return self.url_open(self.workbook._aftersales_download_url())

    def test_download_is_the_users_alone(self):
        response = self._download("queue_quality")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"PK workbook bytes")
        self.assertNotEqual(self._download("queue_agent").status_code, 200)

    def test_rpc_cannot_forge_a_workbook(self):
        self.authenticate("queue_quality", "queue_quality")
        with self.assertRaises(JsonRpcException) as caught:
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/aftersales.prepared.workbook/create",
                {
                    "model": "aftersales.prepared.workbook",
                    "method": "create",
                    "args": [{"name": "forged.xlsx", "user_id": self.quality_manager.id}],
                    "kwargs": {},
                },
            )
        self.assertIn("AccessError", str(caught.exception))
        with self.assertRaises(JsonRpcException) as caught:
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/aftersales.prepared.workbook/write",
                {
                    "model": "aftersales.prepared.workbook",
                    "method": "write",
                    "args": [self.workbook.ids, {"user_id": self.agent.id}],
                    "kwargs": {},
                },
            )
        self.assertIn("AccessError", str(caught.exception))
