"""Tests of wall_protocol.sequencing: every delta applied once, in order, across reconnects."""

from __future__ import annotations

from datetime import UTC, datetime

from wall_protocol.common import Role
from wall_protocol.entities import MetricPoint
from wall_protocol.messages import Batch, Error, MetricDelta, Pong, Result, Snapshot, Welcome
from wall_protocol.sequencing import SequenceTracker


def _snapshot(seq: int) -> Snapshot:
    return Snapshot(seq=seq, walls=(), cameras=(), layouts=(), alerts=(), series=(), latest=())


def _welcome(seq: int, resumed: bool) -> Welcome:
    return Welcome(server_version="0.1.0", role=Role.VIEWER, name="wall-pc-1", seq=seq, resumed=resumed)


def _delta(seq: int) -> MetricDelta:
    return MetricDelta(seq=seq, point=MetricPoint(series="grdp", ts=datetime(2026, 1, 1, tzinfo=UTC), value=seq))


def _batch(*seqs: int) -> Batch:
    return Batch(deltas=tuple(_delta(s) for s in seqs))


def _seqs(deltas: list) -> list[int]:  # type: ignore[type-arg]
    return [d.seq for d in deltas]


def test_fresh_tracker_has_nothing_to_resume() -> None:
    """A new tracker resumes from nothing and has dropped nothing."""
    tracker = SequenceTracker()
    assert tracker.resume_from() is None
    assert tracker.dropped_duplicates == 0


def test_snapshot_sets_last_seq() -> None:
    """A snapshot sets last_seq to its seq and yields no deltas."""
    tracker = SequenceTracker()
    assert tracker.accept(_snapshot(41)) == []
    assert tracker.last_seq == 41
    assert tracker.resume_from() == 41


def test_batch_deltas_returned_in_order() -> None:
    """After a snapshot, a batch's newer deltas are returned in order and last_seq follows them."""
    tracker = SequenceTracker()
    tracker.accept(_snapshot(10))
    batch = _batch(11, 12, 13)
    fresh = tracker.accept(batch)
    assert fresh == list(batch.deltas)
    assert tracker.resume_from() == 13
    assert _seqs(tracker.accept(_batch(14))) == [14]
    assert tracker.resume_from() == 14


def test_duplicates_are_dropped_and_counted() -> None:
    """Deltas at or below the last seq are dropped and counted; the fresh ones still come through."""
    tracker = SequenceTracker()
    tracker.accept(_snapshot(10))
    assert _seqs(tracker.accept(_batch(9, 10, 11, 12))) == [11, 12]
    assert tracker.dropped_duplicates == 2
    assert _seqs(tracker.accept(_batch(11, 12, 13))) == [13]
    assert tracker.dropped_duplicates == 4
    assert tracker.last_seq == 13


def test_duplicate_inside_one_batch_is_dropped() -> None:
    """A delta repeated or going backwards inside one batch is dropped as well."""
    tracker = SequenceTracker()
    tracker.accept(_snapshot(0))
    assert _seqs(tracker.accept(_batch(1, 2, 2, 1, 3))) == [1, 2, 3]
    assert tracker.dropped_duplicates == 2


def test_gaps_are_accepted() -> None:
    """Non-contiguous seqs are normal (a client only gets deltas that concern it) and are all applied."""
    tracker = SequenceTracker()
    tracker.accept(_snapshot(100))
    assert _seqs(tracker.accept(_batch(105, 230, 231, 9000))) == [105, 230, 231, 9000]
    assert tracker.dropped_duplicates == 0
    assert tracker.resume_from() == 9000


def test_deltas_before_any_snapshot_pass_through() -> None:
    """With no last seq yet, every delta of a batch is applied and sets last_seq."""
    tracker = SequenceTracker()
    assert _seqs(tracker.accept(_batch(5, 6))) == [5, 6]
    assert tracker.resume_from() == 6


def test_welcome_not_resumed_resets_until_snapshot() -> None:
    """welcome(resumed=False) forgets last_seq; resume_from() is None until the snapshot arrives."""
    tracker = SequenceTracker()
    tracker.accept(_snapshot(50))
    tracker.accept(_batch(51, 52))
    assert tracker.accept(_welcome(seq=80, resumed=False)) == []
    assert tracker.resume_from() is None
    tracker.accept(_snapshot(80))
    assert tracker.resume_from() == 80
    assert _seqs(tracker.accept(_batch(80, 81))) == [81]


def test_server_restart_with_lower_seq_is_not_dropped() -> None:
    """After a non-resumed welcome and a snapshot with a lower seq, new deltas are applied, not dropped."""
    tracker = SequenceTracker()
    tracker.accept(_snapshot(500))
    tracker.accept(_welcome(seq=3, resumed=False))
    tracker.accept(_snapshot(3))
    assert _seqs(tracker.accept(_batch(4, 5))) == [4, 5]
    assert tracker.dropped_duplicates == 0


def test_welcome_resumed_keeps_last_seq() -> None:
    """welcome(resumed=True) keeps last_seq, so the replay's overlap is dropped."""
    tracker = SequenceTracker()
    tracker.accept(_snapshot(10))
    tracker.accept(_batch(11, 12))
    assert tracker.accept(_welcome(seq=20, resumed=True)) == []
    assert tracker.resume_from() == 12
    assert _seqs(tracker.accept(_batch(11, 12, 13, 20))) == [13, 20]
    assert tracker.dropped_duplicates == 2


def test_other_messages_change_nothing() -> None:
    """Result, Error and Pong yield no deltas and leave last_seq and the count alone."""
    tracker = SequenceTracker()
    tracker.accept(_snapshot(7))
    for message in (Result(id=1, data={"ok": True}), Error(code="invalid", message="x"), Pong(id=2)):
        assert tracker.accept(message) == []
    assert (tracker.last_seq, tracker.dropped_duplicates) == (7, 0)


def test_empty_batch_changes_nothing() -> None:
    """An empty batch yields nothing and keeps last_seq."""
    tracker = SequenceTracker()
    tracker.accept(_snapshot(7))
    assert tracker.accept(Batch(deltas=())) == []
    assert tracker.last_seq == 7
