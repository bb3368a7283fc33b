"""Ranking tile: agencies or districts in rank order, as horizontal bars (or a table), read from afar.

Each row: rank, name, a bar coloured by threshold level with the value at its end, and the change
since the previous snapshot (▲▼ green when it is good news, red when bad; "MỚI" for a row that was
not there). The reading is computed only when the table changes (or the scroll page turns); the
once-a-second tick repaints only when the age text would read differently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QResizeEvent
from PySide6.QtWidgets import QWidget

from wall_client.model import formatting
from wall_client.model.i18n import translate
from wall_client.model.ranking import Ranking, RankRow, read_ranking
from wall_client.model.wall_model import TileView
from wall_client.ui import theme
from wall_client.ui.tiles.base import TileContext, TileWidget
from wall_protocol.tile_settings import RankingSettings

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class RowGeometry:
    """Where one row is drawn (tests read it to know where to look in the pixels)."""

    name: str
    row: QRect
    bar: QRect  # empty in the table style
    change: QRect


class RankingTile(TileWidget):
    def __init__(self, view: TileView, context: TileContext, parent: QWidget | None = None) -> None:
        super().__init__(view, context, parent)
        self.ranking = self.settings(RankingSettings)
        self.table_key = self.ranking.table or ""
        self._reading: Ranking | None = None
        self._shown_state: tuple[str, bool, int] | None = None
        self.geometry_rows: list[RowGeometry] = []
        self.footer_text = ""
        self.footer_font = theme.font(10)
        """The footer as last painted, and its font (tests check that it is whole and fits)."""
        context.store.table_changed.connect(self._on_table)

    @property
    def title(self) -> str:
        if self.view.tile.title:
            return self.view.tile.title
        info = self.context.store.tables.get(self.table_key)
        return info.name if info else self.table_key

    def reading(self) -> Ranking:
        if self._reading is None:
            store = self.context.store
            self._reading = read_ranking(store.tables.get(self.table_key), store.table_data.get(self.table_key),
                                         self.ranking, self.now)
        return self._reading

    def _on_table(self, key: str) -> None:
        if key == self.table_key:
            self._reading = None
            self.update()

    def tick(self, now: datetime) -> None:
        self.now = now
        fresh = read_ranking(self.context.store.tables.get(self.table_key),
                             self.context.store.table_data.get(self.table_key), self.ranking, now)
        state = (_age_text(fresh), fresh.stale, fresh.page)
        if state != self._shown_state:  # only what a viewer would see differently costs a repaint
            self._reading = fresh
            self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.update()

    def release(self) -> None:
        self.context.store.table_changed.disconnect(self._on_table)

    # ------------------------------------------------------------------ painting

    def paint_body(self, painter: QPainter, rect: QRect) -> None:
        r = self.reading()
        self._shown_state = (_age_text(r), r.stale, r.page)
        footer_h = max(10, rect.height() // 18)  # secondary to the rows, yet readable
        if r.message is not None:
            self.geometry_rows = []
            painter.setPen(theme.MUTED)
            painter.setFont(theme.font(max(12, rect.height() // 9)))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, r.message)
            return
        # Few rows stay row-sized, not stretched into slabs; paging keeps one row size on every page.
        slots = max(r.slots, 4)
        rows_rect = rect.adjusted(0, 0, 0, -int(footer_h * 1.4))
        row_h = rows_rect.height() // slots
        self.geometry_rows = [self._row_geometry(rows_rect, row_h, i, row) for i, row in enumerate(r.rows)]
        longest_rank = max((len(str(row.rank)) for row in r.rows), default=1)
        for geometry, row in zip(self.geometry_rows, r.rows, strict=True):
            self._paint_row(painter, geometry, row, r.stale, longest_rank)
        if r.folded:
            painter.setPen(theme.MUTED)
            painter.setFont(theme.fitted_font(r.folded, rows_rect.width(), int(row_h * 0.5)))
            fold_rect = QRect(rows_rect.left(), rows_rect.top() + len(r.rows) * row_h, rows_rect.width(), row_h)
            painter.drawText(fold_rect, LEFT, r.folded)
        self._paint_footer(painter, rect, footer_h, r)

    def _row_geometry(self, area: QRect, row_h: int, index: int, row: RankRow) -> RowGeometry:
        top = area.top() + index * row_h
        line = QRect(area.left(), top, area.width(), row_h)
        change_w = int(area.width() * 0.16)
        bar_left = area.left() + int(area.width() * 0.40)
        bar_space = area.right() - change_w - bar_left
        bar_w = 0 if self.reading().style == "table" else max(2 if row.value else 0, int(bar_space * 0.72 * row.share))
        bar_h = int(row_h * 0.62)
        bar = QRect(bar_left, top + (row_h - bar_h) // 2, bar_w, bar_h)
        change = QRect(area.right() - change_w, top, change_w, row_h)
        return RowGeometry(row.name, line, bar, change)

    def _paint_row(self, painter: QPainter, g: RowGeometry, row: RankRow, stale: bool, rank_digits: int) -> None:
        row_h = g.row.height()
        text_px = int(row_h * 0.52)
        colour = theme.STALE if stale else theme.BAR_COLOURS[row.level]
        painter.setFont(theme.font(text_px, bold=True))
        rank_w = int(text_px * 0.65 * rank_digits) + text_px // 2
        painter.setPen(theme.MUTED)
        painter.drawText(QRect(g.row.left(), g.row.top(), rank_w, row_h), RIGHT, str(row.rank))
        name_rect = QRect(g.row.left() + rank_w + text_px // 3, g.row.top(),
                          g.bar.left() - g.row.left() - rank_w - text_px // 2, row_h)
        painter.setPen(theme.TEXT)
        painter.drawText(name_rect, LEFT, _shortened(painter, row.name, name_rect.width(), text_px))
        value_left = g.bar.left() if g.bar.width() == 0 else g.bar.right() + text_px // 3
        if g.bar.width():
            painter.fillRect(g.bar, colour)
        painter.setPen(colour if g.bar.width() == 0 and row.level != "none" else theme.TEXT)
        painter.setFont(theme.fitted_font(row.text, g.change.left() - value_left, text_px, bold=True))
        painter.drawText(QRect(value_left, g.row.top(), g.change.left() - value_left, row_h), LEFT, row.text)
        if row.secondary:  # small figures after the value, cut with "…" rather than shrunk out of sight
            left = value_left + painter.fontMetrics().horizontalAdvance(row.text) + text_px // 2
            extra = "  ".join(f"{name} {text}" for name, text in row.secondary)
            painter.setPen(theme.MUTED)
            painter.drawText(QRect(left, g.row.top(), g.change.left() - left, row_h), LEFT,
                             _shortened(painter, extra, g.change.left() - left, int(text_px * 0.6)))
        self._paint_change(painter, g.change, row, text_px)

    def _paint_change(self, painter: QPainter, rect: QRect, row: RankRow, text_px: int) -> None:
        if row.new:
            painter.setPen(theme.ACCENT)
            text = translate("RankingTile", "MỚI")
        elif row.arrow in ("▲", "▼") and row.change is not None:
            painter.setPen(theme.GOOD_CHANGE if row.improved else theme.BAD_CHANGE)
            text = f"{row.arrow}{formatting.number(abs(row.change), 0 if row.change.is_integer() else 1)}"
        elif row.arrow == "–":
            painter.setPen(theme.MUTED)
            text = "–"
        else:
            return
        painter.setFont(theme.fitted_font(text, rect.width(), text_px, bold=True))
        painter.drawText(rect, RIGHT, text)

    def _paint_footer(self, painter: QPainter, rect: QRect, footer_h: int, r: Ranking) -> None:
        """The column, the age and the page, in the first wording that fits the width at a readable size."""
        painter.setPen(theme.STALE if r.stale else theme.MUTED)
        text, font = _fitted_footer(_footer_wordings(r), rect.width(), footer_h)
        painter.setFont(font)
        self.footer_text, self.footer_font = text, font
        painter.drawText(QRect(rect.left(), rect.bottom() - int(footer_h * 1.4), rect.width(), int(footer_h * 1.4)),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, text)


def _footer_wordings(r: Ranking) -> list[str]:
    """The footer from its full wording to its shortest: narrow tiles drop the unit, then the words around
    the age ("Cập nhật … trước"), then the column name; the age and staleness always stay."""
    age = formatting.age(r.age_s) if r.age_s is not None else ""
    page = [translate("RankingTile", "Trang {page}/{pages}").format(page=r.page + 1, pages=r.pages)] \
        if r.pages > 1 else []
    stale = " · " + translate("RankingTile", "DỮ LIỆU CŨ") if r.stale else ""
    column = [r.column.name] if r.column is not None else []
    unit = f" ({r.column.unit})" if r.column is not None and r.column.unit else ""
    long_age = [_age_text(r) + stale] if age else ([stale[3:]] if stale else [])
    short_age = [translate("RankingTile", "{age} trước").format(age=age) + stale] if age else (
        [stale[3:]] if stale else [])
    short_page = [f"{r.page + 1}/{r.pages}"] if r.pages > 1 else []
    return [
        " · ".join([*(c + unit for c in column), *long_age, *page]),
        " · ".join([*column, *long_age, *page]),
        " · ".join([*column, *short_age, *short_page]),
        " · ".join([*short_age, *short_page]),
    ]


def _fitted_footer(wordings: list[str], width: int, pixel_size: int) -> tuple[str, QFont]:
    """The first wording that fits at ≥ 85% of `pixel_size`; else the shortest, shrunk (cut with "…" only
    below 10 px, where no wording fits anyway)."""
    floor = int(pixel_size * 0.85)
    for text in wordings:
        font = theme.fitted_font(text, width, pixel_size)
        if font.pixelSize() >= floor:
            return text, font
    text = wordings[-1]
    font = theme.fitted_font(text, width, pixel_size)
    if font.pixelSize() < 10:
        font = theme.font(10)
        text = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, max(0, width))
    return text, font


def _shortened(painter: QPainter, text: str, width: int, pixel_size: int) -> str:
    """Shrink a long name a little (to 80%), then cut it with "…": tiny letters are unreadable from afar."""
    font = theme.fitted_font(text, width, pixel_size)
    if font.pixelSize() < pixel_size * 0.8:
        font = theme.font(int(pixel_size * 0.8))
    painter.setFont(font)
    return QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, max(0, width))


def _age_text(r: Ranking) -> str:
    if r.age_s is None:
        return ""
    return translate("RankingTile", "Cập nhật {age} trước").format(age=formatting.age(r.age_s))


