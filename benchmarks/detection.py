"""On-device detection: the pipeline's throughput against the bare model, the motion gate, time to report.

The clips are generated 1280×720 25 fps H.264 camera clips. For throughput, the demo's "person" camera
(server/demo/clips.py: Grace Hopper's photo walking to and fro, always moving, so the motion gate
passes every frame). For the time to report, tests/support/walk_clip.py: the astronaut photo walks in
from the left, stands in the middle and walks out. The static clip is that street with nobody, and a
ticking on-screen clock that the settings mask.

    .venv/bin/python benchmarks/detection.py [--seconds 15] [--threads 1] [--rounds 3]

1. Throughput. Ours: the server's pipeline in this process (server/detection: PacketDecoder → the
   newest-frame slot → CameraWorker with motion gate, bundled model, tracker, zones), fed the clip's
   H.264 packets as fast as it takes them: the next packets go in once the worker has taken the last
   frame, so every decoded frame is examined (a camera whose frame rate is the pipeline's capacity;
   a faster feed only decodes frames the slot then drops). The baseline beside it:
   bare onnxruntime `session.run` of the same model, same thread count, on the same frames already
   decoded and scaled to what the pipeline hands the detector (640×360) — the ceiling. Frames/s and
   CPU (% of one core: the process, less the thread that feeds packets) for both, and their ratios.
2. Motion gate: the static clip's every frame examined; detector calls with the gate against without
   it (one per frame).
3. Time to report: the person clip fed in real time at the camera's default 5 frames/s; from the
   moment half of the person is in the picture to the first result with a person in it.

Every round runs all three, the throughput's bare ceiling and our pipeline one after the other (which
goes first alternates: benchmarks/_rounds.py); the figures are medians over `--rounds` rounds, each ratio
with its spread, and a target holds when its median does.
The relay in front of the pipeline (not run here) adds about 50 ms: benchmarks/media_relay.py.
The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import av
import numpy as np

if __package__ in (None, ""):  # run as a script: make `benchmarks.*` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._harness import fmt, ratio
from benchmarks._rounds import Target, add_rounds_argument, finish, median_run, run_interleaved
from server.demo.clips import ensure_clip
from server.detection.decoder import PacketDecoder, scaled_size
from server.detection.detectors import BUNDLED_PATH, load_detector
from server.detection.detectors.base import open_session
from server.detection.settings import DetectSettings, MotionSettings
from server.detection.slot import LatestSlot
from server.detection.types import Frame
from server.detection.worker import CameraWorker, Examined
from server.media.pull import VideoInfo
from tests.support.walk_clip import CLOCK_BOX, Walk, render_walk

WALK = Walk(width=1280, height=720)
MAX_INPUT = 640
EVERY_FRAME = 1000.0
"""A sampling rate no clip reaches: the decoder hands over every frame."""
CLOCK = [(CLOCK_BOX[0], CLOCK_BOX[1]), (CLOCK_BOX[2], CLOCK_BOX[1]), (CLOCK_BOX[2], CLOCK_BOX[3]),
         (CLOCK_BOX[0], CLOCK_BOX[3])]
SETTINGS = DetectSettings(enabled=True, motion_mask=[CLOCK])
Packets = list[tuple[bytes, bool]]


def demux(path: Path) -> tuple[VideoInfo, Packets]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        codec = stream.codec_context
        return (VideoInfo(codec.name, codec.width, codec.height),
                [(bytes(p), bool(p.is_keyframe)) for p in container.demux(stream) if p.size])


def detector_frames(path: Path) -> list[np.ndarray]:
    """The clip's pictures as the pipeline hands them to the detector."""
    width, height = scaled_size(WALK.width, WALK.height, MAX_INPUT)
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24", width=width, height=height) for f in container.decode(video=0)]


class Measured:
    """Wall time and CPU time over a stretch of work: the whole process's, less the calling thread's
    when it only feeds (its polling is the benchmark's, not the pipeline's)."""

    def __init__(self, *, count_caller: bool = True) -> None:
        self._count_caller = count_caller

    def __enter__(self) -> Measured:
        self.wall, self.cpu, self._caller = time.perf_counter(), time.process_time(), time.thread_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu
        if not self._count_caller:
            self.cpu -= time.thread_time() - self._caller

    @property
    def cpu_percent(self) -> float:
        return 100 * self.cpu / self.wall


def bare(frames: list[np.ndarray], threads: int, seconds: float) -> dict[str, float]:
    """The ceiling: session.run in a loop over the same frames, nothing else."""
    session = open_session(BUNDLED_PATH, threads)
    name = session.get_inputs()[0].name
    for frame in frames[:5]:
        session.run(None, {name: frame[np.newaxis]})
    runs = 0
    with Measured() as m:
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            session.run(None, {name: frames[runs % len(frames)][np.newaxis]})
            runs += 1
    return {"fps": runs / m.wall, "cpu": m.cpu_percent}


class Pipeline:
    """The server's detection pipeline for one camera, fed from this process."""

    def __init__(self, fps: float, threads: int, on_result: Any = None) -> None:
        self.slot: LatestSlot[Frame] = LatestSlot()
        self.decoder = PacketDecoder("bench", fps, MAX_INPUT, self.slot)
        self.results: list[tuple[float, Examined]] = []
        self.worker = CameraWorker("bench", SETTINGS, MotionSettings(), load_detector("bundled", threads=threads),
                                   self.slot, on_result or self._keep)

    def _keep(self, result: Examined) -> None:
        self.results.append((time.monotonic(), result))

    def __enter__(self) -> Pipeline:
        self.decoder.start()
        self.worker.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.decoder.stop()
        self.worker.stop()
        self.decoder.join(5)
        self.worker.join(5)

    def feed(self, info: VideoInfo, packets: Packets, seconds: float | None, *, real_time: bool) -> None:
        """Loop the clip's packets for `seconds` (None: once through), paced like a camera or as fast as
        the decoder takes them."""
        started = time.monotonic()
        sent = 0
        while (time.monotonic() - started < seconds) if seconds is not None else sent < len(packets):
            data, keyframe = packets[sent % len(packets)]
            if real_time:
                time.sleep(max(0.0, started + sent / WALK.fps - time.monotonic()))
            else:
                # Backpressure: nothing dropped; decoding overlaps the detector's work on the last frame.
                while self.decoder.pending > 2 or self.slot.holding:
                    time.sleep(0.0002)
            self.decoder.on_packet(info, data, keyframe)
            sent += 1


def throughput(info: VideoInfo, packets: Packets, threads: int, seconds: float) -> dict[str, float]:
    with Pipeline(EVERY_FRAME, threads) as pipeline:
        pipeline.feed(info, packets, 2.0, real_time=False)  # warm-up
        stats = pipeline.worker.stats
        before = (stats.examined, stats.inferences)
        with Measured(count_caller=False) as m:
            pipeline.feed(info, packets, seconds, real_time=False)
        examined, inferences = stats.examined - before[0], stats.inferences - before[1]
    return {"fps": inferences / m.wall, "examined_fps": examined / m.wall, "cpu": m.cpu_percent,
            "decoded": pipeline.decoder.decoded, "dropped": pipeline.slot.dropped}


def gate(info: VideoInfo, packets: Packets, threads: int) -> dict[str, float]:
    """The static clip once through as fast as it decodes, every decoded frame offered to the worker."""
    with Pipeline(EVERY_FRAME, threads) as pipeline:
        pipeline.feed(info, packets, None, real_time=False)
        time.sleep(0.5)
        stats = pipeline.worker.stats
        return {"examined": stats.examined, "inferences": stats.inferences, "dropped": pipeline.slot.dropped}


def first_report(info: VideoInfo, packets: Packets, threads: int) -> float | None:
    """Seconds from half the person in view to the first result with a person (real time, 5 frames/s)."""
    half_in = WALK.crossing_s(0.0, leaving=False)  # the photo's centre at the left edge: half of it shows
    with Pipeline(SETTINGS.fps, threads) as pipeline:
        started = time.monotonic()
        pipeline.feed(info, packets, WALK.enter_s + 4.0, real_time=True)
    seen = [at for at, result in pipeline.results if any(o.label == "person" for o in result.objects)]
    return round(seen[0] - started - half_in, 3) if seen else None


TARGETS = (Target("throughput_ratio", ">=", 0.85), Target("gate_reduction", ">=", 5.0),
           Target("first_report_s", "<", 1.0))


def one_round(runs: dict[str, dict[str, Any]], threads: int) -> dict[str, Any]:
    """A round's figures under the JSON line's keys, from its bare ceiling, pipeline, gate and report runs."""
    ceiling, ours, gated = runs["bare"], runs["pipeline"], runs["gate"]
    reduction = gated["examined"] / max(1, gated["inferences"])
    return {
        "fps": round(ours["fps"], 2), "bare_fps": round(ceiling["fps"], 2),
        "throughput_ratio": ratio(ours["fps"], ceiling["fps"]),
        "cpu_percent": round(ours["cpu"], 1), "bare_cpu_percent": round(ceiling["cpu"], 1),
        "cpu_per_frame_ratio": ratio(ours["cpu"] / ours["fps"], ceiling["cpu"] / ceiling["fps"]),
        "examined_fps": round(ours["examined_fps"], 2),
        "gate_reduction": round(reduction, 1), "static_examined": gated["examined"],
        "static_inferences": gated["inferences"], "first_report_s": runs["report"]["seconds"], "threads": threads,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=15.0, help="length of each throughput run")
    parser.add_argument("--threads", type=int, default=1, help="onnxruntime threads (the server's default is 1)")
    add_rounds_argument(parser)
    args = parser.parse_args()
    if args.seconds <= 0 or args.threads < 1 or args.rounds < 1:
        parser.error("--seconds, --threads and --rounds must be positive")
    folder = Path(tempfile.gettempdir()) / "iocwall-bench-detection"
    folder.mkdir(exist_ok=True)
    moving = ensure_clip(folder, "person-720p", title="Chợ Đông Kinh", width=WALK.width, height=WALK.height,
                         seconds=8, scene="person")
    walk = render_walk(folder / "walk-720p.ts", "astronaut", WALK)
    static = render_walk(folder / "static-720p.ts", "none", WALK)
    info, moving_packets = demux(moving)
    walk_info, walk_packets = demux(walk)
    static_info, static_packets = demux(static)
    frames = detector_frames(moving)
    runners: dict[str, Callable[[], dict[str, Any]]] = {
        "bare": lambda: bare(frames, args.threads, args.seconds),
        "pipeline": lambda: throughput(info, moving_packets, args.threads, args.seconds),
        "gate": lambda: gate(static_info, static_packets, args.threads),
        "report": lambda: {"seconds": first_report(walk_info, walk_packets, args.threads)},
    }
    rounds = run_interleaved(list(runners), args.rounds, lambda name, _: runners[name]())
    summaries = [one_round(runs, args.threads) for runs in rounds]
    med = median_run(summaries)

    print(f"detection, bundled model, {args.threads} onnxruntime thread(s), 1280×720 25 fps clip → 640×360 frames; "
          f"medians of {len(rounds)} rounds")
    print(f"{'':28}{'frames/s':>10}{'CPU % of a core':>18}")
    print(f"{'bare session.run (ceiling)':28}{fmt(med['bare_fps']):>10}{fmt(med['bare_cpu_percent']):>18}")
    print(f"{'our pipeline':28}{fmt(med['fps']):>10}{fmt(med['cpu_percent']):>18}"
          f"   ({fmt(med['examined_fps'])} frames examined/s; the rest of the CPU is decoding 720p)")
    print(f"static clip: {fmt(med['static_examined'])} frames examined, {fmt(med['static_inferences'])} detector "
          f"calls: {fmt(med['gate_reduction'])}× fewer than without the gate")
    print(f"person reported {fmt(med['first_report_s'], 3)} s after half of them came into view")
    summary = finish(summaries, TARGETS, ("throughput_ratio", "cpu_per_frame_ratio"))
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
