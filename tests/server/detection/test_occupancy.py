"""Zone events: one event per visit, keyed by zone and label; counts, better views, and the true end time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from server.detection.occupancy import ALL_ZONE, ALL_ZONE_TITLE, Ended, Occupancy, Started, Updated
from server.detection.settings import Zone
from server.detection.types import Box, TrackedObject

T0 = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
GATE = Zone(name="cong-a", title="Cổng A", points=[(0.5, 0.5), (1.0, 0.5), (1.0, 1.0), (0.5, 1.0)])


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def obj(track_id: int, foot_x: float, foot_y: float, label: str = "person", score: float = 0.7) -> TrackedObject:
    """A tracked object standing at (foot_x, foot_y)."""
    box = Box(foot_x - 0.05, foot_y - 0.3, foot_x + 0.05, foot_y)
    return TrackedObject(id=track_id, label=label, score=score, box=box, first_seen=0.0, last_seen=0.0)


def test_one_visit_is_one_event_despite_a_missed_frame_and_an_id_switch():
    """Walk in, stay (missed frame, new tracker id), walk out: one Started, one Ended at the last sighting."""
    occupancy = Occupancy([GATE], ["person"], end_after_s=3)
    changes = []
    walk = [(0.0, 0.2), (0.5, 0.3), (1.0, 0.6), (1.5, 0.7), (2.0, None), (2.5, 0.75), (3.0, 0.8), (3.5, 0.3)]
    for seconds, x in walk:
        track_id = 1 if seconds < 2.5 else 7  # the tracker lost them during the missed frame
        tracks = [] if x is None else [obj(track_id, x, 0.8)]
        changes += occupancy.update(tracks, at(seconds))
    for seconds in (4.0, 5.0, 6.0, 6.4):  # they are outside the zone now, then gone
        changes += occupancy.update([], at(seconds))

    started = [c for c in changes if isinstance(c, Started)]
    ended = [c for c in changes if isinstance(c, Ended)]
    assert started == [Started("cong-a", "Cổng A", "person", at(1.0), 1, 0.7, obj(1, 0.6, 0.8).box)]
    assert ended == [Ended("cong-a", "person", last_seen=at(3.0))]
    assert not [c for c in changes if isinstance(c, Updated)]
    assert changes[-1] == ended[0]
    assert occupancy.open_events() == [] and occupancy.occupied_zones() == frozenset()


def test_an_event_stays_open_until_end_after_s_has_passed():
    """Ending waits the full end_after_s since the last sighting, no less."""
    occupancy = Occupancy([GATE], ["person"], end_after_s=3)
    occupancy.update([obj(1, 0.7, 0.8)], at(0))
    assert occupancy.update([], at(2.9)) == []
    assert occupancy.occupied_zones() == frozenset({"cong-a"})
    assert occupancy.update([], at(3.0)) == [Ended("cong-a", "person", at(0))]


def test_two_people_update_the_count():
    """A second person joining and one leaving each report the new count, and no new event."""
    occupancy = Occupancy([GATE], ["person"], end_after_s=3)
    first = occupancy.update([obj(1, 0.6, 0.8)], at(0))
    assert [type(c) for c in first] == [Started]
    assert occupancy.update([obj(1, 0.6, 0.8)], at(1)) == []
    joined = occupancy.update([obj(1, 0.6, 0.8), obj(2, 0.9, 0.9)], at(2))
    assert joined == [Updated("cong-a", "person", at(2), 2, 0.7, obj(1, 0.6, 0.8).box, better_snapshot=False)]
    left = occupancy.update([obj(2, 0.9, 0.9)], at(3))
    assert [(c.objects, c.better_snapshot) for c in left if isinstance(c, Updated)] == [(1, False)]
    (event,) = occupancy.open_events()
    assert (event.objects, event.started, event.last_seen) == (1, at(0), at(3))


def test_a_clearly_better_score_asks_for_a_better_snapshot():
    """The score rising by 0.05 or more (from the last snapshot's) flags a better snapshot; small creeps do not."""
    occupancy = Occupancy([GATE], ["person"], end_after_s=3)
    occupancy.update([obj(1, 0.6, 0.8, score=0.60)], at(0))
    assert occupancy.update([obj(1, 0.6, 0.8, score=0.63)], at(1)) == []
    assert occupancy.update([obj(1, 0.6, 0.8, score=0.58)], at(2)) == []
    better = occupancy.update([obj(1, 0.62, 0.8, score=0.66)], at(3))
    assert better == [Updated("cong-a", "person", at(3), 1, 0.66, obj(1, 0.62, 0.8).box, better_snapshot=True)]
    assert occupancy.update([obj(1, 0.6, 0.8, score=0.69)], at(4)) == []
    assert occupancy.open_events()[0].score == 0.66


def test_a_class_not_watched_raises_nothing():
    """A car in a zone that watches people (the camera's classes) is not an event."""
    occupancy = Occupancy([GATE], ["person"], end_after_s=3)
    assert occupancy.update([obj(1, 0.7, 0.8, label="car")], at(0)) == []
    assert occupancy.occupied_zones() == frozenset()


def test_a_zone_own_classes_replace_the_cameras():
    """A zone listing its own classes watches those, and not the camera's."""
    parking = Zone(name="bai-xe", points=GATE.points, classes=["car"])
    occupancy = Occupancy([parking], ["person"], end_after_s=3)
    assert occupancy.update([obj(1, 0.7, 0.8)], at(0)) == []
    (started,) = occupancy.update([obj(2, 0.7, 0.8, label="car")], at(1))
    assert isinstance(started, Started) and started.label == "car" and started.zone_title == "bai-xe"


def test_an_object_outside_the_zone_raises_nothing():
    """Someone whose feet are outside the zone is not in it, even if their box reaches into it."""
    occupancy = Occupancy([GATE], ["person"], end_after_s=3)
    reaching = TrackedObject(id=1, label="person", score=0.9, box=Box(0.4, 0.45, 0.6, 0.49), first_seen=0, last_seen=0)
    assert occupancy.update([obj(2, 0.2, 0.8), reaching], at(0)) == []
    assert reaching.zones == frozenset()


def test_no_zones_means_one_zone_for_the_whole_picture():
    """Without zones, anyone anywhere starts an event in the implicit 'all' zone."""
    occupancy = Occupancy([], ["person"], end_after_s=3)
    (started,) = occupancy.update([obj(1, 0.1, 0.2)], at(0))
    assert (started.zone, started.zone_title) == (ALL_ZONE, ALL_ZONE_TITLE) == ("all", "Toàn khung hình")
    assert occupancy.occupied_zones() == frozenset({"all"})


def test_labels_and_zones_are_separate_events():
    """A person and a dog in the same zone, or people in two zones, are separate events; tracks learn their zones."""
    yard = Zone(name="san", points=[(0.0, 0.5), (0.5, 0.5), (0.5, 1.0), (0.0, 1.0)])
    occupancy = Occupancy([GATE, yard], ["person", "dog"], end_after_s=3)
    walker, dog, other = obj(1, 0.7, 0.8), obj(2, 0.8, 0.9, label="dog"), obj(3, 0.2, 0.8)
    changes = occupancy.update([walker, dog, other], at(0))
    assert sorted((c.zone, c.label) for c in changes) == [("cong-a", "dog"), ("cong-a", "person"), ("san", "person")]
    assert walker.zones == frozenset({"cong-a"}) and other.zones == frozenset({"san"})
    ended = occupancy.update([walker, dog], at(5))
    assert ended == [Ended("san", "person", at(0))]


def test_close_all_ends_everything_at_its_last_sighting():
    """When the camera stops, every open event ends at the time its object was last seen."""
    occupancy = Occupancy([], ["person", "car"], end_after_s=30)
    occupancy.update([obj(1, 0.3, 0.8), obj(2, 0.6, 0.8, label="car")], at(0))
    occupancy.update([obj(1, 0.3, 0.8)], at(4))
    ended = occupancy.close_all(at(10))
    assert sorted(ended, key=lambda e: e.label) == [Ended("all", "car", at(0)), Ended("all", "person", at(4))]
    assert occupancy.open_events() == [] and occupancy.close_all(at(11)) == []


def test_coming_back_after_the_end_is_a_new_event():
    """Once an event has ended, the next visit starts another one."""
    occupancy = Occupancy([GATE], ["person"], end_after_s=3)
    occupancy.update([obj(1, 0.7, 0.8)], at(0))
    occupancy.update([], at(4))
    again = occupancy.update([obj(1, 0.7, 0.8)], at(5))
    assert [type(c) for c in again] == [Started]
