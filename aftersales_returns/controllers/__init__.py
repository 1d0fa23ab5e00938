from . import portal
from . import intake
