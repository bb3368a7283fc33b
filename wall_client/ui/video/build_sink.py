"""Builds the C frame sink (framesink.c and yuv_scale.c → _framesink.so beside them) with the system's C compiler.

    python -m wall_client.ui.video.build_sink [--check]

scripts/bootstrap.sh runs it after installing the packages; the Debian packages bundle what it built.
Without a compiler the wall still plays video, through Python callbacks (frame_sink.py says so in its log),
at a measured 15% more CPU per 16 tiles and with the GUI thread waiting for Python's lock more often.
`--check` exits 1 unless the library is built from the current source.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SOURCES = [Path(__file__).with_name("framesink.c"), Path(__file__).with_name("yuv_scale.c")]
LIBRARY = Path(__file__).with_name("_framesink.so")
FLAGS = ["-O3", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC"]


def compiler() -> str | None:
    return os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")


def up_to_date() -> bool:
    return LIBRARY.is_file() and all(LIBRARY.stat().st_mtime >= source.stat().st_mtime for source in SOURCES)


def build() -> str:
    """Compile into a temporary file, then rename: a wall starting meanwhile loads the old or the new one."""
    cc = compiler()
    if cc is None:
        raise RuntimeError("no C compiler (cc or gcc; apt-get install gcc libc6-dev)")
    fd, tmp = tempfile.mkstemp(prefix=".framesink.", suffix=".so", dir=LIBRARY.parent)
    os.close(fd)
    try:
        result = subprocess.run([cc, *FLAGS, "-o", tmp, *map(str, SOURCES), "-lpthread"], capture_output=True,
                                text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{cc} failed on {', '.join(s.name for s in SOURCES)}:\n{result.stderr.strip()}")
        os.replace(tmp, LIBRARY)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return cc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether the library is current")
    args = parser.parse_args(argv)
    if args.check:
        current = up_to_date()
        state = "built from the current sources" if current else "missing or older than its sources"
        print(f"{LIBRARY.name}: {state}")
        return 0 if current else 1
    try:
        cc = build()
    except RuntimeError as exc:
        print(f"build_sink: {exc}; video frames will go through Python", file=sys.stderr)
        return 1
    print(f"build_sink: {LIBRARY} built with {cc}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
