"""Detection on the event loop's side: which cameras run a pipeline, and what their results become.

Per examined frame, an overlay goes to every client (transient, not stored); zone changes become
store jobs (event rows, snapshots, alerts). Models load in a worker thread; a model that cannot
load stops only its camera's detection, with an error that names the camera and the file.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from server.detection.detectors import load_detector
from server.detection.detectors.base import Detector, ModelError
from server.detection.occupancy import Ended, Updated
from server.detection.pipeline import CameraPipeline
from server.detection.recorder import EventRecorder, camera_facts
from server.detection.settings import DetectionConfig, DetectSettings
from server.detection.worker import Examined
from server.domain import catalog, detections
from server.media.relay import MediaRelay
from server.redact import redact
from server.store.store import Store
from wall_protocol.admin import CameraSpec
from wall_protocol.common import utc_now
from wall_protocol.detection import DetectionOverlay, DetectionStatus, OverlayBox, OverlayZone
from wall_protocol.entities import StreamName

log = logging.getLogger(__name__)

PublishOverlay = Callable[[DetectionOverlay], None]


def effective_settings(config: DetectionConfig, spec: CameraSpec) -> DetectSettings:
    """server.toml's `[detection.cameras.ID]` wins over what was set over REST."""
    return config.cameras.get(spec.id, spec.detect)


def stream_for(spec: CameraSpec, settings: DetectSettings) -> StreamName:
    return "sub" if settings.stream == "sub" and spec.sub_url else "main"


async def load_for(config: DetectionConfig, camera: str, settings: DetectSettings) -> Detector:
    """Load (or reuse) the camera's model in a worker thread; ModelError names the camera and the file."""
    loop = asyncio.get_running_loop()
    try:
        return await loop.run_in_executor(None, lambda: load_detector(
            settings.model, detector=settings.detector, labels=settings.labels, threads=config.threads))
    except ModelError as exc:
        raise ModelError(f"camera {camera!r}: {exc}") from None


@dataclass
class _Running:
    pipeline: CameraPipeline
    spec: CameraSpec
    detector: Detector


class DetectionService:
    def __init__(self, config: DetectionConfig, store: Store, relay: MediaRelay, publish: PublishOverlay) -> None:
        self.config = config
        self._store = store
        self._relay = relay
        self._publish = publish
        self._running: dict[str, _Running] = {}
        self._failed: dict[str, str] = {}
        self._recorder = EventRecorder(store)
        self._loop: asyncio.AbstractEventLoop | None = None

    async def start(self) -> None:
        """Close events a previous run left open, then start every camera marked for detection."""
        self._loop = asyncio.get_running_loop()
        closed = await self._store.write(lambda c: detections.close_left_open(c))
        if closed:
            log.info("closed %d detection events left open by the previous run", closed)
        specs = await self._store.read(catalog.camera_specs)
        unknown = sorted(set(self.config.cameras) - {s.id for s in specs})
        for camera in unknown:
            log.error("server.toml [detection.cameras.%s]: there is no camera %r", camera, camera)
        for spec in specs:
            await self.apply(spec)

    async def apply(self, spec: CameraSpec) -> None:
        """Start, restart or stop a camera's detection after it was saved (or at start)."""
        settings = effective_settings(self.config, spec)
        current = self._running.get(spec.id)
        wanted = settings.enabled and spec.enabled and not spec.direct
        if current is not None and wanted and current.spec == spec and current.pipeline.settings == settings:
            return
        if current is not None:
            await self.stop_camera(spec.id)
        self._failed.pop(spec.id, None)
        if not wanted:
            return
        try:
            detector = await load_for(self.config, spec.id, settings)
        except ModelError as exc:
            self._failed[spec.id] = str(exc)
            log.error("detection is off on this camera: %s", exc)
            return
        stream = stream_for(spec, settings)
        pipeline = CameraPipeline(spec.id, stream, settings, self.config, detector, self._from_worker)
        pipeline.start()
        self._relay.add_tap(spec, stream, pipeline.tap)
        self._running[spec.id] = _Running(pipeline, spec, detector)
        log.info("detection on %s/%s: %s (%s), %.0f frames/s, zones: %s", spec.id, stream, detector.path.name,
                 detector.key, settings.fps, ", ".join(z.name for z in settings.zones) or "whole picture")

    async def stop_camera(self, camera: str) -> None:
        running = self._running.pop(camera, None)
        self._failed.pop(camera, None)
        if running is None:
            return
        pipeline = running.pipeline
        self._relay.remove_tap(camera, pipeline.stream, pipeline.tap)
        pipeline.stop()
        await asyncio.get_running_loop().run_in_executor(None, pipeline.join)
        self._publish(DetectionOverlay(camera=camera, at=utc_now(), ttl_s=1.0))  # wipe the boxes off the walls

    def close(self) -> None:
        for running in self._running.values():
            running.pipeline.stop()
        for running in self._running.values():
            running.pipeline.join()
        self._running.clear()

    # ------------------------------------------------------------------ results (worker threads → loop)

    def _from_worker(self, result: Examined) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop is closing: the server is stopping
            loop.call_soon_threadsafe(self._on_result, result)

    def _on_result(self, result: Examined) -> None:
        running = self._running.get(result.camera)
        if result.frame_at is not None and running is not None:
            self._publish(_overlay(result, running.pipeline.settings))
        for change in result.changes:
            if isinstance(change, Ended):
                self._recorder.ended(result.camera, change)
                continue
            jpeg = result.snapshots.get((change.zone, change.label))
            shot = detections.EventImage(jpeg, change.score, change.at) if jpeg is not None else None
            if isinstance(change, Updated):
                self._recorder.updated(result.camera, change, shot)
            elif running is not None:  # a start reported after the camera was stopped is dropped
                spec = running.spec
                facts = camera_facts(spec.id, spec.name, spec.area, running.pipeline.settings.severity)
                self._recorder.started(facts, change, shot)
        self._recorder.flush()

    # ------------------------------------------------------------------ status

    def statuses(self) -> list[DetectionStatus]:
        out: list[DetectionStatus] = []
        for camera, running in sorted(self._running.items()):
            stats = running.pipeline.worker.stats
            decoder = running.pipeline.decoder
            out.append(DetectionStatus(
                camera=camera, state="running", stream=running.pipeline.stream, model=str(running.detector.path),
                detector=running.detector.key, examined=stats.examined, inferences=stats.inferences,
                gated=stats.gated, dropped=running.pipeline.slot.dropped, decoded=decoder.decoded,
                mean_detect_ms=round(1000 * stats.detect_seconds / stats.inferences, 2) if stats.inferences else 0.0,
                error=redact(stats.error),
            ))
        out.extend(DetectionStatus(camera=camera, state="failed", error=redact(error)[:1000])
                   for camera, error in sorted(self._failed.items()))
        return out


def _overlay(result: Examined, settings: DetectSettings) -> DetectionOverlay:
    assert result.frame_at is not None
    boxes = tuple(
        OverlayBox(label=o.label, score=round(min(1.0, max(0.0, o.score)), 3),
                   x0=_unit(o.box.x0), y0=_unit(o.box.y0), x1=_unit(o.box.x1), y1=_unit(o.box.y1),
                   track=o.id, in_zone=bool(o.zones & result.occupied) or ("all" in result.occupied))
        for o in result.objects[:100]
    )
    zones = tuple(OverlayZone(name=z.name, title=z.title, points=tuple(z.points), occupied=z.name in result.occupied)
                  for z in settings.zones)
    return DetectionOverlay(camera=result.camera, at=result.frame_at, boxes=boxes, zones=zones,
                            ttl_s=max(2.0, 3.0 / settings.fps))


def _unit(v: float) -> float:
    return min(1.0, max(0.0, v))
