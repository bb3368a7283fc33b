"""The fields of each tile kind: reading and writing a field keeps the props the form does not show."""

from __future__ import annotations

import pytest

from wall_client.model.tile_props import FIELDS, parse_number, props_for_kind, value_of, with_value
from wall_protocol.entities import TileKind


def _field(kind: TileKind, name: str):
    return next(f for f in FIELDS[kind] if f.name == name)


def test_setting_a_threshold_nests_it_and_keeps_other_props():
    """thresholds.warn goes inside a thresholds table; an unknown key (stale_after_s) survives."""
    warn = _field(TileKind.KPI, "thresholds.warn")
    props = with_value({"series": "grdp-growth", "stale_after_s": 60}, warn, 7)
    assert props == {"series": "grdp-growth", "stale_after_s": 60, "thresholds": {"warn": 7}}
    assert value_of(props, warn) == 7


def test_clearing_the_last_threshold_removes_the_empty_table():
    """An emptied field removes its key, and the thresholds table when nothing is left in it."""
    warn, alarm = _field(TileKind.KPI, "thresholds.warn"), _field(TileKind.KPI, "thresholds.alarm")
    props = with_value(with_value({}, warn, 7), alarm, 6)
    assert with_value(props, warn, None) == {"thresholds": {"alarm": 6}}
    assert with_value(with_value(props, warn, None), alarm, None) == {}


def test_defaults_are_what_the_tiles_assume():
    """An absent style reads as 'line' and window as '24h', as the chart tile draws them."""
    assert value_of({}, _field(TileKind.CHART, "style")) == "line"
    assert value_of({}, _field(TileKind.CHART, "window")) == "24h"
    assert value_of({}, _field(TileKind.KPI, "higher_is_better")) is True


def test_series_changes_shape_with_the_kind():
    """A chart's series list becomes a KPI's single key and back; an empty list is dropped."""
    assert props_for_kind({"series": ["a", "b"], "style": "bar"}, TileKind.KPI) == {"series": "a"}
    assert props_for_kind({"series": "a"}, TileKind.CHART) == {"series": ["a"]}
    assert props_for_kind({"series": []}, TileKind.KPI) == {}


@pytest.mark.parametrize(("text", "number"), [("90", 90), ("7,5", 7.5), (" 1 000 ", 1000), ("", None), ("-2.0", -2.0)])
def test_numbers_typed_in_the_form(text, number):
    """A decimal comma is accepted, whole numbers stay integers, an empty box means no value."""
    assert parse_number(text) == number and type(parse_number(text)) is type(number)


def test_text_and_infinity_are_not_numbers():
    """Letters and 'inf' are refused (JSON and the server cannot carry infinity)."""
    for bad in ("abc", "inf", "nan"):
        with pytest.raises(ValueError):
            parse_number(bad)
