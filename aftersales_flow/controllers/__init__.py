from . import portal
from . import helpdesk
