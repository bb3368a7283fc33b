"""The things the wall shows: cameras, layouts, walls and their state, alerts, metric series."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from wall_protocol.common import (
    AlertCategory,
    AlertState,
    LongText,
    Severity,
    ShortText,
    Slug,
    UtcDatetime,
    WireModel,
)
from wall_protocol.forecast import ForecastSpec
from wall_protocol.spans import Span
from wall_protocol.texts import TextRef
from wall_protocol.tile_settings import DEFAULT_TOUR_DWELL_S, MAX_TOUR_CAMERAS, TourDwell
from wall_protocol.tiles import MAX_GRID, Tile, TileKind

__all__ = ["MAX_GRID", "Tile", "TileKind"]  # re-exported: a layout's tiles are defined in tiles.py

class GeoPoint(WireModel):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class CameraInfo(WireModel):
    """A camera as wall clients see it: stream URLs (and their credentials) stay on the server."""

    id: Slug
    name: ShortText
    area: str = Field(default="", max_length=200, description="District or group, e.g. 'Cao Lộc'.")
    tags: tuple[Annotated[str, Field(min_length=1, max_length=64)], ...] = ()
    position: GeoPoint | None = None
    has_sub_stream: bool = False
    direct: bool = Field(default=False, description="Clients open `direct_url` themselves.")
    direct_url: str | None = None
    enabled: bool = True


StreamName = Literal["main", "sub"]


class StreamState(StrEnum):
    """Where the server's pull of one camera stream stands."""

    IDLE = "idle"  # nobody watches: not pulled
    CONNECTING = "connecting"
    LIVE = "live"
    RECONNECTING = "reconnecting"  # it was live, or tried, and is being retried with backoff
    FAILED = "failed"  # gave up (e.g. the URL is invalid); a new viewer tries again


class StreamStatus(WireModel):
    """Health of one relayed camera stream, as the server sees it."""

    camera: Slug
    stream: StreamName
    state: StreamState
    fps: float = Field(default=0.0, ge=0)
    bitrate_kbps: float = Field(default=0.0, ge=0)
    width: int | None = None
    height: int | None = None
    codec: str | None = None
    last_packet_at: UtcDatetime | None = None
    viewers: int = Field(default=0, ge=0)
    reconnects: int = Field(default=0, ge=0)
    error: str = Field(default="", max_length=500)


class MediaLink(WireModel):
    """Where a client opens a camera stream: a signed relay path, or the camera itself when `direct`."""

    camera: Slug
    stream: StreamName
    url: str = Field(description="A path on the server (relay, signed) or an absolute URL (direct camera).")
    expires_at: UtcDatetime | None = Field(default=None, description="The signature's end; open before it.")
    still_url: str | None = Field(
        default=None, max_length=2000,
        description="A path on the server to this stream's still frame (JPEG), signed like `url` and expiring with "
                    "it; none for a direct camera. A wall that cannot decode every tile shows these instead.")


class Layout(WireModel):
    """A grid of `cols` × `rows` cells covered by tiles that may span several cells."""

    id: Slug
    name: ShortText
    cols: int = Field(ge=1, le=MAX_GRID)
    rows: int = Field(ge=1, le=MAX_GRID)
    tiles: tuple[Tile, ...] = Field(min_length=1, max_length=MAX_GRID * MAX_GRID)

    @model_validator(mode="after")
    def _tiles_fit_and_do_not_overlap(self) -> Layout:
        seen_ids: set[str] = set()
        owner: dict[tuple[int, int], str] = {}
        for tile in self.tiles:
            if tile.id in seen_ids:
                raise ValueError(f"tile id {tile.id!r} is used twice")
            seen_ids.add(tile.id)
            if tile.col + tile.col_span > self.cols or tile.row + tile.row_span > self.rows:
                raise ValueError(
                    f"tile {tile.id!r} (col {tile.col}+{tile.col_span}, row {tile.row}+{tile.row_span}) "
                    f"does not fit the {self.cols}×{self.rows} grid"
                )
            for cell in tile.cells():
                if cell in owner:
                    raise ValueError(
                        f"tiles {owner[cell]!r} and {tile.id!r} overlap at col {cell[0]}, row {cell[1]}"
                    )
                owner[cell] = tile.id
        return self

    def tile(self, tile_id: str) -> Tile | None:
        return next((t for t in self.tiles if t.id == tile_id), None)


class MonitorProfile(WireModel):
    index: int = Field(ge=0, le=63)
    layout: Slug = Field(description="Layout shown on this monitor when the wall starts.")


class WallProfile(WireModel):
    """Which layout a wall shows on each of its monitors by default."""

    name: Slug
    title: ShortText
    monitors: tuple[MonitorProfile, ...] = Field(min_length=1, max_length=64)
    spans: tuple[Span, ...] = Field(
        default=(), max_length=32, title="Spans",
        description="Rectangles of monitors that each show one layout as one canvas (see wall_protocol/spans.py).",
    )

    @model_validator(mode="after")
    def _unique_monitors(self) -> WallProfile:
        indexes = [m.index for m in self.monitors]
        if len(indexes) != len(set(indexes)):
            raise ValueError(f"monitor indexes must be unique, got {indexes}")
        layouts = {m.index: m.layout for m in self.monitors}
        spanned: dict[int, int] = {}
        for number, span in enumerate(self.spans):
            for monitor in span.indexes():
                if monitor not in layouts:
                    raise ValueError(f"spans.{number}.monitors: monitor {monitor} is not in the profile "
                                     f"(monitors: {', '.join(map(str, sorted(layouts)))})")
                if monitor in spanned:
                    raise ValueError(f"spans.{number}.monitors: monitor {monitor} is already in span {spanned[monitor]}"
                                     " (spans must not overlap)")
                spanned[monitor] = number
            shown = sorted({layouts[m] for m in span.indexes()})
            if len(shown) > 1:
                raise ValueError(f"spans.{number}: its monitors show one layout, but the profile gives them "
                                 f"{', '.join(shown)} (set the same layout on monitors "
                                 f"{', '.join(map(str, span.indexes()))})")
        return self


class CameraSource(WireModel):
    kind: Literal["camera"] = "camera"
    camera: Slug
    stream: Literal["auto", "main", "sub"] = "auto"


class TourSource(WireModel):
    kind: Literal["tour"] = "tour"
    cameras: tuple[Slug, ...] = Field(min_length=1, max_length=MAX_TOUR_CAMERAS)
    dwell_s: TourDwell = DEFAULT_TOUR_DWELL_S


def _source_kind(value: Any) -> str | None:
    # Each source's `kind` has a default, so the document lets it out: a source without one is a tour when
    # it lists `cameras`, else a camera. A `kind` that is not a string names no source.
    if isinstance(value, dict):
        if "kind" in value:
            kind = value["kind"]
            return kind if isinstance(kind, str) else None
        return "tour" if "cameras" in value else "camera"
    kind = getattr(value, "kind", None)
    return kind if isinstance(kind, str) else None


TileSource = Annotated[
    Annotated[CameraSource, Tag("camera")] | Annotated[TourSource, Tag("tour")], Discriminator(_source_kind)
]


class TileState(WireModel):
    """What one tile shows now, beyond what its layout says."""

    tile: Slug
    source: TileSource | None = None
    pinned: bool = False
    alarm: int | None = Field(
        default=None, ge=1,
        description="Id of the alert this tile shows as an alarm (flash it, pause tours) until it is "
        "acknowledged or resolved; null = no alarm.",
    )
    before_alarm: TileSource | None = Field(
        default=None, description="What the tile showed before the alarm; restored when the alarm clears."
    )

    @model_validator(mode="after")
    def _before_alarm_needs_alarm(self) -> TileState:
        if self.before_alarm is not None and self.alarm is None:
            raise ValueError("before_alarm is only set while the tile shows an alarm")
        return self


class MonitorState(WireModel):
    index: int = Field(ge=0, le=63)
    layout: Slug
    tiles: tuple[TileState, ...] = ()
    maximized: Slug | None = Field(
        default=None,
        description="The tile of the layout shown over the whole monitor (an operator's maximize); "
        "null = the layout as it is. A new layout or preset clears it.",
    )


class WallState(WireModel):
    """The live state of a wall: the layout of each monitor and the source of each tile."""

    name: Slug
    title: ShortText
    monitors: tuple[MonitorState, ...]
    spans: tuple[Span, ...] = Field(
        default=(), max_length=32,
        description="The profile's spans: the monitors of a span always show the same monitor state "
        "(a change to one of them is made to all), laid across them as one canvas.",
    )
    frozen: bool = Field(
        default=False,
        description="Briefing freeze: the wall's PCs keep showing the data they had (the server keeps "
        "recording) and say so, until unfrozen.",
    )
    frozen_at: UtcDatetime | None = Field(
        default=None,
        description="When the freeze began; a wall PC that connects while frozen is sent the data as of then.",
    )


class Alert(WireModel):
    """An alert as clients see it. The server's own alerts carry their text also as a key and params
    (`title_text`, `body_text`) so each client shows them in its language; other systems' alerts are shown
    as sent (`title`, `body`), and a client that does not know a key shows `title`/`body` too."""

    id: int
    category: AlertCategory
    severity: Severity
    title: ShortText
    body: LongText = ""
    title_text: TextRef | None = Field(default=None, description="`title` as a key of the server's text catalog.")
    body_text: TextRef | None = Field(default=None, description="`body` as a key of the server's text catalog.")
    source: str = Field(default="", max_length=100)
    external_id: str | None = Field(default=None, max_length=200)
    area: str = Field(default="", max_length=200)
    camera: Slug | None = None
    state: AlertState
    created_at: UtcDatetime = Field(description="When the server stored it.")
    occurred_at: UtcDatetime | None = Field(default=None, description="When it happened, per its source.")
    acknowledged_at: UtcDatetime | None = None
    acknowledged_by: str | None = None
    resolved_at: UtcDatetime | None = None
    resolved_by: str | None = None
    comment: LongText = ""


class SeriesInfo(WireModel):
    key: Slug
    name: ShortText
    unit: str = Field(default="", max_length=32)
    area: str = Field(default="", max_length=200)
    target: float | None = Field(default=None, allow_inf_nan=False,
                                 description="The goal; with `forecast`, the goal for each period.")
    forecast: ForecastSpec | None = Field(default=None, description="Project the period-end value against the target.")


class MetricPoint(WireModel):
    series: Slug
    ts: UtcDatetime
    value: float = Field(allow_inf_nan=False)

