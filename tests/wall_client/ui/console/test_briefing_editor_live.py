"""The briefing playlist editor (Ctrl+B) against a real server: made, reordered, renamed, refused, played, deleted."""

from __future__ import annotations

from typing import Any

import httpx
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from tests.support.console import reset_monitor, wait_until
from tests.support.pixels import colour_share
from tests.support.shots import shots_dir
from tests.support.ws_client import WallClient
from wall_client.ui import theme
from wall_client.ui.console.briefing_editor import BriefingEditor
from wall_protocol.entities import CameraSource
from wall_protocol.messages import Delta

SHOTS = shots_dir("screens")
STEPS = [("ed-huu-nghi", "Cửa khẩu Hữu Nghị", "huu-nghi", "cameras-2x2"),
         ("ed-dong-dang", "Ga Đồng Đăng", "dong-dang", "cameras-3x3"),
         ("ed-phai-ve", "Nút giao Phai Vệ", "phai-ve", "cameras-2x2")]


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _preset(name: str, title: str, camera: str, layout: str) -> dict[str, Any]:
    return {"name": name, "title": title, "wall": "main", "monitors": [
        {"index": 1, "layout": layout, "tiles": [{"tile": "video-1", "source": {"kind": "camera", "camera": camera}}]}]}


def _shot(widget: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"console-{name}.png"))


def _shows(camera: str, layout: str):
    def check(delta: Delta) -> bool:
        if delta.kind != "wall" or delta.wall.name != "main":
            return False
        monitor = next(m for m in delta.wall.monitors if m.index == 1)
        tile = next((t for t in monitor.tiles if t.tile == "video-1"), None)
        return monitor.layout == layout and tile is not None and isinstance(tile.source, CameraSource) \
            and tile.source.camera == camera
    return check


def _type(widget: QWidget, text: str) -> None:
    """Type `text` key by key (QTest.keyClicks cannot type Vietnamese letters: each is a key event with its text)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))


def _add(editor: BriefingEditor, preset: str) -> None:
    """Choose `preset` in the combo and click "Thêm bước", as a person does."""
    editor.preset_choice.setCurrentIndex(editor.preset_choice.findData(preset))
    QTest.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)


async def _stored(server: Any, token: str, name: str) -> httpx.Response:
    async with httpx.AsyncClient(timeout=10) as http:
        return await http.get(f"{server.http}/api/v1/briefings/{name}", headers=_auth(token))


def test_an_operator_makes_a_briefing_in_the_editor_and_the_briefing_bar_plays_it(
        console_server, qt_loop, open_console):
    """Ctrl+B opens the editor; a new briefing with three steps, one moved up, auto-advance 15 s, is saved: the
    server holds it in that order, the briefing bar offers it and Page Down applies its first step on a wall PC;
    a rename is a PUT the bar follows; a step whose preset vanished is refused by the server at that step (red
    outline, field named); a repeated step is refused before sending; deleting removes it everywhere."""
    server, tokens = console_server
    reset_monitor(server, tokens["operator"])
    with httpx.Client(base_url=server.http, timeout=10, headers=_auth(tokens["operator"])) as http:
        for name, title, camera, layout in STEPS:
            http.put(f"/api/v1/presets/{name}", json=_preset(name, title, camera, layout)).raise_for_status()
        http.put("/api/v1/presets/ed-tam", json=_preset("ed-tam", "Tạm thời", "na-sam", "cameras-2x2")
                 ).raise_for_status()

    async def scenario() -> None:
        wall_pc = WallClient(server.ws, tokens["viewer"], wall="main")
        await wall_pc.connect()
        app = await open_console(server.ws, tokens["operator"])
        window = app.window
        window.activateWindow()
        await wait_until(lambda: QApplication.activeWindow() is window, what="the console to be active")
        QTest.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
        editor = window.briefing_editor
        assert editor is not None and editor.isVisible()
        await wait_until(lambda: editor.preset_choice.findData("ed-tam") >= 0, what="the presets in the editor")

        QTest.mouseClick(editor.new_button, Qt.MouseButton.LeftButton)
        editor.title_edit.selectAll()
        _type(editor.title_edit, "Giao ban thử")
        assert editor.name_edit.text() == "giao-ban-thu"  # the name follows the title of a new briefing
        for name in ("ed-huu-nghi", "ed-phai-ve", "ed-dong-dang"):
            _add(editor, name)
        editor.step_list.setCurrentRow(2)
        QTest.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)  # Đồng Đăng before Phai Vệ
        assert editor.draft is not None and editor.draft.steps == [s[0] for s in STEPS]
        assert editor.step_list.item(1).text() == "2. Ga Đồng Đăng — main: màn 1 «Camera 3×3»"
        editor.auto_check.setChecked(True)
        editor.advance_spin.setValue(15)
        QTest.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: "giao-ban-thu" in app.store.briefings, what="the new briefing's delta")
        stored = (await _stored(server, tokens["viewer"], "giao-ban-thu")).json()
        assert stored == {"name": "giao-ban-thu", "title": "Giao ban thử", "steps": [s[0] for s in STEPS],
                          "advance_s": 15.0}
        assert editor.message.text().startswith("Đã thực hiện: lưu kịch bản «Giao ban thử»")
        assert editor.briefing_list.currentItem().text() == "Giao ban thử"
        _shot(editor, "briefing-editor-saved")

        bar = window.briefing
        await wait_until(lambda: bar.choice.findData("giao-ban-thu") >= 0, what="the briefing bar to offer it")
        bar.choose("giao-ban-thu")
        window.activateWindow()  # back to the console, as an operator's click does: Page Down is its key
        await wait_until(lambda: QApplication.activeWindow() is window, what="the console to be active again")
        QTest.keyClick(window, Qt.Key.Key_PageDown)
        await wall_pc.wait_for_delta(_shows("huu-nghi", "cameras-2x2"), timeout=5)
        assert bar.step_label.text().strip().startswith("Bước 1/3: Cửa khẩu Hữu Nghị · tự chuyển sau 15 giây")

        # Rename: a new title over the same name (PUT); the bar's list follows the delta.
        editor.title_edit.selectAll()
        _type(editor.title_edit, "Giao ban chiều thứ Hai")
        assert editor.name_edit.text() == "giao-ban-thu" and not editor.name_edit.isEnabled()
        QTest.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: app.store.briefings["giao-ban-thu"].title == "Giao ban chiều thứ Hai",
                         what="the renamed briefing's delta")
        await wait_until(lambda: bar.choice.itemText(bar.choice.findData("giao-ban-thu")) == "Giao ban chiều thứ Hai",
                         what="the bar to show the new title")
        assert (await _stored(server, tokens["viewer"], "giao-ban-thu")).json()["title"] == "Giao ban chiều thứ Hai"

        # A step whose preset is deleted before saving: the server refuses, naming that step.
        editor.step_list.setCurrentRow(2)
        _add(editor, "ed-tam")
        assert editor.draft.steps[3] == "ed-tam"
        async with httpx.AsyncClient(timeout=10) as http:
            (await http.delete(f"{server.http}/api/v1/presets/ed-tam", headers=_auth(tokens["operator"]))
             ).raise_for_status()
        await wait_until(lambda: "ed-tam" not in app.store.presets, what="the preset's removal")
        assert editor.step_list.item(3).text() == "⚠ 4. ed-tam — cấu hình không còn trên máy chủ"
        editor.save()  # sent as it is: the server is the judge of what exists
        await wait_until(lambda: "từ chối" in editor.message.text(), what="the server's refusal")
        assert editor.message.text().startswith("Các bước (bước 4): Máy chủ từ chối lưu kịch bản")
        assert "'ed-tam'" in editor.message.text()
        assert editor.pointed is not None and (editor.pointed.field, editor.pointed.step) == ("steps", 3)
        assert editor.step_list.currentRow() == 3 and editor.step_list.styleSheet().startswith("border: 2px solid")
        assert colour_share(editor.message.grab().toImage(), theme.ALARM, tolerance=40) > 0.01  # red words
        _shot(editor, "briefing-editor-refused")
        assert len((await _stored(server, tokens["viewer"], "giao-ban-thu")).json()["steps"]) == 3  # nothing half-saved

        # The same preset twice in a row: refused before sending, at the second of them.
        editor.step_list.setCurrentRow(3)
        QTest.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
        editor.step_list.setCurrentRow(0)
        _add(editor, "ed-huu-nghi")
        QTest.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
        assert editor.message.text().startswith("Các bước (bước 2): steps.1: preset 'ed-huu-nghi' repeats")
        QTest.mouseClick(editor.revert_button, Qt.MouseButton.LeftButton)
        assert editor.draft.steps == [s[0] for s in STEPS]

        # Delete: asked first, then gone from the server and from the bar.
        questions: list[str] = []
        editor.confirm = lambda question: questions.append(question) or True
        QTest.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: "giao-ban-thu" not in app.store.briefings, what="the briefing's removal")
        assert "Giao ban chiều thứ Hai" in questions[0]
        assert (await _stored(server, tokens["viewer"], "giao-ban-thu")).status_code == 404
        await wait_until(lambda: bar.choice.findData("giao-ban-thu") < 0, what="the bar to drop it")
        await wall_pc.close()

    qt_loop.run_until_complete(scenario())


def test_a_viewers_editor_is_read_only_and_the_server_refuses_its_save(console_server, qt_loop, open_console):
    """A viewer sees the briefings but every editing control is off, with the reason shown; a save forced
    through anyway is refused by the server (forbidden) and nothing changes."""
    server, tokens = console_server
    with httpx.Client(base_url=server.http, timeout=10, headers=_auth(tokens["operator"])) as http:
        name, title, camera, layout = STEPS[0]
        http.put(f"/api/v1/presets/{name}", json=_preset(name, title, camera, layout)).raise_for_status()
        http.put("/api/v1/briefings/xem-thoi", json={"name": "xem-thoi", "title": "Chỉ để xem",
                                                      "steps": [name]}).raise_for_status()

    async def scenario() -> None:
        app = await open_console(server.ws, tokens["viewer"])
        app.window.open_briefing_editor()
        editor = app.window.briefing_editor
        assert editor is not None
        editor.open("xem-thoi")
        assert editor.title_edit.text() == "Chỉ để xem"
        assert not editor.role_note.isHidden() and "Chỉ xem" in editor.role_note.text()
        for control in (editor.new_button, editor.delete_button, editor.save_button, editor.title_edit,
                        editor.add_button, editor.up_button, editor.down_button, editor.remove_button):
            assert not control.isEnabled(), control
        _shot(editor, "briefing-editor-viewer")
        assert editor.draft is not None
        editor.draft.title = "Đổi trộm"
        editor.save()
        await wait_until(lambda: "từ chối" in editor.message.text(), what="the server's refusal")
        assert (await _stored(server, tokens["viewer"], "xem-thoi")).json()["title"] == "Chỉ để xem"

    qt_loop.run_until_complete(scenario())
