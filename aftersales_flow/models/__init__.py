from . import helpdesk_ticket
from . import res_company
from . import res_config_settings
from . import res_users
from . import aftersales_root_cause
from . import aftersales_remedy
from . import aftersales_plan_response
from . import aftersales_resolution_plan
