"""The once-a-second repaint of every tile, spread over a few short paint passes instead of one long one.

Every tile's age, clock or badge changes each second, and each window's tick asked all its tiles to repaint at
that instant; Qt then paints them in one pass. Measured (benchmarks/video_wall.py --budget, 36 cameras beside a
window of KPI tiles and charts): right after each tick the GUI thread was 85–170 ms late, and the live video
tiles lost the frames that came meanwhile. Here the tiles are repainted a few at a time, one batch every
`STEP_MS`: the second's repaint still ends within a few hundred milliseconds, and frames and input are served
between two batches."""

from __future__ import annotations

import weakref
from functools import cache

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

STEP_MS = 8
"""Between two batches: time for a frame's paint or an input event (a video paint takes about 0.5 ms)."""
BATCH = 3
"""Tiles repainted together: a KPI tile's paint takes 1.5–2.5 ms, a chart's 4–12 ms."""


class RepaintSpreader(QObject):
    def __init__(self, step_ms: int = STEP_MS, batch: int = BATCH) -> None:
        super().__init__()
        self.batch = batch
        self._queue: dict[int, weakref.ref[QWidget]] = {}  # insertion order: first asked, first repainted
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(step_ms)
        self._timer.timeout.connect(self._next_batch)

    def repaint_soon(self, widget: QWidget) -> None:
        """Repaint `widget` in one of the next batches (once, however often it is asked before then)."""
        queued = self._queue.get(id(widget))
        if queued is None or queued() is not widget:  # not queued (or the id of one gone since)
            self._queue[id(widget)] = weakref.ref(widget)
        if not self._timer.isActive():
            # The first batch at once (a lone tile's repaint is not delayed); those asking after it wait a step.
            self._next_batch()
            self._timer.start()

    def pending(self) -> int:
        return len(self._queue)

    def _next_batch(self) -> None:
        done = 0
        while self._queue and done < self.batch:
            key = next(iter(self._queue))
            widget = self._queue.pop(key)()
            # Gone, deleted by Qt or hidden meanwhile: nothing to show.
            if widget is not None and shiboken6.isValid(widget) and widget.isVisible():
                widget.update()
                done += 1
        if done == 0 and not self._queue:  # a whole step with nobody asking: rest until someone does
            self._timer.stop()


@cache
def shared_spreader() -> RepaintSpreader:
    """The process's spreader (made on first use, after the QApplication): all windows share the GUI thread."""
    return RepaintSpreader()
