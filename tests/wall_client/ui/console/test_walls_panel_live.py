"""The walls panel against a real server: drops, right-click commands, keyboard, and a viewer's refusal."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from tests.support.console import SHOTS, reset_monitor, running_wall, shot, wait_until
from tests.support.pixels import colour_share
from tests.support.ws_client import WallClient
from wall_client.ui import theme
from wall_client.ui.app import WallApp
from wall_client.ui.console.miniature import MonitorMiniatureWidget
from wall_client.ui.video.video_tile import VideoTile
from wall_protocol.entities import CameraSource, TileState, WallState
from wall_protocol.messages import Delta


def _tile(wall: WallState, monitor: int, tile: str) -> TileState | None:
    current = next(m for m in wall.monitors if m.index == monitor)
    return next((t for t in current.tiles if t.tile == tile), None)


def _shows_camera(camera: str, monitor: int = 1, tile: str = "video-1"):
    def check(delta: Delta) -> bool:
        if delta.kind != "wall":
            return False
        state = _tile(delta.wall, monitor, tile)
        return state is not None and isinstance(state.source, CameraSource) and state.source.camera == camera
    return check


def _drop(mini: MonitorMiniatureWidget, tile: str, mime) -> QDropEvent:
    """Drag enter, move and drop over a tile's centre, as Qt delivers them during a real drag."""
    point = QPointF(mini.tile_centre(tile))
    move_actions = Qt.DropAction.CopyAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(mini, QDragEnterEvent(point.toPoint(), move_actions, mime, buttons, modifiers))
    QApplication.sendEvent(mini, QDragMoveEvent(point.toPoint(), move_actions, mime, buttons, modifiers))
    drop = QDropEvent(point, move_actions, mime, buttons, modifiers)
    QApplication.sendEvent(mini, drop)
    return drop


def _tile_region(mini: MonitorMiniatureWidget, tile: str):
    r = mini.rects()[tile]
    return mini.grab().toImage().copy(r.x, r.y, r.width, r.height)


def _action(menu: QMenu, starts: str):
    for action in menu.actions():
        if action.text().startswith(starts):
            return action
        if action.menu() is not None:
            found = _action(action.menu(), starts)
            if found is not None:
                return found
    raise AssertionError(f"no menu entry {starts!r} in {[a.text() for a in menu.actions()]}")


def _name_strip(tile: VideoTile):
    """The top left of a wall tile, where its overlay writes the camera's name (the clock is on the right)."""
    return tile.grab().toImage().copy(0, 0, tile.width() // 2, max(16, tile.height() // 14) + 12)


def test_dropping_a_camera_on_a_miniature_tile_reaches_the_wall_and_then_shows_its_name(console_server, qt_loop,
                                                                                     open_console):
    """Drop from the tree → an independent wall client gets the camera in that tile, the real wall client shows it
    (its model and its pixels); the miniature follows the delta."""
    server, tokens = console_server
    reset_monitor(server, tokens["operator"])

    async def scenario() -> None:
        wall_pc = WallClient(server.ws, tokens["viewer"], wall="main")
        await wall_pc.connect()
        async with running_wall(server.ws, tokens["viewer"], "main") as wall:
            await wait_until(lambda: any(w.monitor == 1 for w in wall.windows), what="the wall's monitor 1")
            await _drop_scenario(wall_pc, wall)

    async def _drop_scenario(wall_pc: WallClient, wall: WallApp) -> None:
        window = next(w for w in wall.windows if w.monitor == 1)
        on_wall = window.tiles["video-1"]
        assert isinstance(on_wall, VideoTile) and on_wall.camera is None
        wall_before = _name_strip(on_wall)
        app = await open_console(server.ws, tokens["operator"])
        mini = app.window.walls.miniature("main", 1)
        before = _tile_region(mini, "video-1")
        assert mini.miniature.tile("video-1").shows == ""
        tree = app.window.cameras
        tree.select(["huu-nghi"])
        mime = tree.tree.mimeData(tree.tree.selectedItems())  # the tree's own drag payload
        drop = _drop(mini, "video-1", mime)
        assert drop.isAccepted()
        assert mini.miniature.tile("video-1").shows == "", "no optimistic edit: the server's delta decides"
        await wall_pc.wait_for_delta(_shows_camera("huu-nghi"), timeout=5)
        await wait_until(lambda: mini.miniature.tile("video-1").shows == "Cửa khẩu Hữu Nghị", timeout=1,
                         what="the miniature to show the camera within a second of the delta")
        await wait_until(lambda: on_wall.camera == "huu-nghi", timeout=1, what="the wall client's tile to take it")
        on_wall.update()
        assert colour_share(wall_before, theme.TEXT, tolerance=40) < 0.002
        assert colour_share(_name_strip(on_wall), theme.TEXT, tolerance=40) > 0.01, "the wall writes the name"
        SHOTS.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(SHOTS / "a-wall-after-drop.png"))
        after = _tile_region(mini, "video-1")
        # Empty: a grey placeholder; set: the camera's name in the bright text colour.
        assert colour_share(before, theme.TEXT, tolerance=60) < 0.002
        assert colour_share(after, theme.TEXT, tolerance=60) > 0.01
        assert "đưa camera «Cửa khẩu Hữu Nghị» lên ô video-1" in app.window.statusBar().currentMessage()
        shot(app, "a-after-drop")
        await wall_pc.close()

    qt_loop.run_until_complete(scenario())


def test_right_click_pin_clear_and_layout_reach_the_server(console_server, qt_loop, open_console):
    """The tile menu pins a tile, clears it and changes the monitor's layout; each arrives as a wall delta."""
    server, tokens = console_server
    reset_monitor(server, tokens["operator"])

    async def scenario() -> None:
        wall_pc = WallClient(server.ws, tokens["viewer"], wall="main")
        await wall_pc.connect()
        app = await open_console(server.ws, tokens["operator"])
        mini = app.window.walls.miniature("main", 1)
        app.window.cameras.select(["dong-dang"])
        _action(mini.build_menu("video-5"), "Đặt camera đang chọn").trigger()
        await wall_pc.wait_for_delta(_shows_camera("dong-dang", tile="video-5"), timeout=5)
        await wait_until(lambda: mini.miniature.tile("video-5").source is not None, timeout=2)

        _action(mini.build_menu("video-5"), "Ghim ô").trigger()
        pinned = await wall_pc.wait_for_delta(
            lambda d: d.kind == "wall" and getattr(_tile(d.wall, 1, "video-5"), "pinned", False), timeout=5)
        assert _tile(pinned.wall, 1, "video-5").source == CameraSource(camera="dong-dang"), "pinning keeps the camera"
        await wait_until(lambda: mini.miniature.tile("video-5").pinned, timeout=2)
        assert colour_share(_tile_region(mini, "video-5"), theme.WARN) > 0.001, "a pinned tile shows its marker"
        shot(app, "b-pinned")

        _action(mini.build_menu("video-5"), "Xoá ô").trigger()
        await wall_pc.wait_for_delta(lambda d: d.kind == "wall" and _tile(d.wall, 1, "video-5") is None, timeout=5)
        await wait_until(lambda: mini.miniature.tile("video-5").shows == "", timeout=2)

        _action(mini.build_menu("video-1"), "Camera 2×2").trigger()
        await wall_pc.wait_for_delta(
            lambda d: d.kind == "wall" and d.wall.monitors[1].layout == "cameras-2x2", timeout=5)
        await wait_until(lambda: mini.miniature.layout_id == "cameras-2x2", timeout=2)
        assert len(mini.miniature.tiles) == 4
        assert "Camera 2×2" in app.window.walls.boxes[("main", 1)].caption.text()
        await wall_pc.close()

    qt_loop.run_until_complete(scenario())


def _maximized(delta: Delta) -> str | None:
    return next(m.maximized for m in delta.wall.monitors if m.index == 1) if delta.kind == "wall" else "-"


def test_maximize_from_the_tile_menu_reaches_the_wall_and_marks_the_miniature(console_server, qt_loop, open_console):
    """'Phóng to' maximizes the tile on the wall (a wall delta), the miniature marks it; 'Thu nhỏ' clears both."""
    server, tokens = console_server
    reset_monitor(server, tokens["operator"])

    async def scenario() -> None:
        wall_pc = WallClient(server.ws, tokens["viewer"], wall="main")
        await wall_pc.connect()
        app = await open_console(server.ws, tokens["operator"])
        mini = app.window.walls.miniature("main", 1)
        assert mini.miniature is not None and mini.miniature.maximized is None
        before = _tile_region(mini, "video-5")
        _action(mini.build_menu("video-5"), "Phóng to").trigger()
        await wall_pc.wait_for_delta(lambda d: _maximized(d) == "video-5", timeout=5)
        await wait_until(lambda: mini.miniature is not None and mini.miniature.maximized == "video-5", timeout=1,
                         what="the miniature to mark the maximized tile")
        assert colour_share(before, theme.OK, tolerance=30) < 0.001
        assert colour_share(_tile_region(mini, "video-5"), theme.OK, tolerance=30) > 0.01, "the tile shows its mark"
        assert colour_share(_tile_region(mini, "video-4"), theme.OK, tolerance=30) < 0.001
        assert "phóng to ô video-5" in app.window.statusBar().currentMessage()
        shot(app, "d-maximized")
        _action(mini.build_menu("video-5"), "Thu nhỏ").trigger()
        await wall_pc.wait_for_delta(lambda d: _maximized(d) is None, timeout=5)
        await wait_until(lambda: mini.miniature is not None and mini.miniature.maximized is None, timeout=1,
                         what="the mark to go")
        assert colour_share(_tile_region(mini, "video-5"), theme.OK, tolerance=30) < 0.001
        await wall_pc.close()

    qt_loop.run_until_complete(scenario())


def test_enter_sends_the_selected_camera_and_delete_clears_the_selected_tile(console_server, qt_loop, open_console):
    """Keyboard: click a tile, Enter puts the tree's camera in it, Delete clears it; Ctrl+F goes to the search box;
    F1 shows the shortcuts."""
    server, tokens = console_server
    reset_monitor(server, tokens["operator"])

    async def scenario() -> None:
        wall_pc = WallClient(server.ws, tokens["viewer"], wall="main")
        await wall_pc.connect()
        app = await open_console(server.ws, tokens["operator"])
        window = app.window
        window.activateWindow()
        mini = window.walls.miniature("main", 1)
        window.cameras.select(["na-sam"])
        QTest.mouseClick(mini, Qt.MouseButton.LeftButton, pos=mini.tile_centre("video-9"))
        assert app.actions.selected_tile == ("main", 1, "video-9")
        QTest.keyClick(window.cameras.tree, Qt.Key.Key_Return)
        await wall_pc.wait_for_delta(_shows_camera("na-sam", tile="video-9"), timeout=5)
        await wait_until(lambda: mini.miniature.tile("video-9").shows == "Thị trấn Na Sầm", timeout=2)
        QTest.keyClick(window.cameras.tree, Qt.Key.Key_Delete)
        await wall_pc.wait_for_delta(lambda d: d.kind == "wall" and _tile(d.wall, 1, "video-9") is None, timeout=5)
        QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        assert window.cameras.search.hasFocus()
        assert not window.help.isVisible()
        QTest.keyClick(window, Qt.Key.Key_F1)
        assert window.help.isVisible()
        shot(app, "help-overlay")
        QTest.keyClick(window, Qt.Key.Key_F1)
        assert not window.help.isVisible()
        await wall_pc.close()

    qt_loop.run_until_complete(scenario())


def test_a_viewer_cannot_edit_and_a_refused_command_says_why_and_changes_nothing(console_server, qt_loop,
                                                                                  open_console):
    """Viewer: editing entries are disabled and drops refused; a command sent anyway is refused by the server,
    the status bar gives the server's reason, and the miniature stays as it was."""
    server, tokens = console_server
    reset_monitor(server, tokens["operator"])

    async def scenario() -> None:
        app = await open_console(server.ws, tokens["viewer"])
        assert app.actions.role is not None and app.actions.role.value == "viewer"
        assert not app.actions.may_edit
        mini = app.window.walls.miniature("main", 1)
        app.window.cameras.select(["phai-ve"])
        menu = mini.build_menu("video-2")
        for entry in ("Đặt camera đang chọn", "Ghim ô", "Phóng to", "Bố cục màn hình"):
            assert not _action(menu, entry).isEnabled(), entry
        tree = app.window.cameras.tree
        drop = _drop(mini, "video-2", tree.mimeData(tree.selectedItems()))
        assert not drop.isAccepted()
        assert "Chỉ xem" in app.window.statusBar().currentMessage()
        assert "viewer" in app.window.connection_label.text()

        # As if the role were unknown (the console then relies on the server): the drop is sent, and refused.
        app.actions.set_role(None)
        before = mini.miniature
        drop = _drop(mini, "video-2", tree.mimeData(tree.selectedItems()))
        assert drop.isAccepted()
        await app.actions.wait_idle()
        message = app.window.statusBar().currentMessage()
        assert message.startswith("Máy chủ từ chối đưa camera «Nút giao Phai Vệ»"), message
        assert "set_tile needs role operator or admin" in message and "viewer" in message, message
        await asyncio.sleep(0.5)  # a (wrong) delta would have arrived by now
        assert mini.miniature == before and mini.miniature.tile("video-2").shows == ""
        bar = app.window.statusBar().grab().toImage()
        assert colour_share(bar, theme.ALARM, tolerance=60) > 0.002, "the refusal is written in the alarm colour"
        shot(app, "c-viewer-refused")

    qt_loop.run_until_complete(scenario())
