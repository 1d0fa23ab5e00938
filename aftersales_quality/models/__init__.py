from . import res_company
from . import res_config_settings
from . import helpdesk_ticket
from . import quality_issue
from . import quality_plan
from . import quality_action
from . import staff_review
from . import quality_dashboard
