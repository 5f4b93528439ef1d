import sys
print(len(sys.argv), sys.argv[0].endswith(".py"), isinstance(sys.path, list), all(isinstance(p, str) for p in sys.path))
print(sys.path[0] != "" or True, "__main__" in sys.modules, sys.modules["__main__"].__name__)
