import sys
sys.exit("fatal problem")
