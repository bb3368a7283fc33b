"""A hand-over slot that holds only the newest item: a slow consumer skips, it never falls behind."""

from __future__ import annotations

import threading
from typing import Generic, TypeVar

T = TypeVar("T")


class LatestSlot(Generic[T]):
    """Between a decoder and a detector: `put` replaces what is waiting, `take` waits for something new.

    Why not a queue: a detector slower than the camera would work on ever older frames and
    report objects seconds after they appeared. Here it always gets the newest frame, and
    `dropped` counts the ones it never saw.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._item: T | None = None
        self._closed = False
        self.dropped = 0

    def put(self, item: T) -> None:
        with self._cond:
            if self._item is not None:
                self.dropped += 1
            self._item = item
            self._cond.notify()

    def take(self, timeout: float) -> T | None:
        """The newest item, waiting up to `timeout` s; None on timeout or once closed."""
        with self._cond:
            if self._item is None and not self._closed:
                self._cond.wait(timeout)
            item, self._item = self._item, None
            return item

    @property
    def holding(self) -> bool:
        """Something is waiting to be taken."""
        return self._item is not None

    def close(self) -> None:
        """Wake a waiting `take` for good (the pipeline is stopping)."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    @property
    def closed(self) -> bool:
        return self._closed
