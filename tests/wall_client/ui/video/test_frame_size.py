"""A video tile's frames come at the size it paints them, so that painting is a plain copy, and show the whole
picture all along. I420 frames (the C sink's default) are converted at the painted size, a new size from the next
frame on. libVLC's RV32 frames (IOCWALL_FRAME_SINK=c-rv32 or python) it scales when that size is a quarter of the
stream's or less (player.py frame_size); resized, the tile starts its stream again at the new size once the resize
has settled."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from server.demo.clips import ensure_clip, read_frame_code
from wall_client.model.wall_model import TileView, WallModel
from wall_client.ui.console.preview import CameraPreview
from wall_client.ui.tiles.base import TileContext
from wall_client.ui.video import video_tile
from wall_client.ui.video.video_tile import VideoTile
from wall_protocol.common import utc_now
from wall_protocol.entities import CameraInfo, MediaLink, StreamStatus, TileKind
from wall_protocol.tiles import make_tile


def _store(clip: Path, size: tuple[int, int] | None) -> WallModel:
    store = WallModel()
    store.cameras = {"ga": CameraInfo(id="ga", name="Ga Đồng Đăng")}
    store.update_media([MediaLink(camera="ga", stream="main", url=clip.as_uri())])
    if size is not None:  # the relay's report of the stream
        store.streams[("ga", "main")] = StreamStatus(camera="ga", stream="main", state="live",
                                                     width=size[0], height=size[1])
    return store


@pytest.fixture(params=["c-i420", "c-rv32", "python"])
def sink(request, monkeypatch) -> str:
    """The tiles' frames in the C sink (I420 converted at the painted size, the default, or RV32) or in the Python sink (RV32)."""
    monkeypatch.setenv("IOCWALL_FRAME_SINK", request.param)
    return str(request.param)


@pytest.fixture
def clip(tmp_path: Path) -> Path:
    return ensure_clip(tmp_path, "ga", title="Ga Đồng Đăng", width=640, height=360, seconds=12, scene="traffic")


def _tile(qtbot, store: WallModel, size: tuple[int, int]) -> VideoTile:
    view = TileView(make_tile(id="v", kind=TileKind.VIDEO, col=0, row=0, props={"camera": "ga"}), None)
    widget = VideoTile(view, TileContext(store, "http://127.0.0.1:9"))
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    return widget


def _frame_size(tile: VideoTile) -> tuple[int, int] | None:
    image = tile.frames.latest()
    return (image.width(), image.height()) if image is not None else None


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    w, h, line = image.width(), image.height(), image.bytesPerLine()
    # Copied: the array must not outlive the converted image under it (a dangling read made this test flaky).
    return np.frombuffer(image.constBits(), np.uint8, count=line * h).reshape(h, line)[:, : w * 4].reshape(h, w, 4).copy()


def _shows_the_whole_picture(tile: VideoTile) -> bool:
    """The newest frame holds the whole picture (the frame number burned into its bottom rows reads), and the
    tile shows that frame over its whole area (compared away from the labels, in the middle band)."""
    frame = tile.frames.latest()
    assert frame is not None
    frame = frame.copy()
    if read_frame_code(_pixels(frame)[..., 1]) is None:
        return False
    shown = _pixels(tile.grab().toImage())
    expected = _pixels(frame.scaled(tile.width(), tile.height()))
    band = slice(tile.height() // 4, tile.height() * 3 // 4)
    return float(np.abs(shown[band, :, :3].astype(int) - expected[band, :, :3]).mean()) < 8.0


def _tick_until(qtbot, tile: VideoTile, size: tuple[int, int]) -> None:
    """Tick as the window does, as if the resize were NEW_SIZE_AFTER_S old and no other tile had just started
    again, until the frames come at `size`. (A tick starts the stream again only while its frames flow: on a busy
    machine one tick may fall between two frames more than FRAME_DUE_S apart.)"""

    def ticked() -> bool:
        tile._resized_at = min(tile._resized_at, time.monotonic() - video_tile.NEW_SIZE_AFTER_S)
        video_tile._next_new_size_at = 0.0
        tile.tick(utc_now())
        return _frame_size(tile) == size

    qtbot.waitUntil(ticked, timeout=10_000)


@contextmanager
def _small(qtbot, clip: Path, monkeypatch, sink: str) -> Iterator[VideoTile]:
    """A 6×6 wall's tile (320×180) whose stream the relay reports as 640×360, its frames in `sink`."""
    monkeypatch.setenv("IOCWALL_FRAME_SINK", sink)
    widget = _tile(qtbot, _store(clip, (640, 360)), (320, 180))
    try:
        assert widget.frames.in_c == (sink != "python"), "the C frame sink is not built (build_sink.py)"
        yield widget
    finally:
        widget.release()


@pytest.fixture
def small(qtbot, clip: Path, monkeypatch, sink: str) -> Iterator[VideoTile]:
    with _small(qtbot, clip, monkeypatch, sink) as widget:
        yield widget


def test_a_small_tiles_first_frames_come_at_its_painted_size(qtbot, small: VideoTile):
    """Sized before its stream started, the tile gets 320×180 frames from the start, and they show the whole
    picture, painted over the whole tile."""
    qtbot.waitUntil(small.frames_flowing, timeout=10_000)
    assert _frame_size(small) == (320, 180)
    assert _shows_the_whole_picture(small)


def test_a_tile_made_larger_gets_i420_frames_of_its_new_size_at_once(qtbot, clip: Path, monkeypatch):
    """I420: enlarged to 480×270, the tile's next frame is converted at 480×270; no new start, none wanted."""
    with _small(qtbot, clip, monkeypatch, "c-i420") as small:
        qtbot.waitUntil(small.frames_flowing, timeout=10_000)
        url, started = small.frames.url, small.started_at
        small.resize(480, 270)
        qtbot.waitUntil(lambda: _frame_size(small) == (480, 270), timeout=5_000)
        small.tick(utc_now())
        assert not small.frames.wants_new_size() and (small.frames.url, small.started_at) == (url, started)
        assert _shows_the_whole_picture(small)


@pytest.mark.parametrize("rv32_sink", ["c-rv32", "python"])
def test_a_tile_made_larger_starts_again_at_the_streams_size(qtbot, clip: Path, monkeypatch, rv32_sink: str):
    """RV32: enlarged to 480×270 (more than a quarter of the stream), Qt scales the small frames until the resize has
    settled; the next tick then starts the stream again, and frames come at 640×360."""
    with _small(qtbot, clip, monkeypatch, rv32_sink) as small:
        qtbot.waitUntil(small.frames_flowing, timeout=10_000)
        small.resize(480, 270)
        small.grab()
        assert _frame_size(small) == (320, 180)
        small.tick(utc_now())  # too soon after the resize: no new start yet
        assert _frame_size(small) == (320, 180) and small.frames.wants_new_size()
        _tick_until(qtbot, small, (640, 360))
        assert not small.frames.wants_new_size()
        assert _shows_the_whole_picture(small)


def test_a_tile_whose_stream_size_is_unknown_gets_there_after_its_first_frames(qtbot, clip: Path, sink: str):
    """No size from the relay: the first frames come at libVLC's own size (a buffer taller than the picture, which
    libVLC scales each picture to); the tile, having painted one, knows the picture's, and its frames come at the
    painted size (I420: converted at it; RV32: after the settling tick, by a new start at it)."""
    widget = _tile(qtbot, _store(clip, None), (320, 180))
    try:
        qtbot.waitUntil(widget.frames_flowing, timeout=10_000)
        first = _frame_size(widget)
        assert first is not None and (first[0] == 640 or sink == "c-i420")  # I420: the tile may have painted already
        widget.grab()  # a paint: the tile tells the player its painted size
        _tick_until(qtbot, widget, (320, 180))

        def settled() -> bool:
            widget._resized_at = min(widget._resized_at, time.monotonic() - video_tile.NEW_SIZE_AFTER_S)
            video_tile._next_new_size_at = 0.0
            widget.tick(utc_now())
            return not widget.frames.wants_new_size() and _frame_size(widget) == (320, 180)  # and stays so

        qtbot.waitUntil(settled, timeout=10_000)
        assert _shows_the_whole_picture(widget)
    finally:
        widget.release()


def test_the_console_preview_keeps_the_streams_size(qtbot, clip: Path, sink: str):
    """The console's preview, small as it is, keeps 640×360 frames: they are its camera screenshots."""
    widget = CameraPreview(TileContext(_store(clip, (640, 360)), "http://127.0.0.1:9"))
    qtbot.addWidget(widget)
    widget.setMinimumHeight(0)
    widget.resize(240, 135)
    widget.show()
    widget.show_camera("ga")
    try:
        qtbot.waitUntil(widget.frames_flowing, timeout=10_000)
        widget.grab()
        assert _frame_size(widget) == (640, 360) and not widget.frames.wants_new_size()
    finally:
        widget.release()
