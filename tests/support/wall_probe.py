"""The wall client on the current display, reporting its windows as JSON lines, for tests on a real X server.

    DISPLAY=:N python -m tests.support.wall_probe --server ws://127.0.0.1:PORT/ws --token T --wall main

`iocwall wall` runs the same WallApp; this adds what only the process itself can see: where Qt put
each window, whether the X server exposed it, which monitors are reported missing, which alerts the
windows show. A line is printed whenever that changes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from typing import Any

import qasync
from PySide6.QtCore import QRect, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from wall_client.ui.app import WallApp, WallOptions
from wall_client.ui.tiles.alerts import AlertsTile


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
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--wall", default="main")
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")  # as `iocwall` does
    app = QApplication.instance() or QApplication(sys.argv[:1])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    wall = WallApp(WallOptions(args.server, args.token, args.wall, seconds=args.seconds))
    last: list[str] = []

    def report() -> None:
        line = json.dumps(state(wall), ensure_ascii=False)
        if [line] != last:
            last[:] = [line]
            print(line, flush=True)

    timer = QTimer()
    timer.timeout.connect(report)
    timer.start(100)
    with loop:
        loop.run_until_complete(wall.run())
    sys.stdout.flush()
    os._exit(0)  # as `iocwall` does (wall_client/launch.py `_exit_now`): libVLC does not survive Python's teardown


if __name__ == "__main__":
    main()
