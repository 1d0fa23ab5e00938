from . import test_quality_access
