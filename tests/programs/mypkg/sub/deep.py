from . import SUB_VALUE
from ..helpers import public
def info():
    return (__name__, __package__, SUB_VALUE, public)
