"""Client-side bookkeeping of sequence numbers, so a reconnect resumes where it left off."""

from __future__ import annotations

from dataclasses import dataclass, field

from wall_protocol.messages import Batch, Delta, ServerMessage, Snapshot, Welcome


@dataclass
class SequenceTracker:
    """Feed it every server message; it yields the deltas to apply, each exactly once, in order.

    Duplicates (seq not above the last one applied) are dropped: they occur when a resumed
    replay overlaps what arrived just before the connection broke. Transient deltas (seq null)
    pass straight through.
    """

    last_seq: int | None = None
    dropped_duplicates: int = field(default=0)

    def resume_from(self) -> int | None:
        """What to put in the next `hello`."""
        return self.last_seq

    def accept(self, message: ServerMessage) -> list[Delta]:
        if isinstance(message, Snapshot):
            self.last_seq = message.seq
            return []
        if isinstance(message, Welcome):
            if not message.resumed:
                # A snapshot follows; until it arrives nothing older may be applied.
                self.last_seq = None
            return []
        if isinstance(message, Batch):
            fresh: list[Delta] = []
            for delta in message.deltas:
                if delta.seq is None:
                    fresh.append(delta)  # transient (an overlay): not sequenced, never replayed
                    continue
                if self.last_seq is not None and delta.seq <= self.last_seq:
                    self.dropped_duplicates += 1
                    continue
                fresh.append(delta)
                self.last_seq = delta.seq
            return fresh
        return []
