"""Every message on the wire, client → server and server → client.

A frame is one JSON object with a `type`. Deltas travel in `batch` frames; each delta carries
the server-wide sequence number `seq` (strictly increasing, not contiguous for one client
because a client only receives the deltas that concern it).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, JsonValue, model_validator

from wall_protocol.automation import AlertRule, Briefing, Preset, Schedule
from wall_protocol.common import (
    AlertCategory,
    LongText,
    RequestId,
    Role,
    Severity,
    ShortText,
    Slug,
    UtcDatetime,
    WireModel,
)
from wall_protocol.detection import DetectionOverlay
from wall_protocol.entities import (
    Alert,
    CameraInfo,
    Layout,
    MediaLink,
    MetricPoint,
    SeriesInfo,
    StreamStatus,
    TileSource,
    WallState,
)
from wall_protocol.forecast import Forecast
from wall_protocol.tables import TableInfo, TableSnapshot

PROTOCOL_VERSION = 3
"""Raised when a client of the previous version cannot decode what the server sends (every model refuses
unknown fields): 2 added the server's texts as catalog refs (Alert.title_text, body_text; Forecast.reason_text,
ProjectedValue.based_on_text). docs/protocol.md, section 11."""
MAX_INGEST_ITEMS = 5000

# ---------------------------------------------------------------- client → server


class AlertIn(WireModel):
    """An alert as a producer submits it; the server adds id, state and timestamps."""

    category: AlertCategory
    severity: Severity
    title: ShortText
    body: LongText = ""
    source: str = Field(default="", max_length=100)
    external_id: str | None = Field(
        default=None,
        max_length=200,
        description="The producer's id; a second alert with the same source and external_id is ignored.",
    )
    area: str = Field(default="", max_length=200)
    camera: Slug | None = None
    occurred_at: UtcDatetime | None = None

    @model_validator(mode="before")
    @classmethod
    def _no_server_texts(cls, data: Any) -> Any:
        # A producer could otherwise pass its alert off as the server's (rendered from the server's catalog).
        sent = [name for name in ("title_text", "body_text") if isinstance(data, dict) and name in data]
        if sent:
            verb = "is" if len(sent) == 1 else "are"
            raise ValueError(f"{' and '.join(sent)} {verb} written by the server only, for its own alerts; send "
                             "your text in title and body: it is shown as you sent it")
        return data


class Hello(WireModel):
    """First message of a connection: who I am, which wall I drive, where I left off."""

    type: Literal["hello"] = "hello"
    token: str | None = Field(default=None, min_length=1, max_length=200,
                              description="An API token or a session token; none: the session cookie sent with the "
                              "WebSocket's handshake (browsers).")
    wall: Slug | None = Field(default=None, description="Only this wall's state; none = every wall.")
    resume_from: int | None = Field(default=None, ge=0, le=2**63 - 1,
                                    description="Last `seq` received before a reconnect.")
    client: str = Field(default="", max_length=100)


class Ping(WireModel):
    type: Literal["ping"] = "ping"
    id: RequestId | None = None


class SetLayout(WireModel):
    """Show `layout` on one monitor of a wall (operator)."""

    type: Literal["set_layout"] = "set_layout"
    id: RequestId | None = None
    wall: Slug
    monitor: int = Field(ge=0, le=63)
    layout: Slug


class SetTile(WireModel):
    """Put a camera or a tour into a tile, or clear it with `source: null` (operator)."""

    type: Literal["set_tile"] = "set_tile"
    id: RequestId | None = None
    wall: Slug
    monitor: int = Field(ge=0, le=63)
    tile: Slug
    source: TileSource | None = None
    pinned: bool = False


class AckAlert(WireModel):
    type: Literal["ack_alert"] = "ack_alert"
    id: RequestId | None = None
    alert: int = Field(ge=1)
    comment: LongText = ""


class ResolveAlert(WireModel):
    type: Literal["resolve_alert"] = "resolve_alert"
    id: RequestId | None = None
    alert: int = Field(ge=1)
    comment: LongText = ""


class MediaLinks(WireModel):
    """Ask for fresh signed stream URLs (the snapshot's expire; a player reopening a stream needs new ones)."""

    type: Literal["media_links"] = "media_links"
    id: RequestId | None = None
    cameras: tuple[Slug, ...] = Field(min_length=1, max_length=256)


class ApplyPreset(WireModel):
    """Apply a named preset to its wall in one step (operator); every wall PC of that wall follows."""

    type: Literal["apply_preset"] = "apply_preset"
    id: RequestId | None = None
    preset: Slug


class FreezeWall(WireModel):
    """Freeze (or unfreeze) what a wall's data tiles show, for a briefing; data keeps being recorded (operator)."""

    type: Literal["freeze_wall"] = "freeze_wall"
    id: RequestId | None = None
    wall: Slug
    frozen: bool


class MaximizeTile(WireModel):
    """Show one tile over the whole monitor, or the layout again with `tile: null` (operator)."""

    type: Literal["maximize_tile"] = "maximize_tile"
    id: RequestId | None = None
    wall: Slug
    monitor: int = Field(ge=0, le=63)
    tile: Slug | None


class Ingest(WireModel):
    """Alerts and metric samples from a producer; with an `id` the server answers with a result."""

    type: Literal["ingest"] = "ingest"
    id: RequestId | None = None
    alerts: tuple[AlertIn, ...] = Field(default=(), max_length=MAX_INGEST_ITEMS)
    metrics: tuple[MetricPoint, ...] = Field(default=(), max_length=MAX_INGEST_ITEMS)


ClientMessage = Annotated[
    Hello | Ping | SetLayout | SetTile | AckAlert | ResolveAlert | Ingest | MediaLinks | ApplyPreset | FreezeWall
    | MaximizeTile,
    Field(discriminator="type"),
]
CLIENT_MESSAGE_MODELS: dict[str, type[WireModel]] = {
    model.model_fields["type"].default: model
    for model in (Hello, Ping, SetLayout, SetTile, AckAlert, ResolveAlert, Ingest, MediaLinks, ApplyPreset,
                  FreezeWall, MaximizeTile)
}

# ---------------------------------------------------------------- deltas


class AlertDelta(WireModel):
    kind: Literal["alert"] = "alert"
    seq: int
    alert: Alert


class MetricDelta(WireModel):
    kind: Literal["metric"] = "metric"
    seq: int
    point: MetricPoint


class SeriesDelta(WireModel):
    kind: Literal["series"] = "series"
    seq: int
    series: SeriesInfo


class CameraDelta(WireModel):
    """A camera was added or changed (`camera` set) or removed (`camera` null)."""

    kind: Literal["camera"] = "camera"
    seq: int
    camera_id: Slug
    camera: CameraInfo | None


class LayoutDelta(WireModel):
    """A layout was added or changed (`layout` set) or removed (`layout` null)."""

    kind: Literal["layout"] = "layout"
    seq: int
    layout_id: Slug
    layout: Layout | None


class WallDelta(WireModel):
    """The whole new state of one wall (sent only to that wall's clients and to consoles)."""

    kind: Literal["wall"] = "wall"
    seq: int
    wall: WallState


class CameraStatusDelta(WireModel):
    """The health of one relayed stream changed (state at once; fps and bitrate every few seconds)."""

    kind: Literal["camera_status"] = "camera_status"
    seq: int
    status: StreamStatus


class PresetDelta(WireModel):
    """A preset was added or changed (`preset` set) or removed (`preset` null)."""

    kind: Literal["preset"] = "preset"
    seq: int
    name: Slug
    preset: Preset | None


class ScheduleDelta(WireModel):
    """A schedule was added, changed or ran (`schedule` set) or removed (`schedule` null)."""

    kind: Literal["schedule"] = "schedule"
    seq: int
    name: Slug
    schedule: Schedule | None


class AlertRuleDelta(WireModel):
    """An alert rule was added or changed (`rule` set) or removed (`rule` null)."""

    kind: Literal["alert_rule"] = "alert_rule"
    seq: int
    name: Slug
    rule: AlertRule | None


class BriefingDelta(WireModel):
    """A briefing was added or changed (`briefing` set) or removed (`briefing` null)."""

    kind: Literal["briefing"] = "briefing"
    seq: int
    name: Slug
    briefing: Briefing | None


class TableDelta(WireModel):
    """A tabular indicator was defined or changed (`table` set) or removed (`table` null)."""

    kind: Literal["table"] = "table"
    seq: int
    key: Slug
    table: TableInfo | None


class TableDataDelta(WireModel):
    """A new snapshot of a table's rows (the one before it stays the client's 'previous')."""

    kind: Literal["table_data"] = "table_data"
    seq: int
    snapshot: TableSnapshot


class ForecastDelta(WireModel):
    """A series' forecast was recomputed (`forecast` set) or its series no longer has one (null)."""

    kind: Literal["forecast"] = "forecast"
    seq: int
    series: Slug
    forecast: Forecast | None


class OverlayDelta(WireModel):
    """What detection sees on a camera now (boxes, zones), at the detection rate.

    Transient: `seq` is null, it is never stored nor replayed on resume, and a newer overlay of the
    same camera replaces it; clients hide it after its `ttl_s` without an update.
    """

    kind: Literal["overlay"] = "overlay"
    seq: None = None
    overlay: DetectionOverlay


Delta = Annotated[
    AlertDelta | MetricDelta | SeriesDelta | CameraDelta | LayoutDelta | WallDelta | CameraStatusDelta
    | PresetDelta | ScheduleDelta | AlertRuleDelta | BriefingDelta | OverlayDelta | TableDelta | TableDataDelta
    | ForecastDelta,
    Field(discriminator="kind"),
]

# ---------------------------------------------------------------- server → client


class Welcome(WireModel):
    type: Literal["welcome"] = "welcome"
    protocol: int = PROTOCOL_VERSION
    server_version: str
    role: Role
    name: str = Field(description="Name of the token the client authenticated with.")
    seq: int = Field(description="Last sequence number published by the server.")
    resumed: bool = Field(description="True: missed deltas follow; false: a snapshot follows.")


class Snapshot(WireModel):
    """Everything a client needs to draw, as of `seq`; deltas with a higher seq follow."""

    type: Literal["snapshot"] = "snapshot"
    seq: int
    walls: tuple[WallState, ...]
    cameras: tuple[CameraInfo, ...]
    layouts: tuple[Layout, ...]
    alerts: tuple[Alert, ...] = Field(description="Alerts that are not resolved.")
    series: tuple[SeriesInfo, ...]
    latest: tuple[MetricPoint, ...] = Field(description="The newest sample of each series.")
    camera_status: tuple[StreamStatus, ...] = Field(default=(), description="Streams the server pulls now.")
    media: tuple[MediaLink, ...] = Field(default=(), description="Where to open each camera stream.")
    presets: tuple[Preset, ...] = Field(default=(), description="Wall presets (of this wall only for a wall PC).")
    schedules: tuple[Schedule, ...] = Field(default=(), description="When presets are applied by the clock.")
    alert_rules: tuple[AlertRule, ...] = Field(default=(), description="What the server does on new alerts.")
    briefings: tuple[Briefing, ...] = Field(default=(), description="Playlists of presets for briefings.")
    tables: tuple[TableInfo, ...] = Field(default=(), description="Tabular indicators (rankings by agency ...).")
    table_data: tuple[TableSnapshot, ...] = Field(
        default=(), description="The newest snapshot of each table and the one before it (for change arrows).")
    forecasts: tuple[Forecast, ...] = Field(default=(), description="The latest forecast of each forecast series.")


class Batch(WireModel):
    type: Literal["batch"] = "batch"
    deltas: tuple[Delta, ...]


class Result(WireModel):
    type: Literal["result"] = "result"
    id: RequestId
    data: dict[str, JsonValue] = Field(default_factory=dict)


class Error(WireModel):
    type: Literal["error"] = "error"
    id: RequestId | None = None
    code: str
    message: str
    field: str | None = None


class Pong(WireModel):
    type: Literal["pong"] = "pong"
    id: RequestId | None = None


ServerMessage = Annotated[
    Welcome | Snapshot | Batch | Result | Error | Pong,
    Field(discriminator="type"),
]
