"""The soak's per-client check: what counts as delivered, lost, duplicated, coalesced and out of order."""

from __future__ import annotations

import time

from benchmarks._soak_check import LatencyHistogram, StreamCheck, percentile_of, stream_of_title
from benchmarks._soak_load import iso


def _check() -> StreamCheck:
    found = StreamCheck(["soak-m0", "soak-a0"], LatencyHistogram())
    found.snapshot({"seq": 10, "latest": [], "alerts": []})
    return found


def _metric(seq: int, value: int) -> dict[str, object]:
    return {"seq": seq, "kind": "metric", "point": {"series": "soak-m0", "ts": iso(time.time()), "value": value}}


def _alert(seq: int, counter: int) -> dict[str, object]:
    return {"seq": seq, "kind": "alert", "alert": {"id": counter + 1, "title": f"soak-a0 {counter}",
                                                    "occurred_at": iso(time.time())}}


def test_every_update_once_in_order_is_all_delivered() -> None:
    """Counters 0, 1, 2 of a series and 0, 1 of an alert stream, in seq order: delivered, nothing else."""
    check = _check()
    check.batch({"deltas": [_metric(11, 0), _alert(12, 0), _metric(13, 1), _metric(14, 2), _alert(15, 1)]},
                time.time())
    check.finish({"soak-m0": 2, "soak-a0": 1})
    assert check.counts() == {"delivered": 5, "lost": 0, "duplicated": 0, "coalesced": 0, "out_of_order": 0,
                              "resyncs": 0}


def test_a_gap_and_a_missing_tail_are_lost() -> None:
    """Counter 1 never arrives and the acknowledged 3 never comes: two lost."""
    check = _check()
    check.batch({"deltas": [_metric(11, 0), _metric(12, 2)]}, time.time())
    check.finish({"soak-m0": 3, "soak-a0": -1})
    assert (check.lost, check.delivered) == (2, 2)


def test_a_repeated_update_is_duplicated_and_a_late_one_out_of_order() -> None:
    """The same counter twice is a duplicate; a gap filled later is out of order, not lost."""
    check = _check()
    check.batch({"deltas": [_metric(11, 0), _metric(12, 0), _alert(13, 1), _alert(14, 0)]}, time.time())
    assert (check.duplicated, check.lost, check.out_of_order) == (1, 0, 1)


def test_a_resync_snapshot_coalesces_what_it_covers() -> None:
    """After a resync whose latest sample is 5, counters 1..5 were coalesced, and a delta for 4 is a duplicate."""
    check = _check()
    check.batch({"deltas": [_metric(11, 0)]}, time.time())
    check.snapshot({"seq": 30, "latest": [{"series": "soak-m0", "value": 5.0}],
                    "alerts": [{"title": "someone else's"}, {"title": "soak-a0 2"}]})
    check.batch({"deltas": [_metric(29, 4), _metric(31, 6), _alert(32, 3)]}, time.time())
    assert check.counts() == {"delivered": 3, "lost": 0, "duplicated": 1, "coalesced": 8, "out_of_order": 1,
                              "resyncs": 1}


def test_only_the_soak_streams_are_counted() -> None:
    """Another producer's alert and an unsequenced overlay only go through the seq order check."""
    check = _check()
    check.batch({"deltas": [{"seq": 11, "kind": "alert", "alert": {"title": "Người đi vào vùng cấm"}},
                            {"kind": "overlay", "camera": "cam-0"}]}, time.time())
    assert check.counts()["delivered"] == 0 and check.last_seq == 11
    assert stream_of_title("soak-a1 17") == ("soak-a1", 17) and stream_of_title("soak-a1 x") is None


def test_latency_percentiles_come_from_whole_millisecond_bins() -> None:
    """99 fast deliveries and one at 250 ms: p50 is the fast bin's upper edge, p100 the slow one's."""
    histogram = LatencyHistogram()
    for _ in range(99):
        histogram.add(3.4)
    histogram.add(250.2)
    sparse = histogram.take()
    assert (percentile_of(sparse, 50), percentile_of(sparse, 100), percentile_of({}, 99)) == (4.0, 251.0, None)
    assert histogram.sparse() == {}
