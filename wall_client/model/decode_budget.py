"""How many video tiles this wall PC can decode, and which ones show still frames instead.

A PC that cannot decode every tile does not lose frames on one tile: libVLC drops late pictures on
all of them, and every tile looks live while stuttering. So the PC measures what it keeps up with
(the frames each tile painted against what its stream sent, in sum and for the worst tile over its
last few windows, and the CPU of the process, of its GUI thread and of the whole PC),
and when that falls short the smallest tiles stop decoding and show the server's still frame,
refreshed every few seconds and marked as saving (wall_client/ui/video/still_tile_mode.py).

The capacity is a decode cost (stream pixels per second, so a 720p main stream weighs four
640×360 sub streams), learnt as TCP learns a window: cut at once to what was achieved when frames
are lost, grown one tile at a time after a calm spell, and that spell doubles after each growth that
lost frames again, so tiles do not flap between live and still.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

FRAMES_MIN = 0.95
"""A window in which live tiles received less than this share of their streams' frames is a loss."""
FRAMES_SEVERE = 0.8
"""A loss below this share cuts whatever the load; a milder one only while this process is busy (above the
room below): otherwise it comes from elsewhere (another program, a paint merged with the next), and
cutting tile after tile would not cure it (seen: a wall cut down to one tile while its CPU idled)."""
TILE_HORIZON = 3
"""Windows over which each tile's own share is judged: in one 2-s window a 25 fps tile's share moves by ±2% from
where the window's edges fall alone. The target is per tile: the sum of all live tiles may hold 97% while one
tile, starved, shows 88% (seen with 36 tiles): that tile's viewer sees it stutter."""
MACHINE_FULL = 0.85
"""The whole PC's cores busy more than this share: a mild loss then cuts too, whoever takes the cores (another
program, a camera simulator): fewer decodes leave the tiles that stay live their frames."""
MACHINE_ROOM = 0.80
"""A tile comes back only if the whole PC, with it, would stay under this share (when the PC's load is known)."""
CPU_HIGH = 0.90
"""The process using more than this share of all cores is overloaded even without lost frames yet."""
CPU_ROOM = 0.70
"""A tile comes back only if, with it, the process would stay under this share of the cores."""
GUI_HIGH = 0.75
"""The GUI thread busy more than this share of its time (painting, mostly) is overloaded: it stalls."""
GUI_ROOM = 0.55
"""A tile comes back only if, with it, the GUI thread would stay under this share."""
MAX_CUT = 0.5
"""One cut keeps at least this share of the live tiles' cost (a next cut may follow after SETTLE_S)."""
CUT_MARGIN = 0.9
"""After a loss, keep this share of what was decoded in time (room for the GUI and the stills)."""
SETTLE_S = 4.0
"""After a cut or a growth, wait this long before judging again (players start, buffers drain)."""
GROW_AFTER_S = 10.0
"""A calm spell this long lets one saved tile come back; doubled after each growth that lost frames."""
GROW_AFTER_MAX_S = 120.0


@dataclass(frozen=True)
class TileLoad:
    """One video tile over the last window."""

    key: str
    area: int
    """Its size on screen (pixels): the smallest tiles are the first to save."""
    cost: float
    """Its stream's decode cost: pixels per second (width × height × fps)."""
    expected_frames: float
    """Frames its stream sent in the window (the server's fps × seconds); 0 when unknown."""
    received_frames: int
    """Frames its player's callback received in the window."""
    live: bool
    """Decoding now (not showing stills)."""
    settling: bool = False
    """Its player started within the window: its frames say nothing yet."""
    pinned: bool = False
    """Never saved (a tile in alarm, a maximised tile)."""


@dataclass(frozen=True)
class Window:
    """What the PC measured since the last window."""

    seconds: float
    cpu_seconds: float
    """CPU time of the whole process (every thread: libVLC's decoders, the GUI)."""
    tiles: Sequence[TileLoad]
    gui_seconds: float = 0.0
    """CPU time of the GUI thread alone: painting every tile's frames is its load, and its stalls."""
    machine_share: float | None = None
    """The share of all the PC's cores busy in the window, every process's (None where the OS does not say)."""


@dataclass(frozen=True)
class Judgement:
    """One window's verdict, kept for the log and the tests."""

    frames_share: float | None
    cpu_share: float
    gui_share: float
    overloaded: bool
    capacity: float | None
    machine_share: float | None = None
    worst_tile_share: float | None = None
    """The share of its frames the worst live tile received over the last TILE_HORIZON windows."""


@dataclass
class DecodeBudget:
    cores: int
    capacity: float | None = None
    """Decode cost the PC keeps up with; None until it first fell short (then every tile is live)."""
    saving: frozenset[str] = frozenset()
    grow_after_s: float = GROW_AFTER_S
    _calm_since: float | None = None
    _changed_at: float = float("-inf")
    _grew: bool = False
    _careful: bool = False
    """A growth lost frames: tiles come back one at a time from then on."""
    history: list[Judgement] = field(default_factory=list)
    _tile_windows: dict[str, deque[tuple[float, int]]] = field(default_factory=dict)
    """Each judged tile's (expected, received) frames in its last TILE_HORIZON windows, since it was last live."""

    def observe(self, window: Window, now: float) -> frozenset[str]:
        """Take one window's measurements; the keys of the tiles that should show stills from now on."""
        judged = [t for t in window.tiles if t.live and not t.settling and t.expected_frames > 0]
        expected = sum(t.expected_frames for t in judged)
        frames_share = min(1.0, sum(t.received_frames for t in judged) / expected) if expected else None
        worst = self._worst_tile_share(judged)
        cpu_share = window.cpu_seconds / window.seconds / self.cores if window.seconds > 0 else 0.0
        gui_share = window.gui_seconds / window.seconds if window.seconds > 0 else 0.0
        live_cost = sum(t.cost for t in window.tiles if t.live)
        machine = window.machine_share
        busy = cpu_share > CPU_ROOM or gui_share > GUI_ROOM or (machine is not None and machine > MACHINE_FULL)
        # The worst tile counts only while the PC is busy: alone, one starved tile may be its camera's doing.
        lowest = min((s for s in (frames_share, worst) if s is not None), default=None)
        losing = (frames_share is not None and frames_share < FRAMES_SEVERE) or (
            lowest is not None and lowest < FRAMES_MIN and busy)
        overloaded = (losing or cpu_share > CPU_HIGH or gui_share > GUI_HIGH) and live_cost > 0
        settled = now - self._changed_at >= SETTLE_S
        if overloaded and settled:
            shown = lowest if busy else frames_share
            achieved = min(1.0 if shown is None else shown, CPU_HIGH / max(cpu_share, 1e-9),
                           GUI_HIGH / max(gui_share, 1e-9))
            # At least one tile goes (the smallest live one's cost), however small the shortfall, and at most
            # half: when the GUI thread starves (36 players starting at once hold the GIL), almost nothing is
            # painted, and "what was achieved" would say one tile, far below what the PC can do once settled.
            smallest = min((t.cost for t in window.tiles if t.live and not t.pinned), default=0.0)
            self.capacity = min(max(live_cost * min(1.0, achieved) * CUT_MARGIN, live_cost * MAX_CUT),
                                live_cost - smallest)
            if self._grew:  # the last growth was too much: back to one tile at a time, and wait longer
                self.grow_after_s = min(GROW_AFTER_MAX_S, self.grow_after_s * 2)
                self._careful = True
            self._grew, self._changed_at, self._calm_since = False, now, None
            self._tile_windows.clear()  # what the tiles lost before the cut says nothing of after it
        elif not overloaded:
            self._calm_since = now if self._calm_since is None else self._calm_since
            if self.capacity is not None and settled and now - self._calm_since >= self.grow_after_s:
                load = max(cpu_share / CPU_ROOM, gui_share / GUI_ROOM, (machine or 0.0) / MACHINE_ROOM)
                self._grow(window.tiles, live_cost, load, now)
        else:
            self._calm_since = None
        self.saving = self.choose(window.tiles)
        self.history.append(Judgement(frames_share, cpu_share, gui_share, overloaded, self.capacity, machine, worst))
        del self.history[:-100]
        return self.saving

    def _worst_tile_share(self, judged: Sequence[TileLoad]) -> float | None:
        """The lowest share of its frames any judged tile received over its last windows (None before 2 windows).

        A tile's record starts again when it is not judged (saving, settling, gone): what it lost before a
        restart says nothing of its new player. A cut restarts none of the live tiles, so their records go on.
        """
        seen = {t.key for t in judged}
        for key in [k for k in self._tile_windows if k not in seen]:
            del self._tile_windows[key]
        worst = None
        for tile in judged:
            record = self._tile_windows.setdefault(tile.key, deque(maxlen=TILE_HORIZON))
            record.append((tile.expected_frames, tile.received_frames))
            if len(record) >= 2:
                share = min(1.0, sum(r for _, r in record) / sum(e for e, _ in record))
                worst = share if worst is None else min(worst, share)
        return worst

    def _grow(self, tiles: Sequence[TileLoad], live_cost: float, load: float, now: float) -> None:
        """Let saved tiles (the largest first) come back if the CPU they would take is there.

        `load` is the busier of the process and the GUI thread, as a share of its room (1 = at the limit).
        Until a growth has lost frames, as many come back as half the projected room holds (at most as many
        as are live: a start-up cut that overshot recovers in a few spells); after that, one at a time.
        """
        assert self.capacity is not None
        saved = self._ranked([t for t in tiles if t.key in self.saving])
        if not saved:
            self.capacity = None  # everything fits again: no limit until the next loss
            self.grow_after_s, self._careful = GROW_AFTER_S, False
            return
        room = live_cost * (1 / load - 1) / 2 if load > 0 else live_cost
        allowed = saved[0].cost if self._careful else max(saved[0].cost, min(room, live_cost))
        coming = 0.0
        for tile in saved:
            if coming + tile.cost > allowed:
                break
            coming += tile.cost
        projected = load * (live_cost + coming) / live_cost if live_cost > 0 else 0.0
        if coming == 0 or projected > 1.0:
            return
        self.capacity = max(self.capacity, live_cost) + coming
        self._grew, self._changed_at, self._calm_since = True, now, None
        self._tile_windows.clear()

    @staticmethod
    def _ranked(tiles: Sequence[TileLoad]) -> list[TileLoad]:
        """Largest first, then by key: the same tiles save each time (no flapping between equal tiles)."""
        return sorted(tiles, key=lambda t: (-t.area, t.key))

    def choose(self, tiles: Sequence[TileLoad]) -> frozenset[str]:
        """The tiles to save under the capacity: pinned ones never, then the largest stay live while they fit.

        Stops at the first tile that does not fit: a small tile never decodes while a larger one saves.
        """
        if self.capacity is None:
            return frozenset()
        room = self.capacity - sum(t.cost for t in tiles if t.pinned)
        saving = []
        full = False
        for tile in self._ranked([t for t in tiles if not t.pinned]):
            if not full and tile.cost <= room:
                room -= tile.cost
            else:
                full = True
                saving.append(tile.key)
        return frozenset(saving)
