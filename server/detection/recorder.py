"""Turning a camera's zone changes into store jobs: events, snapshots and their alerts.

Starts and ends are written at once. Updates are coalesced to one per event every few seconds:
a crowd whose count flickers between frames (the detector misses one person, then finds them
again) would otherwise rewrite the event and push an alert delta to every client 5 times a second.

A start the store refuses for a while (BUSY: a full disk, a database that went away) is kept and tried
again every few seconds, with the best snapshot seen meanwhile, so that an event still going on when the
store takes writes again is recorded (its start time the real one); one that ends first is tried once more.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from server.detection.occupancy import Ended, Started, Updated
from server.domain import detections
from server.store.context import WriteContext
from server.store.store import Store
from wall_protocol.common import Severity
from wall_protocol.errors import ErrorCode, ProtocolError

log = logging.getLogger(__name__)

UPDATE_EVERY_S = 2.0
"""Least time between two writes of one open event."""

Job = Callable[[WriteContext], object]
EventKey = tuple[str, str, str]
"""(camera, zone, label): what identifies an open event."""


@dataclass
class _PendingUpdate:
    change: Updated
    peak: int
    shot: detections.EventImage | None


@dataclass
class _Start:
    """An open event's start: tried again (with the best snapshot since) while the store refuses it (BUSY)."""

    key: EventKey
    camera: detections.CameraFacts
    change: Started
    shot: detections.EventImage | None
    peak: int
    tried_at: float = 0.0
    in_flight: bool = False
    refused: bool = False
    final: bool = False
    """The event ended (or started again): this try is the last."""


class EventRecorder:
    def __init__(self, store: Store, clock: Callable[[], float] = time.monotonic) -> None:
        self._store = store
        self._clock = clock
        self._written: dict[EventKey, float] = {}
        self._pending: dict[EventKey, _PendingUpdate] = {}
        self._starts: dict[EventKey, _Start] = {}
        self.unrecorded = 0
        """Events that ended while the store still refused their start: never recorded (each one logged)."""

    def started(self, camera: detections.CameraFacts, change: Started, shot: detections.EventImage | None) -> None:
        key = (camera.id, change.zone, change.label)
        self._written[key] = self._clock()
        self._pending.pop(key, None)
        previous = self._starts.get(key)
        if previous is not None:
            previous.final = True
        self._starts[key] = start = _Start(key, camera, change, shot, change.objects)
        self._try_start(start)

    def _try_start(self, start: _Start) -> None:
        camera, change, shot, peak = start.camera, start.change, start.shot, start.peak
        start.in_flight, start.tried_at = True, self._clock()
        future = self._store.submit(lambda c: detections.start(c, camera, change.zone, change.zone_title, change.label,
                                                               change.at, peak, change.score, shot))
        future.add_done_callback(lambda done: self._start_done(start, done))

    def _start_done(self, start: _Start, future: asyncio.Future[object]) -> None:
        start.in_flight = False
        error = None if future.cancelled() else future.exception()
        if isinstance(error, ProtocolError) and error.code is ErrorCode.BUSY:
            if start.final:
                self.unrecorded += 1
                log.error("a detection event (%s, zone %s, %s) ended before the store took writes again; it is not "
                          "recorded: %s", *start.key, error.message)
            elif not start.refused:
                start.refused = True
                log.error("a detection event (%s, zone %s, %s) is not recorded yet: %s; trying again every %.0f s",
                          *start.key, error.message, UPDATE_EVERY_S)
            return
        if start.refused and error is None:
            log.warning("the detection event (%s, zone %s, %s) is recorded now", *start.key)
        start.refused = False
        _log_failure(future)

    def updated(self, camera: str, change: Updated, shot: detections.EventImage | None) -> None:
        key = (camera, change.zone, change.label)
        start = self._starts.get(key)
        if start is not None and start.refused:  # no row to update yet: the next try carries these
            start.peak = max(start.peak, change.objects)
            if shot is not None and (start.shot is None or shot.score >= start.shot.score):
                start.shot = shot
            return
        pending = self._pending.get(key)
        if pending is None:
            pending = self._pending[key] = _PendingUpdate(change, change.objects, shot)
        else:
            pending.change, pending.peak = change, max(pending.peak, change.objects)
            if shot is not None and (pending.shot is None or shot.score >= pending.shot.score):
                pending.shot = shot
        self.flush(only=key)

    def ended(self, camera: str, change: Ended) -> None:
        key = (camera, change.zone, change.label)
        start = self._starts.pop(key, None)
        if start is not None:
            start.final = True
            if start.refused and not start.in_flight:
                self._try_start(start)  # a last try, and the end right after it
        self.flush(only=key, force=True)  # the event's last figures first
        self._written.pop(key, None)
        self._submit(lambda c: detections.end(c, camera, change.zone, change.label, change.last_seen))

    def flush(self, *, only: EventKey | None = None, force: bool = False) -> None:
        """Write the updates whose events have not been written for UPDATE_EVERY_S (or all, with force).

        Starts the store refused are tried again as often.
        """
        now = self._clock()
        if only is None:
            for start in self._starts.values():
                if start.refused and not start.in_flight and now - start.tried_at >= UPDATE_EVERY_S:
                    self._try_start(start)
        for key in [only] if only is not None else list(self._pending):
            pending = self._pending.get(key)
            if pending is None or (not force and now - self._written.get(key, -1e9) < UPDATE_EVERY_S):
                continue
            del self._pending[key]
            self._written[key] = now
            self._submit(_update_job(key[0], pending))

    def _submit(self, job: Job) -> None:
        self._store.submit(job).add_done_callback(_log_failure)


def camera_facts(camera_id: str, name: str, area: str, severity: str) -> detections.CameraFacts:
    return detections.CameraFacts(camera_id, name, area, Severity(severity))


def _update_job(camera: str, pending: _PendingUpdate) -> Job:
    change = pending.change
    return lambda c: detections.update(c, camera, change.zone, change.label, change.at, change.objects,
                                       change.score, pending.shot, peak_objects=pending.peak)


def _log_failure(future: asyncio.Future[object]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.error("could not record a detection event: %s", future.exception())
