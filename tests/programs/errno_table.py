# errno: every name and errorcode entry, as the C library numbers them.
import errno
print(sorted(errno.errorcode.items()))
print(sorted((n, getattr(errno, n)) for n in dir(errno) if n.startswith("E")))
