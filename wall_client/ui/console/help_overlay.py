"""The list of keyboard shortcuts, over the whole window (F1 shows and hides it)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from wall_client.model.i18n import translate
from wall_client.ui import theme

ROW_HEIGHT = 34
KEY_WIDTH = 190
MARGIN = 24


class HelpOverlay(QWidget):
    """Covers its parent while shown; a click or Esc hides it again."""

    def __init__(self, shortcuts: list[tuple[str, str]], parent: QWidget, context: str = "ConsoleWindow") -> None:
        """`shortcuts`: (keys, what they do), marked for the catalog under `context` (a key's name may be words)."""
        super().__init__(parent)
        self.owner = parent
        self.shortcuts = shortcuts
        self.context = context
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

    def entries(self) -> list[tuple[str, str]]:
        """The shortcuts as shown: (keys, what they do) in the chosen language."""
        return [(translate(self.context, keys), translate(self.context, what)) for keys, what in self.shortcuts]

    def box(self) -> QRect:
        """The panel: wide enough for the longest line (English is longer), as far as the window allows."""
        metrics = QFontMetrics(theme.font(15))
        longest = max((metrics.horizontalAdvance(what) for _, what in self.entries()), default=0)
        width = min(self.width() - 40, max(760, 2 * MARGIN + KEY_WIDTH + longest + 8))
        height = ROW_HEIGHT * (len(self.shortcuts) + 2) + 20
        return QRect((self.width() - width) // 2, max(20, (self.height() - height) // 2), width, height)

    def rows(self) -> list[tuple[QRect, str, QRect, str]]:
        """Where each shortcut's keys and words go: (keys' place, keys, words' place, words)."""
        box = self.box()
        y = box.top() + 12 + ROW_HEIGHT + 8
        placed = []
        for keys, what in self.entries():
            placed.append((QRect(box.left() + MARGIN, y, KEY_WIDTH, ROW_HEIGHT), keys,
                           QRect(box.left() + MARGIN + KEY_WIDTH, y, box.width() - 2 * MARGIN - KEY_WIDTH, ROW_HEIGHT),
                           what))
            y += ROW_HEIGHT
        return placed

    def clipped(self) -> list[str]:
        """The texts that do not fit their place at the present size (they are drawn cut, with "…")."""
        bold, plain = QFontMetrics(theme.font(15, bold=True)), QFontMetrics(theme.font(15))
        return [text for key_rect, keys, text_rect, what in self.rows()
                for text, rect, metrics in ((keys, key_rect, bold), (what, text_rect, plain))
                if metrics.horizontalAdvance(text) > rect.width()]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(5, 9, 18, 215))
        box = self.box()
        painter.fillRect(box, theme.TILE)
        painter.setPen(theme.ACCENT)
        painter.drawRect(box.adjusted(0, 0, -1, -1))
        painter.setFont(theme.font(20, bold=True))
        painter.setPen(theme.TEXT)
        painter.drawText(box.adjusted(MARGIN, 12, -MARGIN, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                         translate("HelpOverlay", "Phím tắt"))
        painter.setFont(theme.font(13))
        painter.setPen(theme.MUTED)
        painter.drawText(box.adjusted(MARGIN, 16, -MARGIN, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                         translate("HelpOverlay", "F1 hoặc Esc để đóng"))
        for key_rect, keys, text_rect, what in self.rows():
            painter.setFont(theme.font(15, bold=True))
            painter.setPen(theme.ACCENT)
            painter.drawText(key_rect, Qt.AlignmentFlag.AlignVCenter, keys)
            painter.setFont(theme.font(15))
            painter.setPen(theme.TEXT)
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter,
                             painter.fontMetrics().elidedText(what, Qt.TextElideMode.ElideRight, text_rect.width()))
        painter.end()
