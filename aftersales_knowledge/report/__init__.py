from . import quality_xlsx
