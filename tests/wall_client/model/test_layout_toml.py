"""The layout writer (tomli-w): what a tile's settings can hold reads back the same with tomllib, defaults stay out."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wall_client.model.layout_toml import dumps_layout
from wall_protocol.entities import Layout

scalars = (st.booleans() | st.integers(min_value=-(2**63), max_value=2**63 - 1)
           | st.floats(allow_nan=False) | st.text())
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)


def _layout(props: dict[str, Any], title: str = "") -> Layout:
    tile = {"id": "a", "kind": "text", "col": 0, "row": 0, "title": title, "props": props}
    return Layout.model_validate({"id": "x", "name": "Thử", "cols": 1, "rows": 1, "tiles": [tile]})


@given(st.text(), values)
def test_any_settings_value_and_key_read_back_unchanged(key, value):
    """A layout whose tile holds any JSON value under any key (quotes, controls, diacritics) loads back equal."""
    layout = _layout({key: value})
    assert Layout.model_validate(tomllib.loads(dumps_layout(layout))) == layout


def test_defaults_are_left_out_and_vietnamese_stays_readable():
    """Span 1, an empty title and empty settings are not written; diacritics are UTF-8, a newline is an escape."""
    text = dumps_layout(_layout({}), comment="Bố cục thử\nhai dòng")
    assert text.startswith("# Bố cục thử\n# hai dòng\nid = \"x\"\nname = \"Thử\"\n")
    assert '{ id = "a", kind = "text", col = 0, row = 0 }' in text
    assert not any(word in text for word in ("col_span", "row_span", "title", "props"))
    titled = dumps_layout(_layout({"text": "Lạng Sơn"}, title="a\nb"))
    assert 'title = "a\\nb"' in titled and 'text = "Lạng Sơn"' in titled


def test_null_and_huge_integers_are_refused_with_where_they_are():
    """TOML has no null and 64-bit integers: the error names the key instead of writing a broken file."""
    with pytest.raises(ValueError, match=r"tiles\[0\]\.props\.camera: TOML has no null"):
        dumps_layout(_layout({"camera": None}))
    with pytest.raises(ValueError, match=r"tiles\[0\]\.props\.n\[1\]: 18446744073709551616 does not fit a TOML integer"):
        dumps_layout(_layout({"n": [1, 2**64]}))
