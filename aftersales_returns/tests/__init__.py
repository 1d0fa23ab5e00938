from . import test_customer_return_picking
