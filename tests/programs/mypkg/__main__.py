print("running mypkg as main", __name__)
