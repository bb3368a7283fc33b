"""The demo's own cameras: generated clips served as live HTTP MPEG-TS on loopback.

The clips are encoded once into a cache folder and then looped by the camera simulator, so
the demo spends no core on encoding. Rendering runs in the background: the server comes up at
once and each camera goes live when its clips are ready (the relay retries until then).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from server.demo.camera_sim import ClipServer
from server.demo.clips import ensure_clip
from server.demo.province import CAMERAS, DemoCamera

log = logging.getLogger(__name__)

STREAMS = {"main": (1280, 720), "sub": (640, 360)}
RENDER_AT_ONCE = 2
"""Clips encoded at once: drawing a clip's frames holds one core (numpy, PIL) while x264 waits for them, so two
at a time keep both cores of a small PC busy. Measured here (2 cores, interleaved): all twenty clips in 67-75 s
one at a time, 52-55 s two at a time."""


class DemoCameras:
    def __init__(self, clips_dir: Path, clip_seconds: float) -> None:
        self.clips_dir = clips_dir
        self.clip_seconds = clip_seconds
        self.server = ClipServer()

    def start(self) -> None:
        self.clips_dir.mkdir(parents=True, exist_ok=True)
        self.server.start()

    def url(self, camera: DemoCamera, stream: str) -> str:
        return self.server.url(f"{camera.id}-{stream}", "ts")

    async def render_all(self) -> None:
        """Encode (or find cached) every camera's main and sub clip, RENDER_AT_ONCE at a time in the cameras'
        order, serving each as soon as it exists."""
        slots = asyncio.Semaphore(RENDER_AT_ONCE)

        async def render(index: int, camera: DemoCamera, stream: str, width: int, height: int) -> None:
            async with slots:
                path = await asyncio.to_thread(
                    ensure_clip, self.clips_dir, f"{camera.id}-{stream}", title=camera.name, width=width,
                    height=height, seconds=self.clip_seconds, scene=camera.scene, seed=index,
                )
            await asyncio.to_thread(self.server.add, f"{camera.id}-{stream}", path)

        await asyncio.gather(*(render(index, camera, stream, *size) for index, camera in enumerate(CAMERAS)
                               for stream, size in STREAMS.items()))
        log.info("demo cameras: %d clips ready in %s", len(CAMERAS) * len(STREAMS), self.clips_dir)

    def stop(self) -> None:
        self.server.stop()
