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
from PySide6.QtGui import QFont, QPainter, QResizeEvent
from PySide6.QtWidgets import QWidget

from wall_client.model import formatting
from wall_client.model.i18n import translate
from wall_client.model.ranking import Ranking, RankRow, read_ranking
from wall_client.model.wall_model import TileView
from wall_client.ui import text_fit, theme
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
            self.repaint_soon()

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
            text_fit.draw_wrapped(painter, rect, r.message, max(12, rect.height() // 9))
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
            fold_rect = QRect(rows_rect.left(), rows_rect.top() + len(r.rows) * row_h, rows_rect.width(), row_h)
            text_fit.draw(painter, fold_rect, LEFT, r.folded, int(row_h * 0.5))
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
        # A long name shrinks a little (to 80%), then is cut with "…": tiny letters are unreadable from afar.
        text_fit.draw(painter, name_rect, LEFT, row.name, text_px, int(text_px * 0.8))
        value_left = g.bar.left() if g.bar.width() == 0 else g.bar.right() + text_px // 3
        if g.bar.width():
            painter.fillRect(g.bar, colour)
        painter.setPen(colour if g.bar.width() == 0 and row.level != "none" else theme.TEXT)
        # A figure shrinks as far as it must: a cut number would be a wrong number.
        text_fit.draw(painter, QRect(value_left, g.row.top(), g.change.left() - value_left, row_h), LEFT, row.text,
                      text_px, theme.MIN_FONT_PX, bold=True)
        if row.secondary:  # small figures after the value, cut with "…" rather than shrunk out of sight
            left = value_left + painter.fontMetrics().horizontalAdvance(row.text) + text_px // 2
            extra = "  ".join(f"{name} {text}" for name, text in row.secondary)
            painter.setPen(theme.MUTED)
            text_fit.draw(painter, QRect(left, g.row.top(), g.change.left() - left, row_h), LEFT, extra,
                          int(text_px * 0.6), int(text_px * 0.6 * 0.8))
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
        text_fit.draw(painter, rect, RIGHT, text, text_px, theme.MIN_FONT_PX, bold=True)

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
    for text in wordings:
        fitted = text_fit.fit(text, width, 0, pixel_size, int(pixel_size * 0.85))
        if not fitted.elided:
            return fitted.text, fitted.font
    fitted = text_fit.fit(wordings[-1], width, 0, pixel_size, 10)
    return fitted.text, fitted.font


def _age_text(r: Ranking) -> str:
    if r.age_s is None:
        return ""
    return translate("RankingTile", "Cập nhật {age} trước").format(age=formatting.age(r.age_s))


