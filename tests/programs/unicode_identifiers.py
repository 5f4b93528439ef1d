café = "coffee"
π = 3.14159
日本 = "japan"
print(café, π, 日本, "café".isidentifier())
class Ünïcode:
    def grüß(self):
        return "hallo"
print(Ünïcode().grüß(), Ünïcode.__name__)
ﬁ = "ligature normalized"
print(fi)
