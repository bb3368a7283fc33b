"""Realistic wire values shared by the protocol tests: one instance of every message type."""

from __future__ import annotations

from datetime import UTC, datetime

from wall_protocol.automation import AlertRule, Briefing, Preset, Schedule, Weekday
from wall_protocol.common import AlertCategory, AlertState, Role, Severity
from wall_protocol.entities import (
    Alert,
    CameraInfo,
    CameraSource,
    GeoPoint,
    Layout,
    MediaLink,
    MetricPoint,
    MonitorState,
    SeriesInfo,
    StreamState,
    StreamStatus,
    TileKind,
    TileState,
    TourSource,
    WallState,
)
from wall_protocol.messages import (
    AckAlert,
    AlertDelta,
    AlertIn,
    AlertRuleDelta,
    ApplyPreset,
    Batch,
    BriefingDelta,
    CameraDelta,
    CameraStatusDelta,
    Error,
    FreezeWall,
    Hello,
    Ingest,
    LayoutDelta,
    MaximizeTile,
    MediaLinks,
    MetricDelta,
    Ping,
    Pong,
    PresetDelta,
    ResolveAlert,
    Result,
    ScheduleDelta,
    SeriesDelta,
    SetLayout,
    SetTile,
    Snapshot,
    WallDelta,
    Welcome,
)
from wall_protocol.tiles import make_tile

T0 = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)

CAMERA = CameraInfo(
    id="cam-huu-nghi-01",
    name="Cửa khẩu Hữu Nghị — làn xuất",
    area="Cao Lộc",
    tags=("border", "traffic"),
    position=GeoPoint(lat=21.97, lon=106.71),
    has_sub_stream=True,
)

LAYOUT = Layout(
    id="briefing-2x2",
    name="Giao ban 2×2",
    cols=2,
    rows=2,
    tiles=(
        make_tile(id="main", kind=TileKind.VIDEO, col=0, row=0, col_span=2, props={"camera": "cam-huu-nghi-01"}),
        make_tile(id="grdp", kind=TileKind.KPI, col=0, row=1, title="Tăng trưởng GRDP", props={"series": "grdp"}),
        make_tile(id="alerts", kind=TileKind.ALERTS, col=1, row=1, props={"min_severity": "major"}),
    ),
)

WALL = WallState(
    name="ioc-main",
    title="Màn hình chính IOC",
    monitors=(
        MonitorState(
            index=0,
            layout="briefing-2x2",
            tiles=(TileState(tile="main", source=CameraSource(camera="cam-huu-nghi-01", stream="main"), pinned=True),),
        ),
        MonitorState(
            index=1,
            layout="briefing-2x2",
            maximized="main",
            tiles=(
                TileState(tile="main", source=TourSource(cameras=("cam-a", "cam-b"), dwell_s=15)),
                TileState(tile="grdp", source=CameraSource(camera="cam-huu-nghi-01"), alarm=42,
                          before_alarm=CameraSource(camera="cam-a")),
            ),
        ),
    ),
)

PRESET = Preset(name="giao-ban", title="Giao ban sáng", wall="ioc-main", shortcut=1, monitors=WALL.monitors[:1])
SCHEDULE = Schedule(name="giao-ban-sang", preset="giao-ban", at="07:30",
                    days=(Weekday.MON, Weekday.WED, Weekday.FRI), last_run_at=T0)
RULE = AlertRule(name="tai-nan-cao-loc", category=AlertCategory.TRAFFIC, min_severity=Severity.CRITICAL,
                 area_contains="Cao Lộc", apply_preset="giao-ban", alarm_wall="ioc-main")
BRIEFING = Briefing(name="giao-ban-thu-hai", title="Giao ban thứ Hai", steps=("giao-ban", "giao-thong"),
                    advance_s=90)

ALERT = Alert(
    id=42,
    category=AlertCategory.CITIZEN_REPORT,
    severity=Severity.MAJOR,
    title="Phản ánh hiện trường: ngập úng",
    body="Đường Bà Triệu ngập sâu 40 cm",
    source="phan-anh",
    external_id="PA-2026-0042",
    area="Thành phố Lạng Sơn",
    camera="cam-huu-nghi-01",
    state=AlertState.ACKNOWLEDGED,
    created_at=T0,
    occurred_at=T0,
    acknowledged_at=T0,
    acknowledged_by="operator-1",
)

SERIES = SeriesInfo(key="grdp", name="Tăng trưởng GRDP", unit="%", area="Lạng Sơn", target=8.5)
POINT = MetricPoint(series="grdp", ts=T0, value=7.25)

CLIENT_MESSAGES = [
    Hello(token="s3cret-token", wall="ioc-main", resume_from=17, client="iocwall 0.1.0"),
    Ping(id="p-1"),
    SetLayout(id=3, wall="ioc-main", monitor=1, layout="briefing-2x2"),
    SetTile(id="r-9", wall="ioc-main", monitor=0, tile="main", source=CameraSource(camera="cam-01"), pinned=True),
    AckAlert(id=4, alert=42, comment="Đã cử lực lượng"),
    ResolveAlert(id=5, alert=42, comment="Đã xử lý xong"),
    Ingest(
        id="batch-1",
        alerts=(
            AlertIn(
                category=AlertCategory.CYBER,
                severity=Severity.CRITICAL,
                title="SOC: dò quét cổng",
                source="soc",
                external_id="soc-1",
                occurred_at=T0,
            ),
        ),
        metrics=(POINT,),
    ),
    MediaLinks(id="m-1", cameras=("cam-01",)),
    ApplyPreset(id="p-2", preset="giao-ban"),
    FreezeWall(id="f-1", wall="ioc-main", frozen=True),
    MaximizeTile(id="x-1", wall="ioc-main", monitor=1, tile="main"),
]

STATUS = StreamStatus(camera="cam-01", stream="main", state=StreamState.LIVE, fps=25.0, bitrate_kbps=2600.0,
                      width=1280, height=720, codec="h264", last_packet_at=T0, viewers=3)
LINK = MediaLink(camera="cam-01", stream="main", url="/media/cam-01/main.ts?exp=1&sig=abc", expires_at=T0)

DELTAS = [
    AlertDelta(seq=10, alert=ALERT),
    MetricDelta(seq=11, point=POINT),
    SeriesDelta(seq=12, series=SERIES),
    CameraDelta(seq=13, camera_id=CAMERA.id, camera=CAMERA),
    CameraDelta(seq=14, camera_id="cam-gone", camera=None),
    LayoutDelta(seq=15, layout_id=LAYOUT.id, layout=LAYOUT),
    LayoutDelta(seq=16, layout_id="old-layout", layout=None),
    WallDelta(seq=17, wall=WALL),
    CameraStatusDelta(seq=18, status=STATUS),
    PresetDelta(seq=19, name=PRESET.name, preset=PRESET),
    PresetDelta(seq=20, name="old-preset", preset=None),
    ScheduleDelta(seq=21, name=SCHEDULE.name, schedule=SCHEDULE),
    ScheduleDelta(seq=22, name="old-schedule", schedule=None),
    AlertRuleDelta(seq=23, name=RULE.name, rule=RULE),
    AlertRuleDelta(seq=24, name="old-rule", rule=None),
    BriefingDelta(seq=25, name=BRIEFING.name, briefing=BRIEFING),
    BriefingDelta(seq=26, name="old-briefing", briefing=None),
    WallDelta(seq=27, wall=WALL.model_copy(update={"frozen": True})),
]

SERVER_MESSAGES = [
    Welcome(server_version="0.1.0", role=Role.OPERATOR, name="console-1", seq=9, resumed=False),
    Snapshot(
        seq=9,
        walls=(WALL,),
        cameras=(CAMERA,),
        layouts=(LAYOUT,),
        alerts=(ALERT,),
        series=(SERIES,),
        latest=(POINT,),
        camera_status=(STATUS,),
        media=(LINK,),
        presets=(PRESET,),
        schedules=(SCHEDULE,),
        alert_rules=(RULE,),
        briefings=(BRIEFING,),
    ),
    Batch(deltas=tuple(DELTAS)),
    Result(id="batch-1", data={"alerts": 1, "metrics": 1, "ids": [42], "note": None}),
    Error(id=3, code="forbidden", message="role viewer may not set layouts", field="layout"),
    Pong(id="p-1"),
]
