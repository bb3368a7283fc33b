"""A viewer's bounded buffer: a slow viewer skips to the next keyframe instead of slowing anyone."""

from __future__ import annotations

import asyncio

from server.media.channel import Viewer


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
