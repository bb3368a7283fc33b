"""Tests of wall_protocol.entities: the validation rules of layouts, walls, sources and alerts."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from tests.wall_protocol.samples import ALERT, LAYOUT
from wall_protocol.entities import (
    MAX_GRID,
    CameraInfo,
    CameraSource,
    GeoPoint,
    Layout,
    MetricPoint,
    MonitorProfile,
    Tile,
    TileKind,
    TileState,
    TourSource,
    WallProfile,
)
from wall_protocol.tiles import make_tile, parse_tile


def _tile(tile_id: str, col: int, row: int, col_span: int = 1, row_span: int = 1) -> Tile:
    return make_tile(id=tile_id, kind=TileKind.CLOCK, col=col, row=row, col_span=col_span, row_span=row_span)


def _layout_error(cols: int, rows: int, *tiles: Tile) -> str:
    with pytest.raises(ValidationError) as caught:
        Layout(id="l", name="L", cols=cols, rows=rows, tiles=tiles)
    return str(caught.value)


# ---------------------------------------------------------------- Tile


def test_tile_cells_cover_its_span() -> None:
    """A tile's cells are every (col, row) its spans cover."""
    assert _tile("t", 1, 2, col_span=2, row_span=3).cells() == {(1, 2), (2, 2), (1, 3), (2, 3), (1, 4), (2, 4)}
    assert _tile("t", 0, 0).cells() == {(0, 0)}


@pytest.mark.parametrize(
    "fields",
    [
        {"col": -1},
        {"row": -1},
        {"col": MAX_GRID},
        {"row": MAX_GRID},
        {"col_span": 0},
        {"row_span": 0},
        {"col_span": MAX_GRID + 1},
        {"row_span": MAX_GRID + 1},
    ],
)
def test_tile_position_and_span_bounds(fields: dict[str, int]) -> None:
    """Tile positions lie in 0..7 and spans in 1..8."""
    base: dict[str, object] = {"id": "t", "kind": "video", "col": 0, "row": 0}
    with pytest.raises(ValidationError) as caught:
        parse_tile({**base, **fields})
    assert next(iter(fields)) in str(caught.value)


def test_tile_kind_must_be_known() -> None:
    """A tile kind outside TileKind is refused."""
    with pytest.raises(ValidationError, match="kind"):
        parse_tile({"id": "t", "kind": "hologram", "col": 0, "row": 0})


# ---------------------------------------------------------------- Layout


def test_valid_layout_with_spans() -> None:
    """A layout whose spanning tiles exactly cover the grid is accepted, and tile() finds them."""
    assert LAYOUT.tile("main") is LAYOUT.tiles[0]
    assert LAYOUT.tile("missing") is None
    full = Layout(id="full", name="8×8", cols=8, rows=8, tiles=(_tile("all", 0, 0, col_span=8, row_span=8),))
    assert full.tiles[0].cells() == {(c, r) for c in range(8) for r in range(8)}


def test_layout_need_not_cover_every_cell() -> None:
    """Empty cells are allowed: one 1×1 tile in a 3×3 grid is a valid layout."""
    assert Layout(id="sparse", name="S", cols=3, rows=3, tiles=(_tile("a", 2, 2),)).cols == 3


@pytest.mark.parametrize(("cols", "rows"), [(0, 1), (1, 0), (MAX_GRID + 1, 1), (1, MAX_GRID + 1)])
def test_grid_bounds(cols: int, rows: int) -> None:
    """A grid has 1..8 columns and 1..8 rows."""
    message = _layout_error(cols, rows, _tile("a", 0, 0))
    assert ("cols" if cols != 1 else "rows") in message


@pytest.mark.parametrize(("cols", "rows"), [(1, 1), (MAX_GRID, MAX_GRID), (1, MAX_GRID)])
def test_grid_bounds_inclusive(cols: int, rows: int) -> None:
    """1 and 8 are both allowed grid sizes."""
    assert Layout(id="l", name="L", cols=cols, rows=rows, tiles=(_tile("a", 0, 0),)).rows == rows


def test_layout_needs_a_tile() -> None:
    """A layout without tiles is refused."""
    assert "tiles" in _layout_error(2, 2)


@pytest.mark.parametrize(
    "tile",
    [
        _tile("wide", 3, 0),
        _tile("tall", 0, 2),
        _tile("wide-span", 2, 0, col_span=2),
        _tile("tall-span", 0, 1, row_span=2),
    ],
)
def test_tile_outside_grid(tile: Tile) -> None:
    """A tile (or its span) reaching past the grid is refused, naming the tile and the grid."""
    message = _layout_error(3, 2, tile)
    assert repr(tile.id) in message
    assert "does not fit the 3×2 grid" in message


def test_span_ending_on_the_last_cell_fits() -> None:
    """A span that ends exactly at the grid's edge fits."""
    layout = Layout(id="l", name="L", cols=3, rows=2, tiles=(_tile("a", 1, 0, col_span=2, row_span=2),))
    assert layout.tiles[0].cells() == {(1, 0), (2, 0), (1, 1), (2, 1)}


def test_overlapping_tiles_name_both_and_the_cell() -> None:
    """Overlapping tiles are refused with a message naming both tile ids and the shared cell."""
    message = _layout_error(4, 4, _tile("map", 0, 0, col_span=2, row_span=2), _tile("kpi", 1, 1))
    assert "tiles 'map' and 'kpi' overlap at col 1, row 1" in message


def test_overlap_by_span_only() -> None:
    """Tiles whose origins differ but whose spans meet are detected as overlapping."""
    message = _layout_error(4, 4, _tile("left", 0, 2, col_span=3), _tile("down", 2, 0, row_span=4))
    assert "'left' and 'down' overlap at col 2, row 2" in message


def test_duplicate_tile_ids() -> None:
    """Two tiles with the same id are refused even when they do not overlap."""
    message = _layout_error(2, 1, _tile("same", 0, 0), _tile("same", 1, 0))
    assert "tile id 'same' is used twice" in message


# ---------------------------------------------------------------- WallProfile, MonitorProfile


def test_wall_profile_unique_monitors() -> None:
    """A wall profile that lists one monitor index twice is refused, listing the indexes."""
    with pytest.raises(ValidationError) as caught:
        WallProfile(
            name="ioc",
            title="IOC",
            monitors=(
                MonitorProfile(index=0, layout="a"),
                MonitorProfile(index=1, layout="b"),
                MonitorProfile(index=0, layout="c"),
            ),
        )
    assert "monitor indexes must be unique, got [0, 1, 0]" in str(caught.value)


def test_wall_profile_valid() -> None:
    """Distinct monitor indexes are accepted, and a profile needs at least one monitor."""
    profile = WallProfile(
        name="ioc", title="IOC", monitors=(MonitorProfile(index=2, layout="a"), MonitorProfile(index=0, layout="a"))
    )
    assert [m.index for m in profile.monitors] == [2, 0]
    with pytest.raises(ValidationError, match="monitors"):
        WallProfile(name="ioc", title="IOC", monitors=())


@pytest.mark.parametrize(("index", "ok"), [(-1, False), (0, True), (63, True), (64, False)])
def test_monitor_index_bounds(index: int, ok: bool) -> None:
    """Monitor indexes lie in 0..63."""
    if ok:
        assert MonitorProfile(index=index, layout="a").index == index
    else:
        with pytest.raises(ValidationError, match="index"):
            MonitorProfile(index=index, layout="a")


# ---------------------------------------------------------------- tile sources


@pytest.mark.parametrize(("dwell", "ok"), [(1.99, False), (2.0, True), (10, True), (3600.0, True), (3600.01, False)])
def test_tour_dwell_bounds(dwell: float, ok: bool) -> None:
    """A tour's dwell time lies in 2..3600 seconds."""
    if ok:
        assert TourSource(cameras=("a",), dwell_s=dwell).dwell_s == dwell
    else:
        with pytest.raises(ValidationError, match="dwell_s"):
            TourSource(cameras=("a",), dwell_s=dwell)


def test_tour_needs_cameras() -> None:
    """A tour of no cameras, or of a camera id that is not a slug, is refused."""
    with pytest.raises(ValidationError, match="cameras"):
        TourSource(cameras=())
    with pytest.raises(ValidationError, match="cameras"):
        TourSource(cameras=("ok", "Not OK"))


def test_tile_source_is_chosen_by_kind() -> None:
    """A tile state's source decodes to CameraSource or TourSource by its `kind`."""
    camera = TileState.model_validate({"tile": "t", "source": {"kind": "camera", "camera": "c1"}})
    tour = TileState.model_validate({"tile": "t", "source": {"kind": "tour", "cameras": ["c1", "c2"]}})
    assert camera.source == CameraSource(camera="c1", stream="auto")
    assert tour.source == TourSource(cameras=("c1", "c2"), dwell_s=10.0)
    with pytest.raises(ValidationError):
        TileState.model_validate({"tile": "t", "source": {"kind": "camera", "camera": "c1", "stream": "4k"}})


# ---------------------------------------------------------------- cameras, alerts, metrics


@pytest.mark.parametrize(("lat", "lon"), [(90.1, 0), (-90.1, 0), (0, 180.1), (0, -180.1)])
def test_geo_point_bounds(lat: float, lon: float) -> None:
    """Latitude lies in ±90 and longitude in ±180."""
    with pytest.raises(ValidationError):
        GeoPoint(lat=lat, lon=lon)


def test_camera_info_defaults() -> None:
    """A camera needs only id and name; it is enabled, not direct, with no sub stream."""
    camera = CameraInfo(id="c1", name="Ngã tư Phai Vệ")
    assert (camera.enabled, camera.direct, camera.has_sub_stream, camera.tags) == (True, False, False, ())


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
def test_metric_value_must_be_finite(value: float) -> None:
    """A metric sample of inf or nan is refused."""
    with pytest.raises(ValidationError, match="value"):
        MetricPoint(series="s", ts=datetime(2026, 1, 1, tzinfo=UTC), value=value)


def test_alert_timestamps_must_be_aware() -> None:
    """An alert with a naive created_at is refused."""
    with pytest.raises(ValidationError, match="timezone"):
        ALERT.model_validate({**ALERT.model_dump(), "created_at": datetime(2026, 1, 1)})


def test_entities_are_frozen() -> None:
    """Decoded values are immutable: assigning to a field raises."""
    with pytest.raises(ValidationError):
        LAYOUT.cols = 3  # type: ignore[misc]
