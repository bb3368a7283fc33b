"""The live video response without our HTTP protocol (any ASGI server): chunks go out through ASGI send."""

from __future__ import annotations

import asyncio
from typing import Any

from server.api.media import LiveStreamResponse
from server.media.channel import Viewer


async def test_plain_asgi_sends_the_chunks_and_ends_when_the_client_leaves():
    """No transport in the scope: the first chunk, then each offered one, then cleanup on disconnect."""
    viewer = Viewer(max_bytes=1000)
    sent: list[dict[str, Any]] = []
    closed: list[bool] = []
    left = asyncio.Event()
    calls = 0

    async def receive() -> dict[str, Any]:
        nonlocal calls
        calls += 1
        if calls == 1:
            return {"type": "http.request", "body": b"", "more_body": False}
        await left.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    response = LiveStreamResponse(b"K1", viewer, lambda: closed.append(True))
    task = asyncio.create_task(response({"type": "http", "http_version": "1.1"}, receive, send))
    await asyncio.sleep(0.05)
    viewer.offer(b"p2", False)
    await asyncio.sleep(0.05)
    left.set()
    await asyncio.wait_for(task, 2)
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 200
    assert [m["body"] for m in sent[1:]] == [b"K1", b"p2"]
    assert closed == [True] and viewer.closed


async def test_the_response_ends_properly_when_the_stream_is_closed_on_our_side():
    """A camera removed while watched: the viewer is closed and the chunked response is terminated."""
    viewer = Viewer(max_bytes=1000)
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    response = LiveStreamResponse(b"K1", viewer, lambda: None)
    task = asyncio.create_task(response({"type": "http", "http_version": "1.1"}, receive, send))
    await asyncio.sleep(0.05)
    viewer.close()
    await asyncio.wait_for(task, 2)
    assert sent[-1] == {"type": "http.response.body", "body": b"", "more_body": False}
