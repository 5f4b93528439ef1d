def main():
    print("main called", __name__)
if __name__ == "__main__":
    main()
import sys
print(sys.argv[0].endswith("main_guard.py"), len(sys.argv), __file__.endswith("main_guard.py"), __spec__ is None or True)
print(__builtins__.__name__ if hasattr(__builtins__, "__name__") else "dict", __doc__)
