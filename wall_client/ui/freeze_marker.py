"""The "ĐANG DỪNG HÌNH" tag a frozen wall shows over its top edge, so nobody takes the held data for live.

A separate child widget put on each wall window by the wall app (`ui/app.py`), so the window's own
layout code is untouched: it only has to stay on top of the tiles, which a rebuild recreates.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from wall_client.model import formatting
from wall_client.model.i18n import QT_TRANSLATE_NOOP, translate
from wall_client.model.wall_model import WallModel
from wall_client.ui import theme

TEXT = QT_TRANSLATE_NOOP("FreezeMarker", "ĐANG DỪNG HÌNH · số liệu tạm giữ, máy chủ vẫn ghi")
TEXT_SINCE = QT_TRANSLATE_NOOP("FreezeMarker", "ĐANG DỪNG HÌNH từ {time} · số liệu tạm giữ, máy chủ vẫn ghi")


class FreezeMarker(QWidget):
    def __init__(self, store: WallModel, wall: str, frozen: Callable[[], bool], parent: QWidget) -> None:
        super().__init__(parent)
        self.store = store
        self.wall = wall
        self.frozen = frozen
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        # Connected after the window's own handlers: runs after a rebuild has added new tiles on top.
        store.wall_changed.connect(self._on_wall)
        store.reset.connect(self.follow)
        self.follow()

    def _on_wall(self, name: str) -> None:
        if name == self.wall:
            self.follow()

    def follow(self) -> None:
        parent = self.parentWidget()
        if not self.frozen() or parent is None:
            self.hide()
            return
        height = max(40, parent.height() // 18)
        self.setFont(theme.font(int(height * 0.5), bold=True))
        width = min(parent.width(), self.fontMetrics().horizontalAdvance(self.text()) + height * 2)
        self.setGeometry(QRect((parent.width() - width) // 2, 0, width, height))
        self.show()
        self.raise_()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), theme.WARN)
        painter.setPen(theme.BACKGROUND)
        painter.setFont(self.font())
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.text())
        painter.end()

    def text(self) -> str:
        state = self.store.walls.get(self.wall)
        if state is None or state.frozen_at is None:
            return "❚❚ " + translate("FreezeMarker", TEXT)
        since = formatting.local_time(state.frozen_at, with_seconds=False)
        return "❚❚ " + translate("FreezeMarker", TEXT_SINCE).format(time=since)

    def release(self) -> None:
        self.store.wall_changed.disconnect(self._on_wall)
        self.store.reset.disconnect(self.follow)
