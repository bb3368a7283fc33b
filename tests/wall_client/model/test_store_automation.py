"""The client store keeps presets, schedules, alert rules and briefings from the snapshot and their deltas."""

from __future__ import annotations

from tests.wall_protocol.samples import BRIEFING, DELTAS, PRESET, RULE, SCHEDULE, SERVER_MESSAGES
from wall_client.model.wall_model import WallModel
from wall_protocol.messages import PresetDelta, Snapshot


def _snapshot() -> Snapshot:
    found = next(m for m in SERVER_MESSAGES if isinstance(m, Snapshot))
    return found


def test_snapshot_fills_presets_schedules_and_rules():
    """Each snapshot list becomes a dict by name."""
    store = WallModel()
    store.apply_snapshot(_snapshot())
    assert store.presets == {PRESET.name: PRESET}
    assert store.schedules == {SCHEDULE.name: SCHEDULE}
    assert store.alert_rules == {RULE.name: RULE}
    assert store.briefings == {BRIEFING.name: BRIEFING}


def test_deltas_set_and_remove_entries_and_fire_one_event_each():
    """Every preset/schedule/alert_rule delta sets or (null) removes an entry and fires automation_changed."""
    store = WallModel()
    store.apply_snapshot(_snapshot().model_copy(update={"presets": (), "schedules": (), "alert_rules": (),
                                                        "briefings": ()}))
    heard: list[tuple[str, str]] = []
    store.automation_changed.connect(lambda kind, name: heard.append((kind, name)))
    for delta in DELTAS:
        store.apply(delta)
    assert heard == [("preset", PRESET.name), ("preset", "old-preset"), ("schedule", SCHEDULE.name),
                     ("schedule", "old-schedule"), ("alert_rule", RULE.name), ("alert_rule", "old-rule"),
                     ("briefing", BRIEFING.name), ("briefing", "old-briefing")]
    assert store.presets == {PRESET.name: PRESET} and store.briefings == {BRIEFING.name: BRIEFING}
    store.apply(PresetDelta(seq=99, name=PRESET.name, preset=None))
    assert store.presets == {}
