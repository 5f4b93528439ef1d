class Node:
    __slots__ = ("v", "next")
    def __init__(self, v):
        self.v = v
        self.next = None
total = 0
for i in range(300000):
    n = Node(i)
    n.next = Node(i + 1)
    total += n.next.v
print(total)
head = None
for i in range(100000):
    n = Node(i)
    n.next = head
    head = n
head = None
print("freed chain")
