from . import test_return_repairs
