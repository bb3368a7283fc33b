"""The second's repaint of many tiles: a few per paint pass, all of them soon, none twice, none that is gone."""

from __future__ import annotations

import time

from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QWidget

from wall_client.ui.repaint_spreader import RepaintSpreader

TILES = 30


class CountingTile(QWidget):
    """A tile that notes when it was painted."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.painted_at: list[float] = []

    def paintEvent(self, event: QPaintEvent) -> None:
        self.painted_at.append(time.monotonic())


def _wall(qtbot) -> tuple[QWidget, list[CountingTile]]:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(600, 500)
    tiles = [CountingTile(window) for _ in range(TILES)]
    for i, tile in enumerate(tiles):
        tile.setGeometry((i % 6) * 100, (i // 6) * 100, 100, 100)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)
    for tile in tiles:
        tile.painted_at.clear()
    return window, tiles


def _passes(tiles: list[CountingTile]) -> list[int]:
    """How many tiles each paint pass painted (paints less than a millisecond apart are one pass)."""
    times = sorted(t for tile in tiles for t in tile.painted_at)
    sizes: list[int] = []
    last = None
    for at in times:
        if last is None or at - last > 0.001:
            sizes.append(0)
        sizes[-1] += 1
        last = at
    return sizes


def test_thirty_tiles_are_repainted_a_few_at_a_time_within_the_second(qtbot):
    """Asked at once, 30 tiles are painted in passes of at most a few tiles each, all within half a second."""
    _, tiles = _wall(qtbot)
    spreader = RepaintSpreader(step_ms=8, batch=3)
    asked = time.monotonic()
    for tile in tiles:
        spreader.repaint_soon(tile)
    qtbot.waitUntil(lambda: all(tile.painted_at for tile in tiles), timeout=2000)
    assert spreader.pending() == 0
    assert max(max(tile.painted_at) for tile in tiles) - asked < 0.5
    passes = _passes(tiles)
    # One timer step may come late and meet the next one's paints: never all at once.
    assert len(passes) >= TILES // 3 // 2 and max(passes) <= 6, passes


def test_a_tile_asked_twice_is_painted_once_and_a_hidden_or_deleted_one_not_at_all(qtbot):
    """Asking again before its batch costs nothing; a tile hidden or deleted meanwhile is skipped, not an error."""
    _, tiles = _wall(qtbot)
    spreader = RepaintSpreader(step_ms=8, batch=1)
    hidden, deleted, twice = tiles[3], tiles[4], tiles[5]
    for tile in (tiles[0], tiles[1], tiles[2], hidden, deleted, twice, twice):
        spreader.repaint_soon(tile)
    assert spreader.pending() == 5  # six tiles, the first went at once; `twice` is queued once
    hidden.hide()
    deleted.deleteLater()
    qtbot.waitUntil(lambda: spreader.pending() == 0, timeout=2000)
    qtbot.wait(30)
    assert all(tile.painted_at for tile in tiles[:3])
    assert len(twice.painted_at) == 1
    assert hidden.painted_at == []


def test_a_lone_tile_is_repainted_at_once(qtbot):
    """One tile asking (a clock tile alone in its window) is not held back by the spreading."""
    _, tiles = _wall(qtbot)
    spreader = RepaintSpreader(step_ms=500, batch=3)
    spreader.repaint_soon(tiles[0])
    assert spreader.pending() == 0
    qtbot.waitUntil(lambda: bool(tiles[0].painted_at), timeout=200)  # one event-loop turn, not a step of 500 ms
