"""A data tile's repaint for new data: at once for a lone change, at most once per interval for a burst.

Why: a KPI tile repainted on every metric delta. Its paint (the value fitted to the tile, the details, the
sparkline) takes 1.5–2.5 ms, and a busy feed sends a series several deltas a second: in the video-wall benchmark
(benchmarks/video_wall.py, a delta every 100 ms) the KPI tiles painted about 20 times a second on the GUI thread
that also paints the video. A value that changes more often than twice a second cannot be read anyway; the
chart tile draws its deltas together every half second for the same reason (charts/chart_tile.py).

The first change after a quiet interval is painted at once (a KPI that changes now and then shows each change as
it comes); changes within the interval after a repaint are painted together when it ends.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

DATA_REPAINT_MS = 500
"""The shortest time between two repaints for new data (the chart tile's REDRAW_INTERVAL_MS)."""


class RepaintThrottle(QObject):
    """Repaints `widget` for new data: now, or when `interval_ms` has passed since its last such repaint."""

    def __init__(self, widget: QWidget, interval_ms: int = DATA_REPAINT_MS) -> None:
        super().__init__(widget)  # owned by the widget: gone with it
        self._widget = widget
        self._interval_s = interval_ms / 1000.0
        self._last = float("-inf")  # monotonic time of the last repaint asked of Qt
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._repaint)

    def changed(self) -> None:
        """New data for the widget."""
        if self._timer.isActive():
            return  # a repaint is due already: it shows this change too
        wait_s = self._last + self._interval_s - time.monotonic()
        if wait_s <= 0:
            self._repaint()
        else:
            self._timer.start(max(1, round(wait_s * 1000)))

    def pending(self) -> bool:
        """Whether a change waits for its repaint."""
        return self._timer.isActive()

    def stop(self) -> None:
        self._timer.stop()

    def _repaint(self) -> None:
        self._last = time.monotonic()
        self._widget.update()
