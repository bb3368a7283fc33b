"""Feeds the decode budget (wall_client/model/decode_budget.py) from this process's video tiles.

One per process, across all monitor windows: they share the PC's cores. Every `WINDOW_S` it counts
each tile's frames painted (decoded by its player and shown by the GUI thread: either may fall behind)
against what the server says the stream sends, the
process's CPU time (every thread's, libVLC's decoders included) and the GUI thread's own (it runs on
it), then tells each tile whether to decode or show stills. IOCWALL_DECODE_BUDGET=0 turns it off
(benchmarks/video_wall.py compares every tile decoding with bare libVLC).
"""

from __future__ import annotations

import logging
import os
import time
from functools import cache
from typing import Protocol

from PySide6.QtCore import QObject, QTimer

from wall_client.model.decode_budget import DecodeBudget, TileLoad, Window

log = logging.getLogger(__name__)

WINDOW_S = 2.0
SETTLING_S = 3.0
"""A player is judged from this long after its first frame since its (re)start: until then it has not had
the time to show its stream's rate. One that sends no frame at all is the watchdog's business (a camera
or network problem), not a lack of decoding power."""
DEFAULT_COST = 640 * 360 * 25.0
"""A stream whose size or rate the server has not reported yet weighs a 640×360 25 fps sub stream."""


class BudgetedTile(Protocol):
    def has_video(self) -> bool: ...
    def budget_key(self) -> str: ...
    def budget_area(self) -> int: ...
    def budget_stream(self) -> tuple[int | None, int | None, float]:
        """The shown stream's (width, height, fps) as the server reports them; fps 0 when unknown."""
        ...
    def frames_shown(self) -> int: ...
    def playing_since(self) -> float | None:
        """time.monotonic() of the player's last (re)start; None while saving or without a camera."""
        ...
    def budget_pinned(self) -> bool: ...
    def set_saving(self, saving: bool) -> None: ...


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class BudgetDriver(QObject):
    def __init__(self, cores: int | None = None, window_s: float = WINDOW_S) -> None:
        super().__init__()
        self.budget = DecodeBudget(cores=cores or _cores())
        self.tiles: list[BudgetedTile] = []
        self.enabled = os.environ.get("IOCWALL_DECODE_BUDGET", "1") != "0"
        self._frames: dict[int, int] = {}
        self._first_frame: dict[int, tuple[float, float | None]] = {}  # player start -> its first frame seen
        self._at = time.monotonic()
        self._cpu = time.process_time()
        self._gui = time.thread_time()  # this runs on the GUI thread: its own CPU time
        self._machine = MachineLoad()
        self._timer = QTimer(self)
        self._timer.setInterval(int(window_s * 1000))
        self._timer.timeout.connect(self.step)

    def add(self, tile: BudgetedTile) -> None:
        self.tiles.append(tile)
        self._frames[id(tile)] = tile.frames_shown()
        if self.enabled and not self._timer.isActive():
            self._at, self._cpu, self._gui = time.monotonic(), time.process_time(), time.thread_time()
            self._machine.share()  # the first window starts now
            self._timer.start()

    def remove(self, tile: BudgetedTile) -> None:
        if tile in self.tiles:
            self.tiles.remove(tile)
        self._frames.pop(id(tile), None)
        self._first_frame.pop(id(tile), None)
        if not self.tiles:
            self._timer.stop()

    def _settling(self, tile: BudgetedTile, since: float | None, received: int, now: float, seconds: float) -> bool:
        """Whether the tile's player is too new to judge: no frame yet since its start, or its first too recent."""
        if since is None:
            return True
        started, first = self._first_frame.get(id(tile), (since, None))
        if started != since:
            first = None
        if first is None and received > 0:
            first = now - seconds  # somewhere in this window: judged from SETTLING_S after its start
        self._first_frame[id(tile)] = (since, first)
        return first is None or now - first < SETTLING_S + seconds

    def step(self) -> None:
        """One window: measure, judge, and switch the tiles whose mode changes."""
        now, cpu, gui = time.monotonic(), time.process_time(), time.thread_time()
        seconds, cpu_seconds, gui_seconds = now - self._at, cpu - self._cpu, gui - self._gui
        self._at, self._cpu, self._gui = now, cpu, gui
        loads = []
        tiles = [tile for tile in self.tiles if tile.has_video()]
        for tile in tiles:
            frames = tile.frames_shown()
            received = frames - self._frames.get(id(tile), frames)
            self._frames[id(tile)] = frames
            width, height, fps = tile.budget_stream()
            since = tile.playing_since()
            cost = width * height * (fps or 25.0) if width and height else DEFAULT_COST
            loads.append(TileLoad(key=tile.budget_key(), area=tile.budget_area(), cost=cost,
                                  expected_frames=fps * seconds, received_frames=max(0, received),
                                  live=since is not None, settling=self._settling(tile, since, received, now, seconds),
                                  pinned=tile.budget_pinned()))
        before = self.budget.saving
        machine = self._machine.share()
        saving = self.budget.observe(Window(seconds, cpu_seconds, loads, gui_seconds, machine), now)
        if saving != before:
            judged = self.budget.history[-1]
            log.info("decode budget: %d of %d video tiles live (frames %s, worst tile %s, CPU %.0f%% of %d cores, "
                     "GUI thread %.0f%%)", len(loads) - len(saving), len(loads), _share(judged.frames_share),
                     _share(judged.worst_tile_share), 100 * judged.cpu_share, self.budget.cores,
                     100 * judged.gui_share)
        for tile, load in zip(tiles, loads, strict=True):
            tile.set_saving(load.key in saving)


def _share(value: float | None) -> str:
    return "?" if value is None else f"{value:.0%}"


@cache
def shared_driver() -> BudgetDriver:
    """The process's driver (made on first use, after the QApplication)."""
    return BudgetDriver()


class MachineLoad:
    """The share of all cores the whole PC kept busy since the last call, from /proc/stat (None elsewhere)."""

    def __init__(self, path: str = "/proc/stat") -> None:
        self.path = path
        self._last = self._read()

    def _read(self) -> tuple[int, int] | None:
        """(busy, total) jiffies since boot; idle and iowait are not busy."""
        try:
            with open(self.path, encoding="ascii") as stat:
                fields = [int(x) for x in stat.readline().split()[1:]]
        except (OSError, ValueError):
            return None
        if len(fields) < 5:
            return None
        total = sum(fields[:8])
        return total - fields[3] - fields[4], total

    def share(self) -> float | None:
        now = self._read()
        last, self._last = self._last, now
        if now is None or last is None or now[1] <= last[1]:
            return None
        return (now[0] - last[0]) / (now[1] - last[1])
