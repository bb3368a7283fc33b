"""Zones over the picture: which zone an object stands in, and which pixels the motion gate watches.

Coordinates are normalised (0..1 from the left and from the top), as in `settings.Zone`, so a zone
drawn on the main stream also fits the sub stream.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from server.detection.settings import Zone
from server.detection.types import Box

Point = tuple[float, float]

# A foot point this close to an edge counts as on it: float rounding must not decide who is inside.
_EDGE_EPS = 1e-9


def _on_segment(x: float, y: float, a: Point, b: Point) -> bool:
    (ax, ay), (bx, by) = a, b
    cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax)
    if abs(cross) > _EDGE_EPS:
        return False
    return min(ax, bx) - _EDGE_EPS <= x <= max(ax, bx) + _EDGE_EPS and \
        min(ay, by) - _EDGE_EPS <= y <= max(ay, by) + _EDGE_EPS


def point_in_polygon(x: float, y: float, points: Sequence[Point]) -> bool:
    """True when (x, y) is inside the polygon or on its boundary (any simple polygon, concave too).

    The boundary counts as inside: someone standing on the line drawn at a gate is at the gate.
    """
    n = len(points)
    inside = False
    for i in range(n):
        a, b = points[i], points[(i + 1) % n]
        if _on_segment(x, y, a, b):
            return True
        (ax, ay), (bx, by) = a, b
        # Even-odd rule: count the edges a ray going right from the point crosses. The half-open
        # test (one end above, the other not) counts a vertex the ray passes through exactly once.
        if (ay > y) != (by > y):
            x_cross = ax + (y - ay) * (bx - ax) / (by - ay)
            if x < x_cross:
                inside = not inside
    return inside


def zones_of(box: Box, zones: Iterable[Zone]) -> frozenset[str]:
    """Names of the zones the box's foot point (bottom centre: where it stands) is in."""
    fx, fy = box.foot
    return frozenset(z.name for z in zones if point_in_polygon(fx, fy, z.points))


def _polygon_mask(points: Sequence[Point], px: npt.NDArray[np.float64], py: npt.NDArray[np.float64],
                  margin: float) -> npt.NDArray[np.bool_]:
    """Pixels (at normalised centres px, py) inside the polygon or within `margin` of its edges."""
    inside = np.zeros(np.broadcast_shapes(px.shape, py.shape), dtype=np.bool_)
    near = np.zeros_like(inside)
    # Never below the edge tolerance: pixels on the boundary are inside, as in point_in_polygon.
    margin = max(margin, _EDGE_EPS)
    margin_sq = margin * margin
    n = len(points)
    for i in range(n):
        (ax, ay), (bx, by) = points[i], points[(i + 1) % n]
        # Same even-odd crossing test as point_in_polygon, for every pixel at once.
        if ay != by:
            spans = (ay > py) != (by > py)
            x_cross = ax + (py - ay) * ((bx - ax) / (by - ay))
            inside ^= spans & (px < x_cross)
        # Distance from each pixel to the segment: project onto it, clamp to its ends.
        dx, dy = bx - ax, by - ay
        length_sq = dx * dx + dy * dy
        t = np.clip(((px - ax) * dx + (py - ay) * dy) / length_sq, 0.0, 1.0) if length_sq > 0 else 0.0
        near |= (px - (ax + t * dx)) ** 2 + (py - (ay + t * dy)) ** 2 <= margin_sq
    return inside | near


def zone_mask(zones: Sequence[Zone], width: int, height: int, margin: float = 0.05) -> npt.NDArray[np.bool_] | None:
    """A height × width mask of the zones grown by `margin` (normalised), or None for no zones.

    The margin is there because things start moving before their foot crosses a zone's line: someone
    walking up to a gate should already wake the detector. None means the whole picture matters.
    """
    if not zones:
        return None
    px = ((np.arange(width, dtype=np.float64) + 0.5) / width)[np.newaxis, :]
    py = ((np.arange(height, dtype=np.float64) + 0.5) / height)[:, np.newaxis]
    mask = np.zeros((height, width), dtype=np.bool_)
    for zone in zones:
        mask |= _polygon_mask(zone.points, px, py, margin)
    return mask


def motion_area(zones: Sequence[Zone], ignored: Sequence[Sequence[Point]], width: int,
                height: int) -> npt.NDArray[np.bool_] | None:
    """Where change counts as motion: the zones (or the whole picture), minus the ignored polygons.

    Ignored polygons are what moves without mattering: the camera's on-screen clock, a flag, trees.
    """
    area = zone_mask(zones, width, height)
    if not ignored:
        return area
    px = ((np.arange(width, dtype=np.float64) + 0.5) / width)[np.newaxis, :]
    py = ((np.arange(height, dtype=np.float64) + 0.5) / height)[:, np.newaxis]
    if area is None:
        area = np.ones((height, width), dtype=np.bool_)
    for polygon in ignored:
        area &= ~_polygon_mask(polygon, px, py, 0.0)
    return area
