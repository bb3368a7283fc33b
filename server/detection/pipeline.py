"""The parts of one camera's detection, wired together: relay tap → decoder → newest-frame slot → worker."""

from __future__ import annotations

from collections.abc import Callable

from server.detection.decoder import PacketDecoder
from server.detection.detectors.base import Detector
from server.detection.settings import DetectionConfig, DetectSettings
from server.detection.slot import LatestSlot
from server.detection.types import Frame
from server.detection.worker import CameraWorker, Examined
from wall_protocol.entities import StreamName

JOIN_TIMEOUT_S = 2.0


class CameraPipeline:
    def __init__(self, camera: str, stream: StreamName, settings: DetectSettings, config: DetectionConfig,
                 detector: Detector, on_result: Callable[[Examined], None]) -> None:
        self.camera = camera
        self.stream = stream
        self.settings = settings
        self.slot: LatestSlot[Frame] = LatestSlot()
        self.decoder = PacketDecoder(f"{camera}/{stream}", settings.fps, config.max_input, self.slot)
        self.worker = CameraWorker(camera, settings, config.motion, detector, self.slot, on_result,
                                   snapshot_quality=config.snapshot_quality)

    @property
    def tap(self) -> PacketDecoder:
        """What the relay feeds packets to."""
        return self.decoder

    def start(self) -> None:
        self.decoder.start()
        self.worker.start()

    def stop(self) -> None:
        """Ask both threads to end (they are daemons; `join` waits for them)."""
        self.decoder.stop()
        self.worker.stop()

    def join(self) -> None:
        self.decoder.join(JOIN_TIMEOUT_S)
        self.worker.join(JOIN_TIMEOUT_S)
