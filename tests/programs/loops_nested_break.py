found = None
for i in range(5):
    for j in range(5):
        if i * j == 6:
            found = (i, j)
            break
    else:
        continue
    break
print(found)
count = 0
while True:
    count += 1
    if count % 2:
        continue
    if count > 6:
        break
print(count)
for i in range(3):
    for j in range(3):
        if j == i:
            break
    else:
        print("never")
print([(i, j) for i in range(3) for j in range(i)])
