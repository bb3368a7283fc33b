"""A test client speaking the wire protocol with the real `websockets` library."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from wall_protocol import SequenceTracker, decode_server
from wall_protocol.messages import Delta, ServerMessage


class WallClient:
    def __init__(self, url: str, token: str, wall: str | None = None) -> None:
        self.url = url
        self.token = token
        self.wall = wall
        self.ws: ClientConnection | None = None
        self.tracker = SequenceTracker()
        self.messages: list[ServerMessage] = []
        self.deltas: list[Delta] = []

    async def connect(self, *, resume: bool = False, expect_snapshot: bool = True) -> ServerMessage:
        """Connect and say hello; returns the welcome (after the snapshot, when one is expected)."""
        self.ws = await connect(self.url, max_size=None, compression=None, open_timeout=10)
        hello: dict[str, Any] = {"type": "hello", "token": self.token}
        if self.wall:
            hello["wall"] = self.wall
        if resume and self.tracker.resume_from() is not None:
            hello["resume_from"] = self.tracker.resume_from()
        await self.send(hello)
        welcome = await self.next()
        if getattr(welcome, "type", "") == "welcome" and not welcome.resumed and expect_snapshot:  # type: ignore[union-attr]
            await self.next()
        return welcome

    async def send(self, message: dict[str, Any] | str | bytes) -> None:
        assert self.ws is not None
        await self.ws.send(message if isinstance(message, (str, bytes)) else json.dumps(message, ensure_ascii=False))

    async def next(self, timeout: float = 10) -> ServerMessage:
        assert self.ws is not None
        frame = await asyncio.wait_for(self.ws.recv(), timeout)
        message = decode_server(frame)
        self.messages.append(message)
        self.deltas.extend(self.tracker.accept(message))
        return message

    async def wait_for(self, predicate: Callable[[ServerMessage], bool], timeout: float = 10) -> ServerMessage:
        """Read until a message satisfies `predicate` (deltas on the way are tracked)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise TimeoutError("no matching message")
            message = await self.next(remaining)
            if predicate(message):
                return message

    async def wait_for_delta(self, predicate: Callable[[Delta], bool], timeout: float = 10) -> Delta:
        start = len(self.deltas)
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            for delta in self.deltas[start:]:
                if predicate(delta):
                    return delta
            start = len(self.deltas)
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise TimeoutError("no matching delta")
            await self.next(remaining)

    async def request(self, message: dict[str, Any], timeout: float = 10) -> ServerMessage:
        """Send a command with an id; return its result or error."""
        await self.send(message)
        rid = message["id"]
        return await self.wait_for(lambda m: m.type in ("result", "error") and m.id == rid, timeout)  # type: ignore[union-attr]

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
