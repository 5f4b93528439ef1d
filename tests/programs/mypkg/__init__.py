"""A package for the import tests."""
print("mypkg init", __name__, __package__)
VALUE = 42
from .helpers import double
__all__ = ["VALUE", "double", "helpers"]
