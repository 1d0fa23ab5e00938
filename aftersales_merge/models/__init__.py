from . import mail_thread
from . import helpdesk_ticket
