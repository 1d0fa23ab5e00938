from . import test_quality_returns
