"""Media relay benchmark: K cameras relayed to V viewers each, against K bare PyAV remux loops beside it.

VISION.md's target: relaying a camera costs ≤ 1.5× the CPU of a bare PyAV remux of it (viewers
included) and adds < 200 ms of latency. MEASURED.md puts the bare remux at ≈ 0.9–1.3% of a core
per 720p25 camera.

    .venv/bin/python benchmarks/media_relay.py [--cameras 8] [--viewers 3] [--seconds 20]
                                               [--source rtsp|http] [--only ours|baseline|both] [--rounds 3]

The cameras are simulators (server/demo/camera_sim.py) playing generated 720p25 clips in a
process of their own, shared by both runs. Ours: the server pulls every camera once and serves it
to V HTTP viewers that count bytes (_media_viewers.py); on camera 1, one of the V is a decoding
latency probe instead, paired with a second probe decoding the camera directly (_media_probe.py).
Baseline: one process of K remux loops (_media_baseline.py). CPU is that of the measured process
alone (psutil, % of one core) over `--seconds` after a warm-up. Ours and the baseline alternate over
`--rounds` rounds (benchmarks/_rounds.py): a table of medians, each ratio's spread, the targets judged on
the median, then one JSON object as the last line.

Added latency is decoded-via-relay minus decoded-direct for the same frame. It includes what any
MPEG-TS client adds on top of a direct RTSP one (FFmpeg's TS demuxer and H.264 parser hold a
frame until the next one starts). It needs RTSP sources: the HTTP simulator plays the clip anew
to each connection, so with `--source http` there is no probe and no latency figure.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import multiprocessing
import os
import queue
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psutil

if __package__ in (None, ""):  # run as a script: make `benchmarks.*` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._media_cameras import CameraHost, Clip, render_clips
from benchmarks._media_probe import LOW_DELAY, ProbeSpec, added_latencies, latency_summary, probe_worker
from benchmarks._media_report import print_report
from benchmarks._media_targets import (
    add_cameras,
    baseline_stats,
    media_url,
    start_baseline,
    start_server,
    wait_baseline_flowing,
)
from benchmarks._media_viewers import ViewerSpec, viewer_worker
from benchmarks._rounds import add_rounds_argument, run_interleaved
from benchmarks._targets import Meter, Target, scrape_metrics
from benchmarks.fanout import _terminate_on_signal

log = logging.getLogger("media-bench")

WARMUP_S = 5.0
"""After every viewer has data: the pulls' reconnects (if any) and the decoders' start are over."""
READY_TIMEOUT_S = 45.0
STOP_GRACE_S = 0.5
CLIP_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "iocwall" / "bench-clips"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cameras", type=int, default=8, help="cameras relayed (default 8)")
    parser.add_argument("--viewers", type=int, default=3, help="viewers per camera (default 3)")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds after warm-up (default 20)")
    parser.add_argument("--source", choices=("rtsp", "http"), default="rtsp",
                        help="camera simulators: RTSP (RTP over UDP, libVLC) or HTTP MPEG-TS (default rtsp)")
    parser.add_argument("--only", choices=("ours", "baseline", "both"), default="both")
    add_rounds_argument(parser)
    parser.add_argument("--viewer-procs", type=int, default=2, help="processes the byte-counting viewers share")
    parser.add_argument("--clip-cache", type=Path, default=CLIP_CACHE, help=f"rendered clips (default {CLIP_CACHE})")
    args = parser.parse_args(argv)
    if args.cameras < 1 or args.viewers < 1 or args.seconds <= 0 or args.viewer_procs < 1 or args.rounds < 1:
        parser.error("--cameras, --viewers, --seconds, --viewer-procs and --rounds must be positive")
    return args


# --------------------------------------------------------------------------- helper processes


class Harness:
    """The viewer and probe processes of one run, their shared counters and their result queue."""

    def __init__(self, viewer_count: int) -> None:
        self.ctx = multiprocessing.get_context("spawn")
        self.counts: Any = self.ctx.RawArray("q", viewer_count)
        self.probe_frames: Any = self.ctx.RawArray("q", 2)
        self.stop_at: Any = self.ctx.RawValue("d", 0.0)
        self.results: Any = self.ctx.Queue()
        self.procs: list[Any] = []
        self._early: list[tuple[Any, ...]] = []
        """Results read by `check` before `collect` (a viewer that failed early reports early)."""

    def spawn(self, name: str, target: Any, *args: Any) -> None:
        proc = self.ctx.Process(target=target, args=args, daemon=True, name=name)
        proc.start()
        self.procs.append(proc)

    def check(self) -> None:
        """Fail now if a helper process reported an error, or all its viewers failed before the stop signal."""
        with contextlib.suppress(queue.Empty):
            while True:
                item = self.results.get_nowait()
                if item[0] == "error":
                    raise RuntimeError(f"a benchmark process failed:\n{item[1]}")
                if item[0] == "viewers" and item[1] and self.stop_at.value <= 0.0:
                    raise RuntimeError(f"viewers failed: {item[1][:4]}")
                self._early.append(item)

    def collect(self, timeout_s: float) -> list[tuple[Any, ...]]:
        """One result per process (an 'error' one fails the run); waits at most `timeout_s`."""
        items, self._early = list(self._early), []
        give_up = time.monotonic() + timeout_s
        while len(items) < len(self.procs):
            try:
                item = self.results.get(timeout=max(0.01, give_up - time.monotonic()))
            except queue.Empty:
                raise RuntimeError(f"{len(self.procs) - len(items)} benchmark processes did not report "
                                   f"in {timeout_s:.0f} s") from None
            if item[0] == "error":
                raise RuntimeError(f"a benchmark process failed:\n{item[1]}")
            items.append(item)
        return items

    def reap(self) -> None:
        """Tell everyone to stop (if not yet), let them end, kill stragglers; drains the queue meanwhile."""
        if self.stop_at.value <= 0.0:
            self.stop_at.value = time.monotonic()
        give_up = time.monotonic() + 10.0
        while any(p.is_alive() for p in self.procs) and time.monotonic() < give_up:
            with contextlib.suppress(queue.Empty):
                self.results.get(timeout=0.1)
        for proc in self.procs:
            if proc.is_alive():
                log.warning("killing benchmark process %s (pid %s)", proc.name, proc.pid)
                proc.kill()
                proc.join(5)


def readers_per_camera(cameras: int, viewers: int, probing: bool) -> list[int]:
    """Byte-counting viewers of each camera: V, less the one the latency probe takes on the first camera."""
    return [viewers - (probing and i == 0) for i in range(cameras)]


def viewer_specs(target: Target, camera_ids: list[str], readers: list[int]) -> list[ViewerSpec]:
    urls = [media_url(target, cid) for cid, n in zip(camera_ids, readers, strict=True) for _ in range(n)]
    return [ViewerSpec(slot, url) for slot, url in enumerate(urls)]


def probe_specs(target: Target, direct_url: str, camera_id: str) -> list[ProbeSpec]:
    """The same camera decoded from the simulator and through the relay, with the same low-delay options."""
    direct_options = {**LOW_DELAY, "rtsp_transport": "udp"} if direct_url.startswith("rtsp://") else dict(LOW_DELAY)
    auth = f"Authorization: Bearer {target.tokens['viewer']}\r\n"
    return [ProbeSpec("direct", 0, direct_url, direct_options),
            ProbeSpec("relay", 1, media_url(target, camera_id), {**LOW_DELAY, "headers": auth})]


def wait_until(ready: Callable[[], bool], what: str, harness: Harness | None, alive: list[Any],
               timeout_s: float) -> None:
    """Poll `ready()` until true; fail early when a helper reports an error or a watched process dies."""
    give_up = time.monotonic() + timeout_s
    while not ready():
        if harness is not None:
            harness.check()
        for proc in alive:
            if not proc.alive():
                raise RuntimeError(f"{proc.name} died while waiting for {what}")
        if time.monotonic() > give_up:
            raise RuntimeError(f"timed out after {timeout_s:.0f} s waiting for {what}")
        time.sleep(0.1)


class _Alive:
    """Adapts a Target or CameraHost to `wait_until`'s liveness check."""

    def __init__(self, name: str, check: Any) -> None:
        self.name = name
        self._check = check

    def alive(self) -> bool:
        return bool(self._check())


# --------------------------------------------------------------------------- measuring


@contextlib.contextmanager
def measuring(pids: dict[str, list[int]]) -> Iterator[dict[str, Any]]:
    """CPU % (of one core) and peak RSS of each group of processes over the `with` block, plus the machine's."""
    meters = {name: Meter(group) for name, group in pids.items() if group}
    with contextlib.ExitStack() as stack:
        for meter in meters.values():
            stack.enter_context(meter)
        start = {name: meter.cpu_seconds() for name, meter in meters.items()}
        split0 = meters["target"].thread_split()
        psutil.cpu_percent(None)
        t0 = time.monotonic()
        figures: dict[str, Any] = {"window": (t0, t0)}
        yield figures
        t1 = time.monotonic()
        seconds = t1 - t0
        for name, meter in meters.items():
            figures[f"{name}_cpu_pct"] = 100.0 * (meter.cpu_seconds() - start[name]) / seconds
        split1 = meters["target"].thread_split()
        figures["main_thread_cpu_pct"] = 100.0 * (split1[0] - split0[0]) / seconds
        figures["other_threads_cpu_pct"] = 100.0 * (split1[1] - split0[1]) / seconds
        figures["machine_cpu_pct"] = psutil.cpu_percent(None) * (psutil.cpu_count() or 1)
        figures["rss_mb"] = meters["target"].peak_rss / 2**20
        figures["window"] = (t0, t1)
        figures["seconds"] = seconds


def _sleep(seconds: float) -> None:
    time.sleep(max(0.0, seconds))


def run_ours(args: argparse.Namespace, cameras: CameraHost, workdir: Path) -> dict[str, Any]:
    """Our server relaying every camera to its viewers, measured after everyone receives video."""
    log.info("ours: starting the server")
    target = start_server(workdir)
    result: dict[str, Any] = {}
    try:
        camera_ids = add_cameras(target, cameras.urls)
        result = drive_ours(args, target, cameras, camera_ids)
        result["metrics"] = stream_metrics(target)
    finally:
        result["exit_code"] = target.stop()
        result["stderr_problems"] = target.problems()
        log.info("ours: stopped (exit code %s)", result["exit_code"])
    return result


def drive_ours(args: argparse.Namespace, target: Target, cameras: CameraHost, camera_ids: list[str]) -> dict[str, Any]:
    """Start probes and viewers, wait until all receive video, warm up, measure, gather the tallies.

    The latency probe needs a camera that every client sees at the same moment, as a real camera
    (and the RTSP simulator, one libVLC stream for all) is; the HTTP simulator plays the clip from
    its start to each connection on its own schedule, so through it a direct and a relayed copy
    differ by when they connected, not by the relay. No probe then.
    """
    probing = args.source == "rtsp"
    readers = readers_per_camera(len(camera_ids), args.viewers, probing)
    specs = viewer_specs(target, camera_ids, readers)
    harness = Harness(len(specs))
    token = target.tokens["viewer"]
    try:
        for spec in probe_specs(target, cameras.urls[0], camera_ids[0]) if probing else []:
            harness.spawn(f"probe-{spec.name}", probe_worker, spec, harness.probe_frames, harness.stop_at,
                          harness.results)
        for i in range(args.viewer_procs):
            share = specs[i :: args.viewer_procs]
            if share:
                harness.spawn(f"viewers-{i}", viewer_worker, share, token, harness.counts, harness.stop_at,
                              harness.results)
        watched = [_Alive("the server", lambda: target.process.poll() is None), _Alive("the cameras", cameras.alive)]
        try:
            wait_until(lambda: min(harness.counts, default=1) > 0 and (not probing or min(harness.probe_frames) > 0),
                       f"{len(specs)} viewers and the probes to receive video", harness, watched, READY_TIMEOUT_S)
        except RuntimeError as exc:
            silent = [specs[i].url for i, n in enumerate(harness.counts) if n == 0]
            raise RuntimeError(f"{exc}; viewers without data: {silent[:8]}; frames decoded by the probes "
                               f"(direct, relay): {list(harness.probe_frames)}; see the server's stderr") from None
        log.info("ours: %d viewers and the probes receive video; warm-up %.0f s, then %.0f s measured",
                 len(specs), WARMUP_S, args.seconds)
        _sleep(WARMUP_S)
        harness.check()
        pids = {"target": [target.process.pid], "harness": [p.pid for p in harness.procs],
                "cameras": [cameras.process.pid] if cameras.process else []}
        with measuring(pids) as figures:
            counts0 = list(harness.counts)
            _sleep(args.seconds)
            counts1 = list(harness.counts)
        harness.stop_at.value = time.monotonic() + STOP_GRACE_S
        results = harness.collect(READY_TIMEOUT_S)
    finally:
        harness.reap()
    return {**figures, **delivery(counts0, counts1, figures["seconds"]), **summarise_probes(results, figures),
            "viewer_failures": [f for tag, *rest in results if tag == "viewers" for f in rest[0]],
            "viewer_count": len(specs), "readers_per_camera": readers}


def delivery(counts0: list[int], counts1: list[int], seconds: float) -> dict[str, Any]:
    """Bytes/s delivered to all viewers, and the slowest and median viewer (a starved one shows here)."""
    rates = [(b - a) * 8 / seconds / 1e6 for a, b in zip(counts0, counts1, strict=True)]
    return {"delivered_mbps": sum(rates), "viewer_min_mbps": min(rates, default=float("nan")),
            "viewer_median_mbps": statistics.median(rates) if rates else float("nan")}


def summarise_probes(results: list[tuple[Any, ...]], figures: dict[str, Any]) -> dict[str, Any]:
    """Added latency over the measured window, from the two probes' logs (nothing when there was no probe)."""
    probes = {item[1]: item[2] for item in results if item[0] == "probe"}
    if not probes:
        return {}
    window = figures["window"]
    added = added_latencies(probes["direct"], probes["relay"], window)
    in_window = sum(1 for t in probes["relay"]["times"] if window[0] <= t <= window[1])
    return {**latency_summary(added, in_window),
            "probe_unreadable": {name: p["unreadable"] for name, p in probes.items()}}


def stream_metrics(target: Target) -> dict[str, Any]:
    """The relay's own view of its streams from /metrics: source fps and bitrate, reconnects, viewers."""
    samples = scrape_metrics(target.port, target.tokens["viewer"])

    def values(name: str) -> list[float]:
        return [v for k, v in samples.items() if k.startswith(name + "{")]

    return {"fps": values("iocwall_stream_fps"), "bitrate_kbps": values("iocwall_stream_bitrate_kbps"),
            "reconnects": sum(values("iocwall_stream_reconnects")), "viewers": sum(values("iocwall_stream_viewers"))}


def run_baseline(args: argparse.Namespace, cameras: CameraHost, workdir: Path) -> dict[str, Any]:
    """K bare remux loops of the same cameras, measured the same way (they have no viewers)."""
    log.info("baseline: starting %d remux loops", len(cameras.urls))
    target = start_baseline(workdir, cameras.urls)
    result: dict[str, Any] = {}
    try:
        wait_baseline_flowing(target, len(cameras.urls), READY_TIMEOUT_S)
        log.info("baseline: every loop remuxes; warm-up %.0f s, then %.0f s measured", WARMUP_S, args.seconds)
        _sleep(WARMUP_S)
        pids = {"target": [target.process.pid], "cameras": [cameras.process.pid] if cameras.process else []}
        with measuring(pids) as figures:
            stats0 = baseline_stats(target)
            _sleep(args.seconds)
            stats1 = baseline_stats(target)
        result = {**figures, **remux_rates(stats0, stats1)}
    finally:
        result["exit_code"] = target.stop()
        result["stderr_problems"] = target.problems()
        log.info("baseline: stopped (exit code %s)", result["exit_code"])
    return result


def remux_rates(stats0: dict[str, Any] | None, stats1: dict[str, Any] | None) -> dict[str, Any]:
    """What the loops did in the window, from their cumulative counters."""
    if stats0 is None or stats1 is None:
        raise RuntimeError("the baseline printed no stats")
    seconds = stats1["t"] - stats0["t"]

    def delta(key: str) -> list[int]:
        return [b - a for a, b in zip(stats0[key], stats1[key], strict=True)]

    return {"remuxed_mbps": sum(delta("bytes_out")) * 8 / seconds / 1e6,
            "remuxed_fps_min": min(delta("packets")) / seconds,
            "mux_errors": sum(delta("mux_errors")), "reopens": sum(delta("reopens")),
            "last_errors": [e for e in stats1["last_errors"] if e]}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="# %(asctime)s %(message)s", stream=sys.stderr)
    _terminate_on_signal()
    log.info("rendering %d clips into %s (once; cached after)", args.cameras, args.clip_cache)
    clips: list[Clip] = render_clips(args.clip_cache, args.cameras)
    names = ["ours", "baseline"] if args.only == "both" else [args.only]
    with tempfile.TemporaryDirectory(prefix="media-bench-") as tmp, CameraHost(args.source, clips, Path(tmp)) as cams:
        def run(name: str, index: int) -> dict[str, Any]:
            return (run_ours if name == "ours" else run_baseline)(args, cams, Path(tmp) / f"{name}-{index}")

        rounds = run_interleaved(names, args.rounds, run)
    summary = print_report(args, rounds, clips, WARMUP_S)
    print(json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
