"""The console shows text from producers, other systems and admins as written: markup is read, never rendered.

Each test feeds a text like `<b>Đậm</b><img src="file:///…"><a href="…">link</a>` through the store (or
the server's answer) and reads the widget as a person does: the label's words, or the tooltip Qt shows
on hovering. Rendered as HTML, the same text would read "Đậmlink" with a picture and a link.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QTimer
from PySide6.QtWidgets import QApplication, QListWidget, QMessageBox

from tests.support.layout_editor import demo_store
from tests.support.shown_text import HOSTILE, box_reads, label_reads, tooltip_reads
from wall_client.model.console_alerts import ResolvedLog
from wall_client.model.wall_model import SeriesData, WallModel
from wall_client.ui.console.actions import ConsoleActions
from wall_client.ui.console.admin_dialog import AdminDialog
from wall_client.ui.console.alerts_panel import AlertsPanel
from wall_client.ui.console.briefing_bar import BriefingBar
from wall_client.ui.console.editor.editor_window import LayoutEditor
from wall_client.ui.console.presets_panel import PresetsPanel
from wall_client.ui.console.walls_panel import WallsPanel
from wall_client.ui.console.window import ConsoleWindow
from wall_client.ui.tiles.base import TileContext
from wall_protocol import ErrorCode, ProtocolError
from wall_protocol.automation import Briefing, Preset
from wall_protocol.common import AlertCategory, AlertState, Role, Severity, utc_now
from wall_protocol.entities import Alert, Layout, MonitorState, SeriesInfo, TileKind, WallState
from wall_protocol.messages import Snapshot
from wall_protocol.tiles import make_tile

NOW = utc_now()
ALERT = Alert(id=7, category=AlertCategory.TRAFFIC, severity=Severity.CRITICAL, title=HOSTILE, body=HOSTILE,
              area=HOSTILE, state=AlertState.ACKNOWLEDGED, created_at=NOW - timedelta(minutes=3),
              acknowledged_at=NOW, acknowledged_by="an", comment=f"an: {HOSTILE}")
LAYOUT = Layout(id="hai-o", name=HOSTILE, cols=2, rows=1, tiles=(
    make_tile(id="video-1", kind=TileKind.VIDEO, col=0, row=0), make_tile(id="video-2", kind=TileKind.VIDEO, col=1, row=0)))
WALL = WallState(name="main", title=HOSTILE, monitors=(MonitorState(index=0, layout="hai-o"),))
PRESET = Preset(name="giao-thong", title=HOSTILE, wall="main", monitors=(MonitorState(index=0, layout="hai-o"),))
BRIEFING = Briefing(name="giao-ban", title="Giao ban", steps=("giao-thong",))


async def _no_server(_message: dict[str, Any]) -> Any:
    raise AssertionError("these tests send nothing over the WebSocket")


def _store() -> WallModel:
    """A store as the server's snapshot leaves it: a wall, its layout, an alert, a preset and a briefing."""
    store = WallModel()
    store.apply_snapshot(Snapshot(seq=1, walls=(WALL,), cameras=(), layouts=(LAYOUT,), alerts=(ALERT,), series=(),
                                  latest=(), presets=(PRESET,), briefings=(BRIEFING,)))
    return store


@pytest.fixture
def actions() -> ConsoleActions:
    actions = ConsoleActions(_store(), _no_server)
    actions.set_role(Role.OPERATOR)
    return actions


def _shown(qtbot, widget: Any) -> Any:
    qtbot.addWidget(widget)
    widget.resize(1200, 500)
    widget.show()
    QApplication.processEvents()
    return widget


def test_alert_tooltips_show_the_producers_body_and_the_comment_as_written(qtbot, actions):
    """Hovering an alert's title shows its body, and its 'handled' cell the comment, with their brackets."""
    panel = _shown(qtbot, AlertsPanel(actions, ResolvedLog()))
    assert panel.row_texts(ALERT.id)[1:3] == [HOSTILE, HOSTILE]
    item = panel._rows[ALERT.id]
    row_y = panel.tree.visualItemRect(item).center().y()
    header = panel.tree.header()

    def hover(column: int) -> str:
        return tooltip_reads(panel.tree.viewport(), QPoint(header.sectionPosition(column) + 10, row_y))

    assert hover(1) == HOSTILE
    assert hover(5).endswith(f" · an: {HOSTILE}"), hover(5)


def test_preset_buttons_and_their_tooltips_show_an_operators_title_as_written(qtbot, actions):
    """A preset titled with markup: its button and the button's tooltip read the title with its brackets."""
    panel = _shown(qtbot, PresetsPanel(actions))
    button = panel.buttons[PRESET.name]
    assert button.text().endswith(HOSTILE)
    assert tooltip_reads(button) == f"Áp dụng «{HOSTILE}» ({PRESET.name}) cho tường main"


def test_the_monitor_caption_shows_a_layout_name_as_written(qtbot, actions):
    """The caption above a miniature reads the layout's name with its brackets."""
    panel = _shown(qtbot, WallsPanel(actions))
    box = panel.boxes[("main", 0)]
    assert label_reads(box.caption) == f"Màn hình 0 · {HOSTILE} (2×1)"
    assert panel.groups["main"].title().startswith(HOSTILE)


def test_the_briefing_step_shows_a_preset_title_as_written(qtbot, actions):
    """Started, the briefing bar names the step's preset by its title, brackets and all."""
    bar = _shown(qtbot, BriefingBar(actions, lambda: "main"))
    bar.choose(BRIEFING.name)
    sent: list[str] = []
    actions.apply_preset = sent.append  # type: ignore[method-assign]  # stepping sends nothing here
    bar.start()
    assert sent == [PRESET.name]
    assert label_reads(bar.step_label) == f"  Bước 1/1: {HOSTILE}"


def test_the_connection_status_shows_the_reason_as_written(qtbot, actions):
    """A lost connection's reason (from the network or the server) reads as written in the status bar."""
    window = _shown(qtbot, ConsoleWindow(TileContext(actions.store, "http://127.0.0.1:9"), actions, ResolvedLog()))
    actions.store.set_connected(True, "", NOW)
    actions.store.set_connected(False, HOSTILE, NOW)
    try:
        assert label_reads(window.connection_label).endswith(f"Mất kết nối: {HOSTILE}")
    finally:
        window.close()
        window.preview.release()


@pytest.fixture
def admin(qtbot, qt_loop) -> Iterator[AdminDialog]:
    """The admin dialog against a server that lists one camera named with markup and refuses every change."""

    async def rest(method: str, path: str, _body: dict[str, Any] | None) -> Any:
        if (method, path) == ("GET", "/api/v1/cameras"):
            return [{"id": "cam-x", "name": HOSTILE, "area": "Cao Lộc"}]
        if (method, path) == ("GET", "/api/v1/tokens"):
            return []
        if path == "/api/v1/cameras/cam-x/config":
            return {"id": "cam-x", "name": HOSTILE, "area": "Cao Lộc", "main_url": "rtsp://h/x"}
        raise ProtocolError(ErrorCode.FORBIDDEN, f"camera «{HOSTILE}» is not yours")

    actions = ConsoleActions(_store(), _no_server, rest=rest)
    actions.set_role(Role.ADMIN)
    dialog = _shown(qtbot, AdminDialog(actions))
    dialog.refresh()
    qt_loop.run_until_complete(actions.wait_idle())
    yield dialog
    qt_loop.run_until_complete(actions.wait_idle())


def test_admin_messages_and_the_delete_question_show_a_camera_name_as_written(admin, qt_loop):
    """Deleting a camera named with markup: the question and the server's refusal read the name as written."""
    assert admin.camera_name("cam-x") == HOSTILE
    admin.select_camera("cam-x")
    asked: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box_reads(box))
        box.button(QMessageBox.StandardButton.Yes).click()

    QTimer.singleShot(0, answer)
    admin.delete_camera()
    assert asked == [f"Xoá camera «{HOSTILE}» (cam-x) khỏi mọi tường?"]
    assert label_reads(admin.message) == f"Đang gửi: xoá camera «{HOSTILE}»…"
    qt_loop.run_until_complete(admin.console_actions.wait_idle())
    assert label_reads(admin.message) == f"Máy chủ từ chối xoá camera «{HOSTILE}»: camera «{HOSTILE}» is not yours"


@pytest.fixture
def editor(qtbot) -> Iterator[LayoutEditor]:
    store = demo_store()
    store.series["tham-do"] = SeriesData(SeriesInfo(key="tham-do", name=HOSTILE, unit="%"))
    actions = ConsoleActions(store, _no_server)
    actions.set_role(Role.ADMIN)
    window = _shown(qtbot, LayoutEditor(actions))
    window.resize(1400, 860)
    yield window
    window.release()


def test_the_series_picker_tooltip_shows_a_producers_series_name_as_written(editor):
    """A chart tile's series list: hovering the series named with markup reads its name and unit as written."""
    tile = editor.draft.state.tiles[0].id
    editor.draft.set_kind(tile, TileKind.CHART)
    editor.select(tile)
    QApplication.processEvents()
    listing = editor.form.field_widgets["series"]
    assert isinstance(listing, QListWidget)
    item = next(listing.item(i) for i in range(listing.count()) if listing.item(i).text().startswith("<b>"))
    listing.scrollToItem(item)
    assert tooltip_reads(listing.viewport(), listing.visualItemRect(item).center()) == f"{HOSTILE} (%)"


def test_editor_messages_and_tooltips_show_a_tile_id_as_written(editor):
    """A tile id with markup (typed, or from an imported file): the refusal, save and undo tips read it."""
    tile = editor.draft.state.tiles[0].id
    editor.select(tile)
    editor.select(editor.draft.rename_tile(tile, HOSTILE))
    validation = label_reads(editor.validation)
    assert validation.startswith("Bố cục chưa hợp lệ, chưa lưu được: ") and f"(id '{HOSTILE}')" in validation
    assert f"(id '{HOSTILE}')" in tooltip_reads(editor.save_button)
    assert tooltip_reads(editor.undo_button) == f"đổi mã ô {tile} thành {HOSTILE}"
    assert label_reads(editor.message) == f"Đã đổi mã ô {tile} thành {HOSTILE}."
