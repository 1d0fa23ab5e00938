from . import test_sla_deadlines
from . import test_sla_escalation
from . import test_sla_escalation_batch
from . import test_sla_performance
from . import test_sla_policies
from . import test_sla_access
from . import test_sla_time_model
