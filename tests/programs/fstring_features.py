name, val = "pi", 3.14159
print(f"{name}={val:.2f}", f"{name!r:>6}", f"{val!s}", f"{'nested {x}'}", f"{val:{'.3'}f}", f"{{}}", f"{name + '!'}")
width = 8
print(f"{'x':^{width}}|", f"{42:0{width}d}", f"{-42:+08d}", f"{42:#010b}", f"{3.5:08.2f}", f"{1234567.891:,.1f}")
items = [1, 2, 3]
print(f"{len(items)} items: {', '.join(str(i) for i in items)}", f"{items[-1]}", f"{dict(a=1)['a']}")
print(f"""multi
{name}""", f"{val=:.1f}", f"{ name = }", f"{3 * 4 = }")
d = {"k": "v"}
print(f"{d['k']}", f'{d["k"]}', f"{'a' if val > 3 else 'b'}", f"{(lambda: 5)()}", f"{val:>10.3}")
