values = [0, 1, -1, 0.0, 0.1, "", " ", [], [0], (), (None,), {}, {0: 0}, set(), None, True, False, 0j, range(0), range(1), b"", bytearray(1)]
print([bool(v) for v in values])
print([v for v in values if v][:5], len([v for v in values if not v]))
