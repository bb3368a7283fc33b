"""The layout editor against a real server: an admin's save reaches other clients; others are refused."""

from __future__ import annotations

import asyncio

import httpx
from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDoubleSpinBox, QListWidget

from tests.support.console import running_wall, wait_until
from tests.support.layout_editor import drag, mouse, shot
from tests.support.shots import shots_dir
from tests.support.ws_client import WallClient
from wall_client.ui.console.editor.editor_window import LayoutEditor
from wall_client.ui.console.editor.grid import summary
from wall_client.ui.video.video_tile import VideoTile
from wall_protocol.entities import Layout, TileKind
from wall_protocol.tiles import references

SHOTS = shots_dir("screens")


def _editor(app) -> LayoutEditor:
    """Open the editor as a user does: Ctrl+E in the console's window."""
    app.window.activateWindow()
    QTest.keyClick(app.window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    editor = app.window.layout_editor
    assert editor is not None and editor.isVisible()
    editor.resize(1400, 860)
    QApplication.processEvents()
    return editor


def _get(server, token: str, layout_id: str) -> httpx.Response:
    return httpx.get(f"{server.http}/api/v1/layouts/{layout_id}", headers={"Authorization": f"Bearer {token}"})


def _define_series(server, token: str, *keys: str) -> None:
    """A saved layout may only name series the server has (the feeds have not sent any here)."""
    for key in keys:
        response = httpx.put(f"{server.http}/api/v1/metrics/series/{key}", json={"name": key},
                             headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.text


def _series_named_by(layout: Layout) -> list[str]:
    return [name for tile in layout.tiles for _, kind, name in references(tile) if kind == "series"]


def test_an_admins_save_reaches_a_second_client_and_the_rest_api(console_server, qt_loop, open_console):
    """Draw a layout, press Save: a second WebSocket client gets it as a layout delta, and GET returns it."""
    server, tokens = console_server

    async def scenario() -> None:
        _define_series(server, tokens["admin"], "grdp-growth")
        other = WallClient(server.ws, tokens["viewer"])
        await other.connect()
        app = await open_console(server.ws, tokens["admin"])
        editor = _editor(app)
        assert not editor.role_note.isVisible(), "an admin is not warned that saving will be refused"
        editor.new_layout()
        editor.id_edit.setText("giao-ban-thu-hai")
        editor.id_edit.editingFinished.emit()
        editor.name_edit.setText("Giao ban sáng thứ Hai")
        editor.name_edit.editingFinished.emit()
        grid = editor.grid
        drag(grid, grid.cell_centre(0, 0), grid.cell_centre(1, 1))
        editor.form.kind_combo.setCurrentIndex(editor.form.kind_combo.findData(TileKind.KPI.value))
        editor.draft.set_props("video-1", {"series": "grdp-growth", "thresholds": {"warn": 7, "alarm": 6}})
        editor.draft.set_title("video-1", "Tăng trưởng GRDP")
        expected = editor.draft.validate()
        assert isinstance(expected, Layout)
        editor.save_button.click()
        delta = await other.wait_for_delta(lambda d: d.kind == "layout" and d.layout_id == "giao-ban-thu-hai",
                                           timeout=5)
        assert delta.layout == expected
        assert Layout.model_validate(_get(server, tokens["viewer"], "giao-ban-thu-hai").json()) == expected
        await wait_until(lambda: "Đã thực hiện: lưu bố cục «Giao ban sáng thứ Hai»" in editor.message.text(),
                         what="the outcome shown in the editor")
        await wait_until(lambda: editor.layout_combo.findData("giao-ban-thu-hai") >= 0,
                         what="the saved layout offered for opening (it came back through the feed)")
        await wait_until(lambda: editor.windowTitle().endswith("đã lưu"), what="the title to say it is saved")
        shot(editor, "f-saved-by-admin")
        shot(app.window, "i-console-with-the-editor-entry")
        await other.close()

    qt_loop.run_until_complete(scenario())


def test_operator_and_viewer_saves_are_refused_with_the_servers_reason(console_server, qt_loop, open_console):
    """An operator's and a viewer's Save are refused by the server; the editor shows why; nothing is stored."""
    server, tokens = console_server

    async def scenario() -> None:
        for role in ("operator", "viewer"):
            app = await open_console(server.ws, tokens[role])
            editor = _editor(app)
            assert editor.role_note.isVisible() and role in editor.role_note.text()
            editor.draft.set_id(f"thu-cua-{role}")
            task = editor.save()
            assert task is not None
            await task
            text = editor.message.text()
            assert text.startswith("Máy chủ từ chối lưu bố cục") and "needs role admin" in text, text
            assert f"role {role}" in text, "the reason names the token's role"
            assert _get(server, tokens["admin"], f"thu-cua-{role}").status_code == 404
            shot(editor, f"g-refused-{role}")

    qt_loop.run_until_complete(scenario())


def test_a_layout_naming_an_unknown_series_is_refused_with_the_closest_names(console_server, qt_loop, open_console):
    """A misspelt series key is refused by the server, naming layout, tile, field and the series that exist."""
    server, tokens = console_server

    async def scenario() -> None:
        _define_series(server, tokens["admin"], "grdp-growth", "budget-revenue")
        app = await open_console(server.ws, tokens["admin"])
        editor = _editor(app)
        editor.new_layout()
        editor.draft.set_id("sai-chuoi")
        editor.draft.set_kind("video-1", TileKind.KPI)
        editor.draft.set_props("video-1", {"series": "grdp-grwth"})
        task = editor.save()
        assert task is not None
        await task
        text = editor.message.text()
        assert ("layout 'sai-chuoi', tile 'video-1', props.series: no series 'grdp-grwth'; closest: grdp-growth"
                in text), text
        assert _get(server, tokens["admin"], "sai-chuoi").status_code == 404
        shot(editor, "g-refused-unknown-series")

    qt_loop.run_until_complete(scenario())


def test_open_a_stored_layout_edit_it_and_save_it_as_a_new_id(console_server, qt_loop, open_console):
    """Open the built-in ioc-overview, split its video tile, save as a new id: the original is untouched,
    and a second 'save as' onto an existing id is refused (nothing is overwritten)."""
    server, tokens = console_server

    async def scenario() -> None:
        app = await open_console(server.ws, tokens["admin"])
        editor = _editor(app)
        original = Layout.model_validate(_get(server, tokens["admin"], "ioc-overview").json())
        _define_series(server, tokens["admin"], *_series_named_by(original))
        editor.layout_combo.setCurrentIndex(editor.layout_combo.findData("ioc-overview"))
        editor.open_button.click()
        assert editor.draft.validate() == original and editor.windowTitle().endswith("đã lưu")
        grid = editor.grid
        mouse(grid, QEvent.Type.MouseButtonPress, grid.cell_centre(1, 1), Qt.MouseButton.LeftButton)
        mouse(grid, QEvent.Type.MouseButtonRelease, grid.cell_centre(1, 1), Qt.MouseButton.NoButton)
        assert editor.selected == "video-1" and editor.split_button.isEnabled()
        editor.split_button.click()
        assert len(editor.draft.tiles) == len(original.tiles) + 3
        assert editor.windowTitle().endswith("chưa lưu lên máy chủ")
        await editor.save_as("ioc-overview-tach")
        await wait_until(lambda: "ioc-overview-tach" in app.store.layouts, what="the new layout in the store")
        assert len(app.store.layouts["ioc-overview-tach"].tiles) == len(original.tiles) + 3
        assert editor.draft.state.id == "ioc-overview-tach"
        assert Layout.model_validate(_get(server, tokens["admin"], "ioc-overview").json()) == original
        await editor.save_as("ioc-overview")
        assert "Máy chủ từ chối" in editor.message.text(), editor.message.text()
        assert editor.draft.state.id == "ioc-overview-tach", "a refused 'save as' leaves the draft's id alone"
        assert Layout.model_validate(_get(server, tokens["admin"], "ioc-overview").json()) == original
        shot(editor, "h-save-as-refused")

    qt_loop.run_until_complete(scenario())


def test_a_tour_picked_in_the_editor_is_saved_and_a_wall_given_the_layout_rotates_its_cameras(
        console_server, qt_loop, open_console):
    """In the form, tick three cameras for a video tile's tour and set 2 s per camera; save. Put on a live wall's
    monitor, the layout's tile tours at once: a real wall client shows the three cameras in turn."""
    server, tokens = console_server
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    httpx.put(f"{server.http}/api/v1/walls/tour-wall", headers=admin, json={
        "name": "tour-wall", "title": "Tường tuần tra", "monitors": [{"index": 0, "layout": "cameras-2x2"}]},
    ).raise_for_status()
    tour = ["huu-nghi", "na-sam", "dong-dang"]

    async def scenario() -> None:
        app = await open_console(server.ws, tokens["admin"])
        editor = _editor(app)
        editor.new_layout()
        editor.id_edit.setText("tuan-tra-bien-gioi")
        editor.id_edit.editingFinished.emit()
        editor.name_edit.setText("Tuần tra biên giới")
        editor.name_edit.editingFinished.emit()
        mouse(editor.grid, QEvent.Type.MouseButtonPress, editor.grid.cell_centre(0, 0), Qt.MouseButton.LeftButton)
        mouse(editor.grid, QEvent.Type.MouseButtonRelease, editor.grid.cell_centre(0, 0), Qt.MouseButton.NoButton)
        assert editor.selected == "video-1"
        listing = editor.form.field_widgets["tour"]
        assert isinstance(listing, QListWidget)
        items = {listing.item(i).data(Qt.ItemDataRole.UserRole): listing.item(i) for i in range(listing.count())}
        assert set(items) == {"phai-ve", "huu-nghi", "dong-dang", "na-sam"}, "the server's cameras are offered"
        for camera in tour:  # ticked in this order: the tour's order
            items[camera].setCheckState(Qt.CheckState.Checked)
        dwell = editor.form.field_widgets["tour_dwell_s"]
        assert isinstance(dwell, QDoubleSpinBox) and (dwell.minimum(), dwell.maximum(), dwell.value()) == (2, 3600, 10)
        dwell.setValue(2)
        assert editor.draft.tile("video-1").props == {"tour": tour, "tour_dwell_s": 2.0}
        assert summary(editor.draft.tile("video-1"), app.store) == "Tuần tra 3 camera · 2 giây", "the grid says so"
        shot(editor, "j-tour-in-the-form")
        editor.save_button.click()
        await wait_until(lambda: "tuan-tra-bien-gioi" in app.store.layouts, what="the saved layout in the store")
        saved = Layout.model_validate(_get(server, tokens["viewer"], "tuan-tra-bien-gioi").json())
        assert saved.tile("video-1").props.tour == tuple(tour)  # type: ignore[union-attr]

        async with running_wall(server.ws, tokens["viewer"], "tour-wall") as wall:
            await wait_until(lambda: bool(wall.windows), what="the wall client's window")
            async with httpx.AsyncClient(base_url=server.http, timeout=10) as http:
                (await http.put("/api/v1/walls/tour-wall/monitors/0/layout", headers=admin,
                                json={"layout": "tuan-tra-bien-gioi"})).raise_for_status()
            await wait_until(lambda: wall.windows[0].layout_shown is not None
                             and wall.windows[0].layout_shown.id == "tuan-tra-bien-gioi", what="the layout on the wall")
            tile = wall.windows[0].tiles["video-1"]
            assert isinstance(tile, VideoTile)
            shown: list[str] = []
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 12  # three 2 s steps, on the window's 1 s tick
            while len(shown) < 4 and loop.time() < deadline:
                if tile.camera and (not shown or shown[-1] != tile.camera):
                    shown.append(tile.camera)
                await asyncio.sleep(0.1)
            assert shown == [*tour, tour[0]], f"the tile showed {shown}"
            SHOTS.mkdir(parents=True, exist_ok=True)
            wall.windows[0].grab().save(str(SHOTS / "sound-wall-touring.png"))
            mini = app.window.walls.miniature("tour-wall", 0)
            await wait_until(lambda: mini.miniature is not None and mini.miniature.layout_name == "Tuần tra biên giới",
                             what="the console's miniature")
            app.window.walls.grab().save(str(SHOTS / "sound-console-touring.png"))

    qt_loop.run_until_complete(scenario())
