"""The wall's briefing freeze, as a wall PC applies it: hold new data while frozen, catch up at once after.

The server keeps recording and sends every delta as usual; a frozen wall PC keeps the data deltas
(metrics, series, alerts, tables, forecasts) aside instead of applying them, so its data tiles keep what they showed
when the leader said "stop here". Wall deltas pass (they carry the freeze itself, and the layout is
the operator's to change); on unfreeze the held deltas are applied in their order, all at once.
Detection overlays pass too: they annotate the video, which a freeze does not stop either.
A wall PC's `WallModel` owns the gate and puts every message through it (`WallModel.receive`).
"""

from __future__ import annotations

from wall_protocol.messages import Delta, Snapshot

HELD_KINDS = frozenset({"metric", "series", "alert", "table", "table_data", "forecast"})
MAX_HELD = 200_000
"""A freeze of hours at demo rates stays far below this; past it the oldest samples are dropped."""


class FreezeGate:
    """Decides which deltas a wall PC applies now; Qt-free, so the rule is tested without a display."""

    def __init__(self, wall: str) -> None:
        self.wall = wall
        self.frozen = False
        self.held: list[Delta] = []

    def reset(self, snapshot: Snapshot) -> None:
        """A snapshot is the whole truth as of now: nothing held is older news than it."""
        state = next((w for w in snapshot.walls if w.name == self.wall), None)
        self.frozen = bool(state and state.frozen)
        self.held = []

    def offer(self, delta: Delta) -> list[Delta]:
        """The deltas to apply now, in order (none while `delta` is data and the wall is frozen)."""
        if delta.kind == "wall" and delta.wall.name == self.wall:
            if self.frozen and not delta.wall.frozen:
                released, self.held = self.held, []
                self.frozen = False
                return [delta, *released]
            self.frozen = delta.wall.frozen
            return [delta]
        if self.frozen and delta.kind in HELD_KINDS:
            self.held.append(delta)
            if len(self.held) > MAX_HELD:
                del self.held[: len(self.held) - MAX_HELD]
            return []
        return [delta]
