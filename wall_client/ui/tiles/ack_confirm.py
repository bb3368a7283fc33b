"""Acknowledging an alert from a wall tile: a tap asks "acknowledge …?" over the tile, a second tap sends it.

A wall has no keyboard and is touched by people walking past: one tap never changes anything, the
question covers the tile (so it is seen where the tap was) and goes away by itself if nobody answers.
The server records who (the wall's token) and when; the tile redraws from its delta, never before.
"""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QPushButton, QWidget
from websockets.exceptions import ConnectionClosed

from wall_client.model import console_commands as commands
from wall_client.model.i18n import translate
from wall_client.ui import theme
from wall_client.ui.tiles.base import Request
from wall_protocol import ProtocolError

log = logging.getLogger(__name__)

ANSWER_WITHIN_MS = 10_000
"""The question goes away after this long without an answer (someone tapped by mistake and walked on)."""
REFUSAL_SHOWN_MS = 5_000


class AckConfirm(QWidget):
    """The question over the tile, its two buttons, and the command once confirmed."""

    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.alert_id: int | None = None
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(f"AckConfirm {{ background: {theme.ALARM_BANNER.name()}; }}"
                           f"QLabel {{ color: {theme.TEXT.name()}; }}"
                           f"QPushButton {{ color: {theme.TEXT.name()}; background: {theme.TILE.name()};"
                           f" border: 2px solid {theme.TEXT.name()}; border-radius: 6px; padding: 4px 14px; }}")
        self.question = QLabel(self)
        self.confirm_button = QPushButton(self)
        self.cancel_button = QPushButton(self)
        self.question.setWordWrap(True)
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._outer = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self._outer.addWidget(self.question, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        self._outer.addLayout(buttons)
        self.confirm_button.clicked.connect(self.confirm)
        self.cancel_button.clicked.connect(self.close_question)
        self._timeout = QTimer(self)
        self._timeout.setSingleShot(True)
        self._timeout.timeout.connect(self.close_question)
        self._request: Request | None = None
        self._task: asyncio.Task[None] | None = None
        self.hide()

    def ask(self, alert_id: int, title: str, request: Request) -> None:
        """Cover the parent tile with "acknowledge `title`?"."""
        self.alert_id, self._request = alert_id, request
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        # A low tile (a ticker) puts the question beside the buttons, a tall one above them.
        wide = self.height() < 3 * self.width() // 10 and self.height() < 200
        text_px = max(12, min(32, self.height() // (3 if wide else 6)))
        for widget in (self.question, self.confirm_button, self.cancel_button):
            widget.setFont(theme.font(text_px, bold=widget is self.confirm_button))
        self.confirm_button.setText(translate("AckConfirm", "Xác nhận"))
        self.cancel_button.setText(translate("AckConfirm", "Huỷ"))
        self.confirm_button.setEnabled(True)
        self._outer.setDirection(QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom)
        buttons_w = self.confirm_button.sizeHint().width() + self.cancel_button.sizeHint().width() + 48
        room = self.width() - 24 - (buttons_w if wide else 0)
        # Two lines at most when tall, one when low; past that the title is cut with "…".
        question = translate("AckConfirm", "Xác nhận cảnh báo: {title}?").format(title=title)
        self.question.setText(QFontMetrics(self.question.font()).elidedText(
            question, Qt.TextElideMode.ElideRight, max(room, 40) * (1 if wide else 2) - text_px))
        self.show()
        self.raise_()
        self._timeout.start(ANSWER_WITHIN_MS)

    def confirm(self) -> None:
        if self.alert_id is None or self._request is None or self._task is not None:
            return
        self.confirm_button.setEnabled(False)
        self.question.setText(translate("AckConfirm", "Đang gửi…"))
        self._task = asyncio.ensure_future(self._send(self.alert_id, self._request))

    async def _send(self, alert_id: int, request: Request) -> None:
        try:
            await request(commands.ack_alert(alert_id))
        except ProtocolError as exc:  # refused (already acknowledged, no right): say why, briefly
            log.warning("acknowledging alert %d from the wall was refused: %s", alert_id, exc.message)
            self._show_refusal(exc.message)
        except (TimeoutError, ConnectionClosed):
            self._show_refusal(translate("AckConfirm", "máy chủ không trả lời"))
        else:
            self.close_question()
        finally:
            self._task = None

    def _show_refusal(self, why: str) -> None:
        self.question.setText(translate("AckConfirm", "Không xác nhận được: {why}").format(why=why))
        self._timeout.start(REFUSAL_SHOWN_MS)

    def close_question(self) -> None:
        self._timeout.stop()
        self.alert_id = None
        self.hide()
        self.closed.emit()
