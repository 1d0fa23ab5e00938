from . import (
    test_carrier_problems,
    test_cost_of_quality,
    test_quality_monitoring_rates,
    test_quality_returns,
)
from . import test_quality_dashboard_cost
