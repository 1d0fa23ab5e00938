from . import test_case_intake_tour
from . import test_roles
