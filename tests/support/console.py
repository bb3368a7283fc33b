"""Helpers of the console's tests: a known wall, waiting on the shared Qt/asyncio loop, screenshots."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from tests.support.server_process import ServerProcess
from tests.support.shots import shots_dir

if TYPE_CHECKING:
    from wall_client.ui.app import WallApp
    from wall_client.ui.console.app import ConsoleApp

SHOTS = shots_dir("console")
CAMERAS = [
    {"id": "phai-ve", "name": "Nút giao Phai Vệ", "area": "Thành phố Lạng Sơn"},
    {"id": "huu-nghi", "name": "Cửa khẩu Hữu Nghị", "area": "Cao Lộc"},
    {"id": "dong-dang", "name": "Ga Đồng Đăng", "area": "Cao Lộc"},
    {"id": "na-sam", "name": "Thị trấn Na Sầm", "area": "Văn Lãng"},
]


def reset_monitor(server: ServerProcess, token: str, monitor: int = 1, layout: str = "cameras-3x3") -> None:
    """Set a monitor's layout again, which empties its tiles: each test starts from a known wall."""
    httpx.put(f"{server.http}/api/v1/walls/main/monitors/{monitor}/layout",
              headers={"Authorization": f"Bearer {token}"}, json={"layout": layout}).raise_for_status()


async def wait_until(predicate: Callable[[], bool], timeout: float = 10.0, what: str = "") -> None:
    """Poll while the loop runs Qt and the sockets (a sleep hands the loop back to Qt's events)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what or predicate}")
        await asyncio.sleep(0.05)


def shot(app: ConsoleApp, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    app.window.grab().save(str(path))
    return path


@asynccontextmanager
async def running_wall(server_ws: str, token: str, wall: str) -> AsyncIterator[WallApp]:
    """A real wall client of `wall` following the server on the test's loop; its windows closed at the end."""
    from wall_client.ui.app import WallApp, WallOptions

    app = WallApp(WallOptions(server_ws, token, wall))
    feed = asyncio.create_task(app.feed.follow())
    try:
        yield app
    finally:
        feed.cancel()
        await asyncio.gather(feed, return_exceptions=True)
        for window in app.windows:
            window.release()
            window.close()
