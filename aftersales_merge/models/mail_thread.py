from odoo import api, models

# {kept case id: merged case id} of one incoming email: a key of its values from
# the routing to the processing (popped before anything is posted), then a key of
# the context while it is posted.
FORWARDED_KEY = "aftersales_merge_forwarded"


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    # ------------------------------------------------------------ mail gateway: merged cases

    @api.model
    def message_route(self, message, message_dict, model=None, thread_id=None, custom_values=None):
        routes = super().message_route(
            message, message_dict, model=model, thread_id=thread_id, custom_values=custom_values
        )
        # Routing is generic (the reply's Message-Id, an alias, the fallback thread):
        # whichever found a merged case, the email goes to the case it was merged into.
        return self.env["helpdesk.ticket"]._aftersales_merge_reroute(routes, message_dict)

    @api.model
    def _message_route_process(self, message, message_dict, routes):
        forwarded = message_dict.pop(FORWARDED_KEY, None)
        if not forwarded:
            return super()._message_route_process(message, message_dict, routes)
        email_from = message_dict.get("email_from")
        subject = message_dict.get("subject")
        result = super(
            MailThread, self.with_context(**{FORWARDED_KEY: forwarded})
        )._message_route_process(message, message_dict, routes)
        # Only once the reply is posted on the kept case does the merged case say so.
        self.env["helpdesk.ticket"]._aftersales_merge_note_forwarded(forwarded, email_from, subject)
        return result
