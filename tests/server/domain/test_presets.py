"""Applying presets on a real SQLite store: a preset never puts alarm state on a wall."""

from __future__ import annotations

from server.domain import documents, presets, walls
from server.store.context import WriteContext
from server.store.store import Store
from server.store.tables import PresetRow
from tests.server.domain.conftest import OPERATOR
from wall_protocol.entities import CameraSource, TileState

HAND_EDITED = {"name": "sua-tay", "title": "Sửa tay", "wall": "main", "monitors": [
    {"index": 1, "layout": "cameras-2x2", "tiles": [
        {"tile": "video-1", "source": {"kind": "camera", "camera": "cam-a"}, "pinned": True,
         "alarm": 42, "before_alarm": {"kind": "camera", "camera": "cam-b"}},
        {"tile": "video-2", "source": {"kind": "camera", "camera": "cam-b"}, "alarm": None}]}]}


def _plant(context: WriteContext) -> None:
    context.session.add(PresetRow(name="sua-tay", wall="main", body=HAND_EDITED, updated_at=context.now))


async def test_a_stored_preset_holding_alarm_state_loads_and_applies_without_it(store: Store):
    """A row edited by hand to carry an alarm still lists, and applying it shows the tiles with no alarm."""
    await store.write(_plant)
    listed = await store.read(lambda s: documents.listing(s, presets.PRESETS))
    assert [p.name for p in listed] == ["sua-tay"]
    await store.write(lambda c: presets.apply(c, OPERATOR, "sua-tay"))
    state = (await store.read(lambda s: walls.states(s, only="main")))[0]
    monitor = next(m for m in state.monitors if m.index == 1)
    assert monitor.tiles == (TileState(tile="video-1", source=CameraSource(camera="cam-a"), pinned=True),
                             TileState(tile="video-2", source=CameraSource(camera="cam-b")))
    assert all(type(t) is TileState for t in monitor.tiles)
