from . import test_queue_export
from . import test_queue_identification
from . import test_queue_escalation
from . import test_queue_http
