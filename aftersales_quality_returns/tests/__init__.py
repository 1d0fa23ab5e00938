from . import test_carrier_problems, test_quality_returns
