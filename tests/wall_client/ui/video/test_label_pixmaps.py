"""A video tile's badge: fitted to the tile, so that a lost camera's picture age is still read on a narrow tile."""

from __future__ import annotations

from wall_client.model import formatting
from wall_client.model.i18n import translate
from wall_client.ui import theme
from wall_client.ui.video.label_pixmaps import LabelPixmaps

QUARTER_OF_1080P = 1920 // 4 - 12
"""The badge's room on a tile of a 4-column wall on a 1080p monitor (6 px inside each edge)."""


def _lost_badge() -> str:
    return translate("VideoTile", "Mất tín hiệu camera · hình cách đây {age} · đang kết nối lại").format(
        age=formatting.age(12))


def test_a_lost_cameras_badge_keeps_its_age_on_a_quarter_width_tile(qapp):
    """The long 'signal lost · picture from 12 s ago · reconnecting' badge shrinks instead of losing its age."""
    text = _lost_badge()
    label = LabelPixmaps().get(text, theme.ALARM, 540 // 14, QUARTER_OF_1080P)
    assert label.shown == text
    assert "12" in label.shown
    assert label.pixmap.width() <= QUARTER_OF_1080P


def test_a_badge_too_long_even_in_small_letters_is_cut_and_says_so(qapp):
    """On a tiny tile the badge is cut with '…' rather than drawn past the tile."""
    text = _lost_badge()
    label = LabelPixmaps().get(text, theme.ALARM, 20, 150)
    assert label.shown != text and label.shown.endswith("…")
    assert label.pixmap.width() <= 150
