from . import (
    test_carrier_problems,
    test_cost_of_quality,
    test_quality_dashboard_cost,
    test_quality_monitoring_rates,
    test_quality_plan_per_order,
    test_quality_rate_identification,
    test_quality_returns,
)
