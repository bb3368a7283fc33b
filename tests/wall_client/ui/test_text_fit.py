"""Text fits its tile: the helper shrinks to a floor then elides, and every shipped layout, on a 1920×1080 and a
1366×768 monitor, in Vietnamese and English, paints no text past its tile and none cut by its box.

The layouts are drawn on a store filled with the demo province's cameras, series (their names and units, with
history) and tables: the words and figures a wall of the demo shows. PNGs go to SHOTS, to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics, QPainter
from PySide6.QtWidgets import QApplication

from server.bundled_layouts import DEFAULT_LAYOUTS_DIR, load_dir
from server.demo import kpi_history
from server.demo.province import CAMERAS, SERIES
from server.demo.tables import DEMO_TABLES, DemoTables
from tests.support.shots import shots_dir
from tests.support.translations import build_catalogs, overflowing, painted_texts
from wall_client.model.wall_model import WallModel
from wall_client.ui import language, text_fit, theme
from wall_client.ui.tiles.alerts import AlertsTile
from wall_client.ui.tiles.base import TileContext
from wall_client.ui.tiles.clock import ClockTile
from wall_client.ui.video.label_pixmaps import shared_labels
from wall_client.ui.wall_window import WallWindow
from wall_protocol.common import AlertCategory, AlertState, Severity
from wall_protocol.entities import Alert, CameraInfo, MetricPoint, MonitorState, SeriesInfo, WallState
from wall_protocol.messages import Snapshot
from wall_protocol.timezone import VIETNAM_TZ

SHOTS = shots_dir("text-fit")
MONITORS = {"1920x1080": (1920, 1080), "1366x768": (1366, 768)}
LAYOUTS = {layout.id: layout for layout in load_dir(DEFAULT_LAYOUTS_DIR)[0]}
SUNDAY = datetime(2026, 12, 6, 9, 41, 7, tzinfo=VIETNAM_TZ)
"""The day the clipped date was seen: "Chủ Nhật, 06/12/2026" is the longest weekday's date."""


# ---------------------------------------------------------------------------------------------- the helper


@pytest.fixture(autouse=True)
def _fonts(qapp: QApplication) -> None:
    """Fonts are measured only once Qt's application exists."""


def test_a_line_that_fits_is_drawn_whole_at_its_size():
    """Room enough: the text and size asked for."""
    fitted = text_fit.fit("Thu ngân sách", 400, 60, 30)
    assert (fitted.text, fitted.font.pixelSize(), fitted.elided) == ("Thu ngân sách", 30, False)


def test_a_long_line_shrinks_to_the_width_before_it_is_cut():
    """Too wide at 30 px: shrunk until it fits, whole, and no smaller than needed (one px more would not fit)."""
    text = "Chủ Nhật, 06/12/2026"
    fitted = text_fit.fit(text, 200, 0, 30, floor_px=10)
    size = fitted.font.pixelSize()
    assert fitted.text == text and 10 < size < 30
    assert QFontMetrics(fitted.font).horizontalAdvance(text) <= 200
    assert QFontMetrics(theme.font(size + 1)).horizontalAdvance(text) > 200


def test_below_the_floor_the_line_is_cut_with_an_ellipsis():
    """Even at the floor too wide: the floor's size, cut with "…", within the width."""
    fitted = text_fit.fit("Sở Văn hóa, Thể thao và Du lịch", 90, 0, 30, floor_px=14)
    assert fitted.font.pixelSize() == 14 and fitted.elided
    assert QFontMetrics(fitted.font).horizontalAdvance(fitted.text) <= 90


def test_a_line_shrinks_to_the_height_of_its_box():
    """A short box: the line's height fits it (the words are not sliced by the box below)."""
    fitted = text_fit.fit("12:30", 500, 40, 60, floor_px=8)
    assert QFontMetrics(fitted.font).height() <= 40 and fitted.text == "12:30"


def test_a_paragraph_shrinks_then_loses_its_last_words():
    """Wrapped text: smaller until it fits; at the floor, whole words give way to "…", the rest fits the box."""
    text = "Trung tâm Giám sát, điều hành đô thị thông minh tỉnh Lạng Sơn"
    roomy = text_fit.fit_wrapped(text, 300, 200, 40, floor_px=12)
    assert roomy.text == text and roomy.font.pixelSize() < 40
    cramped = text_fit.fit_wrapped(text, 120, 40, 40, floor_px=14)
    assert cramped.elided and cramped.font.pixelSize() == 14 and text.startswith(cramped.text[:-1])
    box = QRect(0, 0, 120, 40)
    needed = QFontMetrics(cramped.font).boundingRect(box, text_fit.WRAPPED, cramped.text)
    assert needed.width() <= 120 and needed.height() <= 40


def test_one_size_fits_every_name_of_a_grid():
    """The grid's size is the largest at which the longest name fits, so the short ones are not bigger."""
    names = ["Kho", "Cửa khẩu Hữu Nghị - làn xuất"]
    size = text_fit.shared_wrapped_size(names, 90, 40, 30, 9)
    assert size == text_fit.fit_wrapped(names[1], 90, 40, 30, 9).font.pixelSize() < 30


# ---------------------------------------------------------------------------------------------- the check


class ClockBeforeTheFix(ClockTile):
    """The clock as it was when the date ran past both edges: the date at 14% of the body's height, unfitted."""

    def paint_body(self, painter: QPainter, rect: QRect) -> None:
        bottom = QRect(rect.left(), rect.top() + int(rect.height() * 0.62), rect.width(), int(rect.height() * 0.38))
        painter.setFont(theme.font(int(rect.height() * 0.14)))
        painter.drawText(bottom, Qt.AlignmentFlag.AlignCenter, "Chủ Nhật, 06/12/2026")


def test_the_check_sees_the_date_that_ran_past_the_clock_tile(qtbot: Any):
    """The old clock in ioc-overview's clock tile at 1920×1080: the check reports its date past the tile."""
    window = _window(_store("ioc-overview"), MONITORS["1920x1080"], qtbot)
    placed = window.tiles["clock"]
    old = ClockBeforeTheFix(placed.view, placed.context)
    qtbot.addWidget(old)
    old.resize(placed.size())
    with painted_texts() as texts:
        old.grab()
    [problem] = overflowing(texts, old.rect())
    assert "'Chủ Nhật, 06/12/2026' is laid out at (-" in problem  # it starts left of the tile, so ends right of it


# ---------------------------------------------------------------------------------------------- the layouts


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_catalogs(tmp_path_factory.mktemp("catalogs"))


@pytest.fixture(params=["vi", "en"])
def lang(request: pytest.FixtureRequest, qapp: QApplication, catalogs: Path) -> Iterator[str]:
    assert language.install_language(qapp, request.param, catalogs) == request.param
    yield request.param
    language.uninstall_language(qapp)


@pytest.mark.parametrize("monitor", sorted(MONITORS))
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_text_of_a_shipped_layout_fits_its_tile(layout: str, monitor: str, lang: str, qtbot: Any):
    """Each tile of the layout, placed as the wall window places it, paints every text whole or shrunk or cut
    with "…", never past the tile nor wider than its box."""
    window = _window(_store(layout), MONITORS[monitor], qtbot)
    problems: list[str] = []
    for tile_id, tile in window.tiles.items():
        tile.tick(SUNDAY)
        if isinstance(tile, AlertsTile) and tile.ticker:
            # A ticker's line crawls past its tile's edges by design: its words are drawn once into a strip as
            # high as the tile's body, and each must fit its place in that strip.
            tile.strip.key = ()
            with painted_texts() as texts:
                tile.grab()
            strip = QRect(0, 0, tile.strip.width, tile.body_rect().height())
            assert texts and tile.strip.width > 0, f"{tile_id}: the ticker drew no strip"
            problems += [f"{tile_id} (strip {strip.width()}×{strip.height()}): {p}" for p in overflowing(texts, strip)]
            continue
        shared_labels().clear()  # video tiles share their clock and badge: each tile's are drawn (and measured) here
        with painted_texts() as texts:
            tile.grab()
        assert texts, f"{tile_id}: no text painted"
        problems += [f"{tile_id} ({tile.width()}×{tile.height()}): {p}" for p in overflowing(texts, tile.rect())]
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / f"fit-{layout}-{monitor}-{lang}.png"))
    window.release()
    assert problems == []


def _window(store: WallModel, size: tuple[int, int], qtbot: Any) -> WallWindow:
    window = WallWindow(TileContext(store, "http://127.0.0.1:9"), "main", 0)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    QApplication.processEvents()
    for tile in window.tiles.values():
        tile.tick(SUNDAY)
    return window


def _store(layout: str) -> WallModel:
    """A wall showing `layout` on its monitor 0, after a snapshot of the demo province's data."""
    now = SUNDAY.astimezone(UTC)
    series = tuple(SeriesInfo(key=s.key, name=s.name, unit=s.unit, area=s.area, target=s.target) for s in SERIES)
    history = {s.key: kpi_history.history(s, now, 7) for s in SERIES if s.story is not None}
    latest = tuple(history[s.key][-1] if s.key in history else MetricPoint(series=s.key, ts=now - timedelta(minutes=5),
                                                                          value=s.base) for s in SERIES)
    cameras = tuple(CameraInfo(id=c.id, name=c.name, area=c.area) for c in CAMERAS)
    alerts = tuple(Alert(id=i + 1, category=category, severity=severity, title=title, area=area, state=AlertState.NEW,
                         created_at=now - timedelta(minutes=3 * i)) for i, (category, severity, title, area) in enumerate((
                             (AlertCategory.TRAFFIC, Severity.CRITICAL, "Ùn tắc kéo dài tại cửa khẩu Hữu Nghị", "Cao Lộc"),
                             (AlertCategory.CITIZEN_REPORT, Severity.MAJOR, "Phản ánh rác thải tại chợ Đông Kinh",
                              "Thành phố Lạng Sơn"),
                             (AlertCategory.PUBLIC_SERVICE, Severity.MINOR, "Hồ sơ đất đai quá hạn giải quyết", "Hữu Lũng"))))
    tables = DemoTables(seed=7)
    table_data = (*tables.snapshots(now - timedelta(hours=1), advance=False), *tables.snapshots(now))
    wall = WallState(name="main", title="Tường chính", monitors=(MonitorState(index=0, layout=layout),))
    store = WallModel()
    store.apply_snapshot(Snapshot(seq=1, walls=(wall,), cameras=cameras, layouts=tuple(LAYOUTS.values()),
                                  alerts=alerts, series=series, latest=latest, tables=DEMO_TABLES,
                                  table_data=table_data))
    for key, points in history.items():
        store.add_history(key, points)
    store.set_connected(True, "", now)
    return store
