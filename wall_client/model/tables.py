"""Tabular indicators as the client keeps them: each table's newest snapshot and the one before it.

Ranking tiles compare the two to draw change arrows, so the store never keeps more than two per table,
and a snapshot that arrives late (older than the current one) is news of the past and is dropped rather
than allowed to turn the arrows backwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from wall_protocol.tables import TableSnapshot


@dataclass
class TableHistory:
    """The newest snapshot of one table (`current`) and the one it replaced (`previous`)."""

    current: TableSnapshot | None = None
    previous: TableSnapshot | None = None

    def offer(self, snapshot: TableSnapshot) -> bool:
        """Take a snapshot if it is newer than the current one; True when the table changed."""
        if self.current is not None:
            if snapshot.ts < self.current.ts:
                return False
            if snapshot.ts == self.current.ts:  # a correction of the same moment: replace, keep the baseline
                changed = snapshot != self.current
                self.current = snapshot
                return changed
        self.previous, self.current = self.current, snapshot
        return True


def histories(snapshots: Iterable[TableSnapshot]) -> dict[str, TableHistory]:
    """The histories a server snapshot message describes (it sends up to two snapshots per table)."""
    result: dict[str, TableHistory] = {}
    for snapshot in sorted(snapshots, key=lambda s: s.ts):
        result.setdefault(snapshot.table, TableHistory()).offer(snapshot)
    return result
