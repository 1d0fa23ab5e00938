from . import aftersales_plan_refuse_wizard
from . import aftersales_plan_response_wizard
from . import aftersales_calendar_holiday_wizard
