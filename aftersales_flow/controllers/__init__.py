from . import portal
from . import ticket_close
from . import portal_merge
