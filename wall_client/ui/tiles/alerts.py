"""Alert tile: the open alerts the tile's filters let through, as a list (newest first, coloured by
severity, with their age and state) or as a ticker crawling along the tile.

New critical alerts flash for the tile's `flash_s`. An alert that a tile of the wall shows as an alarm
now is marked "TRÊN TƯỜNG" (on the wall). With an operator's token a tap on an alert asks to
acknowledge it (ack_confirm.py); with a viewer's nothing reacts to a tap.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QHideEvent, QMouseEvent, QPainter, QShowEvent
from PySide6.QtWidgets import QWidget

from wall_client.model import formatting, terms
from wall_client.model.alarms import alarms_on_walls
from wall_client.model.alert_text import alert_title
from wall_client.model.alert_tile import flash_lit, flashing, may_acknowledge, shown_alerts, strip_lead, ticker_items
from wall_client.model.i18n import QT_TRANSLATE_NOOP, translate
from wall_client.model.wall_model import TileView
from wall_client.ui import text_fit, theme
from wall_client.ui.tiles.ack_confirm import AckConfirm
from wall_client.ui.tiles.alert_ticker import TickerStrip
from wall_client.ui.tiles.base import TITLE_MIN_SCALE, TileContext, TileWidget
from wall_protocol.common import AlertState, utc_now
from wall_protocol.entities import Alert
from wall_protocol.tile_settings import AlertsMode, AlertsSettings

ON_WALL = QT_TRANSLATE_NOOP("AlertsTile", "TRÊN TƯỜNG")
CRAWL_MS = 16
"""A crawl step per display frame (60 Hz): at 120 px/s a 2 px step, which the eye sees as smooth."""
FLASH_STEP_MS = 125
"""How often a list with a flashing alert repaints: twice per half flash, so no phase is missed."""


class AlertsTile(TileWidget):
    """Settings: wall_protocol.tile_settings.AlertsSettings (mode, filters, flash time, ticker speed)."""

    def __init__(self, view: TileView, context: TileContext, parent: QWidget | None = None) -> None:
        super().__init__(view, context, parent)
        self.clock: Callable[[], datetime] = utc_now  # the flashes' time (a test gives its own)
        self.monotonic: Callable[[], float] = time.monotonic  # the crawl's time
        self.strip = TickerStrip()
        self.strip_x = 0.0  # where the strip's left edge was drawn last, in tile pixels
        self.paint_ms: deque[float] = deque(maxlen=600)  # the body's paint times: what the crawl costs
        self._crawl_started = self.monotonic()
        self._strip_renders = 0
        self._strip_ids: set[int] = set()
        self._rows: list[tuple[QRect, Alert]] = []  # the list's rows as last drawn: what a tap hits
        self._crawl = QTimer(self)
        self._crawl.setTimerType(Qt.TimerType.PreciseTimer)
        self._crawl.setInterval(CRAWL_MS)
        self._crawl.timeout.connect(self._crawl_step)
        self._flash = QTimer(self)
        self._flash.setInterval(FLASH_STEP_MS)
        self._flash.timeout.connect(self.update)
        self.confirm = AckConfirm(self)
        self.confirm.closed.connect(self._sync)
        context.store.alerts_changed.connect(self._sync)
        context.store.wall_changed.connect(self._on_wall)
        self._sync()

    def release(self) -> None:
        self._crawl.stop()
        self._flash.stop()
        self.context.store.alerts_changed.disconnect(self._sync)
        self.context.store.wall_changed.disconnect(self._on_wall)

    def _on_wall(self, _name: str) -> None:
        self.update()  # an alarm popped or cleared: the "on the wall" marks change

    def alarm_ids(self) -> set[int]:
        """The alerts some tile shows as an alarm now (a wall PC follows only its own wall)."""
        return alarms_on_walls(self.context.store.walls.values())

    def visible_alerts(self) -> list[Alert]:
        return shown_alerts(self.context.store.open_alerts(), self.settings(AlertsSettings))

    @property
    def ticker(self) -> bool:
        return self.settings(AlertsSettings).mode is AlertsMode.TICKER

    @property
    def may_acknowledge(self) -> bool:
        """An operator's wall: a tap on an alert asks to acknowledge it. A viewer's: taps do nothing."""
        return may_acknowledge(self.context.role) and self.context.request is not None

    def crawling(self) -> bool:
        return self._crawl.isActive()

    def flashing_now(self) -> bool:
        """Whether an alert of this tile is in its flashing time (not whether it is lit at this instant)."""
        flash_s, now = self.settings(AlertsSettings).flash_s, self.clock()
        return any(flashing(a, flash_s, now) for a in self.visible_alerts())

    def tick(self, now: datetime) -> None:
        super().tick(now)
        self._sync()  # a flash ends by time alone

    def _sync(self) -> None:
        """Run the crawl and flash timers only while there is something to move or flash."""
        alerts = self.visible_alerts()
        crawl = self.ticker and bool(alerts) and not self.confirm.isVisible() and self.isVisible()
        if crawl and not self._crawl.isActive():
            self._crawl.start()
        elif not crawl:
            self._crawl.stop()
        flash = not crawl and self.flashing_now()  # a crawling ticker repaints every frame anyway
        if flash and not self._flash.isActive():
            self._flash.start()
        elif not flash:
            self._flash.stop()
        tappable = self.may_acknowledge and any(a.state is AlertState.NEW for a in alerts)
        self.setCursor(Qt.CursorShape.PointingHandCursor if tappable else Qt.CursorShape.ArrowCursor)
        self.update()

    def showEvent(self, event: QShowEvent) -> None:
        if hasattr(self, "confirm"):  # Qt may show or hide a tile while the base class is still building it
            self._sync()  # a hidden tile (another one maximized) has no crawl to run

    def hideEvent(self, event: QHideEvent) -> None:
        if hasattr(self, "_flash"):
            self._crawl.stop()  # only the timers: a window closing hides its tiles while its store goes away
            self._flash.stop()

    def _crawl_step(self) -> None:
        self.update(self.body_rect())  # only the strip moves: the frame and title stay as painted

    # ------------------------------------------------------------------ painting

    def paint_body(self, painter: QPainter, rect: QRect) -> None:
        started = time.perf_counter()
        alerts = self.visible_alerts()
        if not alerts:
            self._rows = []
            self.strip.update([], rect.height(), self.devicePixelRatioF())
            painter.setPen(theme.MUTED)
            text = translate("AlertsTile", "Không có cảnh báo đang mở")
            text_fit.draw(painter, rect, Qt.AlignmentFlag.AlignCenter, text, max(10, min(rect.height() // 2, 30)))
        elif self.ticker:
            self._paint_ticker(painter, rect, alerts)
        else:
            self._paint_list(painter, rect, alerts)
        self.paint_ms.append((time.perf_counter() - started) * 1000)

    def _paint_ticker(self, painter: QPainter, rect: QRect, alerts: list[Alert]) -> None:
        settings = self.settings(AlertsSettings)
        self.strip.update(ticker_items(alerts), rect.height(), self.devicePixelRatioF())
        if self.strip.renders != self._strip_renders:
            self._strip_renders = self.strip.renders
            ids = {span.item.alert_id for span in self.strip.spans}
            if not ids <= self._strip_ids:  # a new alert: the strip starts again at the right edge, with it first
                self._crawl_started = self.monotonic()
            self._strip_ids = ids  # an ack or a resolve changes the words, not the place: the crawl goes on
        lead = strip_lead(self.monotonic() - self._crawl_started, settings.ticker_speed, self.strip.width, rect.width())
        self.strip_x = rect.left() + lead
        repeats = int((rect.width() - lead) // max(1, self.strip.width)) + 1
        copies = [self.strip_x + k * self.strip.width for k in range(repeats)]
        painter.save()
        painter.setClipRect(rect)
        now = self.clock()
        if flash_lit(now):
            by_id = {a.id: a for a in alerts}
            pad = rect.height() // 6
            for span in self.strip.spans:
                alert = by_id.get(span.item.alert_id)
                if alert is not None and flashing(alert, settings.flash_s, now):
                    for x in copies:
                        painter.fillRect(QRectF(x + span.left - pad, rect.top(), span.right - span.left + 2 * pad,
                                                rect.height()), theme.ALARM)
        for x in copies:  # one copy, or a few end to end when the strip is shorter than the tile
            painter.drawPixmap(QPointF(round(x), rect.top()), self.strip.pixmap)
        painter.restore()

    def _paint_list(self, painter: QPainter, rect: QRect, alerts: list[Alert]) -> None:
        settings = self.settings(AlertsSettings)
        row_h = max(22, min(rect.height() // 6, 60))
        y = rect.top()
        on_wall = self.alarm_ids()
        now, self._rows = self.clock(), []
        lit = flash_lit(now)
        for alert in alerts[: max(1, rect.height() // row_h)]:
            row = QRect(rect.left(), y, rect.width(), row_h)
            self._rows.append((row, alert))
            if lit and flashing(alert, settings.flash_s, now):
                painter.fillRect(row.adjusted(0, 1, 0, -1), theme.ALARM)
            colour = theme.SEVERITY_COLOURS[alert.severity.value]
            painter.fillRect(QRect(rect.left(), y + 3, 6, row_h - 6), colour)
            # The state and age take the room they need (words differ in length by language), at least 3 rows'.
            painter.setFont(theme.font(int(row_h * 0.34)))
            age = formatting.age((self.now - alert.created_at).total_seconds())
            status = f"{terms.alert_state(alert.state).upper()} · {age}"
            status_w = max(row_h * 3, painter.fontMetrics().horizontalAdvance(status) + row_h // 4)
            status_w = min(status_w, rect.width() // 2)
            marker = self._paint_on_wall(painter, rect.right() - status_w, y, row_h) if alert.id in on_wall else 0
            painter.setPen(theme.TEXT)
            text_rect = QRect(rect.left() + 14, y, rect.width() - 14 - status_w - marker, row_h)
            title, size = alert_title(alert), int(row_h * 0.42)
            bold = alert.state is AlertState.NEW
            # Shrink a long title a little (to TITLE_MIN_SCALE), then cut it with "…".
            text_fit.draw(painter, text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, title, size,
                          floor_px=int(size * TITLE_MIN_SCALE), bold=bold)
            painter.setPen(theme.TEXT if lit and flashing(alert, settings.flash_s, now) else theme.MUTED)
            painter.setFont(theme.font(int(row_h * 0.34)))
            status = painter.fontMetrics().elidedText(status, Qt.TextElideMode.ElideRight, status_w)
            painter.drawText(QRect(rect.right() - status_w, y, status_w, row_h),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, status)
            y += row_h

    def _paint_on_wall(self, painter: QPainter, right: int, y: int, row_h: int) -> int:
        """The "on the wall" pill ending at `right`; the width it takes."""
        painter.setFont(theme.font(int(row_h * 0.32), bold=True))
        on_wall = translate("AlertsTile", ON_WALL)
        width = painter.fontMetrics().horizontalAdvance(on_wall) + row_h // 2
        pill = QRect(right - width - row_h // 4, y + row_h // 5, width, row_h - 2 * (row_h // 5))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.ALARM)
        painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(theme.TEXT)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, on_wall)
        return width + row_h // 2

    # ------------------------------------------------------------------ acknowledging

    def alert_at(self, x: float, y: float) -> Alert | None:
        """The alert drawn at (x, y) in the tile, as last painted."""
        if self.ticker:
            inside = self.body_rect().contains(int(x), int(y)) and x >= self.strip_x and self.strip.width > 0
            item = self.strip.at((x - self.strip_x) % self.strip.width) if inside else None
            return next((a for a in self.visible_alerts() if item and a.id == item.alert_id), None)
        return next((alert for row, alert in self._rows if row.contains(int(x), int(y))), None)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A tap (a touch arrives as a mouse press) on a new alert asks to acknowledge it: operators only."""
        request = self.context.request
        alert = self.alert_at(event.position().x(), event.position().y()) if self.may_acknowledge else None
        if request is None or alert is None or alert.state is not AlertState.NEW:
            event.ignore()
            return
        self.confirm.ask(alert.id, alert_title(alert), request)
        self._sync()
