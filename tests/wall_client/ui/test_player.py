"""The libVLC player on a real H.264 clip: frames of the stream's own size, never squeezed or cropped."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from server.demo.clips import ensure_clip, read_frame_code
from wall_client.ui.video.player import VlcFrames


def _frame_code(image: QImage) -> int | None:
    """The frame number burned into the clip's bottom-left corner, read from the green channel."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    w, h, line = image.width(), image.height(), image.bytesPerLine()
    rows = np.frombuffer(image.constBits(), np.uint8, count=line * h).reshape(h, line)
    return read_frame_code(rows[:, 1 : w * 4 : 4])


def _play(qtbot, clip: Path, size: tuple[int, int] | None) -> tuple[QImage, tuple[int, int] | None]:
    frames = VlcFrames()
    try:
        frames.play(str(clip), size=size)
        qtbot.waitUntil(lambda: frames.frames >= 10, timeout=10_000)
        image = frames.latest()
        assert image is not None
        return image.copy(), frames.picture_size()
    finally:
        frames.release()


def test_frames_come_at_the_size_asked_for(qtbot, tmp_path):
    """Told the stream is 640×360, libVLC hands over 640×360 frames whose bottom rows (the frame code) are there."""
    clip = ensure_clip(tmp_path, "clip", title="Cửa khẩu Hữu Nghị", width=640, height=360, seconds=2, scene="traffic")
    image, picture = _play(qtbot, clip, (640, 360))
    assert (image.width(), image.height()) == (640, 360)
    assert picture == (640, 360)
    assert _frame_code(image) is not None


def test_without_the_size_the_whole_picture_is_kept_at_its_aspect(qtbot, tmp_path):
    """Not told the size, libVLC fills a taller buffer; drawn at the picture's aspect, nothing is cut off."""
    clip = ensure_clip(tmp_path, "clip", title="Cửa khẩu Hữu Nghị", width=640, height=360, seconds=2, scene="traffic")
    image, picture = _play(qtbot, clip, None)
    assert picture == (640, 360)
    assert image.height() >= 360  # libVLC 3 offers the 16-line-aligned buffer (or taller), not the picture
    shown = image.scaled(*picture, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
    assert _frame_code(shown) is not None
