"""The tracker: stable ids while an object moves smoothly, new ids for new objects, forgetting, holding."""

from __future__ import annotations

from server.detection.tracker import Tracker
from server.detection.types import Box, Detection


def person(x: float, y: float = 0.3, size: float = 0.2, score: float = 0.8, label: str = "person") -> Detection:
    return Detection(label, score, Box(x, y, x + size, y + 2 * size))


def test_ids_stay_while_a_box_moves_smoothly():
    """A person walking across the picture in small steps keeps one id, and their box and hits follow."""
    tracker = Tracker()
    ids = set()
    for step in range(30):
        (seen,) = tracker.update([person(0.05 + 0.02 * step, score=0.6 + 0.01 * step)], now=step * 0.2)
        ids.add(seen.id)
    assert ids == {seen.id}
    assert seen.hits == 30 and seen.first_seen == 0.0 and seen.last_seen == 29 * 0.2
    assert seen.box == person(0.05 + 0.02 * 29).box and seen.score == 0.6 + 0.01 * 29


def test_a_distant_new_object_gets_a_new_id():
    """Someone appearing on the other side of the picture is another object, with the next id."""
    tracker = Tracker()
    (first,) = tracker.update([person(0.1)], now=0.0)
    a, b = tracker.update([person(0.12), person(0.7)], now=0.2)
    assert a.id == first.id
    assert b.id == first.id + 1 and b.hits == 1
    assert len(tracker.tracks(now=0.2)) == 2


def test_two_objects_keep_their_own_ids_when_listed_in_another_order():
    """Matching is by place, not by the order the detector lists its boxes in."""
    tracker = Tracker()
    left, right = tracker.update([person(0.1), person(0.6)], now=0.0)
    right2, left2 = tracker.update([person(0.62), person(0.11)], now=0.2)
    assert (left2.id, right2.id) == (left.id, right.id)


def test_labels_never_match_each_other():
    """A car where a person was is a new object."""
    tracker = Tracker()
    (walker,) = tracker.update([person(0.3)], now=0.0)
    (car,) = tracker.update([person(0.3, label="car")], now=0.2)
    assert car.id != walker.id


def test_a_small_fast_object_matches_by_centre_distance():
    """A small box that moved more than its own size overlaps nothing, yet stays itself when close enough."""
    tracker = Tracker()
    (ball,) = tracker.update([person(0.40, size=0.02)], now=0.0)
    (same,) = tracker.update([person(0.45, size=0.02)], now=0.2)
    assert same.id == ball.id
    (other,) = tracker.update([person(0.80, size=0.02)], now=0.4)
    assert other.id != ball.id


def test_tracks_are_forgotten_after_the_timeout():
    """Not seen for longer than forget_after_s: gone, and coming back there gives a new id."""
    tracker = Tracker(forget_after_s=2.0)
    (first,) = tracker.update([person(0.3)], now=0.0)
    assert tracker.update([], now=1.5) == []
    assert [t.id for t in tracker.tracks(now=2.0)] == [first.id]
    assert tracker.tracks(now=2.1) == []
    (again,) = tracker.update([person(0.3)], now=2.5)
    assert again.id != first.id


def test_a_missed_frame_within_the_timeout_keeps_the_id():
    """The detector missing someone for a frame or two does not change who they are."""
    tracker = Tracker(forget_after_s=2.0)
    (first,) = tracker.update([person(0.3)], now=0.0)
    tracker.update([], now=0.2)
    tracker.update([], now=0.4)
    (back,) = tracker.update([person(0.31)], now=0.6)
    assert back.id == first.id and back.hits == 2


def test_hold_keeps_tracks_alive_while_nothing_moves():
    """While the motion gate skips the detector, hold() counts every track as seen now."""
    tracker = Tracker(forget_after_s=2.0)
    (still,) = tracker.update([person(0.3)], now=0.0)
    for second in range(1, 11):
        held = tracker.hold(now=float(second))
        assert [t.id for t in held] == [still.id]
    assert still.last_seen == 10.0
    (later,) = tracker.update([person(0.3)], now=11.0)
    assert later.id == still.id


def test_hold_does_not_revive_forgotten_tracks():
    """A track already past the timeout is dropped, not held."""
    tracker = Tracker(forget_after_s=2.0)
    tracker.update([person(0.3)], now=0.0)
    assert tracker.hold(now=5.0) == []


def test_hold_keeps_only_what_the_last_look_saw():
    """Someone who left (not in the last detection) is not brought back by a still picture afterwards."""
    tracker = Tracker(forget_after_s=5.0)
    stayer, leaver = tracker.update([person(0.1), person(0.6)], now=0.0)
    (again,) = tracker.update([person(0.1)], now=0.2)  # the second person walked out
    assert again.id == stayer.id
    held = tracker.hold(now=0.4)
    assert [t.id for t in held] == [stayer.id]
    assert [t.id for t in tracker.hold(now=3.0)] == [stayer.id]
    assert next(t for t in tracker.tracks(now=3.0) if t.id == leaver.id).last_seen == 0.0


def test_a_weak_detection_continues_a_track_but_starts_none():
    """Below start_score: a tracked person stays tracked, a new weak box is not an object."""
    tracker = Tracker()
    (first,) = tracker.update([person(0.1, score=0.8)], now=0.0, start_score=0.5)
    seen = tracker.update([person(0.12, score=0.3), person(0.7, score=0.3)], now=0.2, start_score=0.5)
    assert [t.id for t in seen] == [first.id]
    assert seen[0].score == 0.3 and len(tracker.tracks(now=0.2)) == 1
