"""The wall client on the current display, reporting its windows as JSON lines, for tests on a real X server.

    DISPLAY=:N python -m tests.support.wall_probe --server ws://127.0.0.1:PORT/ws --token T --wall main

`iocwall wall` runs the same WallApp; this adds what only the process itself can see: where Qt put
each window, whether the X server exposed it, which monitors are reported missing, which alerts the
windows show, how many frames its spanned videos decoded. A line is printed whenever that changes.

With `--shots DIR`, once every spanned video has shown `--shots-after-frames` frames, each screen is read
back from the X server (what the monitor shows, not what Qt meant to draw) into DIR/screen-N.png.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import qasync
from PySide6.QtCore import QRect, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from wall_client.ui.app import WallApp, WallOptions
from wall_client.ui.tiles.alerts import AlertsTile
from wall_client.ui.video.span_video import SpanVideos


def _rect(rect: QRect) -> list[int]:
    return [rect.x(), rect.y(), rect.width(), rect.height()]


def state(wall: WallApp) -> dict[str, Any]:
    windows = []
    for window in wall.windows:
        handle = window.windowHandle()
        windows.append({
            "monitor": window.monitor,
            "visible": window.isVisible(),
            "exposed": handle is not None and handle.isExposed(),
            "rect": _rect(window.geometry()),
            "screen": window.screen().name(),
            "alerts": [a.title for t in window.tiles.values() if isinstance(t, AlertsTile) for a in t.visible_alerts()],
        })
    return {
        "platform": QGuiApplication.platformName(),
        "screens": [[s.name(), *_rect(s.geometry())] for s in QGuiApplication.screens()],
        "windows": windows,
        "missing": wall.missing_monitors,
        "connected": wall.store.connected,
        "span_decoders": [d.frames.frames for d in SpanVideos.of(wall.context).playing()],
    }


def grab_screens(folder: Path) -> list[str]:
    """Each screen as the X server has it, in QGuiApplication.screens() order."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number, screen in enumerate(QGuiApplication.screens()):
        path = folder / f"screen-{number}.png"
        screen.grabWindow(0).save(str(path))
        written.append(str(path))
    return written


def wall_arguments(seconds: float) -> argparse.ArgumentParser:
    """The options every probe of the wall client takes: which server, token and wall, and for how long."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--wall", default="main")
    parser.add_argument("--seconds", type=float, default=seconds)
    return parser


def main() -> None:
    parser = wall_arguments(seconds=60.0)
    parser.add_argument("--shots", type=Path, help="folder for the screens' pictures (see the docstring)")
    parser.add_argument("--shots-after-frames", type=int, default=25)
    args = parser.parse_args()
    last: list[str] = []
    shots: list[str] = []

    def report(wall: WallApp) -> None:
        now = state(wall)
        decoded = now["span_decoders"]
        if args.shots and not shots and decoded and min(decoded) >= args.shots_after_frames:
            shots.extend(grab_screens(args.shots))
        now["shots"] = shots
        line = json.dumps(now, ensure_ascii=False)
        if [line] != last:
            last[:] = [line]
            print(line, flush=True)

    run_reporting(WallOptions(args.server, args.token, args.wall, seconds=args.seconds), report, every_ms=100)


def run_reporting(options: WallOptions, report: Callable[[WallApp], None], every_ms: int) -> None:
    """Run the wall client, calling `report(wall)` on its GUI thread every `every_ms`, then end the process."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")  # as `iocwall` does
    app = QApplication.instance() or QApplication(sys.argv[:1])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    wall = WallApp(options)
    timer = QTimer()
    timer.timeout.connect(lambda: report(wall))
    timer.start(every_ms)
    with loop:
        loop.run_until_complete(wall.run())
    sys.stdout.flush()
    os._exit(0)  # as `iocwall` does (wall_client/launch.py `_exit_now`): libVLC does not survive Python's teardown


if __name__ == "__main__":
    main()
