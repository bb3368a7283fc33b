"""The console's miniature of a monitor: what each tile shows, and where it sits."""

from __future__ import annotations

from wall_client.model.miniature import Rect, grid_area, monitor_miniature, tile_at, tile_rects
from wall_client.model.wall_model import WallModel
from wall_protocol.entities import (
    CameraInfo,
    CameraSource,
    Layout,
    MonitorState,
    SeriesInfo,
    TileKind,
    TileState,
    TourSource,
    WallState,
)
from wall_protocol.messages import Snapshot, WallDelta
from wall_protocol.spans import Span
from wall_protocol.tiles import make_tile

LAYOUT = Layout(id="mix", name="Hỗn hợp", cols=3, rows=2, tiles=(
    make_tile(id="v1", kind=TileKind.VIDEO, col=0, row=0, col_span=2, row_span=2),
    make_tile(id="v2", kind=TileKind.VIDEO, col=2, row=0),
    make_tile(id="kpi", kind=TileKind.KPI, col=2, row=1, props={"series": "grdp"}),
))


def _store(tiles: tuple[TileState, ...] = ()) -> WallModel:
    store = WallModel()
    store.apply_snapshot(Snapshot(
        seq=1, walls=(WallState(name="main", title="Tường", monitors=(MonitorState(index=0, layout="mix",
                                                                                   tiles=tiles),)),),
        cameras=(CameraInfo(id="cam-a", name="Cửa khẩu Hữu Nghị"), CameraInfo(id="cam-b", name="Chợ Đông Kinh")),
        layouts=(LAYOUT,), alerts=(), series=(SeriesInfo(key="grdp", name="Tăng trưởng GRDP"),), latest=()))
    return store


def test_tiles_say_what_they_show_and_follow_a_wall_delta():
    """An empty video tile shows nothing, a KPI its series name; a wall delta puts a camera name and a pin in."""
    store = _store()
    mini = monitor_miniature(store, "main", 0)
    assert mini is not None and (mini.cols, mini.rows, mini.layout_name) == (3, 2, "Hỗn hợp")
    assert [(t.tile_id, t.kind_label, t.shows, t.pinned) for t in mini.tiles] == [
        ("v1", "Camera", "", False), ("v2", "Camera", "", False), ("kpi", "Chỉ số", "Tăng trưởng GRDP", False)]
    state = WallState(name="main", title="Tường", monitors=(MonitorState(index=0, layout="mix", tiles=(
        TileState(tile="v1", source=CameraSource(camera="cam-a"), pinned=True),
        TileState(tile="v2", source=TourSource(cameras=("cam-a", "cam-b"), dwell_s=10))),),))
    store.apply(WallDelta(seq=2, wall=state))
    after = monitor_miniature(store, "main", 0)
    assert after is not None
    assert (after.tile("v1").shows, after.tile("v1").pinned) == ("Cửa khẩu Hữu Nghị", True)  # type: ignore[union-attr]
    assert after.tile("v2").shows == "Tuần tra 2 camera · 10 giây"  # type: ignore[union-attr]
    assert monitor_miniature(store, "main", 5) is None and monitor_miniature(store, "nope", 0) is None


def test_geometry_keeps_the_monitor_aspect_and_finds_the_tile_under_a_point():
    """A 16:9 area is centred across a wide widget, at the top of a tall one; spans cover their cells; points
    map to the right tile."""
    mini = monitor_miniature(_store(), "main", 0)
    assert mini is not None
    area = grid_area(800, 270)
    assert (area.width, area.height, area.x, area.y) == (480, 270, 160, 0)
    assert grid_area(320, 400) == grid_area(320, 180)  # at the top, not centred down the widget
    rects = tile_rects(mini, area, gap=2)
    assert rects["v1"].width == 320 - 4 and rects["v1"].height == 270 - 4
    assert rects["v2"].x == 160 + 320 + 2
    assert tile_at(rects, 200, 100) == "v1"
    assert tile_at(rects, 600, 50) == "v2"
    assert tile_at(rects, 600, 200) == "kpi"
    assert tile_at(rects, 100, 100) is None  # the bar beside the monitor


def test_the_maximized_tile_is_marked_only_while_the_layout_has_it():
    """The server's maximized tile is marked; one the layout does not have (an edited layout) is not."""
    store = _store()
    assert monitor_miniature(store, "main", 0).maximized is None  # type: ignore[union-attr]
    for named, marked in (("v2", "v2"), ("gone", None), (None, None)):
        wall = WallState(name="main", title="Tường", monitors=(MonitorState(index=0, layout="mix", maximized=named),))
        store.apply(WallDelta(seq=2, wall=wall))
        assert store.monitor_maximized("main", 0) == marked
        assert monitor_miniature(store, "main", 0).maximized == marked  # type: ignore[union-attr]
    assert store.monitor_maximized("main", 7) is None and store.monitor_maximized("nope", 0) is None


def test_a_spanned_monitor_shows_its_part_of_the_canvas():
    """Two monitors side by side in a span: each miniature shows its half of the layout, tiles cut at the seam."""
    store = WallModel()
    store.apply_snapshot(Snapshot(
        seq=1, walls=(WallState(name="main", title="Tường", spans=(Span(monitors=((0, 1),)),),
                                monitors=(MonitorState(index=0, layout="mix"), MonitorState(index=1, layout="mix"))),),
        cameras=(), layouts=(LAYOUT,), alerts=(), series=(SeriesInfo(key="grdp", name="Tăng trưởng GRDP"),),
        latest=()))
    left, right = monitor_miniature(store, "main", 0), monitor_miniature(store, "main", 1)
    assert left is not None and right is not None and left.span is not None
    area = grid_area(480, 270)
    # The canvas is 3840 wide, a cell 1280: v1 (two cells) runs on past the seam; v2 and the KPI are on the right.
    assert tile_rects(left, area) == {"v1": Rect(2, 2, 478, 266)}
    shown = tile_rects(right, area)
    assert shown["v1"] == Rect(0, 2, 158, 266) and shown["v2"] == Rect(162, 2, 316, 131)
    assert sorted(shown) == ["kpi", "v1", "v2"]
