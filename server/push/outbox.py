"""One client's outbound side: a bounded queue of deltas, sent in coalesced frames.

Adaptive coalescing: when the client has been idle the next delta goes out at once; under
load at most one frame per `coalesce_s`, carrying everything that queued meanwhile. A client
that cannot keep up overflows its queue and is resynced with a fresh snapshot instead of
slowing anyone else down.

A backlog leaves in frames of at most MAX_FRAME_CHARS, each sent once the socket took the one before:
queued deltas are shared by every client (one encoded text each), but a frame is this client's own
copy, several times over on its way down (str, UTF-8 bytes, WebSocket frame, transport buffer). One
frame of a whole 20 000-delta backlog is ~4 MB per slow client: with 200 clients behind, most of a GB of
private copies, where the shared queues hold a few tens of MB.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable

from server.store.context import PublishedDelta
from wall_protocol.codec import batch_frame

log = logging.getLogger(__name__)

MAX_FRAME_CHARS = 64 * 1024
"""Largest batch frame (characters of its deltas; a single larger delta still goes alone)."""
SMALL_QUEUE = 128
"""Up to this many queued deltas go in one frame without measuring them (a delta is a few hundred characters)."""

SendText = Callable[[str], Awaitable[None]]
Resync = Callable[[], Awaitable[int]]
"""Send the client a fresh snapshot; return its seq."""


class Outbox:
    def __init__(self, send: SendText, resync: Resync, *, wall: str | None, coalesce_s: float,
                 max_queue: int, name: str = "") -> None:
        self.wall = wall
        self.name = name
        self._send = send
        self._resync = resync
        self._coalesce_s = coalesce_s
        self._max_queue = max_queue
        self._queue: deque[PublishedDelta] = deque()
        self._ready = asyncio.Event()
        self._lock = asyncio.Lock()
        self._overflowed = False
        self._resync_wanted = False
        self._skip_through = 0
        self._last_frame = 0.0
        self.frames_sent = 0
        self.deltas_sent = 0
        self.resyncs = 0

    def wants(self, delta: PublishedDelta) -> bool:
        return delta.wall is None or self.wall is None or delta.wall == self.wall

    def offer(self, delta: PublishedDelta) -> None:
        """Queue a delta (called on the event loop for every commit; must stay cheap)."""
        if self._overflowed:
            return
        if len(self._queue) >= self._max_queue:
            self._overflowed = True
            self._queue.clear()
        else:
            self._queue.append(delta)
        self._ready.set()

    def request_resync(self) -> None:
        """Send the client a fresh snapshot soon, in the delta stream's order (what it holds is out of date)."""
        self._resync_wanted = True
        self._ready.set()

    def skip_through(self, seq: int) -> None:
        """Deltas up to `seq` are covered by what was just sent (snapshot or replay)."""
        self._skip_through = max(self._skip_through, seq)

    async def send_now(self, text: str, *, deltas_first: bool = False) -> None:
        """Send a reply or snapshot outside the delta stream, never interleaved with a frame.

        `deltas_first` sends what is queued before the reply, so that a client that gets the
        result of its command already has the state change the command caused.
        """
        async with self._lock:
            left = len(self._queue) if deltas_first else 0
            while left > 0 and self._queue and not self._overflowed:
                texts, taken = self._take(left)
                left -= taken
                if texts:
                    await self._send(batch_frame(texts))
                    self.frames_sent += 1
                    self.deltas_sent += len(texts)
            await self._send(text)

    async def run(self) -> None:
        """Deliver queued deltas until cancelled."""
        while True:
            if not self._queue and not self._overflowed and not self._resync_wanted:
                self._ready.clear()
                await self._ready.wait()
            wait = self._last_frame + self._coalesce_s - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            if self._overflowed:
                await self._recover_from_overflow()
                continue
            await self._send_queued()
            if self._resync_wanted:
                await self._resync_now()  # after what was queued: the client sees the unfreeze, then the snapshot

    async def _send_queued(self) -> None:
        """What is queued now, in frames of at most MAX_FRAME_CHARS, each once the socket took the one before;
        what queues meanwhile waits for the next coalescing window."""
        left = len(self._queue)
        while left > 0 and self._queue and not self._overflowed:  # a reply's send_now may have sent them
            async with self._lock:
                texts, taken = self._take(left)
                if texts:
                    await self._send(batch_frame(texts))
            left -= taken
            if texts:
                self._last_frame = time.monotonic()
                self.frames_sent += 1
                self.deltas_sent += len(texts)

    def _take(self, most: int) -> tuple[list[str], int]:
        """Texts of up to `most` of the oldest queued deltas, up to MAX_FRAME_CHARS (at least one), less what a
        snapshot covered; and how many deltas left the queue."""
        queue = self._queue
        if len(queue) <= min(most, SMALL_QUEUE):  # the usual case, at C speed: far below the limit
            items = list(queue)
            queue.clear()
        else:
            items, size = [], 0
            while queue and len(items) < most and (not items or size + len(queue[0].text) < MAX_FRAME_CHARS):
                items.append(queue.popleft())
                size += len(items[-1].text) + 1  # and its comma
        taken = len(items)
        if items and items[0].seq <= self._skip_through:
            items = [d for d in items if d.seq > self._skip_through]
        return [d.text for d in items], taken

    async def _recover_from_overflow(self) -> None:
        log.warning("client %s fell %d deltas behind; resyncing it with a snapshot", self.name, self._max_queue)
        self._overflowed = False
        await self._resync_now()

    async def _resync_now(self) -> None:
        self.resyncs += 1
        self._resync_wanted = False
        seq = await self._resync()  # sent with send_now: never between a reply's deltas and the reply
        self.skip_through(seq)
        self._last_frame = time.monotonic()
