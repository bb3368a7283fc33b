"""The newest-frame slot: a slow taker gets the newest item, never a backlog."""

from __future__ import annotations

import threading
import time

from server.detection.slot import LatestSlot


def test_put_replaces_what_was_not_taken():
    """Three puts before a take: the take gets the third, two are counted as dropped."""
    slot: LatestSlot[int] = LatestSlot()
    for item in (1, 2, 3):
        slot.put(item)
    assert slot.take(0.1) == 3
    assert slot.dropped == 2
    assert slot.take(0.01) is None


def test_take_waits_for_a_put_from_another_thread():
    """A waiting take wakes as soon as another thread puts."""
    slot: LatestSlot[str] = LatestSlot()
    threading.Timer(0.05, slot.put, args=("frame",)).start()
    started = time.monotonic()
    assert slot.take(5.0) == "frame"
    assert time.monotonic() - started < 2.0


def test_close_wakes_a_waiting_take():
    """Closing returns None to a take that is waiting, at once."""
    slot: LatestSlot[str] = LatestSlot()
    threading.Timer(0.05, slot.close).start()
    started = time.monotonic()
    assert slot.take(5.0) is None
    assert slot.closed and time.monotonic() - started < 2.0
