"""The client's Qt-free store: snapshot then deltas, events, tiles of a monitor, KPI readings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from wall_client.model import formatting
from wall_client.model.kpi import read_kpi
from wall_client.model.wall_model import WallModel
from wall_protocol.common import AlertCategory, AlertState, Severity
from wall_protocol.entities import (
    Alert,
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
from wall_protocol.tile_settings import KpiSettings
from wall_protocol.tiles import make_tile

T0 = datetime(2026, 11, 23, 5, 0, tzinfo=UTC)


def _snapshot() -> Snapshot:
    layout = Layout(id="two", name="Hai ô", cols=2, rows=1, tiles=(
        make_tile(id="v", kind=TileKind.VIDEO, col=0, row=0), make_tile(id="k", kind=TileKind.KPI, col=1, row=0,
                                                             props={"series": "rate"})))
    wall = WallState(name="main", title="Tường", monitors=(MonitorState(index=0, layout="two"),))
    return Snapshot(seq=10, walls=(wall,), cameras=(), layouts=(layout,), alerts=(), series=(
        SeriesInfo(key="rate", name="Tỷ lệ đúng hạn", unit="%", target=98.0),), latest=(
        MetricPoint(series="rate", ts=T0, value=97.0),))


def _alert(alert_id: int, state: AlertState = AlertState.NEW) -> Alert:
    return Alert(id=alert_id, category=AlertCategory.TRAFFIC, severity=Severity.MAJOR, title=f"a{alert_id}",
                 state=state, created_at=T0 + timedelta(seconds=alert_id))


def test_snapshot_then_deltas_update_state_and_fire_events():
    """Deltas change what the snapshot set, and each fires the event its widgets listen to."""
    store = WallModel()
    fired: list[str] = []
    store.metric_changed.connect(lambda key: fired.append(f"metric:{key}"))
    store.alerts_changed.connect(lambda: fired.append("alerts"))
    store.wall_changed.connect(lambda name: fired.append(f"wall:{name}"))
    store.apply_snapshot(_snapshot())
    store.apply(MetricDelta(seq=11, point=MetricPoint(series="rate", ts=T0 + timedelta(minutes=5), value=98.5)))
    store.apply(AlertDelta(seq=12, alert=_alert(1)))
    store.apply(AlertDelta(seq=13, alert=_alert(2)))
    store.apply(AlertDelta(seq=14, alert=_alert(1, AlertState.RESOLVED)))
    new_wall = WallState(name="main", title="Tường", monitors=(MonitorState(index=0, layout="two", tiles=(
        TileState(tile="v", source=CameraSource(camera="phai-ve")),)),))
    store.apply(WallDelta(seq=15, wall=new_wall))
    assert fired == ["metric:rate", "alerts", "alerts", "alerts", "wall:main"]
    assert [a.id for a in store.open_alerts()] == [2]
    assert store.series["rate"].latest is not None and store.series["rate"].latest.value == 98.5
    layout, views = store.monitor_tiles("main", 0)
    assert layout is not None and [v.tile.id for v in views] == ["v", "k"]
    assert views[0].state is not None and views[0].state.source == CameraSource(camera="phai-ve")
    assert store.monitor_tiles("main", 3) == (None, [])


def test_late_sample_keeps_history_in_time_order():
    """A sample older than the newest is inserted in place, so charts never draw backwards."""
    store = WallModel()
    store.apply_snapshot(_snapshot())
    store.apply(MetricDelta(seq=11, point=MetricPoint(series="rate", ts=T0 + timedelta(minutes=10), value=1)))
    store.apply(MetricDelta(seq=12, point=MetricPoint(series="rate", ts=T0 + timedelta(minutes=5), value=2)))
    assert [p.value for p in store.series["rate"].points] == [97.0, 2, 1]


def test_kpi_levels_change_and_staleness():
    """Below target warns; thresholds pick warn or alarm; old data is marked stale, not shown as current."""
    store = WallModel()
    store.apply_snapshot(_snapshot())
    data = store.series["rate"]
    reading = read_kpi(data, KpiSettings.model_validate({}), T0 + timedelta(seconds=30))
    assert (reading.value, reading.level, reading.stale, reading.unit) == (97.0, "warn", False, "%")
    assert read_kpi(data, KpiSettings.model_validate({"thresholds": {"warn": 98, "alarm": 97.5}}), T0).level == "alarm"
    assert read_kpi(data, KpiSettings.model_validate({"thresholds": {"warn": 96}}), T0).level == "ok"
    assert read_kpi(data, KpiSettings.model_validate({"higher_is_better": False, "thresholds": {"warn": 90}}), T0).level == "warn"
    store.apply(MetricDelta(seq=11, point=MetricPoint(series="rate", ts=T0 + timedelta(minutes=1), value=99)))
    later = read_kpi(data, KpiSettings.model_validate({}), T0 + timedelta(hours=2))
    assert later.change == 2.0 and later.level == "ok" and later.stale
    assert read_kpi(None, KpiSettings.model_validate({"series": "x"}), T0).value is None


def test_vietnamese_number_and_age_formats():
    """Thousands with dots, decimals with a comma; ages in Vietnamese words."""
    assert formatting.number(1234567.891, 1) == "1.234.567,9"
    assert formatting.number(-8.26, 1) == "-8,3"
    assert formatting.number(0.0, 0) == "0"
    assert formatting.age(12) == "12 giây" and formatting.age(125) == "2 phút" and formatting.age(7300) == "2 giờ"


def test_fetched_history_merges_under_live_samples():
    """Past samples fetched over REST join the series in time order; a live sample for the same time wins."""
    store = WallModel()
    store.apply_snapshot(_snapshot())
    fired: list[str] = []
    store.metric_changed.connect(fired.append)
    past = [MetricPoint(series="rate", ts=T0 - timedelta(hours=h), value=90.0 + h) for h in (3, 1, 2)]
    store.add_history("rate", [*past, MetricPoint(series="rate", ts=T0, value=1.0)])
    assert [p.value for p in store.series["rate"].points] == [93.0, 92.0, 91.0, 97.0]
    assert fired == ["rate"]
