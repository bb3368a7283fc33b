"""The WebSocket session as a pure state machine: hello, token, replay or snapshot, then commands.

No sockets, no awaiting. The adapter (server/push/session.py) feeds it what happened (a frame came,
the token checked out, the snapshot was sent, a command finished, the token was revoked) and performs
the actions it returns, in order: send this, close with that code, ask Core this. An action that needs
an answer (`Authenticate`, `Register`, `ReadMissed`, `SendSnapshot`) is always the last of its list;
the adapter feeds the answer back as the next event. Once closed, every event is dropped: answers that
arrive after a revocation or a disconnect have nobody left to go to.

    HELLO ─frame─▶ AUTHENTICATING ─authenticated─▶ REGISTERING ─registered─▶ OPEN (producers)
                                                        │                    ├─▶ SNAPSHOTTING ─sent─▶ OPEN
                                                        │                    └─▶ REPLAYING ─read─▶ OPEN
                                                        │                                 └─(too far)─▶ SNAPSHOTTING
    every refusal, a revocation or a disconnect ───────────────────────────────────────────────▶ CLOSED
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any

from server.domain.access import require_command
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
from server.redact import redact
from server.store.context import Principal
from wall_protocol.codec import batch_frame, decode_client, request_id_of
from wall_protocol.common import Role
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.messages import ClientMessage, Error, Hello, Ingest, Ping, Pong, Result, Welcome

CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
CLOSE_LIMIT = 4429
CLOSE_TOO_BIG = 1009
CLOSE_REASON_BYTES = 120
"""A close frame's reason must fit in 123 bytes of UTF-8 (a token name may be Vietnamese)."""
REPLAY_FRAME_DELTAS = 1000
"""Missed deltas per replayed batch frame."""
BINARY_REFUSED = ("a binary frame is not a message: send each message as one JSON object in a text frame "
                  "(UTF-8)")
"""Every client sends text; a binary frame is some other program's traffic, not a message to guess at."""


class Phase(enum.Enum):
    HELLO = "hello"
    """Waiting for the first frame, which must be a 'hello' within the budget and the time limit."""
    AUTHENTICATING = "authenticating"
    """Asked Core who the token belongs to."""
    REGISTERING = "registering"
    """Asked the connection registry for room (limits per token and per address)."""
    REPLAYING = "replaying"
    """Asked the store for the deltas missed since `resume_from`."""
    SNAPSHOTTING = "snapshotting"
    """Welcomed; the snapshot is being built and sent."""
    OPEN = "open"
    """Commands in, deltas out."""
    CLOSED = "closed"


class InvalidEvent(RuntimeError):
    """An event the adapter must not feed in this phase: a bug in the adapter, never the client's doing."""


class SessionMachine:
    """One connection's state; each event method returns the actions to perform, in order."""

    def __init__(self, *, server_version: str, hello_timeout_s: float, hello_max_bytes: int, max_message_bytes: int,
                 resume_max_deltas: int) -> None:
        self.server_version = server_version
        self.hello_timeout_s = hello_timeout_s
        self.hello_max_bytes = hello_max_bytes
        self.max_message_bytes = max_message_bytes
        self.resume_max_deltas = resume_max_deltas
        self.phase = Phase.HELLO
        self.hello: Hello | None = None
        self.principal: Principal | None = None
        self._outbox_open = False

    @property
    def closed(self) -> bool:
        return self.phase is Phase.CLOSED

    # ------------------------------------------------------------------ before 'hello' is accepted

    def receive(self, data: str | bytes) -> list[Action]:
        """A frame from the client: the 'hello' first, commands once open; dropped once closed."""
        if self.phase is Phase.HELLO:
            return self._receive_hello(data)
        if self.phase is Phase.OPEN:
            return [CountMessage(), *self._receive_command(data)]
        if self.phase is Phase.CLOSED:
            return []
        raise InvalidEvent(f"a frame was fed while {self.phase.value}: the adapter reads nothing until the "
                           "session is open")

    def hello_timed_out(self) -> list[Action]:
        if self._drop_or_expect("hello_timed_out", Phase.HELLO):
            return []
        return self._refuse(ProtocolError(ErrorCode.UNAUTHENTICATED, f"no 'hello' within {self.hello_timeout_s:g} s"),
                            CLOSE_UNAUTHENTICATED)

    def _receive_hello(self, data: str | bytes) -> list[Action]:
        if len(data) > self.hello_max_bytes:
            return self._refuse(ProtocolError(ErrorCode.TOO_LARGE, f"the 'hello' is {len(data)} bytes; a client may "
                                              f"send {self.hello_max_bytes} before it is accepted"), CLOSE_TOO_BIG)
        if isinstance(data, bytes):
            return self._refuse(ProtocolError(ErrorCode.INVALID, BINARY_REFUSED), CLOSE_UNAUTHENTICATED)
        try:
            message = decode_client(data, self.max_message_bytes)
        except ProtocolError as exc:
            return self._refuse(exc, CLOSE_UNAUTHENTICATED)
        if not isinstance(message, Hello):
            return self._refuse(ProtocolError(ErrorCode.UNAUTHENTICATED,
                                              f"the first message must be 'hello', got {message.type!r}"),
                                CLOSE_UNAUTHENTICATED)
        self.hello = message
        self.phase = Phase.AUTHENTICATING
        return [Authenticate(message.token)]

    def authenticated(self, principal: Principal) -> list[Action]:
        if self._drop_or_expect("authenticated", Phase.AUTHENTICATING):
            return []
        if principal.wall is not None and self.hello is not None and self.hello.wall != principal.wall:
            # A share link's session follows its one wall: not every wall, not another one.
            return self._refuse(ProtocolError(ErrorCode.FORBIDDEN, f"this share link shows wall {principal.wall!r} "
                                              "only: say 'hello' with that wall", field="wall"), CLOSE_FORBIDDEN)
        self.principal = principal
        self.phase = Phase.REGISTERING
        return [Register(principal)]

    def not_authenticated(self, exc: ProtocolError) -> list[Action]:
        """The token is unknown or revoked."""
        if self._drop_or_expect("not_authenticated", Phase.AUTHENTICATING):
            return []
        return self._refuse(exc, CLOSE_UNAUTHENTICATED)

    def not_registered(self, exc: ProtocolError) -> list[Action]:
        """The token or the address holds too many connections already."""
        if self._drop_or_expect("not_registered", Phase.REGISTERING):
            return []
        return self._refuse(exc, CLOSE_LIMIT)

    # ------------------------------------------------------------------ welcome, then a replay or a snapshot

    def registered(self, published_seq: int) -> list[Action]:
        """The connection counts against its token from now on; `published_seq` is the store's at this moment."""
        if self._drop_or_expect("registered", Phase.REGISTERING):
            return []
        hello, principal = self._who()
        self._outbox_open = True
        if principal.role == Role.PRODUCER.value:
            # Producers only ingest: they get no state and no deltas (their outbox is never attached).
            self.phase = Phase.OPEN
            return [AcceptHello(), OpenOutbox(hello.wall, attach=False),
                    Send(self._welcome(published_seq, resumed=False), Via.OUTBOX), StartSender()]
        # Attached before reading, so that nothing committed meanwhile is missed.
        opening: list[Action] = [AcceptHello(), OpenOutbox(hello.wall, attach=True)]
        if hello.resume_from is not None:
            self.phase = Phase.REPLAYING
            return [*opening, ReadMissed(hello.resume_from, hello.wall, self.resume_max_deltas)]
        return [*opening, *self._welcome_and_snapshot(published_seq)]

    def missed_read(self, replay: tuple[int, Sequence[str]] | None, published_seq: int) -> list[Action]:
        """What was missed since `resume_from` (the seq it covers and the encoded deltas), or None when it
        cannot be replayed (too many, or a seq this database never had): then a snapshot follows."""
        if self._drop_or_expect("missed_read", Phase.REPLAYING):
            return []
        if replay is None:
            return self._welcome_and_snapshot(published_seq)
        covered, texts = replay
        self.phase = Phase.OPEN
        frames: list[Action] = [SendFrame(batch_frame(texts[start:start + REPLAY_FRAME_DELTAS]))
                                for start in range(0, len(texts), REPLAY_FRAME_DELTAS)]
        return [Send(self._welcome(published_seq, resumed=True), Via.OUTBOX), *frames, SkipThrough(covered),
                StartSender()]

    def snapshot_sent(self) -> list[Action]:
        if self._drop_or_expect("snapshot_sent", Phase.SNAPSHOTTING):
            return []
        self.phase = Phase.OPEN
        return [StartSender()]

    def snapshot_refused(self, exc: ProtocolError) -> list[Action]:
        """The snapshot could not be made, e.g. the hello named a wall that does not exist."""
        if self._drop_or_expect("snapshot_refused", Phase.SNAPSHOTTING):
            return []
        return [DetachOutbox(), *self._refuse(exc, CLOSE_NOT_FOUND)]

    def _welcome_and_snapshot(self, published_seq: int) -> list[Action]:
        self.phase = Phase.SNAPSHOTTING
        return [Send(self._welcome(published_seq, resumed=False), Via.OUTBOX), SendSnapshot()]

    def _welcome(self, published_seq: int, *, resumed: bool) -> Welcome:
        _, principal = self._who()
        return Welcome(server_version=self.server_version, role=Role(principal.role), name=principal.name,
                       seq=published_seq, resumed=resumed)

    # ------------------------------------------------------------------ commands

    def _receive_command(self, data: str | bytes) -> list[Action]:
        _, principal = self._who()
        if isinstance(data, bytes):
            return [self._error(ProtocolError(ErrorCode.INVALID, BINARY_REFUSED), request_id_of(data))]
        try:
            message = decode_client(data, self.max_message_bytes)
            require_command(principal, message.type)
        except ProtocolError as exc:
            return [self._error(exc, request_id_of(data))]
        if isinstance(message, Ping):
            return [Send(Pong(id=message.id), Via.SOCKET)]
        if isinstance(message, Hello):
            return [self._error(ProtocolError(ErrorCode.INVALID, "already authenticated: send 'hello' only once per "
                                              "connection"), request_id_of(data))]
        return [Execute(message, principal)]

    def command_done(self, message: ClientMessage, data: dict[str, Any]) -> list[Action]:
        """A command ran: its result, after the deltas it caused, when the client asked with an id."""
        if self._drop_or_expect("command_done", Phase.OPEN):
            return []
        request_id = getattr(message, "id", None)
        if request_id is None:
            return []
        return [Send(Result(id=request_id, data=data), Via.AFTER_DELTAS)]

    def command_failed(self, message: ClientMessage, exc: BaseException) -> list[Action]:
        """A command was refused (a ProtocolError names why) or crashed (the adapter logged it)."""
        if self._drop_or_expect("command_failed", Phase.OPEN):
            return []
        if not isinstance(exc, ProtocolError):
            text = "ingest failed" if isinstance(message, Ingest) else "internal error; see the server log"
            exc = ProtocolError(ErrorCode.INTERNAL, text)
        return [self._error(exc, getattr(message, "id", None))]

    # ------------------------------------------------------------------ the end

    def revoked(self) -> list[Action]:
        """The token was revoked: stop sending at once and close with 4401 (the client gives up on it)."""
        if self.phase is Phase.CLOSED:
            return []
        name = self.principal.name if self.principal else ""
        if self.principal is not None and self.principal.session:
            why = f"the session of {name!r} has ended (logged out, expired or revoked)"
        else:
            why = f"token {name!r} was revoked"
        detach: list[Action] = [DetachOutbox()] if self._outbox_open else []
        return [*detach, *self._refuse(ProtocolError(ErrorCode.UNAUTHENTICATED, why), CLOSE_UNAUTHENTICATED)]

    def disconnected(self) -> list[Action]:
        """The client went away; the adapter releases what the connection held."""
        self.phase = Phase.CLOSED
        return []

    # ------------------------------------------------------------------ helpers

    def _who(self) -> tuple[Hello, Principal]:
        # Every phase that calls this comes after the hello and the token were accepted.
        assert self.hello is not None and self.principal is not None, self.phase
        return self.hello, self.principal

    def _drop_or_expect(self, event: str, *phases: Phase) -> bool:
        """True: the session is closed and the event is dropped. Raises on an event out of order."""
        if self.phase is Phase.CLOSED:
            return True
        if self.phase not in phases:
            raise InvalidEvent(f"{event} while {self.phase.value}; expected it only while "
                               f"{' or '.join(p.value for p in phases)}")
        return False

    def _error(self, exc: ProtocolError, request_id: str | int | None) -> Refuse:
        error = Error(id=request_id, code=exc.code.value, message=redact(exc.message), field=exc.field)
        return Refuse(error, Via.OUTBOX if self._outbox_open else Via.SOCKET)

    def _refuse(self, exc: ProtocolError, close_code: int) -> list[Action]:
        """An error naming why, then the close frame: the session is over."""
        self.phase = Phase.CLOSED
        reason = redact(exc.message).encode()[:CLOSE_REASON_BYTES].decode("utf-8", "ignore")
        return [self._error(exc, None), Close(close_code, reason)]
