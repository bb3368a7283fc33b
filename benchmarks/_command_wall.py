"""The wall in the command-latency benchmark: the real wall app, offscreen, telling when one tile changed.

    python -m benchmarks._command_wall --ws ws://127.0.0.1:PORT/ws --token TOKEN [--wall main] [--tile video-1]

It runs `wall_client.ui.app.run_wall` unchanged and watches one video tile. It prints JSON lines:
`{"event": "model", "camera": C, "t": T}` when the tile took camera C (the store applied the wall
delta and the tile restarted its player: both happen in the same GUI-thread call), and
`{"event": "painted", "camera": C, "t": T}` when the first frame of C was painted. T is
`time.monotonic()`, the system-wide clock the orchestrator reads too.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks.*` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._video_proc import emit


def watch_tile(tile_id: str) -> None:
    """Wrap VideoTile's restart and paint so that the watched tile reports its switches."""
    from wall_client.ui.video.video_tile import VideoTile

    restart, paint = VideoTile._restart, VideoTile.paint_video
    waiting: dict[int, str] = {}  # id(tile) -> camera whose first frame is awaited

    def watched_restart(tile: VideoTile, switching: bool = False) -> None:
        restart(tile, switching)
        if tile.view.tile.id == tile_id and tile.camera is not None:
            waiting[id(tile)] = tile.camera
            emit("model", camera=tile.camera, t=time.monotonic())

    def watched_paint(tile: VideoTile, painter: Any, rect: Any) -> None:
        paint(tile, painter, rect)
        camera = waiting.get(id(tile))
        last = tile.frames.last_frame_at
        if camera is not None and camera == tile.camera and last is not None and last > tile.started_at:
            del waiting[id(tile)]
            emit("painted", camera=camera, t=time.monotonic())

    VideoTile._restart = watched_restart  # type: ignore[method-assign,assignment]
    VideoTile.paint_video = watched_paint  # type: ignore[method-assign,assignment]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ws", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--wall", default="main")
    parser.add_argument("--tile", default="video-1")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from wall_client.ui.app import WallOptions, run_wall

    watch_tile(args.tile)
    return run_wall(WallOptions(args.ws, args.token, args.wall))


if __name__ == "__main__":
    raise SystemExit(main())
