"""The body limit middleware: large bodies are read a few at a time, and one that waits too long is refused busy."""

from __future__ import annotations

import asyncio

import pytest
from starlette.types import Message, Receive, Scope, Send

from server import app as app_module
from server.app import BodyLimit
from wall_protocol.errors import ErrorCode, ProtocolError


def _scope(length: int) -> Scope:
    return {"type": "http", "headers": [(b"content-length", str(length).encode())]}


async def test_a_large_body_waits_for_its_slot_then_is_refused_busy(monkeypatch: pytest.MonkeyPatch):
    """With one slot, a second large body waits; past the wait it gets `busy`; a small body never waits."""
    monkeypatch.setattr(app_module, "LARGE_BODY_WAIT_S", 0.2)
    release = asyncio.Event()
    read: list[str] = []

    async def reading_app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        read.append(scope["name"])
        await release.wait()

    async def body() -> Message:
        return {"type": "http.request", "body": b"x", "more_body": False}

    async def send(message: Message) -> None:
        pass

    limit = BodyLimit(reading_app, limit=4 * 2**20, large_at_once=1)
    first = asyncio.create_task(limit({**_scope(300_000), "name": "first"}, body, send))
    await asyncio.sleep(0.05)
    with pytest.raises(ProtocolError) as refused:
        await limit({**_scope(300_000), "name": "second"}, body, send)
    assert refused.value.code is ErrorCode.BUSY and "1 request bodies over 256 KiB" in refused.value.message
    small = asyncio.create_task(limit({**_scope(1000), "name": "small"}, body, send))
    await asyncio.sleep(0.05)
    assert read == ["first", "small"]
    release.set()
    await asyncio.gather(first, small)
    third = asyncio.create_task(limit({**_scope(300_000), "name": "third"}, body, send))
    await asyncio.wait_for(third, 1)  # the slot was given back
    assert read[-1] == "third"
