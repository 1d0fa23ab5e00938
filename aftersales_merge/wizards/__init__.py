from . import aftersales_ticket_merge_wizard
from . import helpdesk_ticket_duplicate_wizard
