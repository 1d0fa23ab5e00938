from . import aftersales_return_reject
