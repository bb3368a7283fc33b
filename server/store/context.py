"""What a write job sees: a session, the clock, and where to put the deltas and audit entries it causes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from server.store.tables import DELTAS, AuditRow
from wall_protocol.codec import encode
from wall_protocol.common import WireModel, utc_now


@dataclass(frozen=True, slots=True)
class PublishedDelta:
    """A delta as it goes to clients: encoded once, sent to everyone it concerns."""

    seq: int
    wall: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is acting: the name and role of the token or session they presented (and its id, to revoke what
    it opened). A person's session acts under the person's account name.

    The server's own actors (pollers, rules, detection) have no token: `token_id` is None.
    """

    name: str
    role: str
    token_id: int | None = None
    wall: str | None = None
    """A share link's session: it sees this wall only (server/domain/access.py)."""
    session: bool = False
    """A person's login session (a cookie or the console's bearer), not a machine token."""


class WriteContext:
    """Collects the effects of the write jobs of one transaction.

    Deltas get their sequence numbers here, in commit order; the rows that many jobs write
    (deltas, samples) are inserted together when the transaction is flushed.
    """

    def __init__(self, session: Session, last_seq: int, cache: dict[str, Any]) -> None:
        self.session = session
        self.cache = cache
        """Writer-owned memo that outlives the transaction (cleared when a transaction fails)."""
        self.now: datetime = utc_now()
        self.seq = last_seq
        self.published: list[PublishedDelta] = []
        self.sample_rows: list[dict[str, Any]] = []
        self.pending_flushes: list[Any] = []

    def emit(self, delta_type: type[WireModel], *, for_wall: str | None = None, **fields: Any) -> None:
        """Record a delta for clients; `for_wall` limits it to that wall's clients (and consoles)."""
        self.seq += 1
        text = encode(delta_type(seq=self.seq, **fields))  # type: ignore[call-arg]  # every delta type has seq
        self.published.append(PublishedDelta(self.seq, for_wall, text))

    def audit(self, actor: Principal, action: str, target: str, detail: dict[str, Any] | None = None) -> None:
        self.session.add(
            AuditRow(at=self.now, actor=actor.name, role=actor.role, action=action, target=target,
                     detail=detail or {})
        )

    def flush(self) -> None:
        """Write what the jobs collected, in bulk, before the commit."""
        for flush_step in self.pending_flushes:
            flush_step(self)
        if self.published:
            self.session.execute(
                insert(DELTAS),  # Core executemany: the ORM's bookkeeping costs more than the rows
                [{"seq": d.seq, "wall": d.wall, "payload": d.text, "created_at": self.now} for d in self.published],
            )
        self.session.flush()
