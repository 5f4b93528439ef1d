class Util:
    @staticmethod
    def helper(x):
        return x + 1
    def use(self):
        return self.helper(1) + Util.helper(2)
print(Util().use(), Util.helper(10), Util().helper(20))
funcs = {"inc": Util.helper}
print(funcs["inc"](0))
class Factory:
    @classmethod
    def create(cls, *args):
        obj = cls()
        obj.args = args
        return obj
class Sub(Factory): pass
s = Sub.create(1, 2)
print(type(s).__name__, s.args, type(Factory.create(3)).__name__)
