from . import test_case_intake_tour
from . import test_resolution_flow
from . import test_resolution_portal
from . import test_resolution_tour
from . import test_roles
