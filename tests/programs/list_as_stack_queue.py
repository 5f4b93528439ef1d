stack = []
for i in range(5):
    stack.append(i)
print([stack.pop() for _ in range(3)], stack)
queue = [1, 2, 3]
queue.insert(0, 0)
print(queue.pop(0), queue)
matrix = [[i * 3 + j for j in range(3)] for i in range(3)]
print(matrix, [list(r) for r in zip(*matrix)], sum(map(sum, matrix)), [row[::-1] for row in matrix][0])
flat = [x for row in matrix for x in row if x % 2 == 0]
print(flat, list(filter(lambda x: x > 4, flat)))
