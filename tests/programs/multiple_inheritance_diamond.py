class Base:
    def __init__(self):
        print("Base init")
        self.log = ["Base"]
class Left(Base):
    def __init__(self):
        print("Left init")
        super().__init__()
        self.log.append("Left")
class Right(Base):
    def __init__(self):
        print("Right init")
        super().__init__()
        self.log.append("Right")
class Bottom(Left, Right):
    def __init__(self):
        print("Bottom init")
        super().__init__()
        self.log.append("Bottom")
b = Bottom()
print(b.log, [c.__name__ for c in Bottom.__mro__])
class Mixin:
    def greet(self):
        return "mixin " + super().greet()
class Real:
    def greet(self):
        return "real"
class Combined(Mixin, Real):
    pass
print(Combined().greet())
