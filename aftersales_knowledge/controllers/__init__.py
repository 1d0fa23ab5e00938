from . import help_center
