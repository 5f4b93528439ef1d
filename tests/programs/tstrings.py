# PEP 750 template strings: Template and Interpolation objects, their
# attributes, iteration, concatenation, constructors and errors.
x = 42
name = "world"
t = t"a{x!r:>{x}}b{x=}c{x}"
print(t)
print(t.strings, t.interpolations, t.values)
print(list(t))
print(list(t"{x}{x}"))
Template = type(t)
Interpolation = type(t.interpolations[0])
print(Template.__module__, Template.__name__, Template.__qualname__, Interpolation.__module__)
print(Interpolation.__match_args__)
i = t.interpolations[0]
print(i.value, i.expression, i.conversion, i.format_spec)
print(Interpolation(1), Interpolation(1, 'e', 's', 'f'))
print(Template("a", Interpolation(1), "b", "c", Interpolation(2)))
print(Template())
print(Template.__new__(Template))
print(t"a{x}" + t"b{x}c")
print(t"{1}" + t"{2}")
print(Template('a', 'b').strings, Template(Interpolation(1)).strings)
print(Interpolation(value=1, expression='x', conversion='r', format_spec='y'))
print(Interpolation('a', conversion=None))
print(str(t"a"), format(t"b"))
print(t"{x:{x}}".interpolations[0].format_spec)
print(t"{'a' 'b' !r}".interpolations[0])
print(t"{ x = }".strings, t"{ x = }".interpolations)
print(t"{ x = :>4}".strings, t"{ x = :>4}".interpolations)
print(t"{ x = !s}".strings, t"{ x = !s}".interpolations)
print(t"{x!a}".interpolations[0].conversion, t"{x!s:}".interpolations[0])
y = [1]
print(t"{y[0]}  {  y  }")
print(Template("a", "b", Interpolation(1, "x"), Interpolation(2, "y")).strings)
print(bool(Template()), bool(t""), t"" == t"", t == t)
print(t"hello" t" {name}")
print(t"""multi
{name}
line""")
big = t"{x}{x}{x}{x}{x}{x}{x}{x}{x}{x}{x}{x}{x}{x}{x}{x}{x}{x}{x}{x}{x}{x}{x}{x}{x}{x}{x}{x}{x}{x}{x}{x}{x}{x}{x}"
print(len(big.strings), len(big.interpolations), sum(big.values))
it = iter(t"a{1}b")
print(type(it).__name__, next(it), next(it), next(it))
try:
    next(it)
except StopIteration:
    print("stop")
def render(template):
    out = []
    for part in template:
        if isinstance(part, str):
            out.append(part)
        else:
            v = part.value
            if part.conversion == 'r':
                v = repr(v)
            elif part.conversion == 's':
                v = str(v)
            elif part.conversion == 'a':
                v = ascii(v)
            out.append(format(v, part.format_spec))
    return "".join(out)
print(render(t"Hello {name!r:>12}, x={x:05d} {'é'!a}"))
match i:
    case Interpolation(v, e, c, f):
        print("match", v, e, c, f)
print(i.__reduce__())
print(Template.__mro__, Interpolation.__mro__)
print(Template[int], Interpolation[str])
for bad in [
    "t + 'x'", "'x' + t", "1 + t", "t + 1", "t.__add__(t\"z\")",
    "Template(1)", "Template(x='a')",
    "Interpolation(1, 2)", "Interpolation(1, 'a', 'x')", "Interpolation(1, 'a', 3)",
    "Interpolation()", "Interpolation(1, 'a', None, 3)", "Interpolation(1, '', None, '', 5)",
    "Interpolation(1, expression=2)", "t < t", "t[0]", "len(t)",
    "Template.__add__(1, t)",
]:
    try:
        print(bad, '->', eval(bad))
    except Exception as e:
        print(bad, '->', type(e).__name__, e)
for src in ["class S(Template): pass", "class S(Interpolation): pass", "t.strings = ()", "i.value = 3",
            "del i.format_spec", "t'{x' ", "t'{}'", "t'{x!z}'", "t'a' 'b'", "t'a' f'b'", "t'a' b'b'"]:
    try:
        exec(src)
        print(src, "ok")
    except Exception as e:
        print(src, '->', type(e).__name__, e)
