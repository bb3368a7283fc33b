"""The layout writer (tomli-w): every shipped layout and any text a tile holds read back the same; defaults stay out."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wall_client.model.layout_toml import check_toml_value, dumps_layout
from wall_protocol.entities import Layout

SHIPPED = sorted((Path(__file__).resolve().parents[3] / "server" / "layouts").glob("*.toml"))


def _layout(props: dict, title: str = "") -> Layout:
    tile = {"id": "a", "kind": "text", "col": 0, "row": 0, "title": title, "props": props}
    return Layout.model_validate({"id": "x", "name": "Thử", "cols": 1, "rows": 1, "tiles": [tile]})


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_layout_reads_back_equal(path: Path):
    """Each file of server/layouts, loaded, written and loaded again, is the same layout."""
    layout = Layout.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    assert Layout.model_validate(tomllib.loads(dumps_layout(layout))) == layout


@given(st.text(max_size=300), st.text(max_size=200), st.booleans())
def test_any_text_a_tile_holds_reads_back_unchanged(text, title, bold):
    """Quotes, control characters, diacritics and newlines in a text tile and a title survive the file."""
    try:
        layout = _layout({"text": text, "bold": bold}, title=title)
    except ValueError:  # text the model refuses (too long once stripped, …) is not a layout to write
        return
    assert Layout.model_validate(tomllib.loads(dumps_layout(layout))) == layout


def test_defaults_are_left_out_and_vietnamese_stays_readable():
    """Span 1, an empty title and default settings are not written; diacritics are UTF-8, a newline is an escape."""
    text = dumps_layout(_layout({}), comment="Bố cục thử\nhai dòng")
    assert text.startswith("# Bố cục thử\n# hai dòng\nid = \"x\"\nname = \"Thử\"\n")
    assert '{ id = "a", kind = "text", col = 0, row = 0 }' in text
    assert not any(word in text for word in ("col_span", "row_span", "title", "props", "bold"))
    titled = dumps_layout(_layout({"text": "Lạng Sơn"}, title="a\nb"))
    assert 'title = "a\\nb"' in titled and 'text = "Lạng Sơn"' in titled


def test_null_and_huge_integers_are_refused_with_where_they_are():
    """TOML has no null and 64-bit integers: the error names the key instead of writing a broken file."""
    with pytest.raises(ValueError, match=r"tiles\[0\]\.props\.camera: TOML has no null"):
        check_toml_value({"tiles": [{"props": {"camera": None}}]}, "")
    with pytest.raises(ValueError, match=r"n\[1\]: 18446744073709551616 does not fit a TOML integer"):
        check_toml_value({"n": [1, 2**64]}, "")
