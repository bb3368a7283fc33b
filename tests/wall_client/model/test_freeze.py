"""The wall PC's freeze gate and its store: data held while frozen, released in order on unfreeze (no display)."""

from __future__ import annotations

from datetime import UTC, datetime

from wall_client.model.freeze import FreezeGate
from wall_client.model.wall_model import WallModel
from wall_protocol.entities import MetricPoint, MonitorState, SeriesInfo, StreamState, StreamStatus, WallState
from wall_protocol.messages import Batch, CameraStatusDelta, MetricDelta, Snapshot, WallDelta


def _wall(seq: int, frozen: bool, name: str = "main") -> WallDelta:
    return WallDelta(seq=seq, wall=WallState(name=name, title="T", frozen=frozen,
                                             monitors=(MonitorState(index=0, layout="x"),)))


def _metric(seq: int, value: float) -> MetricDelta:
    return MetricDelta(seq=seq, point=MetricPoint(series="s", ts=datetime(2026, 1, 1, 0, 0, seq, tzinfo=UTC),
                                                  value=value))


def test_data_is_held_while_frozen_and_released_in_order_after_the_unfreeze():
    """Metrics pass, then wait while frozen, then come right after the unfreeze wall delta, in order."""
    gate = FreezeGate("main")
    assert gate.offer(_metric(1, 1.0)) == [_metric(1, 1.0)]
    freeze = _wall(2, True)
    assert gate.offer(freeze) == [freeze] and gate.frozen
    assert gate.offer(_metric(3, 3.0)) == [] and gate.offer(_metric(4, 4.0)) == []
    status = CameraStatusDelta(seq=5, status=StreamStatus(camera="c", stream="main", state=StreamState.LIVE))
    assert gate.offer(status) == [status]  # camera health is not data a leader discusses: it stays live
    thaw = _wall(6, False)
    assert gate.offer(thaw) == [thaw, _metric(3, 3.0), _metric(4, 4.0)] and not gate.frozen and gate.held == []


def test_another_walls_freeze_and_a_snapshot_set_the_state():
    """Only this wall's delta freezes it; a snapshot takes its frozen flag and drops what was held."""
    gate = FreezeGate("main")
    gate.offer(_wall(1, True, name="other"))
    assert not gate.frozen
    gate.offer(_wall(2, True))
    gate.offer(_metric(3, 3.0))
    snapshot = Snapshot(seq=4, walls=(_wall(4, True).wall,), cameras=(), layouts=(), alerts=(), series=(), latest=())
    gate.reset(snapshot)
    assert gate.frozen and gate.held == []


def _frozen_snapshot() -> Snapshot:
    return Snapshot(seq=1, walls=(_wall(1, True).wall,), cameras=(), layouts=(), alerts=(),
                    series=(SeriesInfo(key="s", name="s"),), latest=())


def test_a_wall_store_holds_data_while_its_wall_is_frozen_and_catches_up_after():
    """The wall's store keeps showing the snapshot's data while frozen; the unfreeze applies the held samples."""
    store = WallModel("main")
    changes: list[str] = []
    store.wall_changed.connect(lambda name: changes.append(f"wall {name}"))
    store.metric_changed.connect(lambda key: changes.append(f"metric {key}"))
    store.receive(_frozen_snapshot(), [])
    assert store.frozen
    store.receive(Batch(deltas=(_metric(2, 2.0), _metric(3, 3.0))), [_metric(2, 2.0), _metric(3, 3.0)])
    assert list(store.series["s"].points) == [] and changes == []
    store.receive(Batch(deltas=(_wall(4, False),)), [_wall(4, False)])
    assert not store.frozen and [p.value for p in store.series["s"].points] == [2.0, 3.0]
    assert changes == ["wall main", "metric s", "metric s"]


def test_a_console_store_has_no_freeze_gate():
    """A store made without a wall (the console's) applies data at once, frozen wall or not."""
    store = WallModel()
    store.receive(_frozen_snapshot(), [])
    store.receive(Batch(deltas=(_metric(2, 2.0),)), [_metric(2, 2.0)])
    assert not store.frozen and store.freeze is None and [p.value for p in store.series["s"].points] == [2.0]


def test_a_frozen_wall_store_says_since_when_its_data_is_held():
    """held_since is the wall's frozen_at while frozen (its history is fetched up to then); None after, and for others."""
    at = datetime(2026, 12, 6, 7, 30, tzinfo=UTC)
    frozen = _wall(1, True).wall.model_copy(update={"frozen_at": at})
    store = WallModel("main")
    store.receive(Snapshot(seq=1, walls=(frozen,), cameras=(), layouts=(), alerts=(), series=(), latest=()), [])
    assert store.held_since() == at
    store.receive(Batch(deltas=(_wall(2, False),)), [_wall(2, False)])
    assert store.held_since() is None
    console = WallModel()
    console.receive(Snapshot(seq=1, walls=(frozen,), cameras=(), layouts=(), alerts=(), series=(), latest=()), [])
    assert console.held_since() is None
