"""Zones: point in polygon (concave ones and edges too), the zones a box stands in, the zones' mask."""

from __future__ import annotations

import numpy as np

from server.detection.settings import Zone
from server.detection.types import Box
from server.detection.zones import point_in_polygon, zone_mask, zones_of

# A "U": two arms going up from a base, with a notch between them that is outside.
U_SHAPE = [(0.1, 0.1), (0.3, 0.1), (0.3, 0.6), (0.7, 0.6), (0.7, 0.1), (0.9, 0.1), (0.9, 0.9), (0.1, 0.9)]
TRIANGLE = [(0.5, 0.1), (0.9, 0.9), (0.1, 0.9)]


def test_points_inside_and_outside_a_concave_polygon():
    """Both arms and the base of the U are inside; the notch between the arms and the outside are not."""
    assert point_in_polygon(0.2, 0.3, U_SHAPE)
    assert point_in_polygon(0.8, 0.3, U_SHAPE)
    assert point_in_polygon(0.5, 0.8, U_SHAPE)
    assert not point_in_polygon(0.5, 0.3, U_SHAPE)
    assert not point_in_polygon(0.05, 0.5, U_SHAPE)
    assert not point_in_polygon(0.95, 0.5, U_SHAPE)


def test_a_ray_through_vertices_counts_once():
    """A point level with the U's inner corners (y = 0.6) is classified right on either side of them."""
    assert point_in_polygon(0.2, 0.6, U_SHAPE)
    assert point_in_polygon(0.5, 0.61, U_SHAPE)
    assert not point_in_polygon(0.5, 0.59, U_SHAPE)
    assert not point_in_polygon(0.05, 0.6, U_SHAPE)


def test_edges_and_corners_are_inside():
    """Standing on the line counts as in the zone, on straight, slanted and inner edges and at corners."""
    assert point_in_polygon(0.5, 0.9, U_SHAPE)
    assert point_in_polygon(0.1, 0.5, U_SHAPE)
    assert point_in_polygon(0.5, 0.6, U_SHAPE)
    assert point_in_polygon(0.3, 0.1, U_SHAPE)
    assert point_in_polygon(0.7, 0.5, TRIANGLE)
    assert point_in_polygon(0.5, 0.1, TRIANGLE)


def test_zones_of_uses_the_foot_point():
    """A box whose bottom centre is in a zone is in it, however much of the box sticks out above."""
    gate = Zone(name="gate", points=[(0.4, 0.7), (0.6, 0.7), (0.6, 1.0), (0.4, 1.0)])
    yard = Zone(name="yard", points=[(0.0, 0.0), (1.0, 0.0), (1.0, 0.5), (0.0, 0.5)])
    standing_at_gate = Box(0.45, 0.2, 0.55, 0.8)
    assert zones_of(standing_at_gate, [gate, yard]) == frozenset({"gate"})
    assert zones_of(Box(0.1, 0.1, 0.2, 0.4), [gate, yard]) == frozenset({"yard"})
    assert zones_of(Box(0.8, 0.6, 0.9, 0.9), [gate, yard]) == frozenset()


def test_no_zones_means_no_mask():
    """Without zones the whole picture matters: no mask."""
    assert zone_mask([], 160, 90) is None


def test_zone_mask_matches_the_polygon_without_margin():
    """With no margin, the mask is exactly the pixel centres the polygon contains."""
    zone = Zone(name="u", points=U_SHAPE)
    width, height = 80, 45
    mask = zone_mask([zone], width, height, margin=0)
    assert mask is not None and mask.shape == (height, width) and mask.dtype == np.bool_
    expected = np.array([[point_in_polygon((i + 0.5) / width, (j + 0.5) / height, U_SHAPE) for i in range(width)]
                         for j in range(height)])
    assert (mask == expected).all()
    assert not mask[int(0.3 * height), int(0.5 * width)]  # the notch


def test_zone_mask_margin_grows_the_zones_and_nothing_far_away():
    """The margin covers the polygon and a band around it; pixels far from every zone stay out."""
    small = Zone(name="small", points=[(0.4, 0.4), (0.6, 0.4), (0.6, 0.6), (0.4, 0.6)])
    corner = Zone(name="corner", points=[(0.0, 0.0), (0.1, 0.0), (0.0, 0.1)])
    width, height = 100, 100
    exact = zone_mask([small, corner], width, height, margin=0)
    grown = zone_mask([small, corner], width, height, margin=0.05)
    assert exact is not None and grown is not None
    assert (grown >= exact).all()
    assert exact[50, 50] and exact[2, 2]
    assert grown[50, 37] and grown[63, 50] and not exact[50, 37]  # within 0.05 of an edge
    assert not grown[50, 30] and not grown[90, 90] and not grown[50, 5]
    assert grown.sum() > exact.sum()
