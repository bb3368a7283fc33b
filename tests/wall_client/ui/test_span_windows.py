"""A layout spanning four monitor windows, offscreen: one decode, each window its part, the seams hidden."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from tests.support.line_clip import line_points, render_line_clip, window_offsets
from tests.support.shots import shots_dir
from wall_client.model.wall_model import WallModel
from wall_client.ui.tiles.base import TileContext
from wall_client.ui.video.span_video import SpanVideos, SpanVideoView
from wall_client.ui.wall_window import WallWindow
from wall_protocol.common import utc_now
from wall_protocol.entities import CameraInfo, Layout, MediaLink, MonitorState, TileKind, WallState
from wall_protocol.messages import Snapshot
from wall_protocol.spans import Bezel, Span
from wall_protocol.tiles import make_tile

SHOTS = shots_dir("screens")
MONITOR = (800, 450)
SPAN = Span(monitors=((0, 1), (2, 3)), bezel=Bezel(left=15, right=15, top=15, bottom=15))


def _store(clip: Path) -> WallModel:
    layout = Layout(id="big-picture", name="Một hình", cols=4, rows=5, tiles=(
        make_tile(id="picture", kind=TileKind.VIDEO, col=0, row=0, col_span=4, row_span=4,
                  props={"camera": "line"}),
        make_tile(id="clock", kind=TileKind.CLOCK, col=0, row=4, col_span=1),
        make_tile(id="note", kind=TileKind.TEXT, col=1, row=4, col_span=3, title="Ghi chú")))
    store = WallModel()
    store.apply_snapshot(Snapshot(
        seq=1, walls=(WallState(name="main", title="Tường", spans=(SPAN,),
                                monitors=tuple(MonitorState(index=i, layout="big-picture") for i in range(4))),),
        cameras=(CameraInfo(id="line", name="Đường chéo"),), layouts=(layout,), alerts=(), series=(), latest=(),
        media=(MediaLink(camera="line", stream="main", url=clip.as_uri()),)))
    store.set_connected(True, "", utc_now())
    return store


def _array(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    data = np.frombuffer(image.constBits(), np.uint8, image.bytesPerLine() * image.height())
    return data.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 3].reshape(
        image.height(), image.width(), 3).copy()


@pytest.fixture
def windows(qtbot, tmp_path: Path) -> list[WallWindow]:
    store = _store(render_line_clip(tmp_path / "line.ts"))
    context = TileContext(store, "http://127.0.0.1:1")
    shown: list[WallWindow] = []
    for monitor in range(4):
        window = WallWindow(context, "main", monitor, peers=lambda: shown)
        qtbot.addWidget(window)
        window.resize(*MONITOR)
        window.show()
        shown.append(window)
    yield shown
    for window in shown:
        window.release()


def test_one_decoder_paints_a_straight_line_across_four_windows(qtbot, windows: list[WallWindow]) -> None:
    """A video over a 2×2 span plays once; its diagonal, sampled in each window and put back with the bezel gap,
    is one straight line (and would not be without the gap)."""
    registry = SpanVideos.of(windows[0].context)
    assert len(registry.playing()) == 1, "one libVLC player for the whole span"
    decoder = registry.playing()[0]
    assert all(isinstance(w.tiles["picture"], SpanVideoView) and w.tiles["picture"].decoder is decoder
               for w in windows)
    qtbot.waitUntil(lambda: decoder.frames.frames >= 10, timeout=15_000)
    qtbot.wait(300)
    geometry = windows[0].span_geometry()
    assert geometry is not None and (geometry.width, geometry.height) == (1630, 930)
    canvas_points: list[list[tuple[float, float]]] = []
    naive_points: list[list[tuple[float, float]]] = []
    for window in windows:
        shot = window.grab().toImage()
        SHOTS.mkdir(parents=True, exist_ok=True)
        shot.save(str(SHOTS / f"span-offscreen-monitor-{window.monitor}.png"))
        viewport = geometry.viewports[window.monitor]
        points = line_points(_array(shot))
        if len(points) > 10:
            canvas_points.append([(x + viewport.x, y + viewport.y) for x, y in points])
            naive_points.append([(x + MONITOR[0] * (viewport.x > 0), y + MONITOR[1] * (viewport.y > 0))
                                 for x, y in points])
    assert len(canvas_points) >= 3, "the line crosses both seams, so it shows in three windows at least"
    offsets = window_offsets(canvas_points)
    assert max(map(abs, offsets)) < 1.0, f"the line must stay straight across the bezels: {offsets}"
    glued = window_offsets(naive_points)
    assert max(map(abs, glued)) > 3.0, f"glued without the bezels, the line would break at the seams: {glued}"
    # The clock (one cell, on monitor 2 only) and the note (three cells, across the seam at the bottom).
    assert not windows[0].tiles["clock"].isVisible() and windows[2].tiles["clock"].isVisible()
    assert windows[2].tiles["note"].isVisible() and windows[3].tiles["note"].isVisible()
    assert windows[3].tiles["note"].x() < 0, "the note's left part is on monitor 2: window 3 shows its right part"


def test_a_maximized_tile_and_a_closed_window_keep_one_decoder(qtbot, windows: list[WallWindow]) -> None:
    """Maximizing covers the whole canvas in every window; the decoder stops only when its last window lets go."""
    windows[1].toggle_maximize("picture")  # a double-click on one window: the whole span follows
    geometry = windows[0].span_geometry()
    assert geometry is not None
    tile = windows[3].tiles["picture"]
    assert (tile.x(), tile.y(), tile.width(), tile.height()) == (-830, -480, 1630, 930)
    registry = SpanVideos.of(windows[0].context)
    decoder = registry.playing()[0]
    for window in windows[:3]:
        window.release()
    assert registry.playing() == [decoder] and decoder.frames.url is not None
    windows[3].release()
    assert registry.playing() == []
