"""The canvas of a span: monitor viewports with the bezels between them, and tiles cut at the seams."""

from __future__ import annotations

import pytest

from wall_client.model.span_geometry import Box, SpanGeometry, grid_cell
from wall_protocol.spans import Bezel, MonitorBezel, Span

FULL_HD = (1920, 1080)


def test_a_2x2_wall_of_equal_panels_puts_both_bezels_between_pictures() -> None:
    """Four 1920×1080 panels with 12 px frames: seams 24 px wide, canvas = pictures + seams."""
    span = Span(monitors=((0, 1), (2, 3)), bezel=Bezel(left=12, right=12, top=12, bottom=12))
    geometry = SpanGeometry.build(span, dict.fromkeys(range(4), FULL_HD), FULL_HD)
    assert (geometry.width, geometry.height) == (2 * 1920 + 24, 2 * 1080 + 24)
    assert geometry.viewports == {0: Box(0, 0, 1920, 1080), 1: Box(1944, 0, 1920, 1080),
                                  2: Box(0, 1104, 1920, 1080), 3: Box(1944, 1104, 1920, 1080)}


def test_millimetres_and_one_thicker_frame() -> None:
    """Bezels in mm go through the pixel pitch; one monitor's own left frame widens only its seam."""
    span = Span(monitors=((0, 1, 2),), unit="mm", pixel_pitch_mm=0.5, bezel=Bezel(left=3, right=3),
                bezels=(MonitorBezel(monitor=2, left=5, right=3),))
    geometry = SpanGeometry.build(span, {}, (1000, 500))  # no sizes known: every monitor is the default
    xs = [geometry.viewports[m].x for m in (0, 1, 2)]
    assert xs == [0, 1012, 2028]  # 6 mm + 6 mm = 12 px, then 6 mm + 10 mm = 16 px
    assert geometry.width == 3028 and geometry.height == 500


def test_a_tile_across_the_seam_is_cut_where_the_bezel_is() -> None:
    """A tile over the whole canvas lands in each window at minus that window's place; the seam is in none."""
    span = Span(monitors=((0, 1), (2, 3)), bezel=Bezel(left=10, right=10, top=10, bottom=10))
    geometry = SpanGeometry.build(span, dict.fromkeys(range(4), (800, 600)), (800, 600))
    whole = grid_cell(geometry.canvas(), 2, 2, 0, 0, 2, 2)
    assert geometry.in_window(3, whole) == Box(-820, -620, 1620, 1220)
    # A point on the canvas drawn in two windows: same canvas point, each window's own offset.
    left_half = grid_cell(geometry.canvas(), 2, 2, 0, 0, 1, 1)  # 810 wide: its last 10 px are behind the bezel
    assert left_half.right == pytest.approx(810)
    assert geometry.shows(0, left_half) and not geometry.shows(1, left_half) and not geometry.shows(3, left_half)


def test_monitors_of_different_sizes_hang_in_columns() -> None:
    """A smaller panel sits at its column's left; the canvas spans the widest row and the tallest column."""
    span = Span(monitors=((0, 1), (2, 3)))
    sizes = {0: (1920, 1080), 1: (1920, 1080), 2: (1280, 720), 3: (1920, 1080)}
    geometry = SpanGeometry.build(span, sizes, FULL_HD)
    assert geometry.viewports[2] == Box(0, 1080, 1280, 720) and geometry.viewports[3] == Box(1920, 1080, 1920, 1080)
    assert (geometry.width, geometry.height) == (3840, 2160)


def test_rounding_keeps_neighbours_touching() -> None:
    """Whole-pixel rectangles of neighbouring cells share their edge (no hairline between tiles)."""
    area = Box(0, 0, 1000, 100)
    cells = [grid_cell(area, 3, 1, c, 0, 1, 1).rounded() for c in range(3)]
    assert [c[0] + c[2] for c in cells[:-1]] == [c[0] for c in cells[1:]]


def test_the_banner_takes_the_top_of_the_canvas() -> None:
    """canvas(top) keeps the banner's height free at the top of the whole span."""
    geometry = SpanGeometry.build(Span(monitors=((0, 1),)), {}, (5, 100))
    assert geometry.canvas(top=30) == Box(0, 30, 10, 70)
