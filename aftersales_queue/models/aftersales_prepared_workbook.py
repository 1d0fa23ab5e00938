import base64

from markupsafe import Markup

from odoo import api, fields, models


class AftersalesPreparedWorkbook(models.Model):
    """A workbook a background job prepared for a user: readable by that user
    alone (record rule), written by the job alone (no role creates or changes
    one)."""

    _name = "aftersales.prepared.workbook"
    _inherit = ["mail.thread"]
    _description = "Prepared Workbook"
    _order = "id desc"

    # ------------------------------------------------------------ fields

    name = fields.Char(string="File Name", required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Prepared For",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    date_from = fields.Date(string="From", readonly=True)
    date_to = fields.Date(string="To", readonly=True)
    file_data = fields.Binary(string="Workbook", readonly=True, attachment=True)

    # ------------------------------------------------------------ business

    @api.model
    @api.private
    def _aftersales_deliver(self, file_name, workbook, date_from=None, date_to=None):
        """Store ``workbook`` (bytes) for the job's user and tell them it is ready:
        an inbox notification with the download link and a pop-up if they are
        online."""
        user = self.env.user
        # sudo: the workbook is the job's output, made by the server for its user; no
        # role creates one (the access rights give none), so none can be forged
        workbook_record = (
            self.sudo()
            .with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
            .create(
                {
                    "name": file_name,
                    "user_id": user.id,
                    "date_from": date_from,
                    "date_to": date_to,
                    "file_data": base64.b64encode(workbook),
                }
            )
        )
        url = workbook_record._aftersales_download_url()
        body = Markup('%s <a href="%s">%s</a>') % (
            self.env._("Your workbook is ready:"),
            url,
            file_name,
        )
        # sudo: the notification is written by OdooBot, so that it reaches the user's
        # inbox (an author is not notified of their own message)
        workbook_record.sudo().message_notify(
            author_id=self.env.ref("base.partner_root").id,
            partner_ids=user.partner_id.ids,
            subject=self.env._("Workbook ready"),
            body=body,
        )
        user._bus_send(
            "simple_notification",
            {
                "type": "success",
                "title": self.env._("Workbook ready"),
                "message": file_name,
                "sticky": True,
            },
        )
        return workbook_record.with_env(self.env)

    def _aftersales_download_url(self):
        self.ensure_one()
        return f"/web/content/{self._name}/{self.id}/file_data/{self.name}?download=true"

    # ------------------------------------------------------------ actions

    def action_download(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": self._aftersales_download_url(),
            "target": "self",
        }
