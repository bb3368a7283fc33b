"""The hub: who is connected, and handing each commit's deltas to every outbox that wants them."""

from __future__ import annotations

from server.push.outbox import Outbox
from server.store.context import PublishedDelta


class Hub:
    def __init__(self) -> None:
        self._outboxes: set[Outbox] = set()
        self.published = 0

    def attach(self, outbox: Outbox) -> None:
        self._outboxes.add(outbox)

    def detach(self, outbox: Outbox) -> None:
        self._outboxes.discard(outbox)

    @property
    def clients(self) -> int:
        return len(self._outboxes)

    def publish(self, deltas: list[PublishedDelta]) -> None:
        """Store commit listener: runs on the event loop, in sequence order."""
        self.published += len(deltas)
        for outbox in self._outboxes:
            if outbox.wall is None:
                for delta in deltas:
                    outbox.offer(delta)
            else:
                for delta in deltas:
                    if outbox.wants(delta):
                        outbox.offer(delta)

    def resync_wall(self, wall: str) -> None:
        """Send every PC of `wall` a fresh snapshot (after a freeze ends: what it holds may be the freeze's)."""
        for outbox in self._outboxes:
            if outbox.wall == wall:
                outbox.request_resync()
