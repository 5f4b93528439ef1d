try:
    raise KeyboardInterrupt
except KeyboardInterrupt:
    print("caught KI")
try:
    raise GeneratorExit
except BaseException as e:
    print(type(e).__name__, isinstance(e, Exception))
try:
    raise SystemExit(2)
except SystemExit as e:
    print("caught exit", e.code)
