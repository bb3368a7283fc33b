"""One WebSocket connection: hello, snapshot or replay, then commands in and deltas out.

Inbound messages are routed through a handler table keyed by message class. A bad message
gets an `error` naming what was wrong; the connection and everyone else carry on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, ClassVar

from pydantic import BaseModel
from starlette.websockets import WebSocket, WebSocketDisconnect

from server import __version__
from server.config import PushConfig
from server.connections import Handle
from server.core import Core
from server.domain.access import require
from server.push.outbox import Outbox
from server.redact import redact
from server.roles import COMMANDS
from server.store.context import Principal
from wall_protocol.codec import batch_frame, decode_client, encode, request_id_of
from wall_protocol.common import AlertState, Role
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.messages import (
    AckAlert,
    ApplyPreset,
    Error,
    FreezeWall,
    Hello,
    Ingest,
    MaximizeTile,
    MediaLinks,
    Ping,
    Pong,
    ResolveAlert,
    Result,
    SetLayout,
    SetTile,
    Welcome,
)

log = logging.getLogger(__name__)

CLOSE_UNAUTHENTICATED = 4401
CLOSE_NOT_FOUND = 4404
CLOSE_LIMIT = 4429
CLOSE_TOO_BIG = 1009
MAX_PENDING_INGESTS = 2000
HELLO_EXTENSION = "iocwall.hello"
"""Set by server/ws_protocol.py: the WebSocket layer counts what a client sends until `accepted()` is called."""


class Session:
    HANDLERS: ClassVar[dict[type[BaseModel], str]] = {
        Ping: "_on_ping",
        SetLayout: "_on_set_layout",
        SetTile: "_on_set_tile",
        AckAlert: "_on_ack",
        ResolveAlert: "_on_resolve",
        Ingest: "_on_ingest",
        MediaLinks: "_on_media_links",
        ApplyPreset: "_on_apply_preset",
        FreezeWall: "_on_freeze_wall",
        MaximizeTile: "_on_maximize_tile",
        Hello: "_on_second_hello",
    }
    """Inbound message class -> handler; each message type has its row in the role table (server/roles.py)."""

    def __init__(self, websocket: WebSocket, core: Core, config: PushConfig) -> None:
        self.ws = websocket
        self.core = core
        self.config = config
        self.principal: Principal | None = None
        self.outbox: Outbox | None = None
        self.handle: Handle | None = None
        self.revoked = False
        self._pending: set[asyncio.Future[Any]] = set()
        self._handlers: dict[type[BaseModel], Callable[[Any], Awaitable[None]]] = {
            message_type: getattr(self, method) for message_type, method in self.HANDLERS.items()
        }

    # ------------------------------------------------------------------ life cycle

    async def run(self) -> None:
        await self.ws.accept()
        self.core.observed.connections.inc()
        try:
            hello = await self._receive_hello()
            if hello is None:
                return
            sender = await self._start(hello)
            if sender is None:
                return
            try:
                await self._receive_loop()
            finally:
                sender.cancel()
                # The sender may already have died of the same broken socket: that is not news.
                await asyncio.gather(sender, return_exceptions=True)
        except WebSocketDisconnect:
            pass
        finally:
            if self.handle is not None:
                self.handle.release()
            if self.outbox is not None:
                self.core.hub.detach(self.outbox)
                self.core.observed.resyncs.inc(self.outbox.resyncs)

    async def _receive_hello(self) -> Hello | None:
        try:
            text = await asyncio.wait_for(self._receive_text(), self.config.hello_timeout_s)
        except TimeoutError:
            await self._refuse(ProtocolError(ErrorCode.UNAUTHENTICATED, "no 'hello' within "
                                             f"{self.config.hello_timeout_s:g} s"), CLOSE_UNAUTHENTICATED)
            return None
        hello_max = self.core.limits.hello_max_bytes
        if len(text) > hello_max:
            await self._refuse(ProtocolError(ErrorCode.TOO_LARGE, f"the 'hello' is {len(text)} bytes; a client may "
                                             f"send {hello_max} before it is accepted"), CLOSE_TOO_BIG)
            return None
        try:
            message = decode_client(text, self.config.max_message_bytes)
            if not isinstance(message, Hello):
                raise ProtocolError(ErrorCode.UNAUTHENTICATED,
                                    f"the first message must be 'hello', got {message.type!r}")
            self.principal = await self.core.authenticate(message.token)
        except ProtocolError as exc:
            await self._refuse(exc, CLOSE_UNAUTHENTICATED)
            return None
        try:
            address = self.ws.client.host if self.ws.client else "?"
            self.handle = self.core.connections.open(self.principal, address, "websocket", self._on_revoked)
        except ProtocolError as exc:
            await self._refuse(exc, CLOSE_LIMIT)
            return None
        accepted = self.ws.scope.get("extensions", {}).get(HELLO_EXTENSION)
        if accepted is not None:
            accepted["accepted"]()  # from now on the full message size applies
        return message

    def _on_revoked(self) -> None:
        """The token was revoked: stop sending at once and close with 4401 (the client gives up on it)."""
        self.revoked = True
        if self.outbox is not None:
            self.core.hub.detach(self.outbox)
        error = ProtocolError(ErrorCode.UNAUTHENTICATED, f"token {self.principal.name if self.principal else ''!r} "
                              "was revoked")
        task = asyncio.create_task(self._refuse(error, CLOSE_UNAUTHENTICATED))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _start(self, hello: Hello) -> asyncio.Task[None] | None:
        """Welcome, then a replay of what was missed or a snapshot; returns the delta sender.

        Returns None when the connection was refused (e.g. the wall does not exist).
        """
        assert self.principal is not None
        principal = self.principal
        outbox = Outbox(self._send_text, self._send_snapshot, wall=hello.wall,
                        coalesce_s=self.config.coalesce_ms / 1000, max_queue=self.config.client_queue_max,
                        name=f"{principal.name}@{self.ws.client}")
        self.outbox = outbox
        if principal.role == Role.PRODUCER.value:
            # Producers only ingest: they get no state and no deltas.
            await outbox.send_now(encode(Welcome(server_version=__version__, role=Role(principal.role),
                                                 name=principal.name, seq=self.core.store.published_seq,
                                                 resumed=False)))
            return asyncio.create_task(outbox.run(), name=f"producer {outbox.name}")  # never attached: idle
        if self.revoked:
            return None
        self.core.hub.attach(outbox)  # before reading, so nothing committed meanwhile is missed
        replay = None
        if hello.resume_from is not None:
            replay = await self.core.missed(hello.resume_from, hello.wall, self.config.resume_max_deltas)
        welcome = Welcome(server_version=__version__, role=Role(principal.role), name=principal.name,
                          seq=self.core.store.published_seq, resumed=replay is not None)
        try:
            if replay is None:
                await outbox.send_now(encode(welcome))
                await self._send_snapshot()
            else:
                covered, texts = replay
                await outbox.send_now(encode(welcome))
                for start in range(0, len(texts), 1000):
                    await outbox.send_now(batch_frame(texts[start:start + 1000]))
                outbox.skip_through(covered)
        except ProtocolError as exc:  # e.g. the wall does not exist
            self.core.hub.detach(outbox)
            await self._refuse(exc, CLOSE_NOT_FOUND)
            return None
        return asyncio.create_task(outbox.run(), name=f"outbox {outbox.name}")

    async def _send_snapshot(self) -> int:
        assert self.principal is not None and self.outbox is not None
        snap = await self.core.snapshot(self.principal, self.outbox.wall)
        await self.outbox.send_now(encode(snap))
        self.outbox.skip_through(snap.seq)
        return snap.seq

    # ------------------------------------------------------------------ inbound

    async def _receive_text(self) -> str | bytes:
        message = await self.ws.receive()
        if message["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(message.get("code", 1000))
        text: str | None = message.get("text")
        if text is not None:
            return text
        data: bytes = message.get("bytes") or b""
        return data

    async def _receive_loop(self) -> None:
        while not self.revoked:
            data = await self._receive_text()
            if self.revoked:
                return
            self.core.observed.messages.inc()
            try:
                message = decode_client(data, self.config.max_message_bytes)
                assert self.principal is not None
                require(self.principal, COMMANDS[message.type].roles, message.type)
                await self._handlers[type(message)](message)
            except ProtocolError as exc:
                await self._reply_error(exc, request_id_of(data))
            except Exception:
                log.exception("handler failed for a message from %s", self.principal)
                await self._reply_error(ProtocolError(ErrorCode.INTERNAL, "internal error; see the server log"),
                                        request_id_of(data))

    async def _on_ping(self, message: Ping) -> None:
        await self._send_text(encode(Pong(id=message.id)))

    async def _on_second_hello(self, message: Hello) -> None:
        raise ProtocolError(ErrorCode.INVALID, "already authenticated: send 'hello' only once per connection")

    async def _on_set_layout(self, m: SetLayout) -> None:
        assert self.principal is not None
        state = await self.core.set_layout(self.principal, m.wall, m.monitor, m.layout)
        await self._reply(m.id, {"wall": state.name})

    async def _on_set_tile(self, m: SetTile) -> None:
        assert self.principal is not None
        state = await self.core.set_tile(self.principal, m.wall, m.monitor, m.tile, m.source, m.pinned)
        await self._reply(m.id, {"wall": state.name})

    async def _on_apply_preset(self, m: ApplyPreset) -> None:
        assert self.principal is not None
        state = await self.core.apply_preset(self.principal, m.preset)
        await self._reply(m.id, {"wall": state.name, "preset": m.preset})

    async def _on_freeze_wall(self, m: FreezeWall) -> None:
        assert self.principal is not None
        state = await self.core.freeze_wall(self.principal, m.wall, m.frozen)
        await self._reply(m.id, {"wall": state.name, "frozen": state.frozen})

    async def _on_maximize_tile(self, m: MaximizeTile) -> None:
        assert self.principal is not None
        state = await self.core.maximize_tile(self.principal, m.wall, m.monitor, m.tile)
        await self._reply(m.id, {"wall": state.name, "monitor": m.monitor, "maximized": m.tile})

    async def _on_ack(self, m: AckAlert) -> None:
        assert self.principal is not None
        alert = await self.core.change_alert(self.principal, m.alert, AlertState.ACKNOWLEDGED, m.comment)
        await self._reply(m.id, {"alert": alert.id, "state": alert.state.value})

    async def _on_resolve(self, m: ResolveAlert) -> None:
        assert self.principal is not None
        alert = await self.core.change_alert(self.principal, m.alert, AlertState.RESOLVED, m.comment)
        await self._reply(m.id, {"alert": alert.id, "state": alert.state.value})

    async def _on_media_links(self, m: MediaLinks) -> None:
        assert self.principal is not None
        links = await self.core.media_links(self.principal, m.cameras)
        await self._reply(m.id, {"links": [link.model_dump(mode="json") for link in links]})

    async def _on_ingest(self, m: Ingest) -> None:
        """Pipelined: the next message is read while this one waits for its commit."""
        assert self.principal is not None
        future = self.core.submit_ingest(self.principal, m.alerts, m.metrics)
        self._pending.add(future)
        future.add_done_callback(lambda f: self._ingest_done(f, m))
        if len(self._pending) > MAX_PENDING_INGESTS:
            # Back-pressure on a producer that outruns the database.
            await asyncio.wait(list(self._pending), return_when=asyncio.FIRST_COMPLETED)

    def _ingest_done(self, future: asyncio.Future[Any], m: Ingest) -> None:
        self._pending.discard(future)
        if future.cancelled():
            return
        exc = future.exception()
        if exc is not None:
            error = exc if isinstance(exc, ProtocolError) else ProtocolError(ErrorCode.INTERNAL, "ingest failed")
            self._spawn(self._reply_error(error, m.id))
        elif m.id is not None:
            stored, samples = future.result()
            self._spawn(self._reply(m.id, {"alerts": [a.id for a in stored], "metrics": samples}))

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(coroutine)
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    # ------------------------------------------------------------------ outbound

    async def _send_text(self, text: str) -> None:
        await self.ws.send_text(text)

    async def _reply(self, request_id: str | int | None, data: dict[str, Any]) -> None:
        if request_id is not None and self.outbox is not None:
            await self.outbox.send_now(encode(Result(id=request_id, data=data)), deltas_first=True)

    async def _reply_error(self, exc: ProtocolError, request_id: str | int | None) -> None:
        self.core.observed.refused(exc.code.value)
        error = Error(id=request_id, code=exc.code.value, message=redact(exc.message), field=exc.field)
        with contextlib.suppress(Exception):
            if self.outbox is not None:
                await self.outbox.send_now(encode(error))
            else:
                await self._send_text(encode(error))

    async def _refuse(self, exc: ProtocolError, close_code: int) -> None:
        await self._reply_error(exc, None)
        with contextlib.suppress(Exception):
            await self.ws.close(close_code, exc.message[:120])
