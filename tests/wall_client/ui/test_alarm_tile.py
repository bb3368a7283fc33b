"""Alarm-to-wall on the wall, offscreen: the flashing border and banner of an alarm tile, and tours that wait."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter, QTransform

from tests.support.pixels import colour_share
from tests.support.shots import shots_dir
from wall_client.model.wall_model import WallModel
from wall_client.ui import theme
from wall_client.ui.tiles.alerts import AlertsTile
from wall_client.ui.tiles.base import TileContext
from wall_client.ui.video import video_tile
from wall_client.ui.video.video_tile import VideoTile
from wall_client.ui.wall_window import WallWindow
from wall_protocol.common import AlertCategory, AlertState, Severity, utc_now
from wall_protocol.entities import (
    Alert,
    CameraInfo,
    CameraSource,
    Layout,
    MonitorState,
    TileKind,
    TileState,
    TourSource,
    WallState,
)
from wall_protocol.messages import AlertDelta, Snapshot, WallDelta
from wall_protocol.tiles import make_tile

SHOTS = shots_dir("alarm")
LAYOUT = Layout(id="grid", name="Lưới", cols=2, rows=2, tiles=(
    make_tile(id="tour", kind=TileKind.VIDEO, col=0, row=0), make_tile(id="video-9", kind=TileKind.VIDEO, col=1, row=0,
                                                              props={"alarm": True}),
    make_tile(id="alerts", kind=TileKind.ALERTS, col=0, row=1, col_span=2)))
TOUR = TileState(tile="tour", source=TourSource(cameras=("phai-ve", "huu-nghi"), dwell_s=5))
NORMAL = TileState(tile="video-9", source=CameraSource(camera="phai-ve"))
ALARM = TileState(tile="video-9", source=CameraSource(camera="huu-nghi"), alarm=41,
                  before_alarm=CameraSource(camera="phai-ve"))


def _wall(*tiles: TileState, monitors: int = 1) -> WallState:
    """Wall 'main': the given tiles on monitor 0; further monitors show the same layout, untouched."""
    others = (MonitorState(index=i, layout="grid", tiles=(TOUR,)) for i in range(1, monitors))
    return WallState(name="main", title="Tường", monitors=(MonitorState(index=0, layout="grid", tiles=tiles), *others))


def _store(*tiles: TileState, monitors: int = 1) -> WallModel:
    cameras = (CameraInfo(id="phai-ve", name="Nút giao Phai Vệ"),
               CameraInfo(id="huu-nghi", name="Cửa khẩu Hữu Nghị"))
    alert = Alert(id=41, category=AlertCategory.TRAFFIC, severity=Severity.CRITICAL, area="Cao Lộc",
                  title="Tai nạn giao thông trên QL1A", camera="huu-nghi", state=AlertState.NEW,
                  created_at=utc_now() - timedelta(minutes=3), occurred_at=utc_now() - timedelta(minutes=3))
    store = WallModel()
    store.apply_snapshot(Snapshot(seq=1, walls=(_wall(*tiles, monitors=monitors),), cameras=cameras,
                                  layouts=(LAYOUT,), alerts=(alert,), series=(), latest=()))
    store.set_connected(True, "", utc_now())
    return store


def _scene(width: int = 640, height: int = 360) -> QImage:
    """A stand-in camera picture (sky over a grey road), so the banner is judged over a picture, not black."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    sky = QLinearGradient(0, 0, 0, height)
    sky.setColorAt(0, QColor("#6d8fb3"))
    sky.setColorAt(1, QColor("#50555c"))
    painter.fillRect(image.rect(), sky)
    painter.fillRect(QRect(0, height * 2 // 3, width, height // 3), QColor("#3b3e42"))
    painter.end()
    return image


def _window(qtbot, store: WallModel, monitor: int = 0) -> WallWindow:
    window = WallWindow(TileContext(store, "http://127.0.0.1:9"), "main", monitor)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    return window


def _rim(tile: VideoTile) -> QImage:
    """The strip where the alarm border goes (its width, along the top and left edges) - the banner excluded."""
    image = tile.grab().toImage()
    bw = tile.alarm_border_width()
    top = image.copy(0, 0, image.width(), bw)
    left = image.copy(0, image.height() // 2, bw, image.height() // 2)
    strip = QImage(top.width() + left.height(), bw, QImage.Format.Format_RGB32)
    painter = QPainter(strip)
    painter.drawImage(0, 0, top)
    painter.drawImage(top.width(), 0, left.transformed(QTransform().rotate(90)))
    painter.end()
    return strip


def test_alarm_tile_flashes_shows_the_banner_and_clears_at_once(qtbot, monkeypatch):
    """In alarm: a flashing red border and a banner with severity, title, area and age; cleared: a normal tile."""
    store = _store(TOUR, ALARM)
    window = _window(qtbot, store)
    tile = window.tiles["video-9"]
    other = window.tiles["tour"]
    assert isinstance(tile, VideoTile) and isinstance(other, VideoTile)
    for widget in (tile, other):
        monkeypatch.setattr(widget.frames, "latest", _scene)
        widget._foreign_frames = -1  # a frame of its own camera came (none of another's before it)
    assert tile.alarm == 41 and tile.camera == "huu-nghi"
    banner = tile.banner()
    assert banner is not None
    assert banner.headline == "BÁO ĐỘNG · KHẨN CẤP" and banner.title == "Tai nạn giao thông trên QL1A"
    assert banner.detail.startswith("Cao Lộc · ") and banner.detail.endswith("3 phút trước")
    # The flash: the timer runs only on the tile in alarm, and the border goes bright and dim.
    assert tile._flash.isActive() and not other._flash.isActive()
    qtbot.waitUntil(lambda: tile.flash_on, timeout=1000)
    bright = tile.grab().toImage()
    assert colour_share(_rim(tile), theme.ALARM, tolerance=30) > 0.9
    qtbot.waitUntil(lambda: not tile.flash_on, timeout=1000)
    assert colour_share(_rim(tile), theme.ALARM_DIM, tolerance=30) > 0.9
    assert colour_share(_rim(other), theme.ALARM, tolerance=60) == 0
    # The banner: white text on dark red across the top, well under half the picture.
    box = tile.banner_rect(tile.rect())
    assert box.height() <= tile.height() // 3 and box.width() > tile.width() * 0.9
    inside = bright.copy(box)
    assert colour_share(inside, QColor(150, 24, 14), tolerance=120) > 0.5
    assert colour_share(inside, theme.TEXT, tolerance=60) > 0.01, "the banner's text"
    below = bright.copy(QRect(0, box.bottom() + 40, bright.width(), bright.height() // 3))
    assert colour_share(below, QColor("#5f7391"), tolerance=80) > 0.3, "the picture stays visible below the banner"
    SHOTS.mkdir(parents=True, exist_ok=True)
    bright.save(str(SHOTS / "tile-alarm.png"))
    window.grab().save(str(SHOTS / "window-alarm.png"))
    store.apply(WallDelta(seq=2, wall=_wall(TOUR, NORMAL)))
    assert tile.alarm is None and tile.banner() is None and not tile._flash.isActive()
    assert tile.camera == "phai-ve"
    tile._foreign_frames = -1  # the restored camera's first frame came
    cleared = tile.grab().toImage()
    assert colour_share(_rim(tile), theme.ALARM, tolerance=60) == 0
    assert colour_share(_rim(tile), theme.ALARM_DIM, tolerance=30) == 0
    assert colour_share(cleared.copy(box), QColor(150, 24, 14), tolerance=60) == 0, "no banner left"
    cleared.save(str(SHOTS / "tile-cleared.png"))
    window.release()


class _Clock:
    """A monotonic clock the test moves by hand (the tour counts seconds of it)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> _Clock:
    fake = _Clock()
    monkeypatch.setattr(video_tile, "time", SimpleNamespace(monotonic=fake.monotonic))
    return fake


def test_tour_waits_while_its_monitor_has_an_alarm_and_resumes_without_jumping(qtbot, clock):
    """A 5 s tour moves on its own, stays put through a minute of alarm, and moves again 5 s of showing later."""
    store = _store(TOUR, NORMAL)
    window = _window(qtbot, store)
    tour = window.tiles["tour"]
    assert isinstance(tour, VideoTile) and tour.camera == "phai-ve"
    clock.now += 5.5
    window.tick()
    assert tour.camera == "huu-nghi", "the tour moves without an alarm"
    clock.now += 1.0  # 1 s of the 5 s dwell shown when the alarm pops
    store.apply(WallDelta(seq=2, wall=_wall(TOUR, ALARM)))
    assert tour.tour_waiting() and not window.tiles["video-9"].tour_waiting()  # type: ignore[attr-defined]
    for _ in range(12):
        clock.now += 5.0
        window.tick()
        assert tour.camera == "huu-nghi"
    paused_shot = window.grab()
    store.apply(WallDelta(seq=3, wall=_wall(TOUR, NORMAL)))
    assert not tour.tour_waiting()
    window.tick()
    assert tour.camera == "huu-nghi", "no jump when the alarm clears"
    clock.now += 3.9
    window.tick()
    assert tour.camera == "huu-nghi"
    clock.now += 0.2
    window.tick()
    assert tour.camera == "phai-ve", "the tour goes on with the dwell it had left"
    SHOTS.mkdir(parents=True, exist_ok=True)
    paused_shot.save(str(SHOTS / "window-tour-paused.png"))
    window.release()


def test_an_alarm_on_another_monitor_does_not_pause_this_one(qtbot, clock):
    """Monitor 1's tour keeps moving while monitor 0 shows an alarm."""
    store = _store(TOUR, ALARM, monitors=2)
    window = _window(qtbot, store, monitor=1)
    tour = window.tiles["tour"]
    assert isinstance(tour, VideoTile) and not tour.tour_waiting()
    clock.now += 5.5
    window.tick()
    assert tour.camera == "huu-nghi"
    window.release()


def test_alert_list_marks_the_alert_on_the_wall(qtbot):
    """The alert shown as an alarm gets a red 'TRÊN TƯỜNG' pill; when the alarm clears the pill goes."""
    store = _store(TOUR, ALARM)
    other = Alert(id=42, category=AlertCategory.CYBER, severity=Severity.INFO, title="Quét cổng", state=AlertState.NEW,
                  created_at=utc_now())
    store.apply(AlertDelta(seq=2, alert=other))
    tile = AlertsTile(store.monitor_tiles("main", 0)[1][2], TileContext(store, "http://127.0.0.1:9"))
    qtbot.addWidget(tile)
    tile.resize(1200, 300)
    tile.show()
    assert tile.alarm_ids() == {41}
    marked = tile.grab().toImage()
    SHOTS.mkdir(parents=True, exist_ok=True)
    marked.save(str(SHOTS / "alerts-on-wall.png"))
    # Only the critical row's 6 px bar is red without the pill; the pill adds clearly more.
    store.apply(WallDelta(seq=3, wall=_wall(TOUR, NORMAL)))
    assert tile.alarm_ids() == set()
    plain = tile.grab().toImage()
    assert colour_share(marked, theme.ALARM) > 5 * colour_share(plain, theme.ALARM) + 0.003
    tile.release()
