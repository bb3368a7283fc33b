"""One camera's detection loop, in its own thread: newest frame → motion gate → detector → tracker → zones.

Everything it finds goes to `on_result` (the service, which hops to the event loop); JPEG
snapshots are encoded here, so the loop never does heavy work.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np

from server.detection.detectors.base import Detector
from server.detection.event_image import event_image_jpeg
from server.detection.motion import MotionGate
from server.detection.occupancy import Change, Ended, Occupancy, Started, Updated
from server.detection.settings import DetectSettings, MotionSettings
from server.detection.slot import LatestSlot
from server.detection.tracker import Tracker
from server.detection.types import Detection, Frame, TrackedObject
from server.detection.zones import motion_area, zones_of

log = logging.getLogger(__name__)

SNAPSHOT_EVERY_S = 1.0
"""A better snapshot of an open event is taken at most this often (JPEG encoding is not free)."""
KEEP_SCORE_SHARE = 0.5
"""An object already tracked stays tracked down to this share of `min_score` (hysteresis, see Tracker.update)."""
IDLE_WAIT_S = 0.5
"""How long the worker waits for a frame before it lets open events age (the stream may be down)."""


@dataclass(frozen=True)
class Examined:
    """The outcome of one examined frame (or of a wait without frames: `frame_at` None)."""

    camera: str
    frame_at: datetime | None
    objects: list[TrackedObject]
    changes: list[Change]
    snapshots: dict[tuple[str, str], bytes] = field(default_factory=dict)
    """JPEG per (zone, label) for the changes that asked for one."""
    occupied: frozenset[str] = frozenset()


@dataclass
class WorkerStats:
    examined: int = 0
    inferences: int = 0
    gated: int = 0
    """Frames the motion gate let through without inference."""
    detect_seconds: float = 0.0
    error: str = ""


class CameraWorker:
    def __init__(self, camera: str, settings: DetectSettings, motion: MotionSettings, detector: Detector,
                 slot: LatestSlot[Frame], on_result: Callable[[Examined], None], *, snapshot_quality: int = 85,
                 ) -> None:
        self.camera = camera
        self.settings = settings
        self._detector = detector
        self._slot = slot
        self._on_result = on_result
        self._quality = snapshot_quality
        self._recheck_s = motion.recheck_s
        self._gate = MotionGate(motion)
        self._tracker = Tracker(forget_after_s=settings.end_after_s)
        self._occupancy = Occupancy(settings.zones, settings.classes, settings.end_after_s)
        self._classes = frozenset(settings.classes)
        self._masks: dict[tuple[int, int], np.ndarray | None] = {}
        self._present: list[TrackedObject] = []
        self._last_inference = -1e9
        self._last_snapshot: dict[tuple[str, str], float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"detect {camera}", daemon=True)
        self.stats = WorkerStats()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._slot.close()

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            frame = self._slot.take(IDLE_WAIT_S)
            if self._stop.is_set():
                break
            try:
                result = self._examine(frame) if frame is not None else self._age()
            except Exception as exc:  # a detector failure must not kill the camera's detection for good
                self.stats.error = str(exc)[:500]
                log.exception("detection on %s failed on a frame", self.camera)
                continue
            if result is not None:
                self._on_result(result)
        ended = self._occupancy.close_all(datetime.now(UTC))
        if ended:
            self._on_result(Examined(self.camera, None, [], list(ended)))

    # ------------------------------------------------------------------ one frame

    def _examine(self, frame: Frame) -> Examined:
        self.stats.examined += 1
        now = frame.monotonic
        motion = self._gate.check(frame.rgb, self._mask(frame.width, frame.height))
        recheck = bool(self._present) and now - self._last_inference >= self._recheck_s
        if motion.moving or recheck:
            started = time.perf_counter()
            detections = self._detector.detect(frame.rgb)
            self.stats.detect_seconds += time.perf_counter() - started
            self.stats.inferences += 1
            self._last_inference = now
            seen = self._tracker.update(self._wanted(detections), now, start_score=self.settings.min_score)
            self._present = seen
        else:
            # Nothing moved: whatever was there is still there, standing still.
            self.stats.gated += 1
            seen = self._tracker.hold(now)
            self._present = seen
        for obj in seen:
            obj.zones = zones_of(obj.box, self.settings.zones)
        changes = self._occupancy.update(seen, frame.at)
        return Examined(self.camera, frame.at, seen, changes, self._snapshots(frame, seen, changes),
                        self._occupancy.occupied_zones())

    def _age(self) -> Examined | None:
        """No frame came: let open events end once their objects are overdue (the stream may be down)."""
        changes = self._occupancy.update([], datetime.now(UTC))
        if not changes and not self._present:
            return None
        self._present = []
        return Examined(self.camera, None, [], changes, {}, self._occupancy.occupied_zones())

    def _wanted(self, detections: list[Detection]) -> list[Detection]:
        """Detections of the camera's classes, down to the score that may keep a tracked object going."""
        s = self.settings
        floor = s.min_score * KEEP_SCORE_SHARE
        return [d for d in detections if d.label in self._classes and d.score >= floor and d.box.area >= s.min_area]

    def _mask(self, width: int, height: int) -> np.ndarray | None:
        key = (width, height)
        if key not in self._masks:
            self._masks[key] = motion_area(self.settings.zones, self.settings.motion_mask, width, height)
        return self._masks[key]

    def _snapshots(self, frame: Frame, seen: list[TrackedObject],
                   changes: list[Change]) -> dict[tuple[str, str], bytes]:
        out: dict[tuple[str, str], bytes] = {}
        for change in changes:
            if isinstance(change, Ended):
                continue
            key = (change.zone, change.label)
            wanted = isinstance(change, Started) or (isinstance(change, Updated) and change.better_snapshot)
            if not wanted or frame.monotonic - self._last_snapshot.get(key, -1e9) < SNAPSHOT_EVERY_S:
                continue
            objects = [o for o in seen if o.label == change.label and (change.zone == "all" or change.zone in o.zones)]
            out[key] = event_image_jpeg(frame.rgb, objects, self._quality)
            self._last_snapshot[key] = frame.monotonic
        return out
