"""The console's own player against a real server and a relayed clip camera: tile snapshots, drops on the preview."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QWidget

from server.demo.camera_sim import ClipServer
from server.demo.clips import ensure_clip
from tests.support.console import reset_monitor, shot, wait_until
from tests.support.pixels import bright_share, lightness_spread
from tests.support.server_process import ServerProcess
from tests.wall_client.ui.console.test_walls_panel_live import _action


@pytest.fixture
def clip_camera(console_server: tuple[ServerProcess, dict[str, str]], tmp_path: Path) -> Iterator[str]:
    """A relayed clip camera (so it has a picture) shown in tile video-2 of main/1."""
    server, tokens = console_server
    reset_monitor(server, tokens["operator"])
    clip = ensure_clip(tmp_path, "snap", title="Chợ Kỳ Lừa", width=640, height=360, seconds=3, scene="traffic")
    camera = ClipServer().add("snap", clip).start()
    with httpx.Client(base_url=server.http, timeout=10) as http:
        http.put("/api/v1/cameras/ky-lua", headers={"Authorization": f"Bearer {tokens['admin']}"}, json={
            "id": "ky-lua", "name": "Chợ Kỳ Lừa", "area": "Thành phố Lạng Sơn", "main_url": camera.url("snap")},
        ).raise_for_status()
        http.put("/api/v1/walls/main/monitors/1/tiles/video-2", headers={"Authorization": f"Bearer {tokens['operator']}"},
                 json={"source": {"kind": "camera", "camera": "ky-lua"}}).raise_for_status()
    yield "ky-lua"
    camera.stop()


def test_screenshot_from_the_tile_menu_saves_a_png_of_the_camera_and_says_where(console_server, clip_camera, qt_loop,
                                                                              open_console, tmp_path):
    """'Chụp ảnh' on a camera tile: the preview plays that camera, its first frame is saved as a PNG in the folder
    given, the status bar names the file, and the picture is the scene (not black); an empty tile offers none."""
    server, tokens = console_server
    folder = tmp_path / "shots"

    async def scenario() -> None:
        app = await open_console(server.ws, tokens["viewer"])  # a snapshot changes no wall: viewers may take one
        app.window.screenshot_dir = folder
        mini = app.window.walls.miniature("main", 1)
        await wait_until(lambda: mini.miniature is not None and mini.miniature.tile("video-2").shows == "Chợ Kỳ Lừa",
                         what="the clip camera in its tile")
        assert not _action(mini.build_menu("video-3"), "Chụp ảnh").isEnabled(), "an empty tile has no camera"
        saved: list[str] = []
        app.window.screenshots.saved.connect(saved.append)
        _action(mini.build_menu("video-2"), "Chụp ảnh").trigger()
        await wait_until(lambda: bool(saved), timeout=20, what="the snapshot to be saved")
        path = Path(saved[0])
        assert path.parent == folder and path.name.startswith("ky-lua-") and path.suffix == ".png"
        message = app.window.statusBar().currentMessage()
        assert message.startswith("Đã chụp ảnh camera «Chợ Kỳ Lừa»") and str(path) in message, message
        image = QImage(str(path))
        assert not image.isNull() and (image.width(), image.height()) == (640, 360)
        assert bright_share(image) > 0.2 and lightness_spread(image) > 20, "the PNG shows the scene, not a blank"
        assert app.window.preview.camera == clip_camera
        shot(app, "e-snapshot")

    qt_loop.run_until_complete(scenario())


def test_dropping_a_camera_on_the_local_preview_plays_it_there(console_server, clip_camera, qt_loop, open_console):
    """A camera dragged from the tree onto the preview plays there (its picture arrives); other data is refused."""
    server, tokens = console_server

    async def scenario() -> None:
        app = await open_console(server.ws, tokens["viewer"])
        preview, tree = app.window.preview, app.window.cameras
        await wait_until(lambda: clip_camera in app.store.cameras, what="the clip camera in the console's store")
        tree.select([clip_camera])
        preview.show_camera("phai-ve")  # something else first: the drop must switch it
        plain = QMimeData()
        plain.setText("ky-lua")
        assert not _drop_on(preview, plain).isAccepted(), "only the tree's camera payload is taken"
        assert preview.camera == "phai-ve"
        drop = _drop_on(preview, tree.tree.mimeData(tree.tree.selectedItems()))
        assert drop.isAccepted() and preview.camera == clip_camera
        await wait_until(lambda: preview.own_frame() is not None, timeout=20, what="the dropped camera's picture")
        await wait_until(lambda: bright_share(preview.grab().toImage()) > 0.2, timeout=5, what="the preview painted")
        shot(app, "f-preview-drop")

    qt_loop.run_until_complete(scenario())


def _drop_on(widget: QWidget, mime: QMimeData) -> QDropEvent:
    """Drag enter and drop at the widget's centre, as Qt delivers them during a real drag."""
    point = QPointF(widget.rect().center())
    action, button, modifiers = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(widget, QDragEnterEvent(point.toPoint(), action, mime, button, modifiers))
    drop = QDropEvent(point, action, mime, button, modifiers)
    QApplication.sendEvent(widget, drop)
    return drop
