from . import aftersales_return_create
from . import aftersales_return_create_line
from . import aftersales_return_reject
from . import stock_return_picking_line
from . import aftersales_signed_receipt
