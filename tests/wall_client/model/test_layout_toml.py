"""The small TOML writer: every value a tile's props can hold reads back the same with tomllib."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wall_client.model.layout_toml import toml_key, toml_string, toml_value

scalars = (st.booleans() | st.integers(min_value=-(2**63), max_value=2**63 - 1)
           | st.floats(allow_nan=False) | st.text())
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)


@given(values)
def test_any_props_value_reads_back_unchanged(value):
    """toml_value(v) parsed by tomllib is v again (strings with quotes, controls and diacritics included)."""
    assert tomllib.loads(f"x = {toml_value(value)}")["x"] == value


@given(st.text())
def test_any_key_reads_back_unchanged(key):
    """Keys that are not bare (spaces, Vietnamese, empty) are quoted."""
    assert tomllib.loads(f"{toml_key(key)} = 1") == {key: 1}


def test_vietnamese_stays_readable_and_controls_are_escaped():
    """Diacritics are written as UTF-8; a newline and a DEL are escapes, so the file stays one line per key."""
    assert toml_string("Lạng Sơn") == '"Lạng Sơn"'
    assert toml_string("a\nb\x7f") == '"a\\nb\\u007F"'


def test_null_and_huge_integers_are_refused_with_where_they_are():
    """TOML has no null and 64-bit integers: the error names the key instead of writing a broken file."""
    with pytest.raises(ValueError, match=r"props\.camera"):
        toml_value({"camera": None}, "props")
    with pytest.raises(ValueError, match="64 bits"):
        toml_value(2**64)
