print("ltsflow")
