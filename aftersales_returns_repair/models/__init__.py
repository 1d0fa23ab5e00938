from . import aftersales_return
from . import aftersales_return_line
from . import repair_order
