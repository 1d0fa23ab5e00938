from . import test_case_intake_tour
from . import test_roles
from . import test_sla_deadlines
from . import test_sla_escalation
from . import test_sla_performance
from . import test_sla_policies
from . import test_sla_access
