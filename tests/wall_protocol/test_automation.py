"""Preset, schedule, alert-rule and briefing models: what they refuse, with messages that say why."""

from __future__ import annotations

import unicodedata

import pytest
from pydantic import ValidationError

from tests.wall_protocol.samples import PRESET, RULE, SCHEDULE
from wall_protocol.automation import AlertRule, Briefing, Preset, Schedule
from wall_protocol.common import AlertCategory, Severity
from wall_protocol.entities import CameraSource, MonitorState, TileState


def _refused(model: type, **fields: object) -> str:
    with pytest.raises(ValidationError) as caught:
        model(**fields)
    return str(caught.value)


def test_preset_refuses_a_monitor_or_tile_listed_twice():
    """Two entries for one monitor or one tile overlap; a shortcut is Ctrl+1…9."""
    monitor = MonitorState(index=0, layout="grid")
    assert "monitor 0 is listed twice" in _refused(Preset, name="p", title="P", wall="w", monitors=(monitor, monitor))
    tile = TileState(tile="t", source=CameraSource(camera="c"))
    twice = MonitorState(index=0, layout="grid", tiles=(tile, tile))
    assert "tile t is listed twice" in _refused(Preset, name="p", title="P", wall="w", monitors=(twice,))
    assert "shortcut" in _refused(Preset, name="p", title="P", wall="w", monitors=(monitor,), shortcut=10)


@pytest.mark.parametrize("alarm_state", [
    {"alarm": 3},
    {"alarm": 3, "before_alarm": {"kind": "camera", "camera": "b"}},
    {"before_alarm": {"kind": "camera", "camera": "b"}},
])
def test_a_preset_tile_carrying_alarm_state_is_refused_naming_the_field(alarm_state: dict[str, object]):
    """Alarm state in a preset's tile is refused at its own path (monitors.0.tiles.1.…), saying why."""
    body = {"name": "p", "title": "P", "wall": "w", "monitors": [{"index": 0, "layout": "grid", "tiles": [
        {"tile": "a", "source": {"kind": "camera", "camera": "c"}},
        {"tile": "b", "source": {"kind": "camera", "camera": "c"}, **alarm_state}]}]}
    with pytest.raises(ValidationError) as caught:
        Preset.model_validate(body)
    first = caught.value.errors()[0]
    assert first["loc"] == ("monitors", 0, "tiles", 1, next(iter(alarm_state)))
    assert "alarm" in first["msg"] and "preset" in first["msg"]


def test_a_preset_built_from_wall_state_objects_is_checked_the_same():
    """A MonitorState holding an alarmed TileState (e.g. copied from the wall) is refused like JSON is."""
    tile = TileState(tile="t", source=CameraSource(camera="c"))
    alarmed = MonitorState(index=0, layout="grid", tiles=(tile, tile.model_copy(update={"tile": "u", "alarm": 3})))
    with pytest.raises(ValidationError) as caught:
        Preset(name="p", title="P", wall="w", monitors=(alarmed,))
    assert caught.value.errors()[0]["loc"] == ("monitors", 0, "tiles", 1, "alarm")


def test_a_preset_neither_stores_nor_sends_alarm_fields_and_older_bodies_still_load():
    """Dumps carry no alarm keys; bodies saved with `alarm: null` (every stored preset so far) still decode."""
    dumped = PRESET.model_dump(mode="json")
    assert all(not {"alarm", "before_alarm"} & set(t) for m in dumped["monitors"] for t in m["tiles"])
    old = {**dumped, "monitors": [{**m, "tiles": [{**t, "alarm": None, "before_alarm": None} for t in m["tiles"]]}
                                  for m in dumped["monitors"]]}
    assert Preset.model_validate(old) == PRESET
    schema = Preset.model_json_schema()["$defs"]
    tile_schema = next(d for d in schema.values() if "alarm" in d.get("properties", {}) and d["title"] != "TileState")
    assert tile_schema["properties"]["alarm"]["type"] == "null"


def test_tile_state_is_backward_compatible_and_consistent():
    """Old tile states decode (alarm defaults to none); before_alarm without an alarm is refused."""
    assert TileState.model_validate({"tile": "t", "source": None, "pinned": False}).alarm is None
    assert "before_alarm" in _refused(TileState, tile="t", before_alarm=CameraSource(camera="c"))


@pytest.mark.parametrize(("fields", "named"), [
    ({"at": "7:30"}, "at"),
    ({"at": "24:00"}, "at"),
    ({"days": ("mon", "mon")}, "days must not repeat"),
    ({"days": ()}, "days"),
    ({"days": ("monday",)}, "days"),
    ({"utc_offset_min": 420}, "utc_offset_min"),
])
def test_schedule_refuses_bad_times_and_days(fields: dict[str, object], named: str):
    """Times are HH:MM, days are unique weekday names; there is no offset to give (Vietnam's zone is the one)."""
    assert named in _refused(Schedule, name="s", preset="p", **{"at": "07:30", **fields})


def test_schedule_defaults_to_weekdays_in_vietnam_time():
    """By default a schedule runs Monday to Friday; its time is Vietnam's (server/domain/schedules.py)."""
    schedule = Schedule(name="s", preset="p", at="07:30")
    assert [d.value for d in schedule.days] == ["mon", "tue", "wed", "thu", "fri"]
    assert "Asia/Ho_Chi_Minh" in (Schedule.model_fields["at"].description or "") and SCHEDULE.last_run_at is not None


def test_alert_rule_needs_an_action_and_matches_by_category_severity_and_area():
    """No action is refused; matching is category, at-least severity and case-insensitive area part."""
    assert "needs an action" in _refused(AlertRule, name="r")
    assert RULE.matches(AlertCategory.TRAFFIC, Severity.CRITICAL, "Huyện Cao Lộc")
    assert RULE.matches(AlertCategory.TRAFFIC, Severity.CRITICAL, "CAO LỘC")
    assert RULE.matches(AlertCategory.TRAFFIC, Severity.CRITICAL, unicodedata.normalize("NFD", "xã Cao Lộc"))
    assert not RULE.matches(AlertCategory.TRAFFIC, Severity.MAJOR, "Cao Lộc")
    assert not RULE.matches(AlertCategory.CYBER, Severity.CRITICAL, "Cao Lộc")
    assert not RULE.matches(AlertCategory.TRAFFIC, Severity.CRITICAL, "Lộc Bình")
    assert not RULE.model_copy(update={"enabled": False}).matches(AlertCategory.TRAFFIC, Severity.CRITICAL, "Cao Lộc")
    anything = AlertRule(name="all", alarm_wall="main")
    assert anything.matches(AlertCategory.HEALTH, Severity.INFO, "") and PRESET.shortcut == 1


def test_briefing_refuses_no_steps_a_repeated_step_and_a_bad_advance():
    """A briefing needs steps, no step repeating the one before, and advance_s within 1…3600 s."""
    assert "steps" in _refused(Briefing, name="b", title="B", steps=())
    assert "steps.2: preset 'b' repeats the step before it" in _refused(Briefing, name="b", title="B",
                                                                      steps=("a", "b", "b"))
    assert "advance_s" in _refused(Briefing, name="b", title="B", steps=("a",), advance_s=0.5)
    assert "advance_s" in _refused(Briefing, name="b", title="B", steps=("a",), advance_s=7200)
    assert "extra" in _refused(Briefing, name="b", title="B", steps=("a",), loop=True).lower()
    assert Briefing(name="b", title="B", steps=("a", "b", "a")).advance_s is None  # returning later is fine
