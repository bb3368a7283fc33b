"""Ranking tiles offscreen: rows top to bottom in rank order, bars coloured by level, arrows, the fold."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QFontMetrics, QImage

from tests.support.pixels import colour_share
from wall_client.model.wall_model import TileView, WallModel
from wall_client.ui import theme
from wall_client.ui.tiles.base import TileContext
from wall_client.ui.tiles.ranking import RankingTile
from wall_client.ui.tiles.registry import create_tile
from wall_protocol.common import utc_now
from wall_protocol.entities import TileKind
from wall_protocol.messages import Snapshot, TableDataDelta
from wall_protocol.tables import TableColumn, TableInfo, TableRow, TableSnapshot
from wall_protocol.tiles import make_tile

TASKS = TableInfo(key="nhiem-vu-ubnd", name="Nhiệm vụ UBND tỉnh giao", row_label="Sở, ngành", columns=(
    TableColumn(key="tong", name="Tổng"),
    TableColumn(key="qua-han", name="Quá hạn", unit="nhiệm vụ", higher_is_better=False)))
NOW = utc_now()
OVERDUE = {"Sở Tài chính": 14, "Sở Xây dựng": 11, "Sở Y tế": 7, "Sở Công Thương": 6, "Sở Nội vụ": 3,
           "Sở Tư pháp": 1, "Sở Giáo dục và Đào tạo": 2, "Sở Nông nghiệp và Môi trường": 4,
           "Sở Văn hóa, Thể thao và Du lịch": 0, "Sở Khoa học và Công nghệ": 5}
BEFORE = {**OVERDUE, "Sở Tài chính": 12, "Sở Xây dựng": 13}
PROPS = {"table": "nhiem-vu-ubnd", "column": "qua-han", "top": 6, "thresholds": {"warn": 5, "alarm": 10}}


def _snapshot(values: dict[str, int], minutes_ago: float) -> TableSnapshot:
    return TableSnapshot(table="nhiem-vu-ubnd", ts=NOW - timedelta(minutes=minutes_ago),
                         rows=tuple(TableRow(row=k, values={"qua-han": v, "tong": 20}) for k, v in values.items()))


def _store(with_data: bool = True) -> WallModel:
    store = WallModel()
    data = (_snapshot(BEFORE, 70), _snapshot(OVERDUE, 10)) if with_data else ()
    store.apply_snapshot(Snapshot(seq=1, walls=(), cameras=(), layouts=(), alerts=(), series=(), latest=(),
                                  tables=(TASKS,), table_data=data))
    return store


def _tile(qtbot, store: WallModel, props: dict[str, object], size: tuple[int, int]) -> RankingTile:
    view = TileView(make_tile(id="r", kind=TileKind.RANKING, col=0, row=0, title="Nhiệm vụ quá hạn theo sở",
                         props=props), None)
    tile = create_tile(view, TileContext(store, "http://127.0.0.1:9"))
    assert isinstance(tile, RankingTile)
    qtbot.addWidget(tile)
    tile.now = NOW
    tile.resize(*size)
    return tile


def _grab(tile: RankingTile, name: str) -> QImage:
    image = tile.grab().toImage()
    image.save(f"/tmp/ranking_{name}.png")
    return image


def _crop(image: QImage, rect: QRect) -> QImage:
    return image.copy(rect.adjusted(2, 2, -2, -2))


@pytest.mark.parametrize("size", [(480, 270), (960, 540)])
def test_rows_are_drawn_worst_first_with_bars_coloured_by_level(qtbot, size):
    """Most overdue on top, bars shrink downwards, red at ≥ 10, amber at ≥ 5, green below, fold last."""
    tile = _tile(qtbot, _store(), PROPS, size)
    image = _grab(tile, f"{size[0]}x{size[1]}")
    names = [g.name for g in tile.geometry_rows]
    assert names == ["Sở Tài chính", "Sở Xây dựng", "Sở Y tế", "Sở Công Thương", "Sở Khoa học và Công nghệ",
                     "Sở Nông nghiệp và Môi trường"]
    tops = [g.row.top() for g in tile.geometry_rows]
    widths = [g.bar.width() for g in tile.geometry_rows]
    assert tops == sorted(tops) and widths == sorted(widths, reverse=True) and widths[-1] > 0
    expected = [theme.ALARM, theme.ALARM, theme.WARN, theme.WARN, theme.WARN, theme.OK]
    for geometry, colour in zip(tile.geometry_rows, expected, strict=True):
        bar = _crop(image, geometry.bar)
        assert colour_share(bar, colour, tolerance=30) > 0.9, geometry.name
        others = [c for c in (theme.ALARM, theme.WARN, theme.OK) if c != colour]
        assert all(colour_share(bar, c, tolerance=30) < 0.05 for c in others)
    # Bar pixels themselves, read top to bottom along one column: red rows first, then amber, then green.
    x = tile.geometry_rows[-1].bar.left() + 1
    seen = [_name_of(image.pixelColor(x, y)) for y in range(image.height())]
    runs = [c for i, c in enumerate(seen) if c and (i == 0 or seen[i - 1] != c)]
    assert runs == ["alarm", "alarm", "warn", "warn", "warn", "ok"]
    assert "… và 4 đơn vị khác: tổng 6" in (tile.reading().folded or "")


def _name_of(colour: QColor) -> str:
    for name, ref in (("alarm", theme.ALARM), ("warn", theme.WARN), ("ok", theme.OK)):
        if abs(colour.red() - ref.red()) + abs(colour.green() - ref.green()) + abs(colour.blue() - ref.blue()) < 30:
            return name
    return ""


def test_change_arrows_are_green_when_good_and_red_when_bad(qtbot):
    """Tài chính went 12 → 14 overdue (bad, red ▲); Xây dựng 13 → 11 (good, green ▼)."""
    tile = _tile(qtbot, _store(), PROPS, (960, 540))
    image = _grab(tile, "arrows")
    worse, better = tile.geometry_rows[0], tile.geometry_rows[1]
    assert tile.reading().rows[0].arrow == "▲" and tile.reading().rows[1].arrow == "▼"
    assert colour_share(_crop(image, worse.change), theme.BAD_CHANGE, tolerance=40) > 0.02
    assert colour_share(_crop(image, worse.change), theme.GOOD_CHANGE, tolerance=40) == 0
    assert colour_share(_crop(image, better.change), theme.GOOD_CHANGE, tolerance=40) > 0.02
    assert colour_share(_crop(image, better.change), theme.BAD_CHANGE, tolerance=40) == 0


def test_the_fold_line_and_the_age_are_painted_below_the_rows(qtbot):
    """Below the last bar there is text (the fold line), and the footer says how old the rows are."""
    tile = _tile(qtbot, _store(), PROPS, (960, 540))
    image = _grab(tile, "fold")
    last = tile.geometry_rows[-1].row
    fold = QRect(last.left(), last.bottom() + 1, last.width() // 2, last.height())
    assert colour_share(_crop(image, fold), theme.MUTED, tolerance=60) > 0.01
    assert tile._shown_state is not None and tile._shown_state[0] == "Cập nhật 10 phút trước"


def test_a_table_without_data_says_so_and_new_data_repaints(qtbot):
    """No rows yet: a plain message naming the table; a table_data delta brings the bars."""
    store = _store(with_data=False)
    tile = _tile(qtbot, store, PROPS, (480, 270))
    _grab(tile, "empty")
    assert tile.reading().message == "Chưa có dữ liệu bảng nhiem-vu-ubnd" and tile.geometry_rows == []
    store.apply(TableDataDelta(seq=2, snapshot=_snapshot(OVERDUE, 1)))
    _grab(tile, "after_delta")
    assert tile.geometry_rows[0].name == "Sở Tài chính"


def test_table_style_and_stale_data(qtbot):
    """The table style draws no bars; data older than stale_after_s is greyed and says so."""
    tile = _tile(qtbot, _store(), {**PROPS, "style": "table", "stale_after_s": 60}, (960, 540))
    image = _grab(tile, "table_stale")
    assert all(g.bar.width() == 0 for g in tile.geometry_rows)
    assert tile.reading().stale and colour_share(image, theme.ALARM, tolerance=30) < 0.001


def test_the_tick_recomputes_but_repaints_only_when_the_age_text_changes(qtbot):
    """Same second: the painted reading is kept; a minute later the age reads differently and it is replaced."""
    tile = _tile(qtbot, _store(), PROPS, (480, 270))
    _grab(tile, "tick")
    painted = tile.reading()
    tile.tick(NOW + timedelta(seconds=1))
    assert tile.reading() is painted
    tile.tick(NOW + timedelta(minutes=2))
    assert tile.reading() is not painted and tile.reading().age_s == 12 * 60


@pytest.mark.parametrize("size", [(240, 270), (320, 240), (480, 270)])
def test_the_footer_fits_narrow_tiles_whole(qtbot, size):
    """The age is never cut ("Cập nhật 7 giây tr…"): a shorter wording fits at a readable size instead."""
    tile = _tile(qtbot, _store(), {**PROPS, "scroll_s": 10}, size)
    _grab(tile, f"footer_{size[0]}x{size[1]}")
    text, font = tile.footer_text, tile.footer_font
    assert "…" not in text and "10 phút trước" in text and "/2" in text
    body = tile.body_rect()
    assert QFontMetrics(font).horizontalAdvance(text) <= body.width()
    assert font.pixelSize() >= 10


def test_a_wide_footer_keeps_the_full_wording(qtbot):
    """With room, the footer names the column with its unit and says 'Cập nhật … trước'."""
    tile = _tile(qtbot, _store(), {**PROPS, "scroll_s": 10}, (960, 540))
    _grab(tile, "footer_wide")
    assert tile.footer_text.startswith("Quá hạn (nhiệm vụ) · Cập nhật 10 phút trước · Trang ")


def test_a_long_title_shrinks_then_ends_with_an_ellipsis_in_a_narrow_tile(qtbot):
    """At 240 px the title shrinks a little to fit whole; a longer one is cut with '…' inside the frame."""
    narrow = _tile(qtbot, _store(), PROPS, (240, 270))
    assert narrow.shown_title() == "Nhiệm vụ quá hạn theo sở"
    assert narrow.title_font().pixelSize() < int(narrow.title_height() * 0.6)
    assert QFontMetrics(narrow.title_font()).horizontalAdvance(narrow.shown_title()) <= narrow.width() - 16
    view = TileView(narrow.view.tile.model_copy(update={"title": "Nhiệm vụ UBND tỉnh giao quá hạn trên 30 ngày"}), None)
    longer = create_tile(view, TileContext(_store(), "http://127.0.0.1:9"))
    qtbot.addWidget(longer)
    longer.resize(240, 270)
    shown = longer.shown_title()
    assert shown.endswith("…") and shown.startswith("Nhiệm vụ UBND")
    assert QFontMetrics(longer.title_font()).horizontalAdvance(shown) <= longer.width() - 16
    _grab(longer, "long_title")  # type: ignore[arg-type]
    wide = _tile(qtbot, _store(), PROPS, (960, 540))
    assert wide.shown_title() == "Nhiệm vụ quá hạn theo sở"
    assert wide.title_font().pixelSize() == int(wide.title_height() * 0.6)


def test_the_last_page_keeps_the_row_size_of_the_first(qtbot):
    """Paging 10 rows by 6: page 2's 4 rows are as tall as page 1's, so their names still show."""
    tile = _tile(qtbot, _store(), {**PROPS, "scroll_s": 10}, (240, 270))
    first_page = NOW - timedelta(seconds=NOW.timestamp() % 20)  # pages turn every 10 s: 2 pages, 20 s a round
    heights = {}
    for at in (first_page, first_page + timedelta(seconds=10)):
        tile.now = at
        tile._reading = None
        _grab(tile, f"page_{len(heights) + 1}")
        reading = tile.reading()
        heights[reading.page] = (len(reading.rows), tile.geometry_rows[0].row.height())
    assert heights[0][0] == 6 and heights[1][0] == 4
    assert heights[0][1] == heights[1][1]
