pytest_plugins = ["xxgk.testing"]
