"""The operator console: camera tree, live miniatures of the walls, alerts (`iocwall console`)."""
