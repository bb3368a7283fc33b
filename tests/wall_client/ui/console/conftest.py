"""The console against a real server, on a qasync loop shared by Qt and the test's own WebSocket clients."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator

import httpx
import pytest
import qasync
from PySide6.QtCore import QSettings

from tests.support.console import CAMERAS, wait_until
from tests.support.server_process import ServerProcess
from wall_client.ui.console.app import ConsoleApp, ConsoleOptions


@pytest.fixture(autouse=True)
def console_settings_in(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Consoles keep their settings (the alarm's volume and mute) in a folder of the test's, not the home's."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path_factory.mktemp("console-settings")))


@pytest.fixture(scope="module")
def console_server(live_server: tuple[ServerProcess, dict[str, str]]) -> tuple[ServerProcess, dict[str, str]]:
    """The module's server with four cameras in three districts (their URLs lead nowhere: no video needed)."""
    server, tokens = live_server
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    for camera in CAMERAS:
        httpx.put(f"{server.http}/api/v1/cameras/{camera['id']}", headers=admin,
                  json={**camera, "main_url": f"http://127.0.0.1:9/{camera['id']}.ts"}).raise_for_status()
    return server, tokens


@pytest.fixture
def open_console(qt_loop: qasync.QEventLoop) -> Iterator[Callable[[str, str], Awaitable[ConsoleApp]]]:
    """Start a console (window shown, feed following the server); stopped at the end of the test."""
    started: list[tuple[ConsoleApp, asyncio.Task[None]]] = []

    async def start(server_ws: str, token: str) -> ConsoleApp:
        app = ConsoleApp(ConsoleOptions(server_ws, token))
        app.window.resize(1600, 960)
        app.window.show()
        started.append((app, asyncio.create_task(app.feed.follow())))
        await wait_until(lambda: app.store.loaded and app.welcome is not None, what="the console's snapshot")
        return app

    yield start
    for app, task in started:
        # Let answers still on their way arrive (a result follows its delta), so no command task is left pending.
        qt_loop.run_until_complete(asyncio.wait_for(app.actions.wait_idle(), 10))
        task.cancel()
        qt_loop.run_until_complete(asyncio.gather(task, return_exceptions=True))
        app.window.preview.release()
        app.window.close()
        app.window.deleteLater()


