class Widget:
    def run(self):
        return self.helper(0)
    def helper(self, n):
        return 10 / n
print("start")
Widget().run()
