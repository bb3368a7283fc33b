"""The wall profile example in docs/protocol.md (section 13) is a valid profile with the canvas it describes."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from wall_client.model.span_geometry import SpanGeometry
from wall_protocol.entities import WallProfile

DOC = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"


def test_the_documented_2x2_span_is_valid_and_its_seams_are_as_written() -> None:
    """The TOML example reads as a WallProfile; its seams are the 5.7 px and 8.4 px the text gives."""
    section = DOC.read_text(encoding="utf-8").split("## 13. Wall profiles and spans", 1)[1]
    example = re.search(r"```toml\n(.*?)```", section, re.S)
    assert example is not None
    profile = WallProfile.model_validate(tomllib.loads(example.group(1)))
    geometry = SpanGeometry.build(profile.spans[0], {}, (1920, 1080))
    view = geometry.viewports
    assert view[1].x - view[0].right == pytest.approx(5.7, abs=0.05)
    assert view[3].x - view[2].right == pytest.approx(8.4, abs=0.05)
