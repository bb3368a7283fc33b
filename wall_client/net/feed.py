"""Follow a server: connect, say hello (resuming where we left off), hand on every message.

One reconnect loop for the whole client. After a drop it waits (backoff), reconnects and
sends `resume_from` = the last sequence number applied, so nothing is lost or applied twice.
"""

from __future__ import annotations

import asyncio
import json
import logging
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import websockets
from websockets.asyncio.client import ClientConnection, connect

from wall_client.model.layout_salvage import RefusedLayout, decode_salvaging_layouts
from wall_client.net.backoff import Backoff
from wall_protocol import ErrorCode, ProtocolError, SequenceTracker, encode
from wall_protocol.messages import Delta, Error, Hello, Result, ServerMessage

log = logging.getLogger(__name__)

CLOSE_CODES_TO_GIVE_UP = {4401, 4404}  # bad token, unknown wall: retrying cannot help


@dataclass
class FeedEvents:
    """What the feed tells its owner. Deltas arrive deduplicated and in order."""

    on_message: Callable[[ServerMessage, list[Delta]], Awaitable[None]]
    on_connection: Callable[[bool, str], Awaitable[None]] | None = None
    on_refused_layouts: Callable[[list[RefusedLayout]], Awaitable[None]] | None = None
    """Layouts of the next message this client cannot read (model/layout_salvage.py), told before it."""


class FeedRefused(Exception):
    """The server refused us for a reason that retrying will not fix (bad token, unknown wall)."""


class Feed:
    """One client's connection to the server: follows it, and sends commands while connected."""

    def __init__(self, url: str, token: str, events: FeedEvents, *, wall: str | None = None,
                 backoff: Backoff | None = None, client_name: str = "iocwall",
                 ssl_context: ssl.SSLContext | None = None) -> None:
        self.url = url
        self.ssl_context = ssl_context
        self.token = token
        self.events = events
        self.wall = wall
        self.backoff = backoff or Backoff()
        self.client_name = client_name
        self.tracker = SequenceTracker()
        self._ws: ClientConnection | None = None
        self._pending: dict[str, asyncio.Future[Result]] = {}
        self._next_id = 0

    async def request(self, message: dict[str, Any], wait_s: float = 10.0) -> Result:
        """Send a command and wait for its result; raises ProtocolError with the server's error."""
        if self._ws is None:
            raise ProtocolError(ErrorCode.UNAVAILABLE, "not connected to the server")
        self._next_id += 1
        rid = f"c{self._next_id}"
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._pending[rid] = future
        try:
            await self._ws.send(json.dumps({**message, "id": rid}, ensure_ascii=False))
            async with asyncio.timeout(wait_s):
                return await future
        finally:
            self._pending.pop(rid, None)

    def _answer(self, message: ServerMessage) -> bool:
        """Route a result or error to the request waiting for it."""
        rid = getattr(message, "id", None)
        future = self._pending.get(rid) if isinstance(rid, str) else None
        if future is None or future.done():
            return False
        if isinstance(message, Error):
            future.set_exception(ProtocolError(ErrorCode(message.code), message.message, message.field))
        else:
            future.set_result(message)  # type: ignore[arg-type]
        return True

    async def follow(self) -> None:
        """Follow the server until cancelled or refused (FeedRefused); reconnects by itself.

        wss:// is verified against `ssl_context` (wall_client/net/tls.py), else against the system's CAs.
        """
        tls: dict[str, Any] = {"ssl": self.ssl_context} if self.ssl_context is not None else {}
        while True:
            reason = ""
            try:
                async with connect(self.url, max_size=None, compression=None, open_timeout=10, **tls) as ws:
                    await self._session(ws)
                reason = "server closed the connection"
            except FeedRefused:
                raise
            except websockets.ConnectionClosed as exc:
                if exc.rcvd is not None and exc.rcvd.code in CLOSE_CODES_TO_GIVE_UP:
                    raise FeedRefused(exc.rcvd.reason) from None
                reason = f"connection lost ({exc})"
            except ssl.SSLCertVerificationError as exc:
                # Retried like any failure (the admin may be installing the CA), and said plainly.
                reason = (f"cannot connect to {self.url}: the server's certificate is not trusted "
                          f"({exc.verify_message}); give its CA with --ca-file or ca_file in wall.toml")
            except (OSError, TimeoutError, websockets.InvalidHandshake, websockets.InvalidURI) as exc:
                reason = f"cannot connect to {self.url}: {exc}"
            except ProtocolError as exc:
                reason = f"server sent a message this client does not understand: {exc.message}"
            finally:
                self._ws = None
            if self.events.on_connection:
                await self.events.on_connection(False, reason)
            delay = self.backoff.next_delay()
            log.warning("%s; retrying in %.1f s", reason, delay)
            await asyncio.sleep(delay)

    async def _session(self, ws: ClientConnection) -> None:
        """One connection: hello (resuming after the last delta applied), then every message until it closes."""
        await ws.send(encode(Hello(token=self.token, wall=self.wall, resume_from=self.tracker.resume_from(),
                                   client=self.client_name)))
        self._ws = ws  # commands may go now: the server reads the hello first
        if self.events.on_connection:
            await self.events.on_connection(True, self.url)
        async for frame in ws:
            message, refused = decode_salvaging_layouts(frame)
            if refused:
                for layout in refused:
                    log.warning("layout %r from the server cannot be drawn by this client version: %s; the wall "
                                "keeps the last good one", layout.layout_id, layout.reason)
                if self.events.on_refused_layouts:
                    await self.events.on_refused_layouts(refused)
            self.backoff.reset()
            if isinstance(message, Error) and message.id is None and message.code in ("unauthenticated", "not_found"):
                raise FeedRefused(message.message)
            if isinstance(message, Result | Error) and self._answer(message):
                continue
            await self.events.on_message(message, self.tracker.accept(message))
