# itertools (ours, in Python for now): every tool against CPython's output,
# laziness, argument errors, groupby's shared state and tee's buffers.
import itertools as it
print(list(it.islice(it.count(5, 2), 4)), repr(it.count(3)), repr(it.count(1, 0.5)), list(it.repeat('a', 3)), repr(it.repeat(1, 2)))
print(list(it.islice(it.cycle('ab'), 5)), list(it.chain('ab', [1, 2])), list(it.chain.from_iterable(['xy', 'z'])))
print(list(it.islice(range(10), 2, 8, 3)), list(it.islice(range(10), 3)), list(it.islice('abcdef', 1, None)))
print(list(it.starmap(pow, [(2, 3), (3, 2)])), list(it.accumulate([1, 2, 3, 4])), list(it.accumulate([1, 2, 3], lambda a, b: a * b, initial=10)))
print(list(it.compress('abcdef', [1, 0, 1, 0, 1])), list(it.dropwhile(lambda x: x < 3, [1, 2, 3, 1])), list(it.takewhile(lambda x: x < 3, [1, 2, 3, 1])))
print(list(it.filterfalse(None, [0, 1, '', 'a'])), list(it.pairwise('abcd')), list(it.zip_longest('ab', 'xyz', fillvalue='-')))
print(list(it.batched('abcdefg', 3)), list(it.product('ab', repeat=2)), list(it.product([1, 2], [])), list(it.combinations('abcd', 2)))
print(list(it.combinations_with_replacement('abc', 2)), list(it.permutations('abc', 2)), len(list(it.permutations(range(5)))))
print([(k, list(g)) for k, g in it.groupby('aaabccdaa')], [(k, list(g)) for k, g in it.groupby([1, 3, 2, 4, 5], key=lambda x: x % 2)])
a, b = it.tee(iter([1, 2, 3]))
print(next(a), list(b), list(a), it.tee('x', 0))
gs = list(it.groupby('aabb'))
print([(k, list(g)) for k, g in gs])
for bad in [lambda: it.islice('a', -1), lambda: it.batched('a', 0), lambda: it.count('a'), lambda: it.combinations('a', -1)]:
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
print(type(it.count()).__name__, type(it.chain()).__module__, isinstance(it.chain(), it.chain))
