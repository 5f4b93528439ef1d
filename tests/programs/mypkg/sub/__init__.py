from .. import VALUE
from ..helpers import double
SUB_VALUE = double(VALUE)
