"""A layout whose video tile has a tour, on a real SQLite store: the tile starts touring wherever the layout lands."""

from __future__ import annotations

from typing import Any

from server.domain import catalog, documents, presets, walls
from server.store.context import WriteContext
from server.store.store import Store
from tests.server.domain.conftest import OPERATOR
from wall_protocol.automation import Preset
from wall_protocol.entities import CameraSource, Layout, MonitorState, TileState, TourSource, WallProfile

TOURING = {"id": "tuan-tra-2", "name": "Tuần tra 2 ô", "cols": 2, "rows": 1, "tiles": [
    {"id": "video-1", "kind": "video", "col": 0, "row": 0,
     "props": {"tour": ["cam-a", "cam-b", "cam-c"], "tour_dwell_s": 4}},
    {"id": "video-2", "kind": "video", "col": 1, "row": 0, "props": {"camera": "cam-c"}}]}


def _monitor(state: Any, index: int) -> MonitorState:
    return next(m for m in state.monitors if m.index == index)


async def _with_touring_layout(store: Store) -> None:
    await store.write(lambda c: documents.upsert(c, None, catalog.LAYOUTS, Layout.model_validate(TOURING)))


async def test_set_layout_starts_the_tour_the_layout_names(store: Store):
    """Put on a monitor, the tour tile's state is the tour (cameras in order, dwell); the fixed camera has none."""
    await _with_touring_layout(store)
    state = await store.write(lambda c: walls.set_layout(c, OPERATOR, "main", 1, "tuan-tra-2"))
    assert _monitor(state, 1).tiles == (
        TileState(tile="video-1", source=TourSource(cameras=("cam-a", "cam-b", "cam-c"), dwell_s=4.0)),)
    stored = (await store.read(lambda s: walls.states(s, only="main")))[0]
    assert _monitor(stored, 1) == _monitor(state, 1)


async def test_a_preset_tile_wins_over_the_layout_tour_and_the_others_still_tour(store: Store):
    """A preset naming the tour tile shows its camera there; a preset naming only the other tile keeps the tour."""
    await _with_touring_layout(store)

    def apply(tiles: list[dict[str, Any]]) -> Any:
        preset = Preset.model_validate({"name": "p", "title": "P", "wall": "main", "monitors": [
            {"index": 1, "layout": "tuan-tra-2", "tiles": tiles}]})

        def write(context: WriteContext) -> Any:
            documents.upsert(context, None, presets.PRESETS, preset)
            return presets.apply(context, OPERATOR, "p")
        return store.write(write)

    state = await apply([{"tile": "video-1", "source": {"kind": "camera", "camera": "cam-b"}, "pinned": True}])
    assert _monitor(state, 1).tiles == (TileState(tile="video-1", source=CameraSource(camera="cam-b"), pinned=True),)
    state = await apply([{"tile": "video-2", "source": {"kind": "camera", "camera": "cam-a"}}])
    assert _monitor(state, 1).tiles == (
        TileState(tile="video-1", source=TourSource(cameras=("cam-a", "cam-b", "cam-c"), dwell_s=4.0)),
        TileState(tile="video-2", source=CameraSource(camera="cam-a")))


async def test_a_new_wall_whose_profile_names_the_layout_starts_touring(store: Store):
    """A wall profile created with the touring layout: its monitor's first state already tours."""
    await _with_touring_layout(store)
    profile = WallProfile.model_validate({"name": "phong-hop", "title": "Phòng họp", "monitors": [
        {"index": 0, "layout": "tuan-tra-2"}]})
    state = await store.write(lambda c: walls.upsert_profile(c, OPERATOR, profile))
    assert _monitor(state, 0).tiles[0].source == TourSource(cameras=("cam-a", "cam-b", "cam-c"), dwell_s=4.0)


async def test_editing_the_layout_tour_changes_the_tiles_still_touring_as_it_said(store: Store):
    """Saved with another tour, the layout's touring tiles follow on every monitor showing it; a tile an operator
    set keeps its camera; removing the tour stops it; adding one to another tile starts it."""
    await _with_touring_layout(store)
    await store.write(lambda c: walls.set_layout(c, OPERATOR, "main", 0, "tuan-tra-2"))
    await store.write(lambda c: walls.set_layout(c, OPERATOR, "main", 1, "tuan-tra-2"))
    await store.write(lambda c: walls.set_tile(c, OPERATOR, "main", 0, "video-1", CameraSource(camera="cam-a"),
                                               False))

    async def save(tiles: list[dict[str, Any]]) -> Any:
        layout = Layout.model_validate({**TOURING, "tiles": tiles})
        await store.write(lambda c: documents.upsert(c, OPERATOR, catalog.LAYOUTS, layout))
        return (await store.read(lambda s: walls.states(s, only="main")))[0]

    video_1, video_2 = TOURING["tiles"]
    state = await save([{**video_1, "props": {"tour": ["cam-c", "cam-b"], "tour_dwell_s": 6}}, video_2])
    assert _monitor(state, 1).tiles == (TileState(tile="video-1", source=TourSource(cameras=("cam-c", "cam-b"),
                                                                                     dwell_s=6.0)),)
    assert _monitor(state, 0).tiles == (TileState(tile="video-1", source=CameraSource(camera="cam-a")),)
    state = await save([{**video_1, "props": {}}, {**video_2, "props": {"tour": ["cam-a", "cam-b"]}}])
    assert _monitor(state, 1).tiles == (TileState(tile="video-2", source=TourSource(cameras=("cam-a", "cam-b"))),)
    assert _monitor(state, 0).tiles == (TileState(tile="video-1", source=CameraSource(camera="cam-a")),
                                        TileState(tile="video-2", source=TourSource(cameras=("cam-a", "cam-b"))))
