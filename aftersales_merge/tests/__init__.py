from . import test_case_merge
from . import test_case_merge_mail
from . import test_case_merge_tour
