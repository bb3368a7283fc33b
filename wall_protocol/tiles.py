"""A layout's tiles: one class per kind, each with its typed settings (`props`), in a union by `kind`.

On the wire and in `layouts/` files a tile is `{id, kind, col, row, col_span, row_span, title, props}`;
`props` is the kind's settings model (wall_protocol/tile_settings.py), so a misspelt or out-of-range
setting is refused with its field named. Code narrows a `Tile` by its class (`isinstance(tile,
KpiTile)` or `match`) and reads `tile.props.series` typed.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, Field, TypeAdapter

from wall_protocol.common import Slug, WireModel
from wall_protocol.tile_settings import (
    REFERS_TO,
    AlertsSettings,
    CameraGridSettings,
    ChartSettings,
    ClockSettings,
    ImageSettings,
    KpiSettings,
    MapSettings,
    RankingSettings,
    RefKind,
    TextSettings,
    VideoSettings,
)

MAX_GRID = 8


class TileKind(StrEnum):
    VIDEO = "video"
    CHART = "chart"
    KPI = "kpi"
    ALERTS = "alerts"
    CLOCK = "clock"
    TEXT = "text"
    IMAGE = "image"
    CAMERA_GRID = "camera_grid"
    MAP = "map"
    RANKING = "ranking"


class TileBase(WireModel):
    """One rectangle of a layout grid: what every kind has."""

    id: Slug
    kind: TileKind = Field(description="Which tile this is; each kind's class narrows it and types `props`.")
    col: int = Field(ge=0, lt=MAX_GRID)
    row: int = Field(ge=0, lt=MAX_GRID)
    col_span: int = Field(default=1, ge=1, le=MAX_GRID)
    row_span: int = Field(default=1, ge=1, le=MAX_GRID)
    title: str = Field(default="", max_length=200)
    phone_order: int | None = Field(
        default=None, ge=0, le=999, title="Place in a phone's single column",
        description="The leaders' view on a phone shows the tiles one under another: by this number first, then "
                    "the tiles without one in the layout's order.")

    def cells(self) -> set[tuple[int, int]]:
        return {
            (c, r)
            for c in range(self.col, self.col + self.col_span)
            for r in range(self.row, self.row + self.row_span)
        }


class VideoTile(TileBase):
    """Live camera video; what it shows now is the wall's state (a camera, a tour, an alarm)."""

    kind: Literal[TileKind.VIDEO]
    props: VideoSettings = Field(default_factory=VideoSettings)


class ChartTile(TileBase):
    """Line, area or bar chart of series over a time window, with the first forecast's projection."""

    kind: Literal[TileKind.CHART]
    props: ChartSettings = Field(default_factory=ChartSettings)


class KpiTile(TileBase):
    """One series' latest value against its target and thresholds, with its change and age."""

    kind: Literal[TileKind.KPI]
    props: KpiSettings = Field(default_factory=KpiSettings)


class AlertsTile(TileBase):
    """The newest alerts, filtered by severity and category."""

    kind: Literal[TileKind.ALERTS]
    props: AlertsSettings = Field(default_factory=AlertsSettings)


class ClockTile(TileBase):
    kind: Literal[TileKind.CLOCK]
    props: ClockSettings = Field(default_factory=ClockSettings)


class TextTile(TileBase):
    kind: Literal[TileKind.TEXT]
    props: TextSettings = Field(default_factory=TextSettings)


class ImageTile(TileBase):
    kind: Literal[TileKind.IMAGE]
    props: ImageSettings = Field(default_factory=ImageSettings)


class CameraGridTile(TileBase):
    kind: Literal[TileKind.CAMERA_GRID]
    props: CameraGridSettings = Field(default_factory=CameraGridSettings)


class MapTile(TileBase):
    kind: Literal[TileKind.MAP]
    props: MapSettings = Field(default_factory=MapSettings)


class RankingTile(TileBase):
    """A table column ranked (agencies by overdue tasks, districts by reports), as bars or a table."""

    kind: Literal[TileKind.RANKING]
    props: RankingSettings = Field(default_factory=RankingSettings)


Tile = Annotated[
    VideoTile | ChartTile | KpiTile | AlertsTile | ClockTile | TextTile | ImageTile | CameraGridTile | MapTile
    | RankingTile,
    Field(discriminator="kind"),
]
"""Any tile; its class (and so the type of `props`) follows `kind`."""

TILE_CLASSES: dict[TileKind, type[TileBase]] = {
    get_args(cls.model_fields["kind"].annotation)[0]: cls
    for cls in get_args(get_args(Tile)[0])
}
SETTINGS_MODELS: dict[TileKind, type[BaseModel]] = {
    kind: cls.model_fields["props"].annotation for kind, cls in TILE_CLASSES.items()  # type: ignore[misc]
}
_TILE = TypeAdapter(Tile)


def make_tile(**fields: Any) -> Tile:
    """A tile from its fields (`kind` picks the class; `props` may be a dict): validated like the wire."""
    return _TILE.validate_python(fields)


def parse_tile(data: object) -> Tile:
    """A tile from decoded JSON or TOML; pydantic's ValidationError names the bad field."""
    return _TILE.validate_python(data)


def with_props(tile: Tile, props: dict[str, Any]) -> Tile:
    """The same tile with other settings, validated."""
    return parse_tile({**tile.model_dump(mode="json"), "props": props})


def references(tile: TileBase) -> Iterator[tuple[str, RefKind, str]]:
    """(field path in the tile, what it names, the name) for each camera, series, table and column it names."""
    props = getattr(tile, "props", None)
    if props is None:
        return
    for name, info in type(props).model_fields.items():
        extra = info.json_schema_extra
        kind = extra.get(REFERS_TO) if isinstance(extra, dict) else None
        value = getattr(props, name)
        if kind is None or value is None:
            continue
        for index, item in enumerate(value if isinstance(value, tuple) else (value,)):
            path = f"props.{name}.{index}" if isinstance(value, tuple) else f"props.{name}"
            yield path, kind, str(item)
