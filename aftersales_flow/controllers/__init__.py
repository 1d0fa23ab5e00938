from . import helpdesk_portal
from . import portal
from . import ticket_close
