"""The list of keyboard shortcuts, over the whole window (F1 shows and hides it)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from wall_client.ui import theme


class HelpOverlay(QWidget):
    """Covers its parent while shown; a click or Esc hides it again."""

    def __init__(self, shortcuts: list[tuple[str, str]], parent: QWidget) -> None:
        super().__init__(parent)
        self.owner = parent
        self.shortcuts = shortcuts
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.hide()
        parent.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.owner and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.owner.rect())
        return False

    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
        else:
            self.setGeometry(self.owner.rect())
            self.show()
            self.raise_()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(5, 9, 18, 215))
        row_h = 34
        width = min(self.width() - 40, 760)
        height = row_h * (len(self.shortcuts) + 2) + 20
        box = QRect((self.width() - width) // 2, max(20, (self.height() - height) // 2), width, height)
        painter.fillRect(box, theme.TILE)
        painter.setPen(theme.ACCENT)
        painter.drawRect(box.adjusted(0, 0, -1, -1))
        painter.setFont(theme.font(20, bold=True))
        painter.setPen(theme.TEXT)
        painter.drawText(box.adjusted(24, 12, -24, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                         "Phím tắt")
        painter.setFont(theme.font(13))
        painter.setPen(theme.MUTED)
        painter.drawText(box.adjusted(24, 16, -24, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                         "F1 hoặc Esc để đóng")
        y = box.top() + 12 + row_h + 8
        key_w = 190
        for keys, what in self.shortcuts:
            painter.setFont(theme.font(15, bold=True))
            painter.setPen(theme.ACCENT)
            painter.drawText(QRect(box.left() + 24, y, key_w, row_h), Qt.AlignmentFlag.AlignVCenter, keys)
            painter.setFont(theme.font(15))
            painter.setPen(theme.TEXT)
            text_rect = QRect(box.left() + 24 + key_w, y, box.width() - 48 - key_w, row_h)
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter,
                             painter.fontMetrics().elidedText(what, Qt.TextElideMode.ElideRight, text_rect.width()))
            y += row_h
        painter.end()
