class AppError(Exception):
    def __init__(self, msg, code=0):
        super().__init__(msg)
        self.code = code
    def __str__(self):
        return f"[{self.code}] {self.args[0]}"
class NotFound(AppError):
    pass
class Denied(AppError):
    pass
for exc in [NotFound("no file", 404), Denied("nope", 403), AppError("generic")]:
    try:
        raise exc
    except (NotFound, Denied) as e:
        print("specific", type(e).__name__, e, e.code)
    except AppError as e:
        print("general", e, repr(e))
print(issubclass(NotFound, Exception), NotFound.__mro__[1].__name__)
class WithRepr(Exception):
    def __repr__(self):
        return "custom repr"
print(repr(WithRepr()), str(WithRepr("s")))
