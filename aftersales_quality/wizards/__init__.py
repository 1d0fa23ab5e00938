from . import quality_xlsx_wizard
