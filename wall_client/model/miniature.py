"""What the console's miniature of one monitor shows, and where each tile sits in it.

Drawn from the wall state and the layouts in the store (never from a screen capture), so a
miniature shows exactly what the server says the wall shows. A monitor of a span shows its part of
the span's canvas (model/span_geometry.py, with every monitor taken as 1920×1080): tiles that cross
its edges are cut there, as on the wall.
"""

from __future__ import annotations

from dataclasses import dataclass

from wall_client.model import terms
from wall_client.model.i18n import translate
from wall_client.model.span_geometry import SpanGeometry, grid_cell
from wall_client.model.wall_model import TileView, WallModel
from wall_protocol.entities import CameraSource, TileKind, TileSource, TourSource
from wall_protocol.spans import Span, span_of
from wall_protocol.tile_settings import ChartSettings, KpiSettings, VideoSettings


@dataclass(frozen=True)
class Rect:
    """A rectangle in pixels (Qt-free; the widget turns it into a QRect)."""

    x: int
    y: int
    width: int
    height: int

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x < self.x + self.width and self.y <= y < self.y + self.height


@dataclass(frozen=True)
class MiniTile:
    """One tile of a miniature: its grid cell, what kind it is and what it shows now."""

    tile_id: str
    kind: TileKind
    col: int
    row: int
    col_span: int
    row_span: int
    kind_label: str
    shows: str  # camera name, tour, chart/KPI title; "" when empty
    pinned: bool
    source: TileSource | None
    alarm: int | None = None  # the alert this tile shows as an alarm (the console flashes its border)

    @property
    def takes_cameras(self) -> bool:
        return self.kind is TileKind.VIDEO


@dataclass(frozen=True)
class MonitorMiniature:
    wall: str
    monitor: int
    layout_id: str
    layout_name: str
    cols: int
    rows: int
    tiles: tuple[MiniTile, ...]
    maximized: str | None = None  # the tile the wall shows over the whole monitor
    span: Span | None = None  # the span this monitor is part of

    def tile(self, tile_id: str) -> MiniTile | None:
        return next((t for t in self.tiles if t.tile_id == tile_id), None)


def _camera_name(store: WallModel, camera: str) -> str:
    info = store.cameras.get(camera)
    return info.name if info else camera


def tour_text(cameras: int, dwell_s: float) -> str:
    """A tour in words, as the miniatures and the layout editor's grid show it."""
    return translate("Miniature", "Tuần tra {n} camera · {dwell:g} giây").format(n=cameras, dwell=dwell_s)


def describe(store: WallModel, view: TileView) -> str:
    """What the tile shows, in words: the operator's source first, then what the layout configures."""
    source = view.state.source if view.state else None
    if isinstance(source, CameraSource):
        return _camera_name(store, source.camera)
    if isinstance(source, TourSource):
        return tour_text(len(source.cameras), source.dwell_s)
    tile = view.tile
    props = tile.props
    if isinstance(props, VideoSettings):
        return _camera_name(store, props.camera) if props.camera else ""
    if tile.title:
        return tile.title
    if isinstance(props, KpiSettings) and props.series:
        info = store.series.get(props.series)
        return info.info.name if info else props.series
    if isinstance(props, ChartSettings) and props.series:
        return ", ".join(props.series)
    return ""


def monitor_miniature(store: WallModel, wall: str, monitor: int) -> MonitorMiniature | None:
    """The miniature of one monitor, or None while its wall or layout is unknown."""
    layout, views = store.monitor_tiles(wall, monitor)
    if layout is None:
        return None
    tiles = tuple(
        MiniTile(tile_id=v.tile.id, kind=v.tile.kind, col=v.tile.col, row=v.tile.row, col_span=v.tile.col_span,
                 row_span=v.tile.row_span, kind_label=terms.tile_kind(v.tile.kind),
                 shows=describe(store, v), pinned=bool(v.state and v.state.pinned),
                 source=v.state.source if v.state else None, alarm=v.state.alarm if v.state else None)
        for v in views
    )
    state = store.walls.get(wall)
    return MonitorMiniature(wall, monitor, layout.id, layout.name, layout.cols, layout.rows, tiles,
                            store.monitor_maximized(wall, monitor), span_of(state.spans, monitor) if state else None)


def grid_area(width: int, height: int, aspect: float = 16 / 9) -> Rect:
    """The largest rectangle of the monitor's aspect (monitors are 16:9) that fits the widget: centred
    across, at the top, so that it stays right under the monitor's caption."""
    if width <= 0 or height <= 0:
        return Rect(0, 0, 0, 0)
    w = min(width, int(height * aspect))
    h = min(height, int(w / aspect))
    return Rect((width - w) // 2, 0, w, h)


MINIATURE_MONITOR = (1920, 1080)
"""The size the console takes for each monitor of a span (it does not see the wall PC's screens)."""


def tile_rects(miniature: MonitorMiniature, area: Rect, gap: int = 2) -> dict[str, Rect]:
    """Each tile's rectangle inside `area`, with a gap so neighbouring tiles stay distinguishable."""
    if miniature.span is not None:
        return _span_tile_rects(miniature, miniature.span, area, gap)
    cell_w, cell_h = area.width / miniature.cols, area.height / miniature.rows
    rects = {}
    for t in miniature.tiles:
        left = area.x + round(t.col * cell_w)
        top = area.y + round(t.row * cell_h)
        right = area.x + round((t.col + t.col_span) * cell_w)
        bottom = area.y + round((t.row + t.row_span) * cell_h)
        rects[t.tile_id] = Rect(left + gap, top + gap, max(1, right - left - 2 * gap), max(1, bottom - top - 2 * gap))
    return rects


def _span_tile_rects(miniature: MonitorMiniature, span: Span, area: Rect, gap: int) -> dict[str, Rect]:
    """The tiles on this monitor's part of the span's canvas, scaled into `area` and cut at its edges."""
    geometry = SpanGeometry.build(span, {}, MINIATURE_MONITOR)
    viewport = geometry.viewports[miniature.monitor]
    scale = area.width / viewport.width
    rects = {}
    for t in miniature.tiles:
        box = grid_cell(geometry.canvas(), miniature.cols, miniature.rows, t.col, t.row, t.col_span, t.row_span)
        here = box.moved(-viewport.x, -viewport.y)
        left = max(area.x, round(area.x + here.x * scale) + gap)
        top = max(area.y, round(area.y + here.y * scale) + gap)
        right = min(area.x + area.width, round(area.x + here.right * scale) - gap)
        bottom = min(area.y + area.height, round(area.y + here.bottom * scale) - gap)
        if right > left and bottom > top:
            rects[t.tile_id] = Rect(left, top, right - left, bottom - top)
    return rects


def tile_at(rects: dict[str, Rect], x: float, y: float) -> str | None:
    return next((tile_id for tile_id, rect in rects.items() if rect.contains(x, y)), None)
