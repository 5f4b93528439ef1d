names = ["ArithmeticError", "ZeroDivisionError", "LookupError", "KeyError", "OSError", "FileNotFoundError", "UnicodeDecodeError", "RecursionError", "NotImplementedError", "StopAsyncIteration", "ModuleNotFoundError", "TimeoutError", "BrokenPipeError", "ExceptionGroup", "KeyboardInterrupt", "SystemExit", "GeneratorExit", "Warning", "DeprecationWarning", "TabError", "UnboundLocalError", "PythonFinalizationError", "EncodingWarning"]
import builtins
for n in names:
    cls = getattr(builtins, n)
    print(n, [c.__name__ for c in cls.__mro__])
print(issubclass(EnvironmentError, OSError), IOError is OSError, issubclass(ExceptionGroup, Exception))
