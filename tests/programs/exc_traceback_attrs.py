def f():
    raise ValueError("x")
try:
    f()
except ValueError as e:
    tb = e.__traceback__
    frames = []
    while tb:
        frames.append((tb.tb_frame.f_code.co_name, tb.tb_lineno))
        tb = tb.tb_next
    print(frames)
e2 = ValueError("y").with_traceback(None)
print(e2.__traceback__)
