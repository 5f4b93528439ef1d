class WithCall:
    def __call__(self):
        return "called"
class NoCall: pass
print(callable(WithCall()), callable(NoCall()), callable(NoCall), callable(print), callable(lambda: 0), callable("s".upper), callable(None))
print(WithCall()(), type(print).__name__, print.__name__, print.__module__, repr(print))
