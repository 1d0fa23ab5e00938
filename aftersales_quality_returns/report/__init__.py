from . import quality_inspection_report, quality_kpi_report, quality_xlsx
