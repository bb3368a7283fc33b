"""Spans in a wall profile: a rectangle of existing monitors, no overlap, bounded bezels, clear errors."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from wall_protocol.entities import WallProfile
from wall_protocol.spans import Bezel, Span, span_of


def _profile(spans: list[dict[str, Any]], layouts: tuple[str, ...] = ("map",) * 4) -> WallProfile:
    return WallProfile.model_validate({
        "name": "main", "title": "Tường chính",
        "monitors": [{"index": i, "layout": layout} for i, layout in enumerate(layouts)],
        "spans": spans,
    })


def _error(spans: list[dict[str, Any]], layouts: tuple[str, ...] = ("map",) * 4) -> str:
    with pytest.raises(ValidationError) as caught:
        _profile(spans, layouts)
    return str(caught.value)


def test_a_2x2_span_in_mm_converts_its_bezels_to_pixels() -> None:
    """A 2×2 span with bezels in mm gives each monitor's edges in pixels through the pixel pitch."""
    profile = _profile([{"monitors": [[0, 1], [2, 3]], "unit": "mm", "pixel_pitch_mm": 0.5,
                         "bezel": {"left": 2, "right": 2, "top": 1.5, "bottom": 1.5},
                         "bezels": [{"monitor": 3, "left": 4}]}])
    span = profile.spans[0]
    assert span.shape == (2, 2) and span.cell(3) == (1, 1) and span.indexes() == (0, 1, 2, 3)
    assert span.bezel_px(0) == Bezel(left=4, right=4, top=3, bottom=3)
    assert span.bezel_px(3) == Bezel(left=8)  # its own edges replace the span's, the others are 0
    assert span_of(profile.spans, 2) is span and span_of(profile.spans, 7) is None


def test_pixels_are_taken_as_they_are() -> None:
    """In px (the default) the bezels are used unchanged."""
    span = Span(monitors=((0, 1),), bezel=Bezel(right=20, left=20))
    assert span.bezel_px(1) == Bezel(left=20, right=20)


@pytest.mark.parametrize(("spans", "expected"), [
    ([{"monitors": [[0, 1], [2]]}], "monitors: every row must have as many monitors"),
    ([{"monitors": [[0]]}], "at least two monitors"),
    ([{"monitors": [[0, 0]]}], "listed twice"),
    ([{"monitors": [[0, 7]]}], "spans.0.monitors: monitor 7 is not in the profile (monitors: 0, 1, 2, 3)"),
    ([{"monitors": [[0, 1]]}, {"monitors": [[1, 2]]}], "spans.1.monitors: monitor 1 is already in span 0"),
    ([{"monitors": [[0, 1]], "unit": "mm"}], "pixel_pitch_mm: bezels in mm need the panels' pixel pitch"),
    ([{"monitors": [[0, 1]], "pixel_pitch_mm": 0.5}], "only used with unit = 'mm'"),
    ([{"monitors": [[0, 1]], "bezel": {"left": 501}}], "bezel.left"),
    ([{"monitors": [[0, 1]], "bezel": {"left": -1}}], "bezel.left"),
    ([{"monitors": [[0, 1]], "bezels": [{"monitor": 2, "left": 3}]}], "bezels.0.monitor: monitor 2 is not in this span"),
    ([{"monitors": [[0, 1]], "bezels": [{"monitor": 1}, {"monitor": 1}]}], "bezels.1.monitor: monitor 1 has two"),
    ([{"monitors": [[0, 1]], "unit": "inch"}], "unit"),
    ([{"monitors": [[0, 1]], "gap": 3}], "gap"),
    ([{"monitors": [[0, 64]]}], "less than or equal to 63"),
])
def test_bad_spans_are_refused_naming_the_field(spans: list[dict[str, Any]], expected: str) -> None:
    """Each mistake in a span is refused with a message that names the field and what is wrong."""
    assert expected in _error(spans)


def test_a_span_shows_one_layout() -> None:
    """The monitors of a span must be given the same layout in the profile."""
    message = _error([{"monitors": [[0, 1]]}], layouts=("map", "cameras-2x2", "map", "map"))
    assert "spans.0: its monitors show one layout" in message and "cameras-2x2, map" in message


def test_a_profile_without_spans_is_unchanged() -> None:
    """Spans are optional: an older profile still reads, with no span."""
    assert _profile([]).spans == ()
