"""Alert rules and alarm-to-wall on a real SQLite store: where alarms go, what ack restores, what survives."""

from __future__ import annotations

from server.domain import alerts, documents, presets, rules, walls
from server.store.store import Store
from tests.server.domain.conftest import OPERATOR
from wall_protocol.automation import AlertRule, Preset
from wall_protocol.common import AlertCategory, AlertState, Severity
from wall_protocol.entities import CameraSource, MonitorState, TileState, WallState
from wall_protocol.messages import AlertIn

ALARM_RULE = AlertRule(name="alarm", category=AlertCategory.TRAFFIC, min_severity=Severity.MAJOR, alarm_wall="main")


def _alert(camera: str | None = "cam-c", severity: Severity = Severity.CRITICAL, area: str = "Cao Lộc") -> AlertIn:
    return AlertIn(category=AlertCategory.TRAFFIC, severity=severity, title="Tai nạn", area=area, camera=camera)


async def _ingest(store: Store, item: AlertIn) -> int:
    stored = await store.write(lambda c: alerts.ingest(c, [item]))
    return stored[0].id


async def _main(store: Store) -> WallState:
    return (await store.read(lambda s: walls.states(s, only="main")))[0]


def _tile(state: WallState, monitor: int, tile: str) -> TileState | None:
    shown = next(m for m in state.monitors if m.index == monitor)
    return next((t for t in shown.tiles if t.tile == tile), None)


async def test_alarm_goes_to_the_designated_tile_and_ack_restores_it(store: Store):
    """cameras-3x3's video-9 is the alarm tile: the camera pops there, ack brings back what it showed."""
    await store.write(lambda c: walls.set_tile(c, OPERATOR, "main", 1, "video-9", CameraSource(camera="cam-a"), True))
    await store.write(lambda c: documents.upsert(c, OPERATOR, rules.RULES, ALARM_RULE))
    alert_id = await _ingest(store, _alert())
    popped = _tile(await _main(store), 1, "video-9")
    assert popped == TileState(tile="video-9", source=CameraSource(camera="cam-c"), pinned=True, alarm=alert_id,
                               before_alarm=CameraSource(camera="cam-a"))
    await store.write(lambda c: alerts.change_state(c, OPERATOR, alert_id, AlertState.ACKNOWLEDGED, ""))
    assert _tile(await _main(store), 1, "video-9") == TileState(tile="video-9", source=CameraSource(camera="cam-a"),
                                                                 pinned=True)


async def test_a_newer_alarm_takes_the_tile_and_keeps_what_was_there_before_any(store: Store):
    """Two alarms in a row: the second shows; resolving it restores the tile's pre-alarm source."""
    await store.write(lambda c: documents.upsert(c, OPERATOR, rules.RULES, ALARM_RULE))
    first = await _ingest(store, _alert(camera="cam-a"))
    second = await _ingest(store, _alert(camera="cam-b"))
    tile = _tile(await _main(store), 1, "video-9")
    assert tile is not None and tile.alarm == second and tile.before_alarm is None
    await store.write(lambda c: alerts.change_state(c, OPERATOR, first, AlertState.ACKNOWLEDGED, ""))
    assert _tile(await _main(store), 1, "video-9") == tile, "acknowledging the replaced alarm changes nothing"
    await store.write(lambda c: alerts.change_state(c, OPERATOR, second, AlertState.RESOLVED, ""))
    assert _tile(await _main(store), 1, "video-9") is None


async def test_without_an_alarm_tile_the_first_free_video_tile_is_used(store: Store):
    """On cameras-2x2 (no alarm tile) the alarm goes to the first video tile that shows nothing."""
    await store.write(lambda c: walls.set_layout(c, OPERATOR, "main", 1, "cameras-2x2"))
    await store.write(lambda c: walls.set_tile(c, OPERATOR, "main", 1, "video-1", CameraSource(camera="cam-a"), False))
    await store.write(lambda c: documents.upsert(c, OPERATOR, rules.RULES, ALARM_RULE))
    alert_id = await _ingest(store, _alert())
    state = await _main(store)
    # Monitor 0 (ioc-overview) has a free video tile first.
    assert _tile(state, 0, "video-1") == TileState(tile="video-1", source=CameraSource(camera="cam-c"), alarm=alert_id)
    await store.write(lambda c: alerts.change_state(c, OPERATOR, alert_id, AlertState.ACKNOWLEDGED, ""))
    assert _tile(await _main(store), 0, "video-1") is None


async def test_rule_conditions_and_alerts_without_camera_or_room(store: Store):
    """Minor, other area or no camera: no alarm; the alert is stored whatever the rule could do."""
    await store.write(lambda c: documents.upsert(c, OPERATOR, rules.RULES, ALARM_RULE.model_copy(update={"area_contains": "cao lộc"})))
    before = await _main(store)
    await _ingest(store, _alert(severity=Severity.MINOR))
    await _ingest(store, _alert(area="Lộc Bình"))
    await _ingest(store, _alert(camera=None))
    await _ingest(store, _alert(camera="not-a-camera"))
    assert await _main(store) == before
    assert len(await store.read(lambda s: alerts.open_alerts(s))) == 4


async def test_applying_a_preset_moves_an_active_alarm_into_the_new_layout(store: Store):
    """A schedule or operator applying a preset mid-alarm keeps the alarm on the wall."""
    await store.write(lambda c: documents.upsert(c, OPERATOR, rules.RULES, ALARM_RULE))
    alert_id = await _ingest(store, _alert())
    grid = Preset(name="grid", title="Lưới", wall="main", monitors=(
        MonitorState(index=1, layout="cameras-2x2", tiles=(
            TileState(tile="video-1", source=CameraSource(camera="cam-a")),
            TileState(tile="video-2", source=CameraSource(camera="cam-b")))),
    ))
    await store.write(lambda c: documents.upsert(c, OPERATOR, presets.PRESETS, grid))
    await store.write(lambda c: presets.apply(c, OPERATOR, "grid"))
    state = await _main(store)
    assert _tile(state, 1, "video-1") == TileState(tile="video-1", source=CameraSource(camera="cam-a"))
    assert _tile(state, 0, "video-1") == TileState(tile="video-1", source=CameraSource(camera="cam-c"), alarm=alert_id)


async def test_rule_cache_follows_rule_changes(store: Store):
    """A rule deleted or disabled stops acting at once (the writer's cache is dropped)."""
    await store.write(lambda c: documents.upsert(c, OPERATOR, rules.RULES, ALARM_RULE))
    await store.write(lambda c: documents.upsert(c, OPERATOR, rules.RULES, ALARM_RULE.model_copy(update={"enabled": False})))
    before = await _main(store)
    await _ingest(store, _alert())
    assert await _main(store) == before
    await store.write(lambda c: documents.upsert(c, OPERATOR, rules.RULES, ALARM_RULE))
    alert_id = await _ingest(store, _alert())
    assert _tile(await _main(store), 1, "video-9").alarm == alert_id  # type: ignore[union-attr]
    await store.write(lambda c: documents.delete(c, OPERATOR, rules.RULES, "alarm"))
    second = await _ingest(store, _alert(camera="cam-a"))
    assert _tile(await _main(store), 1, "video-9").alarm != second  # type: ignore[union-attr]


async def test_set_layout_keeps_an_alarm_on_the_wall(store: Store):
    """An operator changing the alarm monitor's layout does not hide an unacknowledged alarm."""
    await store.write(lambda c: documents.upsert(c, OPERATOR, rules.RULES, ALARM_RULE))
    alert_id = await _ingest(store, _alert())
    await store.write(lambda c: walls.set_layout(c, OPERATOR, "main", 1, "cameras-4x4"))
    state = await _main(store)
    assert _tile(state, 0, "video-1") == TileState(tile="video-1", source=CameraSource(camera="cam-c"), alarm=alert_id)
    await store.write(lambda c: alerts.change_state(c, OPERATOR, alert_id, AlertState.RESOLVED, "xong"))
    assert _tile(await _main(store), 0, "video-1") is None
