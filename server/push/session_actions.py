"""What the session machine (server/push/session_machine.py) asks its adapter to do, one class per action.

Actions marked "asks" need an answer, fed back to the machine as its next event; they end their list.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from server.store.context import Principal
from wall_protocol.messages import ClientMessage, Error, Pong, Result, Welcome


class Via(enum.Enum):
    SOCKET = "socket"
    """Straight to the WebSocket (no outbox yet, or a pong that needs no ordering)."""
    OUTBOX = "outbox"
    """Through the outbox, outside the delta stream: never inside a batch frame."""
    AFTER_DELTAS = "after_deltas"
    """Through the outbox after what is queued: a command's result follows the state change it caused."""


@dataclass(frozen=True)
class Authenticate:
    """Asks: who holds this token (None: the handshake's session cookie)? Answer `authenticated(principal)` or
    `not_authenticated(error)`."""

    token: str | None


@dataclass(frozen=True)
class Register:
    """Asks: count the connection against its token and address (revoking the token closes it).
    Answer `registered(published_seq)` or `not_registered(error)`."""

    principal: Principal


@dataclass(frozen=True)
class AcceptHello:
    """Lift the pre-hello byte budget of the WebSocket layer (server/ws_protocol.py)."""


@dataclass(frozen=True)
class OpenOutbox:
    """Make the connection's outbox for `wall`; `attach` it to the hub (producers' outboxes stay idle)."""

    wall: str | None
    attach: bool


@dataclass(frozen=True)
class DetachOutbox:
    """Stop offering deltas to the outbox."""


@dataclass(frozen=True)
class ReadMissed:
    """Asks: the deltas after `after` for `wall`, at most `limit`. Answer `missed_read(replay, published_seq)`."""

    after: int
    wall: str | None
    limit: int


@dataclass(frozen=True)
class SendSnapshot:
    """Asks: build and send the snapshot. Answer `snapshot_sent()` or `snapshot_refused(error)`."""


@dataclass(frozen=True)
class Send:
    message: Welcome | Pong | Result
    via: Via


@dataclass(frozen=True)
class SendFrame:
    """A batch frame of replayed deltas, already encoded, through the outbox."""

    text: str


@dataclass(frozen=True)
class SkipThrough:
    """Queued deltas up to `seq` were covered by the replay: the outbox drops them."""

    seq: int


@dataclass(frozen=True)
class StartSender:
    """Start delivering queued deltas."""


@dataclass(frozen=True)
class Refuse:
    """Send an error; count it as refused. Best effort: the socket may be gone already."""

    error: Error
    via: Via


@dataclass(frozen=True)
class Close:
    """Close the WebSocket (best effort)."""

    code: int
    reason: str


@dataclass(frozen=True)
class CountMessage:
    """A client message was read (the server's metrics)."""


@dataclass(frozen=True)
class Execute:
    """Run a command through Core for `principal`; answer `command_done(message, data)` or
    `command_failed(message, error)`. An ingest is pipelined: its answer may come after later frames."""

    message: ClientMessage
    principal: Principal


Action = (Authenticate | Register | AcceptHello | OpenOutbox | DetachOutbox | ReadMissed | SendSnapshot | Send
          | SendFrame | SkipThrough | StartSender | Refuse | Close | CountMessage | Execute)
