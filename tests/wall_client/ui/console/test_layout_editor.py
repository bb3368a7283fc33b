"""The layout editor's widgets offscreen: drag to merge, the form, undo/redo keys, validation, files."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QSpinBox,
)

from tests.support.layout_editor import demo_store, drag, mouse, shot
from tests.support.pixels import colour_share
from wall_client.model.layout_editor import CellRange
from wall_client.ui import theme
from wall_client.ui.console.actions import ConsoleActions
from wall_client.ui.console.editor.editor_window import LayoutEditor
from wall_protocol.common import Role
from wall_protocol.entities import Layout, TileKind
from wall_protocol.tile_settings import RankingSettings


async def _no_server(_message):
    raise AssertionError("these tests send nothing")


@pytest.fixture
def editor(qtbot) -> Iterator[LayoutEditor]:
    """An editor on a store with cameras and series, 3×3 new draft, shown at 1400×860."""
    actions = ConsoleActions(demo_store(), _no_server)
    actions.set_role(Role.ADMIN)
    window = LayoutEditor(actions)
    qtbot.addWidget(window)
    window.resize(1400, 860)
    window.show()
    window.activateWindow()
    QApplication.processEvents()
    yield window
    window.release()


def _corner_between(editor: LayoutEditor, col: int, row: int) -> QPoint:
    """The point where four cells meet (the gap between tiles) at the bottom-right of cell (col, row)."""
    return editor.grid.cell_rect(CellRange(col, row)).bottomRight() + QPoint(1, 1)


def _pixel(editor: LayoutEditor, point: QPoint):
    return editor.grid.grab().toImage().pixelColor(point)


def test_dragging_across_cells_merges_them_into_one_selected_tile(editor):
    """A drag from cell (0,0) to (1,1) makes one 2×2 tile; the gap between those cells becomes tile colour."""
    grid = editor.grid
    corner = _corner_between(editor, 0, 0)
    assert _pixel(editor, corner) == theme.BACKGROUND, "four separate tiles: background shows between them"
    drag(grid, grid.cell_centre(0, 0), grid.cell_centre(1, 1), release=False)
    assert grid.dragged() == CellRange(0, 0, 2, 2), "the drag in progress shows the cells it will merge"
    preview = grid.grab().toImage()
    shot(editor, "a-dragging")
    mouse(grid, QEvent.Type.MouseButtonRelease, grid.cell_centre(1, 1), Qt.MouseButton.NoButton)
    merged = editor.draft.tile("video-1")
    assert merged.area == CellRange(0, 0, 2, 2) and len(editor.draft.tiles) == 6
    assert editor.selected == "video-1" and editor.form.id_edit.text() == "video-1"
    assert _pixel(editor, corner) == theme.TILE
    assert colour_share(preview.copy(grid.cell_rect(CellRange(0, 0, 2, 2))), theme.ACCENT, tolerance=90) > 0.02
    shot(editor, "b-merged")


def test_the_form_sets_kind_title_and_props_of_the_selected_tile(editor, qtbot):
    """Click a tile, make it a chart of two series as bars with a warn threshold typed with a comma."""
    grid = editor.grid
    drag(grid, grid.cell_centre(1, 0), grid.cell_centre(2, 1))
    tile_id = editor.selected
    form = editor.form
    form.kind_combo.setCurrentIndex(form.kind_combo.findData(TileKind.CHART.value))
    form.title_edit.setText("Kim ngạch xuất nhập khẩu qua cửa khẩu Hữu Nghị")
    form.title_edit.editingFinished.emit()
    style = form.field_widgets["style"]
    assert isinstance(style, QComboBox)
    style.setCurrentIndex(style.findData("bar"))
    series = form.field_widgets["series"]
    assert isinstance(series, QListWidget)
    items = {series.item(i).data(Qt.ItemDataRole.UserRole): series.item(i) for i in range(series.count())}
    for key in ("border-trade", "tourist-arrivals"):  # checked in this order: the first is the chart's main one
        items[key].setCheckState(Qt.CheckState.Checked)
    warn = form.field_widgets["thresholds.warn"]
    assert isinstance(warn, QLineEdit)
    warn.setText("7,5")
    warn.editingFinished.emit()
    tile = editor.draft.tile(tile_id)
    assert tile.kind is TileKind.CHART and tile.title.endswith("Hữu Nghị")
    assert tile.props == {"style": "bar", "series": ["border-trade", "tourist-arrivals"], "thresholds": {"warn": 7.5}}
    shot(editor, "c-chart-form")

    mouse(grid, QEvent.Type.MouseButtonPress, grid.cell_centre(0, 2), Qt.MouseButton.LeftButton)
    mouse(grid, QEvent.Type.MouseButtonRelease, grid.cell_centre(0, 2), Qt.MouseButton.NoButton)
    assert editor.selected == "video-7", "a click selects the tile under it"
    camera = form.field_widgets["camera"]
    assert isinstance(camera, QComboBox)
    camera.setCurrentIndex(camera.findData("huu-nghi"))
    alarm = form.field_widgets["alarm"]
    assert isinstance(alarm, QCheckBox)
    alarm.setChecked(True)
    assert editor.draft.tile("video-7").props == {"camera": "huu-nghi", "alarm": True}
    editor.split_selected()
    assert "chỉ chiếm một ô" in editor.message.text()


def test_the_form_is_generated_from_the_settings_model(editor):
    """A ranking tile's form: titles are the labels, enums are combo boxes, bounds are spin box limits."""
    mouse(editor.grid, QEvent.Type.MouseButtonPress, editor.grid.cell_centre(0, 0), Qt.MouseButton.LeftButton)
    mouse(editor.grid, QEvent.Type.MouseButtonRelease, editor.grid.cell_centre(0, 0), Qt.MouseButton.NoButton)
    editor.form.kind_combo.setCurrentIndex(editor.form.kind_combo.findData(TileKind.RANKING.value))
    form = editor.form
    model = RankingSettings.model_fields
    labels = [form.props_form.itemAt(row, QFormLayout.ItemRole.LabelRole) for row in range(form.props_form.rowCount())]
    shown = {item.widget().text() for item in labels if item is not None}
    assert {model["top"].title, model["order"].title, model["scroll_s"].title} <= shown
    top = form.field_widgets["top"]
    assert isinstance(top, QSpinBox) and (top.minimum(), top.maximum(), top.value()) == (1, 50, 8)
    order = form.field_widgets["order"]
    assert isinstance(order, QComboBox) and [order.itemData(i) for i in range(order.count())] == [
        "worst_first", "best_first"]
    scroll = form.field_widgets["scroll_s"]
    assert isinstance(scroll, QDoubleSpinBox) and scroll.maximum() == 3600 and scroll.text() == "— không đặt —"
    scroll.setValue(15)
    top.setValue(5)
    tile = editor.draft.tile(editor.selected)
    assert tile.props == {"scroll_s": 15.0, "top": 5}
    scroll.setValue(scroll.minimum())
    assert editor.draft.tile(editor.selected).props == {"top": 5}, "back at the bottom: not set"
    shot(editor, "c-ranking-form")


def test_ctrl_z_and_ctrl_shift_z_undo_and_redo_each_edit(editor):
    """Merge then retitle; Ctrl+Z twice restores the 3×3 grid; Ctrl+Shift+Z twice brings both edits back."""
    grid = editor.grid
    first = editor.draft.state
    drag(grid, grid.cell_centre(0, 0), grid.cell_centre(2, 0))
    editor.draft.set_title("video-1", "Lạng Sơn")
    final = editor.draft.state
    grid.setFocus()
    QTest.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.draft.tile("video-1").title == ""
    QTest.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.draft.state == first and len(editor.draft.tiles) == 9
    assert not editor.undo_button.isEnabled() and editor.redo_button.isEnabled()
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(editor, Qt.Key.Key_Z, shift_ctrl)
    QTest.keyClick(editor, Qt.Key.Key_Z, shift_ctrl)
    assert editor.draft.state == final


def test_an_overlapping_layout_shows_the_message_and_cannot_be_saved(editor):
    """Widening a tile over its neighbour shows the overlap message naming both; Save is disabled and refuses."""
    mouse(editor.grid, QEvent.Type.MouseButtonPress, editor.grid.cell_centre(0, 0), Qt.MouseButton.LeftButton)
    mouse(editor.grid, QEvent.Type.MouseButtonRelease, editor.grid.cell_centre(0, 0), Qt.MouseButton.NoButton)
    assert editor.save_button.isEnabled()
    editor.form.place[2].setValue(2)  # col_span 2: over video-2
    text = editor.validation.text()
    assert "'video-1'" in text and "'video-2'" in text and "overlap" in text
    assert not editor.save_button.isEnabled() and not editor.export_button.isEnabled()
    assert "'video-2'" in editor.save_button.toolTip()
    assert editor.save() is None and "chưa hợp lệ" in editor.message.text()
    image = editor.grid.grab().toImage()
    assert colour_share(image.copy(editor.grid.cell_rect(CellRange(1, 0))), theme.ALARM, tolerance=60) > 0.02, \
        "the overlapping cell is marked in red"
    shot(editor, "d-overlap-invalid")
    editor.draft.undo()
    assert editor.save_button.isEnabled() and editor.validation.text().startswith("Hợp lệ")


def test_export_then_import_gives_back_the_same_layout(editor, tmp_path: Path):
    """Export writes a layouts/ TOML file; importing it into a fresh draft gives an equal Layout."""
    grid = editor.grid
    drag(grid, grid.cell_centre(0, 0), grid.cell_centre(1, 1))
    editor.form.kind_combo.setCurrentIndex(editor.form.kind_combo.findData(TileKind.KPI.value))
    editor.draft.set_props("video-1", {"series": "grdp-growth", "thresholds": {"warn": 7, "alarm": 6}})
    editor.draft.set_title("video-1", "Tăng trưởng GRDP quý")
    editor.draft.set_name("Giao ban sáng thứ Hai")
    exported = editor.draft.validate()
    path = tmp_path / "giao-ban.toml"
    assert editor.export_file(path)
    assert tomllib.loads(path.read_text(encoding="utf-8"))["name"] == "Giao ban sáng thứ Hai"
    editor.new_layout()
    assert editor.draft.validate() != exported
    assert editor.import_file(path)
    assert editor.draft.validate() == exported and isinstance(exported, Layout)
    editor.draft.undo()
    assert editor.draft.validate() != exported, "an import is one undo step"
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\n[[tiles]]\nkind = "hologram"\n', encoding="utf-8")
    assert not editor.import_file(bad) and "bad.toml" in editor.message.text()


def test_screenshot_of_a_briefing_layout_is_legible(editor):
    """A briefing-like layout with Vietnamese titles: screenshot for a person to look at; text is drawn."""
    draft = editor.draft
    draft.set_grid(4, 3)
    kept = draft.merge(CellRange(0, 1, 2, 2))
    draft.set_kind(kept, TileKind.CHART)
    draft.set_title(kept, "Kim ngạch xuất nhập khẩu")
    draft.set_props(kept, {"series": ["border-trade"], "style": "bar", "window": "24h"})
    for tile_id, title, series in (("video-1", "Tăng trưởng GRDP", "grdp-growth"),
                                   ("video-2", "Thu ngân sách lũy kế", "grdp-growth")):
        draft.set_kind(tile_id, TileKind.KPI)
        draft.set_title(tile_id, title)
        draft.set_props(tile_id, {"series": series})
    draft.set_kind("video-3", TileKind.CLOCK)
    draft.set_kind("video-4", TileKind.ALERTS)
    draft.set_title("video-4", "Cảnh báo nghiêm trọng")
    draft.set_props("video-6", {"camera": "huu-nghi"})
    editor.select("video-4")
    path = shot(editor, "e-briefing-layout")
    assert path.stat().st_size > 10_000
    assert colour_share(editor.grid.grab().toImage(), theme.TEXT, tolerance=60) > 0.002


def test_an_alert_tiles_areas_are_chosen_from_the_areas_the_server_knows(editor):
    """The alert tile's form lists the cameras' areas to tick, its mode as a choice and its flash time bounded."""
    mouse(editor.grid, QEvent.Type.MouseButtonPress, editor.grid.cell_centre(0, 0), Qt.MouseButton.LeftButton)
    mouse(editor.grid, QEvent.Type.MouseButtonRelease, editor.grid.cell_centre(0, 0), Qt.MouseButton.NoButton)
    editor.form.kind_combo.setCurrentIndex(editor.form.kind_combo.findData(TileKind.ALERTS.value))
    form = editor.form
    areas = form.field_widgets["areas"]
    assert isinstance(areas, QListWidget)
    known = {areas.item(i).data(Qt.ItemDataRole.UserRole): areas.item(i) for i in range(areas.count())}
    assert {c.area for c in editor.console_actions.store.cameras.values()} == set(known)
    known["Cao Lộc"].setCheckState(Qt.CheckState.Checked)
    mode = form.field_widgets["mode"]
    assert isinstance(mode, QComboBox) and [mode.itemData(i) for i in range(mode.count())] == ["list", "ticker"]
    mode.setCurrentIndex(mode.findData("ticker"))
    flash = form.field_widgets["flash_s"]
    assert isinstance(flash, QSpinBox) and (flash.minimum(), flash.maximum(), flash.value()) == (0, 600, 30)
    assert editor.draft.tile(editor.selected).props == {"areas": ["Cao Lộc"], "mode": "ticker"}
    shot(editor, "c-alerts-form")
