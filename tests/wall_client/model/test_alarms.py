"""Alarm-to-wall on the client, Qt-free: tiles in alarm, the banner's words, and tours that wait."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from wall_client.model.alarms import (
    AlarmBanner,
    TourClock,
    alarm_banner,
    alarms_on_walls,
    monitor_has_alarm,
    tile_alarm,
)
from wall_client.model.wall_model import WallModel
from wall_protocol.common import AlertCategory, AlertState, Severity
from wall_protocol.entities import (
    Alert,
    CameraSource,
    Layout,
    MonitorState,
    TileKind,
    TileState,
    TourSource,
    WallState,
)
from wall_protocol.messages import Snapshot
from wall_protocol.tiles import make_tile

T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # 15:00 in Lạng Sơn
GRID = Layout(id="grid", name="Lưới", cols=2, rows=1, tiles=(
    make_tile(id="v1", kind=TileKind.VIDEO, col=0, row=0), make_tile(id="v2", kind=TileKind.VIDEO, col=1, row=0)))


def _wall(*monitors: tuple[TileState, ...]) -> WallState:
    return WallState(name="main", title="Tường", monitors=tuple(
        MonitorState(index=i, layout="grid", tiles=tiles) for i, tiles in enumerate(monitors)))


def _store(wall: WallState) -> WallModel:
    store = WallModel()
    store.apply_snapshot(Snapshot(seq=1, walls=(wall,), cameras=(), layouts=(GRID,), alerts=(), series=(),
                                  latest=()))
    return store


def _alarm(tile: str, alert_id: int) -> TileState:
    return TileState(tile=tile, source=CameraSource(camera="cam-c"), alarm=alert_id,
                     before_alarm=CameraSource(camera="cam-b"))


def test_a_monitor_has_an_alarm_only_while_one_of_its_tiles_does():
    """The alarm on monitor 1 pauses nothing on monitor 0; a tour or camera without alarm is no alarm."""
    tour = TileState(tile="v1", source=TourSource(cameras=("a", "b"), dwell_s=5))
    store = _store(_wall((tour,), (TileState(tile="v1"), _alarm("v2", 7))))
    _, first = store.monitor_tiles("main", 0)
    _, second = store.monitor_tiles("main", 1)
    assert not monitor_has_alarm(first)
    assert monitor_has_alarm(second)
    assert [tile_alarm(v) for v in second] == [None, 7]
    assert not monitor_has_alarm([])


def test_alarms_on_walls_lists_every_alert_shown_as_an_alarm():
    """Alarm ids are collected across monitors and tiles; tiles without alarm add none."""
    wall = _wall((_alarm("v1", 3),), (TileState(tile="v1"), _alarm("v2", 9)))
    assert alarms_on_walls([wall]) == {3, 9}
    assert alarms_on_walls([_wall((TileState(tile="v1"),))]) == set()


def test_banner_says_severity_title_area_local_time_and_age():
    """A critical alert in Cao Lộc two minutes old reads in Vietnamese, at local (UTC+7) time."""
    alert = Alert(id=4, category=AlertCategory.TRAFFIC, severity=Severity.CRITICAL, title="Tai nạn liên hoàn",
                  area="Cao Lộc", state=AlertState.NEW, created_at=T0 + timedelta(seconds=30),
                  occurred_at=T0)
    banner = alarm_banner(4, alert, T0 + timedelta(minutes=2, seconds=5))
    assert banner == AlarmBanner("BÁO ĐỘNG · KHẨN CẤP", "Tai nạn liên hoàn", "Cao Lộc · 15:00 · 2 phút trước")
    no_area = alarm_banner(4, alert.model_copy(update={"area": "", "occurred_at": None,
                                                        "severity": Severity.MAJOR}), T0 + timedelta(seconds=50))
    assert no_area.headline == "BÁO ĐỘNG · NGHIÊM TRỌNG" and no_area.detail == "15:00 · 20 giây trước"


def test_banner_of_an_alert_not_in_the_store_still_says_alarm():
    """Before the alert itself arrives the tile still reads as an alarm, naming the alert's id."""
    banner = alarm_banner(12, None, T0)
    assert banner.headline == "BÁO ĐỘNG" and "#12" in banner.title


def test_tour_advances_after_each_dwell():
    """Three cameras at 10 s: the index moves at 10 s and 20 s, not before."""
    clock = TourClock(now=100.0)
    assert not clock.advance(109.9, cameras=3, dwell=10)
    assert clock.advance(110.0, cameras=3, dwell=10) and clock.index == 1
    assert not clock.advance(119.0, cameras=3, dwell=10)
    assert clock.advance(120.5, cameras=3, dwell=10) and clock.index == 2
    assert not TourClock(0.0).advance(50.0, cameras=1, dwell=10), "one camera is no tour"


def test_paused_tour_stays_and_resumes_with_the_dwell_it_had_left():
    """Paused at 4 s of a 10 s dwell for a minute: no move meanwhile, nor at once after; it moves 6 s later."""
    clock = TourClock(now=0.0)
    clock.set_paused(True, now=4.0)
    for now in (10.0, 30.0, 64.0):
        assert not clock.advance(now, cameras=2, dwell=10) and clock.index == 0
    clock.set_paused(False, now=64.0)
    assert not clock.advance(64.0, cameras=2, dwell=10), "no jump when the alarm clears"
    assert not clock.advance(69.9, cameras=2, dwell=10)
    assert clock.advance(70.0, cameras=2, dwell=10) and clock.index == 1


def test_pausing_twice_or_resuming_a_running_tour_changes_nothing():
    """set_paused is idempotent: a repeated pause does not reset the time already shown."""
    clock = TourClock(now=0.0)
    clock.set_paused(False, now=3.0)
    clock.set_paused(True, now=5.0)
    clock.set_paused(True, now=8.0)
    assert clock.elapsed(20.0) == 5.0
