"""PyInstaller entry point of the frozen server (`/opt/iocwall/server/iocwall-server`)."""

from server.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
