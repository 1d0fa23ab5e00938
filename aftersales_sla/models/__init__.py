from . import res_company
from . import res_config_settings
from . import res_partner
from . import helpdesk_ticket_stage
from . import aftersales_sla_timer
from . import aftersales_sla_policy
from . import aftersales_sla_escalation_rule
from . import helpdesk_ticket
