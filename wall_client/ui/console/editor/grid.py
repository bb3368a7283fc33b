"""The editor's grid: the draft's tiles on a monitor-shaped grid; drag across cells to merge them.

A press starts a selection at a cell, moving grows it (to whole tiles: what a merge would take in is
what is shown), and the release asks for the merge. A click on a tile selects it; a click on an
empty cell asks for a tile there. The grid never edits the draft itself: it emits what the user
did, and the editor runs the draft's operation.
"""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from wall_client.model import terms
from wall_client.model.i18n import translate
from wall_client.model.layout_editor import CellRange, DraftTile, LayoutDraft
from wall_client.model.miniature import Rect, grid_area, tour_text
from wall_client.model.wall_model import WallModel
from wall_client.ui import theme
from wall_protocol.tile_settings import ChartSettings, KpiSettings, TextSettings, VideoSettings
from wall_protocol.tiles import parse_tile

KIND_COLOURS = {"video": "#3fa9f5", "chart": "#2ecc71", "kpi": "#f1c40f", "alerts": "#e67e22", "clock": "#9b59b6",
                "text": "#95a5a6", "camera_grid": "#1abc9c"}
GAP = 3


def summary(tile: DraftTile, store: WallModel) -> str:
    """What the tile is set to show, in words (camera name, series names, text); "" while its settings are wrong."""
    try:
        props = parse_tile(tile.as_dict()).props
    except ValidationError:
        return ""  # the form says what is wrong
    if isinstance(props, VideoSettings):
        if props.camera:
            info = store.cameras.get(props.camera)
            return info.name if info else props.camera
        if props.tour:
            return tour_text(len(props.tour), props.tour_dwell_s)
        return translate("EditorGrid", "Ô báo động") if props.alarm else ""
    keys = [props.series] if isinstance(props, KpiSettings) and props.series else \
        list(props.series) if isinstance(props, ChartSettings) else []
    if keys:
        return ", ".join(store.series[k].info.name if k in store.series else k for k in keys)
    return props.text if isinstance(props, TextSettings) else ""


class EditorGrid(QWidget):
    cells_dragged = Signal(object)  # CellRange: the user dragged over these cells (or clicked an empty one)
    tile_clicked = Signal(str)

    def __init__(self, draft: LayoutDraft, store: WallModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft = draft
        self.store = store
        self.selected: str | None = None
        self._anchor: tuple[int, int] | None = None
        self._current: tuple[int, int] | None = None
        self.setMinimumSize(480, 270)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(False)
        draft.changed.connect(self._on_draft)

    def release(self) -> None:
        self.draft.changed.disconnect(self._on_draft)

    def _on_draft(self, _label: str) -> None:
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(800, 450)

    # ------------------------------------------------------------------ geometry

    def area(self) -> Rect:
        return grid_area(self.width(), self.height())

    def cell_rect(self, cells: CellRange) -> QRect:
        area, state = self.area(), self.draft.state
        cell_w, cell_h = area.width / state.cols, area.height / state.rows
        left = area.x + round(cells.col * cell_w)
        top = area.y + round(cells.row * cell_h)
        right = area.x + round((cells.col + cells.col_span) * cell_w)
        bottom = area.y + round((cells.row + cells.row_span) * cell_h)
        return QRect(left, top, right - left, bottom - top)

    def cell_at(self, point: QPoint, clamp: bool = False) -> tuple[int, int] | None:
        """The cell under a point; with `clamp`, the nearest cell (a drag may leave the grid)."""
        area, state = self.area(), self.draft.state
        if area.width <= 0 or (not clamp and not area.contains(point.x(), point.y())):
            return None
        col = int((point.x() - area.x) * state.cols / area.width)
        row = int((point.y() - area.y) * state.rows / area.height)
        return min(max(col, 0), state.cols - 1), min(max(row, 0), state.rows - 1)

    def cell_centre(self, col: int, row: int) -> QPoint:
        return self.cell_rect(CellRange(col, row)).center()

    def dragged(self) -> CellRange | None:
        """The cells the drag in progress would merge (grown to whole tiles), or None."""
        if self._anchor is None or self._current is None:
            return None
        return self.draft.covering(CellRange.between(self._anchor, self._current))

    # ------------------------------------------------------------------ mouse

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() is Qt.MouseButton.LeftButton:
            self._anchor = self._current = self.cell_at(event.position().toPoint())
            self.update()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._anchor is not None:
            cell = self.cell_at(event.position().toPoint(), clamp=True)
            if cell != self._current:
                self._current = cell
                self.update()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() is not Qt.MouseButton.LeftButton or self._anchor is None:
            return
        if self._current is None:
            self._current = self._anchor
        cells = CellRange.between(self._anchor, self._current)
        self._anchor = self._current = None
        self.update()
        here = self.draft.tiles_at(cells.col, cells.row)
        if cells.col_span == cells.row_span == 1 and here:
            self.tile_clicked.emit(here[-1].id)
        else:
            self.cells_dragged.emit(cells)

    # ------------------------------------------------------------------ drawing

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), theme.BACKGROUND)
        state = self.draft.state
        owners: dict[tuple[int, int], int] = {}
        for tile in state.tiles:
            for cell in tile.cells():
                owners[cell] = owners.get(cell, 0) + 1
        painter.setFont(theme.font(12))
        for row in range(state.rows):
            for col in range(state.cols):
                if owners.get((col, row), 0) == 0:
                    self._paint_empty(painter, self.cell_rect(CellRange(col, row)))
        for tile in state.tiles:
            self._paint_tile(painter, tile)
        for (col, row), count in owners.items():
            if count > 1 and col < state.cols and row < state.rows:  # an overlap: hatched red, the error's place
                rect = self.cell_rect(CellRange(col, row)).adjusted(GAP, GAP, -GAP, -GAP)
                painter.fillRect(rect, QBrush(theme.ALARM, Qt.BrushStyle.BDiagPattern))
                painter.setPen(QPen(theme.ALARM, 3))
                painter.drawRect(rect)
        dragged = self.dragged()
        if dragged is not None:
            rect = self.cell_rect(dragged).adjusted(1, 1, -1, -1)
            fill = QColor(theme.ACCENT)
            fill.setAlpha(70)
            painter.fillRect(rect, fill)
            painter.setPen(QPen(theme.ACCENT, 3, Qt.PenStyle.DashLine))
            painter.drawRect(rect)
        painter.end()

    def _paint_empty(self, painter: QPainter, rect: QRect) -> None:
        rect = rect.adjusted(GAP, GAP, -GAP, -GAP)
        painter.setPen(QPen(theme.TILE_BORDER, 1, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        painter.setPen(theme.MUTED)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                         translate("EditorGrid", "Trống\nbấm để tạo ô"))

    def _paint_tile(self, painter: QPainter, tile: DraftTile) -> None:
        rect = self.cell_rect(tile.area).adjusted(GAP, GAP, -GAP, -GAP)
        colour = QColor(KIND_COLOURS.get(tile.kind.value, theme.MUTED.name()))
        painter.fillRect(rect, theme.TILE)
        painter.fillRect(QRect(rect.left(), rect.top(), rect.width(), 5), colour)  # the kind's colour band
        selected = tile.id == self.selected
        painter.setPen(QPen(theme.ACCENT if selected else theme.TILE_BORDER, 4 if selected else 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        inner = rect.adjusted(8, 10, -8, -6)
        line_h = max(14, min(22, inner.height() // 4))
        painter.setFont(theme.font(line_h - 3, bold=True))
        painter.setPen(colour)
        kind = terms.tile_kind(tile.kind)
        painter.drawText(QRect(inner.left(), inner.top(), inner.width(), line_h),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, kind)
        painter.setFont(theme.font(line_h - 4))
        shows = summary(tile, self.store)
        lines = [(tile.title, theme.TEXT), ("" if shows == tile.title else shows, theme.TEXT), (tile.id, theme.MUTED)]
        top = inner.top() + line_h
        for text, pen in lines:
            if not text or top + line_h > inner.bottom() + 2:
                continue
            painter.setPen(pen)
            shown = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, inner.width())
            painter.drawText(QRect(inner.left(), top, inner.width(), line_h),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)
            top += line_h
