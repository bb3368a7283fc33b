"""Zone events: when an object of interest enters a zone, while it stays, and when it has left.

An event is keyed by (zone, label), not by track id: the tracker may lose someone for a frame or
give them a new id after they were hidden, and neither must raise a second alert. The event ends
only once no such object has been seen in the zone for `end_after_s`, and it reports the last time
one was seen, which is when it really left, rather than the moment we gave up waiting.

Pure logic with the time passed in: the caller turns changes into alerts, snapshots and records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from server.detection.settings import Zone
from server.detection.types import Box, TrackedObject
from server.detection.zones import point_in_polygon

ALL_ZONE = "all"
ALL_ZONE_TITLE = "Toàn khung hình"

# A detector's score creeps up and down by a few hundredths from frame to frame; only a clearly
# better view is worth a new snapshot (and the JPEG encode and write that come with it).
BETTER_SNAPSHOT_GAIN = 0.05


@dataclass(frozen=True, slots=True)
class Started:
    """The first object of `label` entered `zone` (`box` is the best-scored one, for the snapshot)."""

    zone: str
    zone_title: str
    label: str
    at: datetime
    objects: int
    score: float
    box: Box


@dataclass(frozen=True, slots=True)
class Updated:
    """The objects in an open event changed: their number, or a clearly better view (`better_snapshot`)."""

    zone: str
    label: str
    at: datetime
    objects: int
    score: float
    box: Box
    better_snapshot: bool


@dataclass(frozen=True, slots=True)
class Ended:
    """No object of `label` has been in `zone` since `last_seen`."""

    zone: str
    label: str
    last_seen: datetime


Change = Started | Updated | Ended


@dataclass(frozen=True, slots=True)
class OpenEvent:
    """An event still going on, as `open_events` shows it."""

    zone: str
    zone_title: str
    label: str
    started: datetime
    last_seen: datetime
    objects: int
    score: float
    """The score of the view last worth a snapshot."""


@dataclass(slots=True)
class _Event:
    zone_title: str
    started: datetime
    last_seen: datetime
    objects: int
    snapshot_score: float


@dataclass(frozen=True, slots=True)
class _ZoneRule:
    name: str
    title: str
    points: tuple[tuple[float, float], ...] | None
    """None: the whole picture."""
    classes: frozenset[str]

    def holds(self, track: TrackedObject) -> bool:
        if self.points is None:
            return True
        fx, fy = track.box.foot
        return point_in_polygon(fx, fy, self.points)


@dataclass(slots=True)
class _Presence:
    """The objects of one label in one zone in the current frame."""

    objects: int
    score: float
    box: Box


class Occupancy:
    """Turns the objects seen frame by frame into started, updated and ended zone events."""

    def __init__(self, zones: Sequence[Zone], classes: Sequence[str], end_after_s: float) -> None:
        camera_classes = frozenset(classes)
        if zones:
            self._rules = [
                _ZoneRule(z.name, z.label(), tuple(z.points),
                          frozenset(z.classes) if z.classes is not None else camera_classes)
                for z in zones
            ]
        else:
            # No zones drawn: the camera still raises events, for the whole picture.
            self._rules = [_ZoneRule(ALL_ZONE, ALL_ZONE_TITLE, None, camera_classes)]
        self.end_after_s = end_after_s
        self._events: dict[tuple[str, str], _Event] = {}

    def update(self, tracks: Sequence[TrackedObject], at: datetime) -> list[Change]:
        """Feed the objects seen in the frame taken `at`; return what changed, in a stable order.

        Also sets each track's `zones` to the zones it stands in (whatever its class), for overlays.
        """
        present = self._presence(tracks)
        changes: list[Change] = []
        for (zone, label), now in present.items():
            event = self._events.get((zone, label))
            if event is None:
                title = self._title(zone)
                self._events[(zone, label)] = _Event(title, at, at, now.objects, now.score)
                changes.append(Started(zone, title, label, at, now.objects, now.score, now.box))
                continue
            event.last_seen = at
            better = now.score >= event.snapshot_score + BETTER_SNAPSHOT_GAIN
            if better or now.objects != event.objects:
                event.objects = now.objects
                if better:
                    event.snapshot_score = now.score
                changes.append(Updated(zone, label, at, now.objects, now.score, now.box, better))

        for key, event in list(self._events.items()):
            if key not in present and (at - event.last_seen).total_seconds() >= self.end_after_s:
                del self._events[key]
                changes.append(Ended(key[0], key[1], event.last_seen))
        return changes

    def close_all(self, at: datetime) -> list[Ended]:
        """The camera stopped: end every open event at the last time its object was seen (never after `at`)."""
        ended = [Ended(zone, label, min(event.last_seen, at)) for (zone, label), event in self._events.items()]
        self._events.clear()
        return ended

    def open_events(self) -> list[OpenEvent]:
        """The events going on, oldest first."""
        return [
            OpenEvent(zone, e.zone_title, label, e.started, e.last_seen, e.objects, e.snapshot_score)
            for (zone, label), e in sorted(self._events.items(), key=lambda item: item[1].started)
        ]

    def occupied_zones(self) -> frozenset[str]:
        """Names of the zones with an event going on."""
        return frozenset(zone for zone, _ in self._events)

    def _title(self, zone: str) -> str:
        return next(rule.title for rule in self._rules if rule.name == zone)

    def _presence(self, tracks: Sequence[TrackedObject]) -> dict[tuple[str, str], _Presence]:
        """(zone, label) → how many such objects stand in the zone now, and the best-scored one."""
        present: dict[tuple[str, str], _Presence] = {}
        for track in tracks:
            inside = frozenset(rule.name for rule in self._rules if rule.holds(track))
            track.zones = inside
            for rule in self._rules:
                if rule.name not in inside or track.label not in rule.classes:
                    continue
                seen = present.get((rule.name, track.label))
                if seen is None:
                    present[(rule.name, track.label)] = _Presence(1, track.score, track.box)
                else:
                    seen.objects += 1
                    if track.score > seen.score:
                        seen.score, seen.box = track.score, track.box
        return present
