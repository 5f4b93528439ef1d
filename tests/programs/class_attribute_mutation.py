class Config:
    debug = False
    level = 1
c = Config()
print(c.debug, Config.debug)
Config.debug = True
print(c.debug)
c.debug = "instance"
Config.debug = False
print(c.debug, Config.debug)
del c.debug
print(c.debug)
setattr(Config, "new_attr", [1])
print(c.new_attr, hasattr(Config, "new_attr"))
delattr(Config, "new_attr")
print(hasattr(c, "new_attr"))
try:
    del Config.missing
except AttributeError as e:
    print(e)
try:
    int.x = 1
except TypeError as e:
    print(e)
