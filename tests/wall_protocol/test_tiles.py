"""Typed tile settings: one strict model per kind, chosen by `kind`, named in errors, exported to the schema."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from pydantic import ValidationError

from wall_protocol.entities import Layout
from wall_protocol.errors import describe_validation_error
from wall_protocol.schema import build_schema
from wall_protocol.tile_settings import ChartWindow, KpiSettings, RankingSettings
from wall_protocol.tiles import SETTINGS_MODELS, TILE_CLASSES, KpiTile, TileKind, make_tile, parse_tile, references

LAYOUTS = Path(__file__).resolve().parents[2] / "server" / "layouts"


def test_every_kind_has_a_class_and_a_settings_model():
    """Each TileKind maps to its own tile class and settings model."""
    assert set(TILE_CLASSES) == set(TileKind) == set(SETTINGS_MODELS)
    assert len(set(SETTINGS_MODELS.values())) == len(TileKind)


def test_kind_picks_the_class_and_props_are_typed():
    """A KPI tile's props are KpiSettings, with the model's defaults for what is absent."""
    tile = make_tile(id="grdp", kind="kpi", col=0, row=0, props={"series": "grdp-growth"})
    assert isinstance(tile, KpiTile) and isinstance(tile.props, KpiSettings)
    assert tile.props.series == "grdp-growth" and tile.props.higher_is_better and tile.props.stale_after_s == 900


@pytest.mark.parametrize(("kind", "props", "field"), [
    ("chart", {"windw": "7d"}, "props.windw"),
    ("chart", {"window": "2d"}, "props.window"),
    ("kpi", {"series": ["a", "b"]}, "props.series"),
    ("kpi", {"thresholds": {"warn": "cao"}}, "props.thresholds.warn"),
    ("ranking", {"top": 51}, "props.top"),
    ("text", {"font_px": 2}, "props.font_px"),
    ("alerts", {"categories": ["weather"]}, "props.categories.0"),
    ("clock", {"format": "24h"}, "props.format"),
    ("video", {"tour": ["a"], "tour_dwell_s": 1}, "props.tour_dwell_s"),
    ("video", {"tour": ["a"] * 257}, "props.tour"),
    ("video", {"tour": ["Cam A"]}, "props.tour.0"),
])
def test_a_wrong_setting_is_refused_with_its_field(kind, props, field):
    """Misspelt keys, unknown choices, wrong types and out-of-range numbers are each refused by field."""
    data = {"id": "o-1", "kind": kind, "col": 0, "row": 0, "props": props}
    with pytest.raises(ValidationError) as caught:
        parse_tile(data)
    text, first = describe_validation_error(caught.value, data=data)
    assert first == field, text


def test_errors_in_a_layout_name_the_tile_by_its_id():
    """A person knows tiles by id: the message says which, beside the path."""
    data = {"id": "l", "name": "L", "cols": 2, "rows": 1, "tiles": [
        {"id": "dong-ho", "kind": "clock", "col": 0, "row": 0},
        {"id": "bieu-do", "kind": "chart", "col": 1, "row": 0, "props": {"window": "2d"}}]}
    with pytest.raises(ValidationError) as caught:
        Layout.model_validate(data)
    text, field = describe_validation_error(caught.value, data=data)
    assert field == "tiles.1.props.window"
    assert text.startswith("tiles.1 (id 'bieu-do').props.window: Input should be '1h', '6h'"), text


def test_every_shipped_layout_validates():
    """The files in layouts/ are valid as typed settings (their props were once free dicts)."""
    files = sorted(LAYOUTS.glob("*.toml"))
    assert len(files) >= 6
    for path in files:
        Layout.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))


def test_references_lists_cameras_series_tables_and_columns():
    """The fields marked refers_to are what the server checks, with their paths in the tile."""
    chart = make_tile(id="c", kind="chart", col=0, row=0, props={"series": ["a", "b"], "window": ChartWindow.WEEK})
    assert list(references(chart)) == [("props.series.0", "series", "a"), ("props.series.1", "series", "b")]
    ranking = make_tile(id="r", kind="ranking", col=0, row=0,
                        props=RankingSettings(table="t", column="x", secondary=("y",)).model_dump())
    assert list(references(ranking)) == [("props.table", "table", "t"), ("props.column", "column", "x"),
                                         ("props.secondary.0", "column", "y")]
    assert list(references(make_tile(id="v", kind="video", col=0, row=0))) == []
    touring = make_tile(id="v", kind="video", col=0, row=0, props={"tour": ["a", "b"]})
    assert list(references(touring)) == [("props.tour.0", "camera", "a"), ("props.tour.1", "camera", "b")]


def test_a_video_tile_has_a_fixed_camera_or_a_tour_not_both():
    """Both set is refused, saying which two keys clash; the dwell defaults to the tours' 10 s."""
    data = {"id": "v", "kind": "video", "col": 0, "row": 0, "props": {"camera": "a", "tour": ["b", "c"]}}
    with pytest.raises(ValidationError) as caught:
        parse_tile(data)
    text, _ = describe_validation_error(caught.value, data=data)
    assert "either a fixed 'camera' or a 'tour'" in text, text
    tile = make_tile(id="v", kind="video", col=0, row=0, props={"tour": ["b", "c"]})
    assert tile.props.tour_dwell_s == 10.0


def test_schema_carries_the_union_by_kind_titles_bounds_and_references():
    """The web's types come from here: a discriminator mapping by kind, and each setting's title and bounds."""
    schema = build_schema()
    tiles = schema["$defs"]["Layout"]["properties"]["tiles"]["items"]
    assert tiles["discriminator"]["propertyName"] == "kind"
    assert tiles["discriminator"]["mapping"]["ranking"] == "#/$defs/RankingTile"
    top = schema["$defs"]["RankingSettings"]["properties"]["top"]
    assert (top["minimum"], top["maximum"], top["title"]) == (1, 50, "Số dòng hiển thị")
    assert schema["$defs"]["RankingSettings"]["additionalProperties"] is False
    assert schema["$defs"]["VideoSettings"]["properties"]["camera"]["x-refers-to"] == "camera"
