"""A viewer's bounded buffer: a slow viewer skips to the next keyframe instead of slowing anyone."""

from __future__ import annotations

import asyncio

from server.media.channel import StreamChannel, Viewer
from server.media.inbox import Inbox
from server.media.pull import PullSettings
from wall_protocol.entities import StreamState


async def test_viewer_gets_everything_in_order_when_it_keeps_up():
    """Chunks queue up and come out joined, in order."""
    viewer = Viewer(max_bytes=1000)
    viewer.offer(b"K1", True)
    viewer.offer(b"p2", False)
    assert await viewer.take() == b"K1p2"
    viewer.offer(b"p3", False)
    assert await asyncio.wait_for(viewer.take(), 1) == b"p3"


async def test_overflow_drops_the_backlog_and_resumes_at_a_keyframe():
    """Past its limit a viewer loses the stale backlog and the rest of that GOP, then restarts at a keyframe."""
    viewer = Viewer(max_bytes=10)
    viewer.offer(b"K" * 4, True)
    viewer.offer(b"p" * 4, False)
    viewer.offer(b"q" * 4, False)  # 12 > 10: overflow, and this is no keyframe
    viewer.offer(b"r" * 2, False)  # still waiting for a keyframe
    viewer.offer(b"N" * 3, True)
    viewer.offer(b"s" * 2, False)
    assert viewer.overflows == 1
    assert await viewer.take() == b"NNNss"


async def test_take_waits_for_data():
    """take() blocks until the pull delivers."""
    viewer = Viewer(max_bytes=100)
    waiter = asyncio.create_task(viewer.take())
    await asyncio.sleep(0.05)
    assert not waiter.done()
    viewer.offer(b"K", True)
    assert await asyncio.wait_for(waiter, 1) == b"K"


class FakeConnection:
    """Stands in for an asyncio transport (unit test): records writes, with a settable backlog."""

    def __init__(self) -> None:
        self.written = b""
        self.backlog = 0
        self.closing = False

    def write(self, data: bytes) -> None:
        self.written += data

    def is_closing(self) -> bool:
        return self.closing

    def get_write_buffer_size(self) -> int:
        return self.backlog


def _chunked(*parts: bytes) -> bytes:
    return b"".join(b"%x\r\n%b\r\n" % (len(p), p) for p in parts)


async def test_streaming_viewer_writes_http_chunks_in_order():
    """Direct mode: the first data, then what was queued, then each new chunk, as HTTP/1.1 chunks in order."""
    viewer = Viewer(max_bytes=1000)
    viewer.offer(b"p2", False)  # arrived while the response headers were being sent
    connection = FakeConnection()
    viewer.stream_to(connection, b"K1")
    viewer.offer(b"p3", False)
    assert connection.written == _chunked(b"K1p2", b"p3")


async def test_streaming_viewer_with_a_backlog_waits_for_a_keyframe():
    """A connection still holding too much unsent video gets nothing more until it drains and a keyframe comes."""
    viewer = Viewer(max_bytes=10)
    connection = FakeConnection()
    viewer.stream_to(connection)
    connection.backlog = 8
    viewer.offer(b"p" * 4, False)  # 12 > 10: skipped
    connection.backlog = 0
    viewer.offer(b"q" * 4, False)  # drained, but mid-GOP: still skipped
    viewer.offer(b"K" * 4, True)
    viewer.offer(b"r" * 2, False)
    assert viewer.overflows == 1
    assert connection.written == _chunked(b"KKKK", b"rr")


async def test_streaming_viewer_closes_with_its_connection():
    """A closing connection closes the viewer: nothing more is written, and wait_closed returns."""
    viewer = Viewer(max_bytes=100)
    connection = FakeConnection()
    viewer.stream_to(connection)
    connection.closing = True
    viewer.offer(b"K", True)
    assert viewer.closed and connection.written == b""
    await asyncio.wait_for(viewer.wait_closed(), 1)


async def test_a_viewer_joining_while_the_camera_is_away_gets_none_of_its_old_pictures():
    """After a drop the last GOP is the past: a new viewer starts with the camera's next keyframe, not with it."""
    channel = StreamChannel("cam", "main", PullSettings(url="http://127.0.0.1:9/cam.ts"), viewer_buffer_bytes=1000,
                            inbox=Inbox(0.02, lambda: False), on_state_change=lambda _channel: None)
    channel._set_state(0, StreamState.LIVE, "")
    channel._publish(0, b"K1", True, 2)
    channel._publish(0, b"p2", False, 2)
    assert await channel.attach().take() == b"K1p2", "a viewer joining a live stream starts with its GOP"
    channel._set_state(0, StreamState.RECONNECTING, "the source ended the stream")
    late = channel.attach()
    assert not await _took_anything(late)
    channel._publish(0, b"K3", True, 2)
    assert await asyncio.wait_for(late.take(), 1) == b"K3"


async def _took_anything(viewer: Viewer) -> bool:
    try:
        await asyncio.wait_for(viewer.take(), 0.1)
    except TimeoutError:
        return False
    return True
