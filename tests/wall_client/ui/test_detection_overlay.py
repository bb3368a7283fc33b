"""Detection overlays on a video tile playing a real clip through libVLC: boxes and zones where the picture is."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage

from server.demo.clips import ensure_clip
from tests.support.pixels import colour_share
from wall_client.model.wall_model import TileView, WallModel
from wall_client.ui import theme
from wall_client.ui.tiles.base import TileContext
from wall_client.ui.video import video_tile
from wall_client.ui.video.video_tile import VideoTile
from wall_protocol.common import utc_now
from wall_protocol.detection import DetectionOverlay, OverlayBox, OverlayZone
from wall_protocol.entities import CameraInfo, MediaLink, TileKind
from wall_protocol.messages import OverlayDelta
from wall_protocol.tiles import make_tile

SCREENSHOT = Path("/tmp/overlay_tile.png")
# A 16:9 clip in a 1000×450 tile: the picture is 800×450 with 100 px black bars left and right.
TILE_SIZE = (1000, 450)
PICTURE = QRect(100, 0, 800, 450)
PERSON = OverlayBox(label="person", score=0.87, x0=0.25, y0=0.3, x1=0.55, y1=0.8, track=12)
ZONE = OverlayZone(name="cong", title="Cổng chính", points=((0.65, 0.15), (0.95, 0.15), (0.95, 0.6), (0.65, 0.6)))


def _overlay(camera: str = "cong", ttl_s: float = 30.0, *boxes: OverlayBox,
             zones: tuple[OverlayZone, ...] = (ZONE,)) -> OverlayDelta:
    return OverlayDelta(overlay=DetectionOverlay(camera=camera, at=utc_now(), boxes=boxes or (PERSON,),
                                                 zones=zones, ttl_s=ttl_s))


def _show(qtbot, tile: VideoTile, delta: OverlayDelta) -> None:
    """Apply an overlay, then wait until the picture has caught up with it (the tile shows it that much later)."""
    tile.context.store.apply(delta)
    qtbot.wait(round(video_tile.OVERLAY_BEHIND_S * 1000) + 60)


def _view(camera: str) -> TileView:
    return TileView(make_tile(id="v", kind=TileKind.VIDEO, col=0, row=0, props={"camera": camera}), None)


@pytest.fixture
def tile(qtbot, tmp_path: Path) -> Iterator[VideoTile]:
    """A 1000×450 video tile playing a 640×360 clip of camera 'cong' (camera 'bai-xe' plays it too)."""
    clip = ensure_clip(tmp_path, "cam", title="Cổng chính", width=640, height=360, seconds=12, scene="person")
    store = WallModel()
    store.cameras = {c.id: c for c in (CameraInfo(id="cong", name="Cổng chính"),
                                       CameraInfo(id="bai-xe", name="Bãi xe"))}
    store.update_media([MediaLink(camera=camera, stream="main", url=clip.as_uri()) for camera in store.cameras])
    widget = VideoTile(_view("cong"), TileContext(store, "http://127.0.0.1:9"))
    qtbot.addWidget(widget)
    widget.resize(*TILE_SIZE)
    widget.show()
    qtbot.waitUntil(lambda: widget.own_frame() is not None and widget.frames.picture_size() is not None,
                    timeout=10_000)
    yield widget
    widget.release()


def _column(image: QImage, x: int, top: int, bottom: int) -> QImage:
    return image.copy(x - 1, top, 3, bottom - top)


def _box_drawn(tile: VideoTile, colour: QColor = theme.DETECTION_BOX) -> bool:
    """Whether the person's box is on the picture: its left and right edges, mapped into the picture's rectangle."""
    image = tile.grab().toImage()
    left = PICTURE.left() + round(PERSON.x0 * PICTURE.width())
    right = PICTURE.left() + round(PERSON.x1 * PICTURE.width())
    top, bottom = round(PERSON.y0 * PICTURE.height()) + 4, round(PERSON.y1 * PICTURE.height()) - 4
    return all(colour_share(_column(image, x, top, bottom), colour, tolerance=60) > 0.9 for x in (left, right))


def test_boxes_and_zones_are_drawn_where_the_picture_is(qtbot, tile):
    """The box's edges are amber at its place in the letterboxed picture, not in the widget; the zone is tinted."""
    store = tile.context.store
    assert tile.frames.picture_size() == (640, 360)
    qtbot.wait(100)
    before = tile.grab().toImage()
    store.apply(_overlay())
    assert tile.detection_overlay() is None, "not before the picture, which is later than the detector, shows it"
    qtbot.wait(round(video_tile.OVERLAY_BEHIND_S * 1000) + 60)
    assert tile.detection_overlay() is not None
    assert _box_drawn(tile)
    image = tile.grab().toImage()
    # Mapped into the whole widget instead, the left edge would be at x=250 (and the right at 550).
    assert colour_share(_column(image, 250, 150, 340), theme.DETECTION_BOX, tolerance=60) < 0.2
    assert colour_share(image.copy(0, 60, 90, 300), QColor("black"), tolerance=10) > 0.99, "the bars stay black"
    # The zone: outlined in its calm colour, and what is inside it is tinted blue (compared with just before).
    zone_left = PICTURE.left() + round(0.65 * PICTURE.width())
    assert colour_share(_column(image, zone_left, 120, 250), theme.DETECTION_ZONE, tolerance=60) > 0.9
    inside = QRect(zone_left + 20, round(0.35 * PICTURE.height()), 180, 60)
    blue_gain = _mean(image.copy(inside), "blue") - _mean(before.copy(inside), "blue")
    red_gain = _mean(image.copy(inside), "red") - _mean(before.copy(inside), "red")
    assert blue_gain > 10 and blue_gain > red_gain + 10, (blue_gain, red_gain)
    # An object inside a zone with an event: red box in an occupied (red) zone.
    alarming = PERSON.model_copy(update={"in_zone": True})
    _show(qtbot, tile, _overlay("cong", 30.0, alarming, zones=(ZONE.model_copy(update={"occupied": True}),)))
    assert _box_drawn(tile, theme.ALARM)
    assert colour_share(_column(tile.grab().toImage(), zone_left, 120, 250), theme.ALARM, tolerance=60) > 0.9


def _mean(image: QImage, channel: str) -> float:
    values = [getattr(image.pixelColor(x, y), channel)() for y in range(0, image.height(), 3)
              for x in range(0, image.width(), 3)]
    return sum(values) / len(values)


def test_the_overlay_goes_away_when_it_expires_and_when_the_camera_changes(qtbot, tile):
    """An overlay with no newer one is gone after its ttl; after a switch the old camera's boxes never show."""
    store = tile.context.store
    _show(qtbot, tile, _overlay(ttl_s=0.6))
    assert _box_drawn(tile)
    qtbot.waitUntil(lambda: not _box_drawn(tile), timeout=2000)
    assert tile.detection_overlay() is None
    _show(qtbot, tile, _overlay())
    assert _box_drawn(tile)
    tile.view = _view("bai-xe")
    tile.retune()
    assert tile.camera == "bai-xe" and tile.detection_overlay() is None
    qtbot.waitUntil(lambda: tile.own_frame() is not None, timeout=10_000)
    assert not _box_drawn(tile), "camera bai-xe has no overlay of its own"
    assert store.overlays.current("cong") is not None, "the store keeps it: another tile may show 'cong'"


def test_screenshot_of_a_busy_overlay(qtbot, tile):
    """A PNG of a tile with several objects, an occupied zone and a calm one, for a person to judge legibility."""
    boxes = (PERSON, OverlayBox(label="car", score=0.64, x0=0.02, y0=0.55, x1=0.2, y1=0.9, track=3),
             OverlayBox(label="motorcycle", score=0.91, x0=0.72, y0=0.3, x1=0.82, y1=0.5, track=7, in_zone=True),
             OverlayBox(label="forklift", score=0.42, x0=0.4, y0=0.0, x1=0.6, y1=0.2))
    zones = (ZONE.model_copy(update={"occupied": True}),
             OverlayZone(name="bai-xe", title="Bãi xe", points=((0.0, 0.5), (0.22, 0.45), (0.3, 1.0), (0.0, 1.0))))
    _show(qtbot, tile, _overlay("cong", 30.0, *boxes, zones=zones))
    image = tile.grab().toImage()
    assert image.save(str(SCREENSHOT))
    tile.resize(480, 270)  # one tile of a 4×4 grid on a 1080p monitor
    qtbot.waitUntil(lambda: tile.grab().width() == 480, timeout=2000)
    assert tile.grab().toImage().save(str(SCREENSHOT.with_name("overlay_tile_small.png")))


def test_no_boxes_over_a_frozen_picture(qtbot, tile, monkeypatch):
    """When the tile's frames stop (it says 'Mất tín hiệu'), a still-fresh overlay is not drawn over the old picture."""
    _show(qtbot, tile, _overlay())
    assert _box_drawn(tile)
    later = time.monotonic() + video_tile.FROZEN_AFTER_S + 1
    monkeypatch.setattr(video_tile, "time", SimpleNamespace(monotonic=lambda: later))
    assert tile.context.store.overlays.current("cong") is not None
    assert tile.detection_overlay() is None and not _box_drawn(tile)
