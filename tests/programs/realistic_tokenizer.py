"""A small expression tokenizer, parser and evaluator."""

class Token:
    __slots__ = ("kind", "text", "pos")

    def __init__(self, kind, text, pos):
        self.kind, self.text, self.pos = kind, text, pos

    def __repr__(self):
        return f"Token({self.kind}, {self.text!r}, {self.pos})"


class ParseError(Exception):
    pass


def tokenize(src):
    i = 0
    while i < len(src):
        c = src[i]
        if c.isspace():
            i += 1
        elif c.isdigit() or c == ".":
            j = i
            while j < len(src) and (src[j].isdigit() or src[j] == "."):
                j += 1
            yield Token("num", src[i:j], i)
            i = j
        elif c.isalpha() or c == "_":
            j = i
            while j < len(src) and (src[j].isalnum() or src[j] == "_"):
                j += 1
            yield Token("name", src[i:j], i)
            i = j
        elif c in "+-*/()^,":
            yield Token("op", c, i)
            i += 1
        else:
            raise ParseError(f"unexpected {c!r} at {i}")
    yield Token("end", "", len(src))


class Parser:
    PREC = {"+": 1, "-": 1, "*": 2, "/": 2, "^": 3}

    def __init__(self, src):
        self.tokens = list(tokenize(src))
        self.i = 0

    def peek(self):
        return self.tokens[self.i]

    def take(self, text=None):
        t = self.tokens[self.i]
        if text is not None and t.text != text:
            raise ParseError(f"expected {text!r} at {t.pos}, got {t.text!r}")
        self.i += 1
        return t

    def expr(self, min_prec=1):
        left = self.atom()
        while True:
            t = self.peek()
            prec = self.PREC.get(t.text)
            if t.kind != "op" or prec is None or prec < min_prec:
                return left
            self.take()
            right = self.expr(prec + (0 if t.text == "^" else 1))
            left = (t.text, left, right)

    def atom(self):
        t = self.take()
        if t.kind == "num":
            return float(t.text) if "." in t.text else int(t.text)
        if t.kind == "name":
            if self.peek().text == "(":
                self.take("(")
                args = [self.expr()]
                while self.peek().text == ",":
                    self.take(",")
                    args.append(self.expr())
                self.take(")")
                return ("call", t.text, args)
            return ("var", t.text)
        if t.text == "(":
            e = self.expr()
            self.take(")")
            return e
        if t.text == "-":
            return ("neg", self.atom())
        raise ParseError(f"unexpected {t.text!r} at {t.pos}")


FUNCS = {"max": max, "min": min, "abs": abs, "sum": lambda *a: sum(a)}


def evaluate(node, env):
    match node:
        case int() | float():
            return node
        case ("var", name):
            return env[name]
        case ("neg", inner):
            return -evaluate(inner, env)
        case ("call", name, args):
            return FUNCS[name](*(evaluate(a, env) for a in args))
        case (op, l, r):
            a, b = evaluate(l, env), evaluate(r, env)
            if op == "+":
                return a + b
            if op == "-":
                return a - b
            if op == "*":
                return a * b
            if op == "/":
                return a / b if b else float("inf")
            return a ** b


env = {"x": 3, "y": 4.5, "big": 10**20}
for src in ["1 + 2 * 3", "(1 + 2) * 3", "2 ^ 3 ^ 2", "-x + y", "max(x, y, 2) * 2", "big * big", "sum(1, 2, 3) / 0", "1 +", "2 $ 3", "min(x"]:
    try:
        tree = Parser(src).expr()
        print(f"{src!r:24} -> {tree!r:40} = {evaluate(tree, env)!r}")
    except (ParseError, KeyError) as e:
        print(f"{src!r:24} -> error: {e}")
print(list(tokenize("a+1"))[:2])
