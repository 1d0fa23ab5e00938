from . import portal
from . import ticket_close
