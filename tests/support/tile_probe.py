"""The wall client (offscreen), reporting what each video tile shows as JSON lines, for fault tests.

    QT_QPA_PLATFORM=offscreen python -m tests.support.tile_probe --server ws://127.0.0.1:PORT/ws --token T

Runs the same WallApp as `iocwall wall`, in a process of its own so that a test can count its threads
and file descriptors apart from the cameras'. Every `--every` seconds it prints one line:
`{"t": MONOTONIC, "tiles": [{"camera", "shown", "cut", "frames", "code", "age", "saving"}, ...]}` where
`shown` is the badge as last painted (`cut`: too long for the tile even in its smallest letters), `frames`
the frames the player has delivered, `code` the frame number burned into the picture shown (the clips'
code; null if unreadable) and `age` the seconds since the newest frame of the camera shown (null before
its first). CLOCK_MONOTONIC is the machine's, so `t` compares with the test's own time.monotonic().

A line `shot PATH` on stdin saves the wall's first window there and answers `{"shot": PATH}`.
"""

from __future__ import annotations

import json
import queue
import sys
import threading
import time
from typing import Any

import numpy as np

from server.demo.clips import read_frame_code
from tests.support.wall_probe import run_reporting, wall_arguments
from wall_client.ui.app import WallApp, WallOptions
from wall_client.ui.video.video_tile import VideoTile


def frame_code(tile: VideoTile) -> int | None:
    """The frame number burned into the picture the tile shows (server/demo/clips.py), None if unreadable."""
    image = tile.own_frame()
    if image is None or tile.saver.saving:
        return None
    # RV32 frames are libVLC's buffer, which may hold rows below the picture; converted (I420) frames are the whole
    # picture at the painted size, which may be larger than the picture's own.
    width, height = (None if tile.frames.converts else tile.frames.picture_size()) or (image.width(), image.height())
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)
    return read_frame_code(pixels[:height, :width, :3])


def tiles(wall: WallApp) -> list[dict[str, Any]]:
    now = time.monotonic()
    shown = []
    for window in wall.windows:
        for tile in window.tiles.values():
            if not isinstance(tile, VideoTile):
                continue
            last = tile.own_frame_at()
            shown.append({"camera": tile.camera, "shown": tile.shown_status, "cut": tile.status_cut, "frames": tile.frames.frames, "code": frame_code(tile),
                          "age": None if last is None else round(now - last, 3), "saving": tile.saver.saving})
    return shown


def _read_commands(commands: queue.Queue[str]) -> None:
    for line in sys.stdin:
        commands.put(line.strip())


def main() -> None:
    parser = wall_arguments(seconds=300.0)
    parser.add_argument("--every", type=float, default=0.25)
    args = parser.parse_args()
    commands: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_read_commands, args=(commands,), name="probe stdin", daemon=True).start()

    def report(wall: WallApp) -> None:
        while not commands.empty():
            command, _, path = commands.get().partition(" ")
            if command == "shot" and wall.windows:
                wall.windows[0].grab().save(path)
                print(json.dumps({"shot": path}), flush=True)
        print(json.dumps({"t": time.monotonic(), "tiles": tiles(wall)}, ensure_ascii=False), flush=True)

    run_reporting(WallOptions(args.server, args.token, args.wall, seconds=args.seconds), report,
                  every_ms=int(args.every * 1000))


if __name__ == "__main__":
    main()
