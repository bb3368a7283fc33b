"""The media benchmark's cameras: generated 720p25 clips served by simulators in a process of their own.

Why a process of its own: eight libVLC RTSP streamers cost CPU too, and the benchmark measures the
relay and the baseline from outside by their process CPU; the cameras must not be counted in either.

Run as `python -m benchmarks._media_cameras --source rtsp CLIP...` (the orchestrator does that
through `CameraHost`): it starts one simulator per clip, prints one JSON line with their URLs, and
serves until its stdin closes or it gets SIGTERM. Its stdin is a pipe from the orchestrator, so it
also ends when the orchestrator dies, however that happens.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

if __package__ in (None, ""):  # run as a script: make `server.*` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from server.demo.camera_sim import ClipServer, RtspCamera, free_port
from server.demo.clips import ensure_clip
from tests.support.server_process import dies_with_parent

log = logging.getLogger("media-bench")

REPO = Path(__file__).resolve().parents[1]
CLIP_SECONDS = 8.0
CLIP_FPS = 25
READY_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Clip:
    """A rendered camera clip and what a relay of it should carry."""

    path: Path
    bitrate_bps: float
    """File size over duration: TS overhead included, as the relay's output carries it too."""


def render_clips(cache_dir: Path, count: int) -> list[Clip]:
    """`count` distinct 720p25 traffic clips (one seed each), rendered once and cached between runs."""
    clips = []
    for i in range(count):
        path = ensure_clip(cache_dir, f"bench-cam{i + 1}", title=f"Bench camera {i + 1}", width=1280, height=720,
                           fps=CLIP_FPS, seconds=CLIP_SECONDS, scene="traffic", seed=i)
        clips.append(Clip(path, path.stat().st_size * 8 / CLIP_SECONDS))
    return clips


# --------------------------------------------------------------------------- inside the host process


def start_simulators(source: str, clips: list[Path]) -> tuple[list[str], Callable[[], None]]:
    """One camera per clip; returns their URLs and a function that stops them all."""
    if source == "http":
        server = ClipServer()
        for i, clip in enumerate(clips):
            server.add(f"cam{i + 1}", clip)
        server.start()
        return [server.url(f"cam{i + 1}", "ts") for i in range(len(clips))], server.stop
    cameras: list[RtspCamera] = []
    try:
        for i, clip in enumerate(clips):
            cameras.append(RtspCamera(clip, free_port(), f"cam{i + 1}").start())
    except BaseException:
        for camera in cameras:
            camera.stop()
        raise

    def stop_all() -> None:
        for camera in cameras:
            camera.stop()

    return [camera.url for camera in cameras], stop_all


def _serve_until_told(stop_all: Callable[[], None]) -> None:
    """Block until stdin reaches EOF (the orchestrator closed it or died) or SIGTERM/SIGINT arrives."""
    done = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: done.set())

    def until_eof() -> None:
        sys.stdin.read()
        done.set()

    threading.Thread(target=until_eof, daemon=True, name="stdin-eof").start()
    try:
        while not done.wait(0.2):
            pass
    finally:
        stop_all()


def host_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="camera simulators for benchmarks/media_relay.py")
    parser.add_argument("--source", choices=("rtsp", "http"), default="rtsp")
    parser.add_argument("clips", nargs="+", type=Path)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="# cameras: %(message)s", stream=sys.stderr)
    urls, stop_all = start_simulators(args.source, args.clips)
    print(json.dumps({"urls": urls}), flush=True)
    _serve_until_told(stop_all)
    return 0


# --------------------------------------------------------------------------- in the orchestrator


class CameraHost:
    """The simulator process seen from the orchestrator: start, read its URLs, stop."""

    def __init__(self, source: str, clips: list[Clip], workdir: Path) -> None:
        self.source = source
        self.clips = clips
        self._stderr_path = workdir / "cameras.err"
        self._stderr: IO[bytes] | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.urls: list[str] = []

    def start(self) -> CameraHost:
        self._stderr = self._stderr_path.open("wb")
        # A SIGKILLed orchestrator (whose `finally` never runs) must not leave the simulators running.
        self.process = subprocess.Popen(
            dies_with_parent([sys.executable, "-m", "benchmarks._media_cameras", "--source", self.source,
                              *(str(c.path) for c in self.clips)]),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, cwd=REPO)
        self.urls = self._read_urls()
        log.info("cameras: %d %s simulators in pid %d", len(self.urls), self.source, self.process.pid)
        return self

    def _read_urls(self) -> list[str]:
        """The host's one stdout line, or fail with its stderr when it dies or says nothing in time."""
        assert self.process is not None and self.process.stdout is not None
        line: list[bytes] = []
        reader = threading.Thread(target=lambda: line.append(self.process.stdout.readline()),  # type: ignore[union-attr]
                                  daemon=True)
        reader.start()
        reader.join(READY_TIMEOUT_S)
        if not line or not line[0].strip():
            self.stop()
            tail = self._stderr_path.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RuntimeError(f"camera simulators did not start in {READY_TIMEOUT_S:.0f} s; stderr:\n{tail}")
        urls: list[str] = json.loads(line[0])["urls"]
        return urls

    def stop(self) -> None:
        """Close its stdin (it stops its simulators and exits); SIGKILL if that takes over 10 s."""
        process, self.process = self.process, None
        if process is not None:
            with contextlib.suppress(OSError):
                assert process.stdin is not None
                process.stdin.close()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                log.warning("camera simulators did not stop in 10 s: killing pid %d", process.pid)
                process.kill()
                process.wait(10)
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def __enter__(self) -> CameraHost:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


if __name__ == "__main__":
    raise SystemExit(host_main())
