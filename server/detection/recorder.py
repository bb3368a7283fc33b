"""Turning a camera's zone changes into store jobs: events, snapshots and their alerts.

Starts and ends are written at once. Updates are coalesced to one per event every few seconds:
a crowd whose count flickers between frames (the detector misses one person, then finds them
again) would otherwise rewrite the event and push an alert delta to every client 5 times a second.
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


class EventRecorder:
    def __init__(self, store: Store, clock: Callable[[], float] = time.monotonic) -> None:
        self._store = store
        self._clock = clock
        self._written: dict[EventKey, float] = {}
        self._pending: dict[EventKey, _PendingUpdate] = {}

    def started(self, camera: detections.CameraFacts, change: Started, shot: detections.EventImage | None) -> None:
        key = (camera.id, change.zone, change.label)
        self._written[key] = self._clock()
        self._pending.pop(key, None)
        self._submit(lambda c: detections.start(c, camera, change.zone, change.zone_title, change.label, change.at,
                                                change.objects, change.score, shot))

    def updated(self, camera: str, change: Updated, shot: detections.EventImage | None) -> None:
        key = (camera, change.zone, change.label)
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
        self.flush(only=key, force=True)  # the event's last figures first
        self._written.pop(key, None)
        self._submit(lambda c: detections.end(c, camera, change.zone, change.label, change.last_seen))

    def flush(self, *, only: EventKey | None = None, force: bool = False) -> None:
        """Write the updates whose events have not been written for UPDATE_EVERY_S (or all, with force)."""
        now = self._clock()
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
