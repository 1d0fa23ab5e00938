from . import helpdesk_ticket
from . import res_company
from . import res_config_settings
from . import res_users
from . import aftersales_classification_rule
from . import aftersales_priority_matrix
from . import helpdesk_ticket_category
from . import res_partner
