"""Still frames of cameras (GET /media/{camera}/still.jpg), cheap whatever the number of viewers.

Phones and hidden browser tabs poll a still every few seconds instead of playing video. A decode
and a JPEG encode cost ≈ 20 ms of a core for 720p (measured in tests/server/media/test_keyframe_jpeg.py),
so they must not happen per request: each camera stream has one cached still, decoded at most once
per keyframe and about once per interval. Requests that come while a refresh runs wait for that
refresh instead of starting their own, and a keyframe already decoded is never decoded again (a
camera's GOP may be longer than the interval).

The interval counts from when the still's keyframe reached the server, not from the refresh: a wall
tile that saves shows the still's age, and a still cached for an interval after a refresh that found
an already old keyframe would be served up to twice as old as the interval.

Decoding runs on a small pool of its own, so that many cameras' stills together take at most that
many cores, and never the event loop nor the threads the store reads with.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from server.media.channel import Keyframe
from wall_protocol.common import utc_now

DECODE_THREADS = 2
"""Stills of all cameras are decoded on this many threads: their cost is bounded by cores, not by cameras."""
RECHECK_S = 0.5
"""A still whose keyframe is already older than the interval (a GOP longer than it) is checked against the
stream's newest keyframe at most this often: a look at the channel, and no decode unless the keyframe changed."""

StreamKey = tuple[str, str]
"""(camera id, stream name)."""


@dataclass(frozen=True)
class Still:
    jpeg: bytes
    taken_at: datetime
    """When the keyframe it shows reached the server: clients show the still's age from this."""
    etag: str
    """A quoted HTTP entity tag that changes with the picture (a hash of the JPEG)."""


@dataclass
class _Entry:
    still: Still | None = None
    serial: int = 0
    """The serial of the keyframe `still` shows."""
    fresh_until: float = float("-inf")
    """Monotonic time until which `still` is served without a look at the stream: `interval_s` after its keyframe
    reached the server, and at least RECHECK_S after the last refresh (a decode, or finding the keyframe unchanged)."""
    pending: asyncio.Future[Still] | None = None
    """The refresh in flight: every request that comes meanwhile waits for this one."""


class StillCache:
    """One still per camera stream, refreshed at most once per `interval_s`, with one refresh in flight at most.

    `decode` (a keyframe to a Still) runs in a worker thread; `on_decode` is called on the loop after
    each one (the metrics count them). `clock` is monotonic; `wall_clock` (UTC) gives a keyframe's age.
    """

    def __init__(self, interval_s: float, decode: Callable[[Keyframe], Still], *,
                 on_decode: Callable[[], None] = lambda: None, clock: Callable[[], float] = time.monotonic,
                 wall_clock: Callable[[], datetime] = utc_now) -> None:
        self.interval_s = interval_s
        self._decode = decode
        self._on_decode = on_decode
        self._clock = clock
        self._wall_clock = wall_clock
        self._entries: dict[StreamKey, _Entry] = {}
        self._pool = concurrent.futures.ThreadPoolExecutor(DECODE_THREADS, thread_name_prefix="still")
        self.decodes = 0

    async def get(self, key: StreamKey, fetch: Callable[[], Awaitable[Keyframe]]) -> Still:
        """The stream's still: the cached one within the interval, else a fresh one from `fetch()`'s keyframe.

        `fetch` may wait (for a stream's first keyframe) or raise; waiting requests share its outcome.
        """
        entry = self._entries.setdefault(key, _Entry())
        if entry.pending is None:
            if entry.still is not None and self._clock() < entry.fresh_until:
                return entry.still
            entry.pending = asyncio.ensure_future(self._refresh(entry, fetch))
            entry.pending.add_done_callback(lambda done: self._settled(entry, done))
        # Shielded: a client that leaves does not cancel the refresh the others wait for.
        return await asyncio.shield(entry.pending)

    async def _refresh(self, entry: _Entry, fetch: Callable[[], Awaitable[Keyframe]]) -> Still:
        keyframe = await fetch()
        if entry.still is None or keyframe.serial != entry.serial:
            loop = asyncio.get_running_loop()
            still = await loop.run_in_executor(self._pool, self._decode, keyframe)
            self.decodes += 1
            self._on_decode()
            entry.still, entry.serial = still, keyframe.serial
        keyframe_age = max(0.0, (self._wall_clock() - keyframe.taken_at).total_seconds())
        entry.fresh_until = self._clock() + max(min(RECHECK_S, self.interval_s), self.interval_s - keyframe_age)
        assert entry.still is not None
        return entry.still

    @staticmethod
    def _settled(entry: _Entry, done: asyncio.Future[Still]) -> None:
        if entry.pending is done:
            entry.pending = None  # a failure is not cached: the next request tries again
        if not done.cancelled():
            done.exception()  # retrieved, so that a failure nobody waited for any more is not logged as lost

    def forget(self, camera: str) -> None:
        """The camera was changed or removed: its stills go (a refresh in flight finishes for its waiters)."""
        for key in [k for k in self._entries if k[0] == camera]:
            del self._entries[key]

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
