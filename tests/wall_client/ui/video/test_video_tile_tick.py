"""A video tile's once-a-second tick on a real clip: a live tile's next frame repaints its clock (no repaint of its
own, which on a 6×6 wall was a burst of 36 paints each second); a tile without frames is repainted by the tick."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from server.demo.clips import ensure_clip
from wall_client.model import formatting
from wall_client.model.wall_model import TileView, WallModel
from wall_client.ui import theme
from wall_client.ui.tiles.base import TileContext
from wall_client.ui.video.label_pixmaps import shared_labels
from wall_client.ui.video.video_tile import VideoTile
from wall_protocol.common import utc_now
from wall_protocol.entities import CameraInfo, MediaLink, TileKind
from wall_protocol.tiles import make_tile


@pytest.fixture
def tile(qtbot, tmp_path: Path) -> Iterator[VideoTile]:
    """A 480×270 tile (a 4×4 wall's) playing a 640×360 clip."""
    clip = ensure_clip(tmp_path, "cam", title="Chợ Đông Kinh", width=640, height=360, seconds=12, scene="traffic")
    store = WallModel()
    store.cameras = {"cho": CameraInfo(id="cho", name="Chợ Đông Kinh")}
    store.update_media([MediaLink(camera="cho", stream="main", url=clip.as_uri())])
    view = TileView(make_tile(id="v", kind=TileKind.VIDEO, col=0, row=0, props={"camera": "cho"}), None)
    widget = VideoTile(view, TileContext(store, "http://127.0.0.1:9"))
    qtbot.addWidget(widget)
    widget.resize(480, 270)
    widget.show()
    qtbot.waitUntil(widget.frames_flowing, timeout=10_000)
    asked: list[int] = []
    widget.repaint_soon = lambda: asked.append(1)  # type: ignore[method-assign]
    widget.asked = asked  # type: ignore[attr-defined]
    yield widget
    widget.release()


def _clock_pixmap_key(tile: VideoTile, shown_at: object) -> int:
    bar_h = max(16, tile.height() // 14)
    return shared_labels().get(formatting.local_time(shown_at), theme.TEXT, bar_h,
                               tile.width() // 3 - 6).pixmap.cacheKey()


def test_a_live_tiles_clock_changes_with_its_next_frame(qtbot, tile: VideoTile):
    """Ticked an hour on, a playing tile asks no repaint; within a few frames its clock shows the new time."""
    later = utc_now() + timedelta(hours=1)
    tile.tick(later)
    assert tile.asked == []  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: tile._changing is not None, timeout=1000)
    assert tile._changing is not None and tile._changing[1].cacheKey() == _clock_pixmap_key(tile, later)


def test_a_tile_without_frames_is_repainted_by_the_tick(qtbot, tile: VideoTile):
    """Its player stopped, nothing else would repaint it: the tick asks (so its badge can say the picture is old)."""
    tile.frames.stop()
    qtbot.waitUntil(lambda: not tile.frames_flowing(), timeout=1000)
    tile.tick(utc_now())
    assert tile.asked == [1]  # type: ignore[attr-defined]


def test_tiles_of_one_size_share_their_clock_label(qtbot, tile: VideoTile):
    """Two tiles showing the same time at the same size draw one pixmap between them (a 6×6 wall: 1, not 36)."""
    view = TileView(make_tile(id="w", kind=TileKind.VIDEO, col=1, row=0, props={}), None)
    other = VideoTile(view, tile.context)
    qtbot.addWidget(other)
    other.resize(tile.size())
    now = utc_now() + timedelta(minutes=7)
    for widget in (tile, other):
        widget.now = now
        widget.refresh_labels()
        widget.grab()  # painted now
    try:
        assert tile._changing is not None and other._changing is not None
        assert tile._changing[1].cacheKey() == other._changing[1].cacheKey() == _clock_pixmap_key(tile, now)
    finally:
        other.release()
