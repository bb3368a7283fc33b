"""The wall window and data tiles, offscreen: what a person would see, checked on the pixels."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.support.pixels import colour_share
from wall_client.model.wall_model import WallModel
from wall_client.ui import theme
from wall_client.ui.tiles.alerts import AlertsTile
from wall_client.ui.tiles.base import TileContext
from wall_client.ui.tiles.kpi import KpiTile
from wall_client.ui.video.video_tile import VideoTile
from wall_client.ui.wall_window import WallWindow
from wall_protocol.common import AlertCategory, AlertState, Severity, utc_now
from wall_protocol.entities import (
    Alert,
    CameraInfo,
    CameraSource,
    Layout,
    MetricPoint,
    MonitorState,
    SeriesInfo,
    TileKind,
    TileState,
    WallState,
)
from wall_protocol.messages import AlertDelta, MetricDelta, Snapshot, WallDelta
from wall_protocol.tiles import make_tile


def _store(value: float) -> WallModel:
    now = utc_now()
    layout = Layout(id="brief", name="Giao ban", cols=2, rows=2, tiles=(
        make_tile(id="kpi", kind=TileKind.KPI, col=0, row=0, props={"series": "rate"}),
        make_tile(id="clock", kind=TileKind.CLOCK, col=1, row=0),
        make_tile(id="alerts", kind=TileKind.ALERTS, col=0, row=1, col_span=2)))
    store = WallModel()
    store.apply_snapshot(Snapshot(
        seq=1, walls=(WallState(name="main", title="Tường", monitors=(MonitorState(index=0, layout="brief"),)),),
        cameras=(), layouts=(layout,), alerts=(), series=(SeriesInfo(key="rate", name="Hồ sơ đúng hạn", unit="%",
                                                                    target=98.0),),
        latest=(MetricPoint(series="rate", ts=now - timedelta(seconds=20), value=value),)))
    store.set_connected(True, "", now)
    return store


def test_kpi_colour_follows_the_target(qtbot):
    """Below target the big value is drawn in the warning colour; above it, in the OK colour."""
    shots = {}
    for value in (95.0, 99.0):
        store = _store(value)
        tile = KpiTile(store.monitor_tiles("main", 0)[1][0], TileContext(store, "http://127.0.0.1:1"))
        qtbot.addWidget(tile)
        tile.resize(480, 270)
        tile.show()
        shots[value] = tile.grab().toImage()
    assert colour_share(shots[95.0], theme.WARN) > 0.02 and colour_share(shots[95.0], theme.OK) < 0.002
    assert colour_share(shots[99.0], theme.OK) > 0.02 and colour_share(shots[99.0], theme.WARN) < 0.002


def test_alert_rows_are_coloured_by_severity_and_follow_deltas(qtbot):
    """A critical alert appears as a red-marked row at once; resolving it removes it."""
    store = _store(99.0)
    tile = AlertsTile(store.monitor_tiles("main", 0)[1][2], TileContext(store, "http://127.0.0.1:1"))
    qtbot.addWidget(tile)
    tile.resize(900, 300)
    tile.show()
    assert colour_share(tile.grab().toImage(), theme.ALARM) == 0
    alert = Alert(id=5, category=AlertCategory.CYBER, severity=Severity.CRITICAL, title="Dò quét mật khẩu",
                  state=AlertState.NEW, created_at=datetime.now(UTC))
    store.apply(AlertDelta(seq=2, alert=alert))
    assert [a.title for a in tile.visible_alerts()] == ["Dò quét mật khẩu"]
    assert colour_share(tile.grab().toImage(), theme.ALARM) > 0.0004  # the 6 px severity bar of one row
    store.apply(AlertDelta(seq=3, alert=alert.model_copy(update={"state": AlertState.RESOLVED})))
    assert tile.visible_alerts() == []


def test_window_lays_out_the_grid_and_shows_a_banner_when_disconnected(qtbot):
    """Tiles take their grid cells; losing the server puts a red banner on top, and the KPI keeps its value."""
    store = _store(97.0)
    window = WallWindow(TileContext(store, "http://127.0.0.1:1"), "main", 0)
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.show()
    kpi, clock, alerts = (window.tiles[t] for t in ("kpi", "clock", "alerts"))
    assert kpi.geometry().width() < 820 and clock.geometry().left() >= 800 and alerts.geometry().top() >= 450
    assert alerts.geometry().width() > 1500
    assert window.banner_text() == ""
    store.set_connected(False, "connection lost", utc_now() - timedelta(seconds=70))
    window.tick()
    assert "Mất kết nối máy chủ 1 phút" in window.banner_text()
    image = window.grab().toImage()
    assert image.pixelColor(800, window.banner_height() // 4) == theme.ALARM
    assert kpi.geometry().top() >= window.banner_height()
    store.apply(MetricDelta(seq=2, point=MetricPoint(series="rate", ts=utc_now(), value=98.5)))
    assert kpi.reading().value == 98.5  # type: ignore[attr-defined]


def _cameras_store(maximized: str | None = None) -> WallModel:
    layout = Layout(id="cams", name="Camera", cols=3, rows=3, tiles=tuple(
        make_tile(id=f"v{i}", kind=TileKind.VIDEO, col=i % 3, row=i // 3) for i in range(9)))
    store = WallModel()
    store.apply_snapshot(Snapshot(
        seq=1, walls=(_cams_wall(maximized),), cameras=(CameraInfo(id="cam", name="Chi Ma", has_sub_stream=True),),
        layouts=(layout,), alerts=(), series=(), latest=()))
    store.set_connected(True, "", utc_now())
    return store


def _cams_wall(maximized: str | None) -> WallState:
    return WallState(name="main", title="Tường", monitors=(MonitorState(index=0, layout="cams", maximized=maximized,
                     tiles=(TileState(tile="v4", source=CameraSource(camera="cam")),)),))


def test_the_servers_maximized_tile_covers_the_window_wins_over_a_double_click_and_clears(qtbot):
    """maximized from the server: that tile covers the window (its video switches to the main stream), the others
    hide, a local maximize cannot override it; cleared, the grid (and the sub stream) come back."""
    store = _cameras_store()
    window = WallWindow(TileContext(store, "http://127.0.0.1:1"), "main", 0)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    video = window.tiles["v4"]
    assert isinstance(video, VideoTile) and video.camera == "cam" and video.stream == "sub"
    grid = video.geometry()
    assert grid.width() < 700 and all(t.isVisible() for t in window.tiles.values())
    store.apply(WallDelta(seq=2, wall=_cams_wall("v4")))
    assert window.shown_maximized() == "v4"
    assert video.geometry() == window.rect() and video.isVisible()
    assert not any(t.isVisible() for tid, t in window.tiles.items() if tid != "v4")
    assert video.stream == "main", "a maximized video tile plays the main stream"
    window.toggle_maximize("v1")  # a double-click on the wall itself
    assert window.shown_maximized() == "v4" and not window.tiles["v1"].isVisible()
    store.apply(WallDelta(seq=3, wall=_cams_wall(None)))
    assert window.shown_maximized() is None
    assert video.geometry() == grid and all(t.isVisible() for t in window.tiles.values())
    assert video.stream == "sub"
    window.release()
