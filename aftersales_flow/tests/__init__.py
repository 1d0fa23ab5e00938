from . import test_case_intake_tour
from . import test_roles
from . import test_intake_acknowledgement
from . import test_intake_batch
from . import test_intake_classification
from . import test_intake_priority
from . import test_intake_records
from . import test_intake_repeat
