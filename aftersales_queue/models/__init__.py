from . import aftersales_prepared_workbook
from . import aftersales_quality_xlsx
from . import aftersales_quality_xlsx_wizard
from . import aftersales_quality_issue
from . import aftersales_sla_timer
