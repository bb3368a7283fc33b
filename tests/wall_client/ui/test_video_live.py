"""Video on the wall from a real relay: libVLC frames in the tile, the frozen-feed warning, and the
`iocwall screenshot` command writing PNGs of a live wall."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PySide6.QtGui import QImage

from server.demo.camera_sim import ClipServer
from server.demo.clips import ensure_clip
from tests.conftest import ROLES
from tests.support.pixels import bright_share
from tests.support.server_process import ServerProcess, create_tokens
from tests.support.ws_client import WallClient
from wall_client.model.wall_model import WallModel
from wall_client.ui.tiles.base import TileContext
from wall_client.ui.video.video_tile import VideoTile
from wall_client.ui.wall_window import WallWindow
from wall_protocol.messages import Snapshot


@pytest.fixture
def live_wall(tmp_path: Path) -> Iterator[tuple[ServerProcess, dict[str, str], ClipServer]]:
    """A server whose wall 'main' shows a 2×2 camera grid with one relayed HTTP camera in tile video-1."""
    clip = ensure_clip(tmp_path, "cam", title="Nút giao Phai Vệ", width=640, height=360, seconds=3, scene="person")
    camera = ClipServer().add("cam", clip).start()
    db_url = f"sqlite:///{tmp_path / 'wall.db'}"
    tokens = create_tokens(db_url, ROLES)
    server = ServerProcess(db_url=db_url, workdir=tmp_path).start()
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    operator = {"Authorization": f"Bearer {tokens['operator']}"}
    httpx.put(f"{server.http}/api/v1/cameras/phai-ve", headers=admin, json={
        "id": "phai-ve", "name": "Nút giao Phai Vệ", "main_url": camera.url("cam")}).raise_for_status()
    httpx.put(f"{server.http}/api/v1/walls/main", headers=admin, json={
        "name": "main", "title": "Tường chính", "monitors": [{"index": 0, "layout": "cameras-2x2"}]}).raise_for_status()
    httpx.put(f"{server.http}/api/v1/walls/main/monitors/0/layout", headers=operator,
              json={"layout": "cameras-2x2"}).raise_for_status()
    httpx.put(f"{server.http}/api/v1/walls/main/monitors/0/tiles/video-1", headers=operator,
              json={"source": {"kind": "camera", "camera": "phai-ve"}}).raise_for_status()
    yield server, tokens, camera
    server.stop()
    camera.stop()


def _snapshot(server: ServerProcess, token: str) -> Snapshot:
    async def fetch() -> Snapshot:
        client = WallClient(server.ws, token, wall="main")
        await client.connect()
        await client.close()
        return next(m for m in client.messages if isinstance(m, Snapshot))

    return asyncio.run(fetch())


def test_video_tile_shows_live_frames_then_says_when_they_stop(qtbot, live_wall):
    """The tile paints the camera's picture marked live; when the camera dies it says so within 3 s."""
    server, tokens, camera = live_wall
    store = WallModel()
    store.apply_snapshot(_snapshot(server, tokens["viewer"]))
    window = WallWindow(TileContext(store, server.http), "main", 0)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    tile = window.tiles["video-1"]
    assert isinstance(tile, VideoTile) and tile.camera == "phai-ve"
    qtbot.waitUntil(lambda: tile.frames.frames >= 25, timeout=15_000)
    text, _ = tile.status_text()
    assert "TRỰC TIẾP" in text
    picture = tile.grab().toImage()
    assert bright_share(picture) > 0.3, "the tile should show the camera's scene, not black"
    assert sorted(window.tiles) == ["video-1", "video-2", "video-3", "video-4"], sorted(window.tiles)
    empty = window.tiles["video-2"].grab().toImage()
    assert bright_share(empty) < 0.05
    camera.stop()
    stopped = time.monotonic()
    # What the wall's feed would deliver: the server's view of the stream, as a wall PC receives it.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        store.apply_snapshot(_snapshot(server, tokens["viewer"]))
        if "kết nối lại" in tile.status_text()[0]:
            break
        qtbot.wait(200)
    assert time.monotonic() - stopped < 3.5, tile.status_text()
    assert window.tiles["video-1"] is tile, "a state change must not rebuild the tile (and restart its player)"
    assert "Mất tín hiệu" in tile.status_text()[0] and "cách đây" in tile.status_text()[0]
    window.release()


def test_snapshot_command_writes_png_of_each_monitor(live_wall, tmp_path: Path):
    """`iocwall screenshot` connects like a wall PC and writes one PNG per monitor, video included."""
    server, tokens, _camera = live_wall
    out = tmp_path / "shots"
    result = subprocess.run(
        [sys.executable, "-m", "wall_client.cli", "screenshot", "--server", server.ws, "--token", tokens["viewer"],
         "--wall", "main", "--out", str(out), "--settle", "6"],
        capture_output=True, text=True, timeout=90, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    shots = sorted(out.glob("*.png"))
    assert [p.name for p in shots] == ["main-monitor-0.png"]
    image = QImage(str(shots[0]))
    assert (image.width(), image.height()) == (1920, 1080)
    top_left = image.copy(0, 0, 960, 540)
    assert bright_share(top_left) > 0.3, "tile video-1 should show the camera"
