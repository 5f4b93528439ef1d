print("about to fail")
raise SystemExit(7)
