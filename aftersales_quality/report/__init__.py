from . import quality_kpi_report
from . import quality_xlsx
