"""A saving tile's still: decoded no larger than its tile needs (libjpeg's scaled decoding), whole otherwise."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QColor, QImage

from wall_client.ui.video.still_tile_mode import decode_still


def _jpeg(width: int, height: int) -> bytes:
    """A JPEG of a picture split into a red left half and a blue right half."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(200, 30, 30))
    for x in range(width // 2, width):
        for y in range(height):
            image.setPixelColor(x, y, QColor(30, 30, 200))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "JPG", 85)
    return bytes(data.data())


def test_a_still_is_decoded_at_the_smallest_scale_that_still_fills_its_tile(qapp):
    """640×360 on a 6×6 wall's 320×180 tile: decoded at half size; on a 4×4 wall's 480×270 tile: whole."""
    jpeg = _jpeg(640, 360)
    half = decode_still(jpeg, QSize(320, 180))
    assert half.size() == QSize(320, 180)
    assert half.pixelColor(40, 90).red() > 150 and half.pixelColor(280, 90).blue() > 150  # the picture, not noise
    assert decode_still(jpeg, QSize(480, 270)).size() == QSize(640, 360)
    assert decode_still(jpeg, QSize(100, 100)).size() == QSize(160, 90)  # a quarter: still as wide as the tile
    assert decode_still(jpeg, QSize()).size() == QSize(640, 360)  # a tile not laid out yet: the whole picture


def test_a_broken_still_decodes_to_nothing(qapp):
    """Bytes that are not a JPEG give a null image (the tile keeps its last still), not an exception."""
    assert decode_still(b"\xff\xd8\xffnot a jpeg", QSize(320, 180)).isNull()
    assert decode_still(b"", QSize(320, 180)).isNull()
