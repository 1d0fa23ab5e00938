from . import test_quality_access
from . import test_quality_kpi
from . import test_problem_identification
from . import test_action_plan
from . import test_feedback_staff
from . import test_quality_xlsx
from . import test_quality_tour
from . import test_quality_time_model
