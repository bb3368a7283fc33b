"""PyInstaller entry point of the frozen wall client (`/opt/iocwall/wall/iocwall`)."""

import sys

from wall_client.cli import main

if __name__ == "__main__":
    # `iocwall demo` starts `python -m server` beside the client; the wall package carries neither a
    # Python interpreter nor the server, so say so instead of failing with an argparse error later.
    if len(sys.argv) > 1 and sys.argv[1] == "demo":
        print("iocwall: 'demo' needs the server, which the wall package does not include. Run the demo from a "
              "source checkout (make demo), or point this wall at a server: iocwall wall --config "
              "/etc/iocwall/wall.toml", file=sys.stderr)
        raise SystemExit(2)
    raise SystemExit(main())
