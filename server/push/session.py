"""One WebSocket connection: the Starlette adapter of the session machine (server/push/session_machine.py).

The machine decides (hello, refusals, welcome, replay or snapshot, which command runs, what is answered);
this adapter reads frames, feeds them in, and performs what comes back: sends, closes, the hub, Core.
Commands that need Core are routed through a handler table keyed by message class. A bad message gets
an `error` naming what was wrong; the connection and everyone else carry on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, ClassVar, assert_never

from pydantic import BaseModel
from starlette.websockets import WebSocket, WebSocketDisconnect

from server import __version__
from server.config import PushConfig
from server.connections import Handle
from server.cookies import same_origin, session_cookie
from server.core import Core
from server.push.outbox import Outbox
from server.push.session_actions import (
    AcceptHello,
    Action,
    Authenticate,
    Close,
    CountMessage,
    DetachOutbox,
    Execute,
    OpenOutbox,
    ReadMissed,
    Refuse,
    Register,
    Send,
    SendFrame,
    SendSnapshot,
    SkipThrough,
    StartSender,
    Via,
)
from server.push.session_machine import SessionMachine
from server.store.context import Principal
from wall_protocol.codec import encode
from wall_protocol.common import AlertState
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.messages import (
    AckAlert,
    ApplyPreset,
    ClientMessage,
    FreezeWall,
    Hello,
    Ingest,
    MaximizeTile,
    MediaLinks,
    Ping,
    ResolveAlert,
    SetLayout,
    SetTile,
)

log = logging.getLogger(__name__)

MAX_PENDING_INGESTS = 2000
HELLO_EXTENSION = "iocwall.hello"
"""Set by server/ws_protocol.py: the WebSocket layer counts what a client sends until `accepted()` is called."""
ABORT_EXTENSION = "iocwall.abort"
"""Set by server/ws_protocol.py: `abort()` drops the connection at once, without a closing handshake."""

Handler = Callable[[Any], Awaitable[dict[str, Any]]]


class Session:
    HANDLERS: ClassVar[dict[type[BaseModel], str | None]] = {
        Ping: None,  # answered by the machine
        Hello: None,  # refused by the machine: once per connection
        SetLayout: "_on_set_layout",
        SetTile: "_on_set_tile",
        AckAlert: "_on_ack",
        ResolveAlert: "_on_resolve",
        Ingest: None,  # pipelined: see _submit_ingest
        MediaLinks: "_on_media_links",
        ApplyPreset: "_on_apply_preset",
        FreezeWall: "_on_freeze_wall",
        MaximizeTile: "_on_maximize_tile",
    }
    """Inbound message class -> the Core call that answers it; each message type has its row in the role table
    (server/roles.py)."""

    def __init__(self, websocket: WebSocket, core: Core, config: PushConfig) -> None:
        self.ws = websocket
        self.core = core
        self.config = config
        self.machine = SessionMachine(server_version=__version__, hello_timeout_s=config.hello_timeout_s,
                                      hello_max_bytes=core.limits.hello_max_bytes,
                                      max_message_bytes=config.max_message_bytes,
                                      resume_max_deltas=config.resume_max_deltas)
        self.outbox: Outbox | None = None
        self.handle: Handle | None = None
        self.sender: asyncio.Task[None] | None = None
        self._pending: set[asyncio.Future[Any]] = set()
        self._handlers: dict[type[BaseModel], Handler] = {
            message_type: getattr(self, method) for message_type, method in self.HANDLERS.items() if method
        }

    # ------------------------------------------------------------------ life cycle

    async def run(self) -> None:
        await self.ws.accept()
        self.core.observed.connections.inc()
        try:
            try:
                first = await asyncio.wait_for(self._receive(), self.config.hello_timeout_s)
            except TimeoutError:
                await self._perform(self.machine.hello_timed_out())
                return
            await self._perform(self.machine.receive(first))
            while not self.machine.closed:
                data = await self._receive()
                await self._perform(self.machine.receive(data))
        except WebSocketDisconnect:
            pass
        finally:
            # Whatever ended it, answers still pending (an ingest's commit, a revocation) have nobody to go to.
            self.machine.disconnected()
            if self.sender is not None:
                self.sender.cancel()
                # The sender may already have died of the same broken socket: that is not news.
                await asyncio.gather(self.sender, return_exceptions=True)
            if self.handle is not None:
                self.handle.release()
            if self.outbox is not None:
                self.core.hub.detach(self.outbox)
                self.core.observed.resyncs.inc(self.outbox.resyncs)

    async def _receive(self) -> str | bytes:
        message = await self.ws.receive()
        if message["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(message.get("code", 1000))
        text: str | None = message.get("text")
        if text is not None:
            return text
        data: bytes = message.get("bytes") or b""
        return data

    def _session_cookie(self) -> str:
        """The browser's session secret, from a handshake made by a page of this server only.

        Browsers send cookies with a WebSocket handshake whatever page opened it, and always say which
        page in `Origin`: a page of another site must not ride the cookie (cross-site WebSocket hijacking).
        """
        secret = session_cookie(self.ws.cookies, self.ws.url.scheme in ("wss", "https"))
        if secret is None:
            raise ProtocolError(ErrorCode.UNAUTHENTICATED, "'hello' has no token and the connection has no session "
                                "cookie: log in first (POST /api/v1/session)")
        if not same_origin(self.ws.headers.get("origin"), self.ws.headers.get("host")):
            raise ProtocolError(ErrorCode.FORBIDDEN, "a session cookie is accepted only from this server's own pages "
                                "(the Origin of this connection is another site)")
        return secret

    def _on_revoked(self) -> None:
        """Called by the connection registry when the token is revoked: the machine closes at once."""
        self._spawn(self._perform(self.machine.revoked()))

    # ------------------------------------------------------------------ performing the machine's actions

    async def _perform(self, actions: list[Action]) -> None:
        for action in actions:
            await self._perform_one(action)

    async def _perform_one(self, action: Action) -> None:
        match action:
            case Authenticate(token=token):
                try:
                    principal = await self.core.authenticate(token if token is not None else self._session_cookie())
                except ProtocolError as exc:
                    await self._perform(self.machine.not_authenticated(exc))
                else:
                    await self._perform(self.machine.authenticated(principal))
            case Register(principal=principal):
                try:
                    address = self.ws.client.host if self.ws.client else "?"
                    self.handle = self.core.connections.open(principal, address, "websocket", self._on_revoked)
                except ProtocolError as exc:
                    await self._perform(self.machine.not_registered(exc))
                else:
                    await self._perform(self.machine.registered(self.core.store.published_seq))
            case AcceptHello():
                accepted = self.ws.scope.get("extensions", {}).get(HELLO_EXTENSION)
                if accepted is not None:
                    accepted["accepted"]()  # from now on the full message size applies
            case OpenOutbox(wall=wall, attach=attach):
                self.outbox = Outbox(self._send_text, self._send_snapshot, wall=wall,
                                     coalesce_s=self.config.coalesce_ms / 1000, max_queue=self.config.client_queue_max,
                                     name=f"{self.machine.principal.name if self.machine.principal else ''}"
                                          f"@{self.ws.client}")
                if attach:
                    self.core.hub.attach(self.outbox)
            case DetachOutbox():
                if self.outbox is not None:
                    self.core.hub.detach(self.outbox)
            case ReadMissed(after=after, wall=wall, limit=limit):
                replay = await self.core.missed(after, wall, limit)
                await self._perform(self.machine.missed_read(replay, self.core.store.published_seq))
            case SendSnapshot():
                try:
                    await self._send_snapshot()
                except ProtocolError as exc:  # e.g. the wall does not exist
                    await self._perform(self.machine.snapshot_refused(exc))
                else:
                    await self._perform(self.machine.snapshot_sent())
            case Send(message=message, via=via):
                await self._send(encode(message), via)
            case SendFrame(text=text):
                await self._send(text, Via.OUTBOX)
            case SkipThrough(seq=seq):
                assert self.outbox is not None
                self.outbox.skip_through(seq)
            case StartSender():
                assert self.outbox is not None
                self.sender = asyncio.create_task(self.outbox.run(), name=f"outbox {self.outbox.name}")
            case Refuse(error=error, via=via):
                self.core.observed.refused(error.code)
                with contextlib.suppress(Exception):
                    await self._send(encode(error), via)
            case Close(code=code, reason=reason):
                with contextlib.suppress(Exception):
                    await self._in_time(self.ws.close(code, reason))
            case CountMessage():
                self.core.observed.messages.inc()
            case Execute(message=message):
                await self._execute(message)
            case _:
                assert_never(action)

    async def _send(self, text: str, via: Via) -> None:
        if via is Via.SOCKET:
            await self._send_text(text)
        else:
            assert self.outbox is not None, "the machine sends through the outbox only once it is open"
            await self.outbox.send_now(text, deltas_first=via is Via.AFTER_DELTAS)

    async def _send_text(self, text: str) -> None:
        await self._in_time(self.ws.send_text(text))

    async def _in_time(self, sending: Coroutine[Any, Any, None]) -> None:
        """Send within [push] send_timeout_s, or drop the client: one that stopped reading never takes it.

        Sends wait while the socket's buffer is full; without a bound the sender, its socket and the
        session would wait for ever (a close frame cannot reach such a client either).
        """
        try:
            await asyncio.wait_for(sending, self.config.send_timeout_s)
        except TimeoutError:
            log.warning("client %s took nothing for %g s; dropping it", self.ws.client, self.config.send_timeout_s)
            abort = self.ws.scope.get("extensions", {}).get(ABORT_EXTENSION)
            if abort is not None:
                abort["abort"]()
            raise WebSocketDisconnect(1006, "the client stopped reading") from None

    async def _send_snapshot(self) -> int:
        """The snapshot for this client's wall (also how the outbox resyncs a client that fell behind)."""
        assert self.machine.principal is not None and self.outbox is not None
        snap = await self.core.snapshot(self.machine.principal, self.outbox.wall)
        await self.outbox.send_now(encode(snap))
        self.outbox.skip_through(snap.seq)
        return snap.seq

    # ------------------------------------------------------------------ commands through Core

    async def _execute(self, message: ClientMessage) -> None:
        if isinstance(message, Ingest):
            await self._submit_ingest(message)
            return
        try:
            data = await self._handlers[type(message)](message)
        except ProtocolError as exc:
            await self._perform(self.machine.command_failed(message, exc))
        except Exception as exc:
            log.exception("handler failed for a message from %s", self.machine.principal)
            await self._perform(self.machine.command_failed(message, exc))
        else:
            await self._perform(self.machine.command_done(message, data))

    async def _on_set_layout(self, m: SetLayout) -> dict[str, Any]:
        state = await self.core.set_layout(self._principal(), m.wall, m.monitor, m.layout)
        return {"wall": state.name}

    async def _on_set_tile(self, m: SetTile) -> dict[str, Any]:
        state = await self.core.set_tile(self._principal(), m.wall, m.monitor, m.tile, m.source, m.pinned)
        return {"wall": state.name}

    async def _on_apply_preset(self, m: ApplyPreset) -> dict[str, Any]:
        state = await self.core.apply_preset(self._principal(), m.preset)
        return {"wall": state.name, "preset": m.preset}

    async def _on_freeze_wall(self, m: FreezeWall) -> dict[str, Any]:
        state = await self.core.freeze_wall(self._principal(), m.wall, m.frozen)
        return {"wall": state.name, "frozen": state.frozen}

    async def _on_maximize_tile(self, m: MaximizeTile) -> dict[str, Any]:
        state = await self.core.maximize_tile(self._principal(), m.wall, m.monitor, m.tile)
        return {"wall": state.name, "monitor": m.monitor, "maximized": m.tile}

    async def _on_ack(self, m: AckAlert) -> dict[str, Any]:
        alert = await self.core.change_alert(self._principal(), m.alert, AlertState.ACKNOWLEDGED, m.comment)
        return {"alert": alert.id, "state": alert.state.value}

    async def _on_resolve(self, m: ResolveAlert) -> dict[str, Any]:
        alert = await self.core.change_alert(self._principal(), m.alert, AlertState.RESOLVED, m.comment)
        return {"alert": alert.id, "state": alert.state.value}

    async def _on_media_links(self, m: MediaLinks) -> dict[str, Any]:
        links = await self.core.media_links(self._principal(), m.cameras)
        return {"links": [link.model_dump(mode="json") for link in links]}

    async def _submit_ingest(self, m: Ingest) -> None:
        """Pipelined: the next message is read while this one waits for its commit."""
        try:
            future = self.core.submit_ingest(self._principal(), m.alerts, m.metrics)
        except ProtocolError as exc:  # refused before it was queued (a server's source, a time ahead): say so
            await self._perform(self.machine.command_failed(m, exc))
            return
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
            self._spawn(self._perform(self.machine.command_failed(m, exc)))
        else:
            stored, samples = future.result()
            self._spawn(self._perform(self.machine.command_done(m, {"alerts": [a.id for a in stored],
                                                                    "metrics": samples})))

    def _principal(self) -> Principal:
        assert self.machine.principal is not None
        return self.machine.principal

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(coroutine)
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)
