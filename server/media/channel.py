"""One relayed stream on the event loop side: its viewers, its last GOP, its health.

The pull thread calls the `PullEvents` methods; they hop to the event loop through the relay's
`Inbox`, so all state here is touched by the loop alone.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from server.media.inbox import Inbox
from server.media.pull import PacketTap, PullSettings, StreamPull, VideoInfo
from server.redact import redact
from wall_protocol.entities import StreamName, StreamState, StreamStatus

MAX_GOP_BYTES = 16 * 1024 * 1024
"""A stream whose keyframes are this far apart is not kept for late joiners (they wait for one)."""
RATE_WINDOW_S = 2.0
_keyframe_serials = itertools.count(1)


@dataclass(frozen=True)
class Keyframe:
    """A stream's newest keyframe, as the MPEG-TS chunk a late viewer starts with.

    Decodable alone: the muxer writes PAT and PMT before it and, for H.264, the SPS/PPS into it
    (tests/server/media/test_keyframe_jpeg.py decodes one), which is what a still is made from.
    """

    data: bytes
    taken_at: datetime
    """When it reached the server."""
    serial: int
    """Unique in the process (across channels and restarts of a pull): a new serial is a new picture."""


class Connection(Protocol):
    """What a viewer writes into when it streams directly: an asyncio transport."""

    def write(self, data: bytes) -> None: ...

    def is_closing(self) -> bool: ...

    def get_write_buffer_size(self) -> int: ...


class Viewer:
    """One HTTP client: a bounded buffer; when it overflows, it skips to the next keyframe.

    Two ways out: `take()` for a task that sends what is queued, or `stream_to(connection)`, after
    which every chunk is written into the connection at once as an HTTP/1.1 chunk — no task, no
    queue of ours (the transport buffers; its buffer is the bound).
    """

    def __init__(self, max_bytes: int) -> None:
        self._max_bytes = max_bytes
        self._chunks: deque[bytes] = deque()
        self._bytes = 0
        self._ready = asyncio.Event()
        self._needs_keyframe = False
        self._connection: Connection | None = None
        self.closed = False
        self.overflows = 0

    def stream_to(self, connection: Connection, first: bytes = b"") -> None:
        """Write straight into `connection` from now on: `first` (already taken), then whatever is queued."""
        queued = first + b"".join(self._chunks)
        self._chunks.clear()
        self._bytes = 0
        self._connection = connection
        if queued:
            self._write(queued)

    def close(self) -> None:
        """The client went away (or the stream ended): `take` returns b"" and `wait_closed` returns."""
        self.closed = True
        self._chunks.clear()
        self._bytes = 0
        self._ready.set()

    async def wait_closed(self) -> None:
        while not self.closed:
            self._ready.clear()
            await self._ready.wait()

    def offer(self, data: bytes, keyframe: bool) -> None:
        if self.closed or (self._needs_keyframe and not keyframe):
            return
        if self._connection is not None:
            self._offer_direct(data, keyframe)
            return
        if self._bytes + len(data) > self._max_bytes:
            # A slow viewer: what it has not taken is already stale. Restart it at a keyframe.
            self._chunks.clear()
            self._bytes = 0
            self.overflows += 1
            self._needs_keyframe = not keyframe
            if not keyframe:
                return
        self._needs_keyframe = False
        self._chunks.append(data)
        self._bytes += len(data)
        self._ready.set()

    async def take(self) -> bytes:
        """Everything queued, waiting for at least one chunk; b"" once closed."""
        while not self._chunks:
            if self.closed:
                return b""
            self._ready.clear()
            await self._ready.wait()
        data = b"".join(self._chunks)
        self._chunks.clear()
        self._bytes = 0
        return data

    def _offer_direct(self, data: bytes, keyframe: bool) -> None:
        connection = self._connection
        assert connection is not None
        if connection.is_closing():
            self.close()
            return
        if connection.get_write_buffer_size() + len(data) > self._max_bytes:
            # A slow viewer: its connection still holds unsent video. Send nothing more until that
            # has gone out and a keyframe comes (what it skips is stale by then anyway).
            self.overflows += 1
            self._needs_keyframe = True
            return
        self._needs_keyframe = False
        self._write(data)

    def _write(self, data: bytes) -> None:
        assert self._connection is not None
        self._connection.write(b"%x\r\n%b\r\n" % (len(data), data))  # one HTTP/1.1 chunk


class StreamChannel:
    def __init__(self, camera: str, stream: StreamName, settings: PullSettings, *, viewer_buffer_bytes: int,
                 inbox: Inbox, on_state_change: Callable[[StreamChannel], None]) -> None:
        self.camera = camera
        self.stream = stream
        self.settings = settings
        self._viewer_buffer_bytes = viewer_buffer_bytes
        self._on_state_change = on_state_change
        self._inbox = inbox
        self._pull: StreamPull | None = None
        self._gop: list[bytes] = []
        self._gop_bytes = 0
        self.viewers: set[Viewer] = set()
        self.taps: tuple[PacketTap, ...] = ()
        """Packet consumers besides viewers (detection); replaced whole, so the pull thread reads it safely."""
        self.state = StreamState.IDLE
        self.error = ""
        self.info: VideoInfo | None = None
        self.reconnects = 0
        self.last_packet_at: datetime | None = None
        self._was_live = False
        self._arrivals: deque[tuple[float, int]] = deque()  # (monotonic time, source bytes)
        self.stop_handle: asyncio.TimerHandle | None = None
        self._generation = 0
        self.live_event = asyncio.Event()
        self.keyframe: Keyframe | None = None
        """The newest keyframe while the stream is pulled: the same bytes as the GOP's first chunk, no copy."""
        self.keyframe_arrived = asyncio.Event()
        self.still_requests = 0
        """Still requests waiting for a keyframe: like viewers, they keep the stream pulled."""

    # ------------------------------------------------------------------ life cycle (loop)

    @property
    def running(self) -> bool:
        return self._pull is not None

    def start(self) -> None:
        if self._pull is None:
            self._generation += 1
            self._pull = StreamPull(self.settings, _Events(self, self._generation), lambda: self.taps)
            self._pull.start()
            self._inbox.start()

    def stop(self) -> None:
        """Stop pulling now; whatever the old thread still reports is ignored (its generation is over)."""
        if self._pull is not None:
            self._pull.stop()
            self._pull = None
            self._generation += 1
        self._gop.clear()
        self._gop_bytes = 0
        self.live_event.clear()
        self.keyframe = None  # a picture from before the stop is no news of the camera
        self.keyframe_arrived.clear()
        self._set_state(self._generation, StreamState.IDLE, "")

    def attach(self) -> Viewer:
        """A new viewer starts with the current GOP, so its first picture comes at once."""
        viewer = Viewer(self._viewer_buffer_bytes)
        for index, chunk in enumerate(self._gop):
            viewer.offer(chunk, index == 0)
        self.viewers.add(viewer)
        return viewer

    def detach(self, viewer: Viewer) -> None:
        self.viewers.discard(viewer)

    @property
    def watched(self) -> bool:
        """Someone needs this stream pulled: a viewer, a tap or a still request."""
        return bool(self.viewers or self.taps or self.still_requests)

    # ------------------------------------------------------------------ on the loop

    def _set_info(self, generation: int, info: VideoInfo) -> None:
        if generation == self._generation:
            self.info = info

    def _set_state(self, generation: int, state: StreamState, error: str) -> None:
        if generation != self._generation or (state is StreamState.IDLE and self._pull is not None):
            return  # a stopped pull's last words
        if state is StreamState.LIVE:
            if self._was_live:
                self.reconnects += 1
            self._was_live = True
            self.live_event.set()
        elif state is not StreamState.IDLE:
            self.live_event.clear()
            # The camera dropped: its last GOP is the past now. A viewer joining before it returns must not get
            # those pictures as its first (measured, tests/reliability/test_camera_chaos.py: a wall tile restarted
            # during a drop played them and said live over a 6 s old picture). The keyframe stays, for stills,
            # which show their age.
            self._gop.clear()
            self._gop_bytes = 0
        error = redact(error)  # a source's message may quote its URL, password included
        changed = state is not self.state or (error and error != self.error)
        self.state = state
        if error:
            self.error = error
        elif state is StreamState.LIVE:
            self.error = ""
        if changed:
            self._on_state_change(self)

    def _publish(self, generation: int, data: bytes, keyframe: bool, source_bytes: int) -> None:
        if generation != self._generation:
            return  # late chunks from a stopped pull
        now = time.monotonic()
        self.last_packet_at = datetime.now(UTC)
        self._arrivals.append((now, source_bytes))
        while self._arrivals and self._arrivals[0][0] < now - RATE_WINDOW_S:
            self._arrivals.popleft()
        if keyframe:
            self._gop = [data]
            self._gop_bytes = len(data)
            self.keyframe = Keyframe(data, self.last_packet_at, next(_keyframe_serials))
            self.keyframe_arrived.set()
        elif self._gop and self._gop_bytes + len(data) <= MAX_GOP_BYTES:
            self._gop.append(data)
            self._gop_bytes += len(data)
        else:
            self._gop.clear()
        for viewer in self.viewers:
            viewer.offer(data, keyframe)

    def status(self) -> StreamStatus:
        now = time.monotonic()
        recent = [(t, b) for t, b in self._arrivals if t >= now - RATE_WINDOW_S]
        live = self.state is StreamState.LIVE
        return StreamStatus(
            camera=self.camera,
            stream=self.stream,
            state=self.state,
            fps=round(len(recent) / RATE_WINDOW_S, 1) if live else 0.0,
            bitrate_kbps=round(sum(b for _, b in recent) * 8 / RATE_WINDOW_S / 1000, 1) if live else 0.0,
            width=self.info.width if self.info else None,
            height=self.info.height if self.info else None,
            codec=self.info.codec if self.info else None,
            last_packet_at=self.last_packet_at,
            viewers=len(self.viewers),
            reconnects=self.reconnects,
            error=self.error[:500],
        )


class _Events:
    """PullEvents for one pull: posted to the loop through the inbox, tagged with the pull's generation."""

    def __init__(self, channel: StreamChannel, generation: int) -> None:
        self._channel = channel
        self._generation = generation
        self._post = channel._inbox.post

    def on_state(self, state: StreamState, error: str) -> None:
        self._post(self._channel._set_state, self._generation, state, error)

    def on_info(self, info: VideoInfo) -> None:
        self._post(self._channel._set_info, self._generation, info)

    def on_chunk(self, data: bytes, keyframe: bool, source_bytes: int) -> None:
        self._post(self._channel._publish, self._generation, data, keyframe, source_bytes)
