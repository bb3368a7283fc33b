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
from collections.abc import Awaitable, Callable, Sequence

from server.store.context import PublishedDelta
from wall_protocol.codec import batch_frame

log = logging.getLogger(__name__)

MAX_FRAME_CHARS = 64 * 1024
"""Largest batch frame (characters of its deltas; a single larger delta still goes alone)."""
SMALL_QUEUE = 128
"""Up to this many queued deltas go in one frame without measuring them (a delta is a few hundred characters);
a longer backlog is taken this many at a time."""

SendText = Callable[[str], Awaitable[None]]
Resync = Callable[[], Awaitable[int]]
"""Send the client a fresh snapshot; return its seq."""


def share_of(wall: str | None, deltas: list[PublishedDelta]) -> list[PublishedDelta]:
    """The deltas a client of `wall` gets: those for every wall and those for its own; a console (None) gets all."""
    if wall is None:
        return deltas
    return [d for d in deltas if d.wall is None or d.wall == wall]


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

    def offer(self, delta: PublishedDelta) -> None:
        """Queue one delta (see offer_many)."""
        self.offer_many((delta,))

    def offer_many(self, deltas: Sequence[PublishedDelta]) -> None:
        """Queue one commit's deltas, all of which this client wants (called on the event loop for every commit,
        for every client: one C-speed extend, never a Python step per delta and client)."""
        if self._overflowed or not deltas:
            return
        if len(self._queue) + len(deltas) > self._max_queue:
            self._overflowed = True
            self._queue.clear()
        else:
            self._queue.extend(deltas)
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
        snapshot covered; and how many deltas left the queue.

        A backlog (tens of thousands of deltas for a client behind) is taken and measured SMALL_QUEUE deltas at
        a time, in comprehensions; only the chunk that reaches the frame's limit is walked delta by delta."""
        queue = self._queue
        most = min(most, len(queue))
        items: list[PublishedDelta] = []
        size = 0
        if most <= SMALL_QUEUE:  # the usual case, far below the limit: one frame, unmeasured
            items = [queue.popleft() for _ in range(most)]
        while len(items) < most:
            chunk = [queue.popleft() for _ in range(min(SMALL_QUEUE, most - len(items)))]
            chunk_size = sum(len(d.text) for d in chunk) + len(chunk)  # and their commas
            if size + chunk_size < MAX_FRAME_CHARS:
                items += chunk
                size += chunk_size
            else:
                items = self._fit(chunk, size, items)
                break
        taken = len(items)
        if items and items[0].seq <= self._skip_through:
            items = [d for d in items if d.seq > self._skip_through]
        return [d.text for d in items], taken

    def _fit(self, chunk: list[PublishedDelta], size: int, items: list[PublishedDelta]) -> list[PublishedDelta]:
        """`items` (of `size` characters) plus as many of `chunk` as fit in a frame (at least one delta in all);
        the rest of `chunk` goes back to the front of the queue, in order."""
        for index, delta in enumerate(chunk):
            if items and size + len(delta.text) >= MAX_FRAME_CHARS:
                self._queue.extendleft(reversed(chunk[index:]))
                break
            items.append(delta)
            size += len(delta.text) + 1
        return items

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
