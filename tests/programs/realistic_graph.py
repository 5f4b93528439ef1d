"""Graph algorithms: BFS, Dijkstra with a hand-written heap, topological sort."""


class MinHeap:
    def __init__(self):
        self.data = []

    def push(self, item):
        d = self.data
        d.append(item)
        i = len(d) - 1
        while i > 0:
            parent = (i - 1) // 2
            if d[parent] <= d[i]:
                break
            d[parent], d[i] = d[i], d[parent]
            i = parent

    def pop(self):
        d = self.data
        last = d.pop()
        if not d:
            return last
        top, d[0] = d[0], last
        i = 0
        while True:
            l, r = 2 * i + 1, 2 * i + 2
            smallest = i
            if l < len(d) and d[l] < d[smallest]:
                smallest = l
            if r < len(d) and d[r] < d[smallest]:
                smallest = r
            if smallest == i:
                return top
            d[i], d[smallest] = d[smallest], d[i]
            i = smallest

    def __len__(self):
        return len(self.data)


def dijkstra(graph, start):
    dist = {start: 0}
    heap = MinHeap()
    heap.push((0, start))
    while heap:
        d, node = heap.pop()
        if d > dist.get(node, float("inf")):
            continue
        for nxt, w in graph.get(node, ()):
            nd = d + w
            if nd < dist.get(nxt, float("inf")):
                dist[nxt] = nd
                heap.push((nd, nxt))
    return dist


def bfs(graph, start):
    seen = [start]
    frontier = [start]
    while frontier:
        nxt = []
        for node in frontier:
            for other, _ in graph.get(node, ()):
                if other not in seen:
                    seen.append(other)
                    nxt.append(other)
        frontier = nxt
    return seen


def toposort(deps):
    order, state = [], {}

    def visit(n):
        if state.get(n) == "done":
            return
        if state.get(n) == "active":
            raise ValueError(f"cycle at {n}")
        state[n] = "active"
        for m in sorted(deps.get(n, ())):
            visit(m)
        state[n] = "done"
        order.append(n)

    for n in sorted(deps):
        visit(n)
    return order


graph = {"a": [("b", 7), ("c", 9), ("f", 14)], "b": [("c", 10), ("d", 15)], "c": [("d", 11), ("f", 2)], "d": [("e", 6)], "f": [("e", 9)]}
print(sorted(dijkstra(graph, "a").items()))
print(bfs(graph, "a"))
print(toposort({"app": {"lib", "util"}, "lib": {"util", "core"}, "util": {"core"}, "core": set()}))
try:
    toposort({"x": {"y"}, "y": {"x"}})
except ValueError as e:
    print(e)
h = MinHeap()
for v in [5, 3, 8, 1, 9, 2, 7]:
    h.push(v)
print([h.pop() for _ in range(len(h))])
import sys
grid = [[(r * 7 + c * 3) % 10 for c in range(30)] for r in range(30)]
g2 = {}
for r in range(30):
    for c in range(30):
        g2[(r, c)] = [((r + dr, c + dc), grid[r + dr][c + dc]) for dr, dc in ((0, 1), (1, 0), (0, -1), (-1, 0)) if 0 <= r + dr < 30 and 0 <= c + dc < 30]
print(dijkstra(g2, (0, 0))[(29, 29)], len(bfs(g2, (0, 0))))
