class AppError(Exception):
    pass
def run():
    raise AppError("custom failure")
run()
