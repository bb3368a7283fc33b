"""The client's copy of the server state: applied snapshot and deltas, with change events."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypeVar, assert_never

from wall_client.model.events import Event
from wall_client.model.freeze import FreezeGate
from wall_client.model.layout_salvage import RefusedLayout
from wall_client.model.overlays import DetectionOverlays
from wall_client.model.tables import TableHistory, histories
from wall_protocol.automation import AlertRule, Briefing, Preset, Schedule
from wall_protocol.common import AlertState
from wall_protocol.entities import (
    Alert,
    CameraInfo,
    Layout,
    MediaLink,
    MetricPoint,
    SeriesInfo,
    StreamStatus,
    Tile,
    TileState,
    WallState,
)
from wall_protocol.forecast import Forecast
from wall_protocol.messages import (
    AlertDelta,
    AlertRuleDelta,
    BriefingDelta,
    CameraDelta,
    CameraStatusDelta,
    Delta,
    ForecastDelta,
    LayoutDelta,
    MetricDelta,
    OverlayDelta,
    PresetDelta,
    ScheduleDelta,
    SeriesDelta,
    ServerMessage,
    Snapshot,
    TableDataDelta,
    TableDelta,
    WallDelta,
)
from wall_protocol.tables import TableInfo
from wall_protocol.timezone import to_vietnam

V = TypeVar("V")
HISTORY_POINTS = 5000
"""Samples kept per series for charts (a day at 15 s, or a year of days)."""
RECENT_POINTS = HISTORY_POINTS // 2
"""When a series is full, its newest samples stay as they came; the older ones are thinned."""
HOURLY_FOR = timedelta(days=30)
"""Thinned samples are kept one per hour this far back from the newest, one per day before that."""


@dataclass
class SeriesData:
    info: SeriesInfo
    points: deque[MetricPoint] = field(default_factory=lambda: deque(maxlen=HISTORY_POINTS))

    @property
    def latest(self) -> MetricPoint | None:
        return self.points[-1] if self.points else None

    def add(self, point: MetricPoint) -> None:
        if self.points and point.ts < self.points[-1].ts:
            ordered = sorted([*self.points, point], key=lambda p: p.ts)  # a late sample: rare, keep order
            self.replace(ordered)
        elif self.points and point.ts == self.points[-1].ts:
            self.points[-1] = point
        else:
            if len(self.points) == HISTORY_POINTS:
                self.replace(list(self.points))
            self.points.append(point)

    def replace(self, ordered: list[MetricPoint]) -> None:
        """Keep `ordered` (oldest first), thinned to leave room for new samples when it is too long."""
        self.points.clear()
        self.points.extend(thinned(ordered))


def thinned(ordered: list[MetricPoint]) -> list[MetricPoint]:
    """At most HISTORY_POINTS - 1 samples: the newest RECENT_POINTS as they are, older ones thinned.

    Why: a KPI's period chart needs the whole year (a year of daily history) while live samples come
    every few seconds; dropping the oldest would lose the year within a day. One sample per hour (per
    day beyond HOURLY_FOR) is plenty for a chart of weeks or months, and the last of each hour or day
    is kept because a year-to-date value is read at the end of its day.
    """
    if len(ordered) < HISTORY_POINTS:
        return ordered
    older, recent = ordered[:-RECENT_POINTS], ordered[-RECENT_POINTS:]
    hourly_from = recent[0].ts - HOURLY_FOR
    buckets: dict[tuple[int, ...], MetricPoint] = {}
    for point in older:  # later points overwrite earlier ones of their bucket: the last one stays
        ts = to_vietnam(point.ts)  # a day is Vietnam's day: year-to-date figures close at its end
        key = (ts.year, ts.month, ts.day, ts.hour) if ts >= hourly_from else (ts.year, ts.month, ts.day)
        buckets[key] = point
    kept = list(buckets.values())
    return [*kept[-(HISTORY_POINTS - 1 - RECENT_POINTS):], *recent]


@dataclass(frozen=True)
class TileView:
    """One tile of a monitor: what the layout says, and what the operator put in it."""

    tile: Tile
    state: TileState | None


class WallModel:
    """Everything a wall or console shows. Methods are called from one thread (the GUI's).

    A wall PC's store is made with its wall's name: it then holds data deltas back while that wall
    is frozen for a briefing (`freeze`, model/freeze.py) and applies them all when it is unfrozen.
    """

    def __init__(self, wall: str | None = None) -> None:
        self.freeze = FreezeGate(wall) if wall is not None else None
        self.cameras: dict[str, CameraInfo] = {}
        self.layouts: dict[str, Layout] = {}
        self.walls: dict[str, WallState] = {}
        self.alerts: dict[int, Alert] = {}
        self.series: dict[str, SeriesData] = {}
        self.streams: dict[tuple[str, str], StreamStatus] = {}
        self.media: dict[tuple[str, str], MediaLink] = {}
        self.connected = False
        self.connection_detail = ""
        self.disconnected_since: datetime | None = None
        self.loaded = False
        # What changed; widgets listen to the parts they show.
        self.reset = Event[[]]()
        self.wall_changed = Event[[str]]()
        self.layout_changed = Event[[str]]()
        self.camera_changed = Event[[str]]()
        self.alerts_changed = Event[[]]()
        self.metric_changed = Event[[str]]()
        self.stream_changed = Event[[str, str]]()
        self.connection_changed = Event[[bool]]()
        # Presets, schedules and alert rules (the console shows and applies them; walls ignore them).
        self.presets: dict[str, Preset] = {}
        self.schedules: dict[str, Schedule] = {}
        self.alert_rules: dict[str, AlertRule] = {}
        self.briefings: dict[str, Briefing] = {}
        self.automation_changed = Event[[str, str]]()
        """(kind, name): kind is "preset", "schedule", "alert_rule" or "briefing"; that entry was set or removed."""
        # Detection overlays: live annotations of the video, a few per second per camera (never in snapshots).
        self.overlays = DetectionOverlays()
        self.overlay_changed = Event[[str]]()
        """(camera): a newer overlay of that camera came; video tiles showing it repaint."""
        # Tabular indicators (tasks per agency, dossiers, citizen reports): definitions and two snapshots each.
        self.tables: dict[str, TableInfo] = {}
        self.table_data: dict[str, TableHistory] = {}
        self.table_changed = Event[[str]]()
        """(table key): its definition or its rows changed; ranking tiles showing it recompute."""
        # KPI forecasts: the server's latest projection of each forecast series to its period end.
        self.forecasts: dict[str, Forecast] = {}
        self.forecast_changed = Event[[str]]()
        """(series key): its forecast was recomputed or removed; KPI and chart tiles of that series redraw."""
        # Layouts the server sent that this client cannot read (model/layout_salvage.py): id -> why. The last
        # good version of each, if any came, stays in `layouts`: walls keep showing it.
        self.undrawable: dict[str, str] = {}

    # ------------------------------------------------------------------ applying server messages

    def receive(self, message: ServerMessage, deltas: list[Delta]) -> None:
        """What the feed hands on: a snapshot replaces everything; deltas pass the freeze gate, if any."""
        if isinstance(message, Snapshot):
            if self.freeze is not None:
                self.freeze.reset(message)  # before the reset event: its listeners ask `frozen`
            self.apply_snapshot(message)
        for delta in deltas:
            for passed in self.freeze.offer(delta) if self.freeze is not None else (delta,):
                self.apply(passed)

    @property
    def frozen(self) -> bool:
        """This wall PC holds data back: its wall is frozen (never for a console)."""
        return self.freeze is not None and self.freeze.frozen

    def held_since(self) -> datetime | None:
        """When this wall PC's wall froze, while it is frozen: its data is as of then (never for a console)."""
        if not self.frozen or self.freeze is None:
            return None
        state = self.walls.get(self.freeze.wall)
        return state.frozen_at if state is not None else None

    def refuse_layouts(self, refused: list[RefusedLayout]) -> None:
        """Layouts of the message about to be applied that this client cannot read: kept as they were."""
        for layout in refused:
            self.undrawable[layout.layout_id] = layout.reason
            self.layout_changed.emit(layout.layout_id)

    def apply_snapshot(self, snapshot: Snapshot) -> None:
        self.cameras = {c.id: c for c in snapshot.cameras}
        readable = {lay.id: lay for lay in snapshot.layouts}
        # A layout refused again keeps its last good version; one readable now is no longer refused.
        kept = {key: self.layouts[key] for key in self.undrawable if key in self.layouts and key not in readable}
        self.undrawable = {key: why for key, why in self.undrawable.items() if key not in readable}
        self.layouts = {**kept, **readable}
        self.walls = {w.name: w for w in snapshot.walls}
        self.alerts = {a.id: a for a in snapshot.alerts if a.state is not AlertState.RESOLVED}
        self.series = {s.key: SeriesData(s) for s in snapshot.series}
        for point in snapshot.latest:
            if point.series in self.series:
                self.series[point.series].add(point)
        self.streams = {(s.camera, s.stream): s for s in snapshot.camera_status}
        self.media = {(m.camera, m.stream): m for m in snapshot.media}
        self.presets = {p.name: p for p in snapshot.presets}
        self.schedules = {s.name: s for s in snapshot.schedules}
        self.alert_rules = {r.name: r for r in snapshot.alert_rules}
        self.briefings = {b.name: b for b in snapshot.briefings}
        self.tables = {t.key: t for t in snapshot.tables}
        self.table_data = histories(snapshot.table_data)
        self.forecasts = {f.series: f for f in snapshot.forecasts}
        self.loaded = True
        self.reset.emit()

    def apply(self, delta: Delta) -> None:
        """Apply one delta; a delta kind missing here is a mypy error (`assert_never`)."""
        match delta:
            case OverlayDelta(overlay=overlay):  # first: at ~5/s per camera it is the most frequent delta
                if self.overlays.put(overlay):
                    self.overlay_changed.emit(overlay.camera)
            case MetricDelta(point=point):
                data = self.series.get(point.series)
                if data is None:
                    data = self.series[point.series] = SeriesData(SeriesInfo(key=point.series, name=point.series))
                data.add(point)
                self.metric_changed.emit(point.series)
            case AlertDelta(alert=alert):
                if alert.state is AlertState.RESOLVED:
                    self.alerts.pop(alert.id, None)
                else:
                    self.alerts[alert.id] = alert
                self.alerts_changed.emit()
            case WallDelta(wall=wall):
                self.walls[wall.name] = wall
                self.wall_changed.emit(wall.name)
            case CameraStatusDelta(status=status):
                self.streams[(status.camera, status.stream)] = status
                self.stream_changed.emit(status.camera, status.stream)
            case CameraDelta(camera_id=camera_id, camera=camera):
                _put(self.cameras, camera_id, camera)
                self.camera_changed.emit(camera_id)
            case LayoutDelta(layout_id=layout_id, layout=layout):
                _put(self.layouts, layout_id, layout)
                self.undrawable.pop(layout_id, None)
                self.layout_changed.emit(layout_id)
            case SeriesDelta(series=info):
                existing = self.series.get(info.key)
                if existing is None:
                    self.series[info.key] = SeriesData(info)
                else:
                    existing.info = info
                self.metric_changed.emit(info.key)
            case PresetDelta(name=name, preset=preset):
                _put(self.presets, name, preset)
                self.automation_changed.emit(delta.kind, name)
            case ScheduleDelta(name=name, schedule=schedule):
                _put(self.schedules, name, schedule)
                self.automation_changed.emit(delta.kind, name)
            case AlertRuleDelta(name=name, rule=rule):
                _put(self.alert_rules, name, rule)
                self.automation_changed.emit(delta.kind, name)
            case BriefingDelta(name=name, briefing=briefing):
                _put(self.briefings, name, briefing)
                self.automation_changed.emit(delta.kind, name)
            case TableDelta(key=key, table=table):
                _put(self.tables, key, table)
                if table is None:  # a removed table's rows mean nothing any more
                    self.table_data.pop(key, None)
                self.table_changed.emit(key)
            case TableDataDelta(snapshot=snapshot):
                if self.table_data.setdefault(snapshot.table, TableHistory()).offer(snapshot):
                    self.table_changed.emit(snapshot.table)
            case ForecastDelta(series=series, forecast=forecast):
                _put(self.forecasts, series, forecast)
                self.forecast_changed.emit(series)
            case _:
                assert_never(delta)

    def add_history(self, key: str, points: list[MetricPoint]) -> None:
        """Merge fetched past samples into a series (deltas that came meanwhile are kept)."""
        data = self.series.get(key)
        if data is None or not points:
            return
        merged = {p.ts: p for p in points}
        merged.update({p.ts: p for p in data.points})
        data.replace(sorted(merged.values(), key=lambda p: p.ts))
        self.metric_changed.emit(key)

    def set_connected(self, up: bool, detail: str, now: datetime) -> None:
        if up == self.connected:
            return
        self.connected = up
        self.connection_detail = detail
        self.disconnected_since = None if up else now
        self.connection_changed.emit(up)

    def update_media(self, links: list[MediaLink]) -> None:
        for link in links:
            self.media[(link.camera, link.stream)] = link

    # ------------------------------------------------------------------ questions widgets ask

    def monitor_tiles(self, wall: str, monitor: int) -> tuple[Layout | None, list[TileView]]:
        state = self.walls.get(wall)
        if state is None:
            return None, []
        current = next((m for m in state.monitors if m.index == monitor), None)
        if current is None:
            return None, []
        layout = self.layouts.get(current.layout)
        if layout is None:
            return None, []
        by_tile = {t.tile: t for t in current.tiles}
        return layout, [TileView(tile, by_tile.get(tile.id)) for tile in layout.tiles]

    def monitor_refused_layout(self, wall: str, monitor: int) -> tuple[str, str] | None:
        """(layout id, why) when the layout the monitor should show is one this client cannot read."""
        state = self.walls.get(wall)
        current = next((m for m in state.monitors if m.index == monitor), None) if state else None
        if current is None or current.layout not in self.undrawable:
            return None
        return current.layout, self.undrawable[current.layout]

    def monitor_maximized(self, wall: str, monitor: int) -> str | None:
        """The tile the server shows over the whole monitor, if its layout (as known here) has that tile."""
        state = self.walls.get(wall)
        current = next((m for m in state.monitors if m.index == monitor), None) if state else None
        layout = self.layouts.get(current.layout) if current else None
        if current is None or layout is None or current.maximized is None:
            return None
        return current.maximized if layout.tile(current.maximized) is not None else None

    def open_alerts(self) -> list[Alert]:
        """Open alerts, newest first (operators read them by time; colour shows severity)."""
        return sorted(self.alerts.values(), key=lambda a: a.created_at, reverse=True)


def _put(table: dict[str, V], name: str, value: V | None) -> None:
    """Set or (for null, a deletion) remove one entry."""
    if value is None:
        table.pop(name, None)
    else:
        table[name] = value
