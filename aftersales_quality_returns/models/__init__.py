from . import quality_dashboard
