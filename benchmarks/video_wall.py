"""Video wall benchmark: the wall client showing N relayed cameras, against bare libVLC decoding them.

VISION.md's target: 16 tiles of 640×360 sub streams at ≤ 1.3× the CPU of libVLC decoding the same
streams with no output; GUI thread stalls p99 < 20 ms while charts update; ≥ 95% of frames shown.

    .venv/bin/python benchmarks/video_wall.py [--tiles 16] [--seconds 20] [--only ours|baseline|both]
                                              [--no-charts]

The cameras are HTTP MPEG-TS simulators (server/demo/camera_sim.py ClipServer) playing generated
640×360 25 fps clips in a process of their own. Our server relays them: camera N has main_url =
simulator N (no sub stream, so tiles play "main"), and wall "main" monitor 0 shows the smallest
built-in camera grid holding N tiles (16 → cameras-4x4) with camera N in tile video-N.
Ours (_video_client.py): the wall client offscreen, a 1920×1080 WallWindow of those tiles plus a
960×540 window of the charts layout fed metric deltas every 100 ms. Baseline (_video_baseline.py):
one libVLC instance with `--vout=dummy` playing the same signed relay URLs. The two run one after
the other against the same relay; neither the relay's nor the simulators' CPU is counted. CPU is
that of the measured process alone (psutil, % of one core) over `--seconds`, after every stream has
a frame and a warm-up. Prints a table, then one JSON object as the last line.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks.*` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._media_cameras import CameraHost
from benchmarks._targets import Target
from benchmarks._video_proc import Measured
from benchmarks._video_report import print_report
from benchmarks._video_setup import layout_for, render_clips, set_up_wall, start_server
from benchmarks.fanout import _terminate_on_signal
from benchmarks.media_relay import measuring

log = logging.getLogger("video-bench")

WARMUP_S = 5.0
"""After every tile has its first frame: players' start-up and the first caching are over."""
READY_TIMEOUT_S = 60.0
CLIP_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "iocwall" / "bench-clips"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiles", type=int, default=16, help="video tiles / cameras, 1..16 (default 16)")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds after warm-up (default 20)")
    parser.add_argument("--only", choices=("ours", "baseline", "both"), default="both")
    parser.add_argument("--no-charts", action="store_true", help="ours without the charts window and metric feed")
    parser.add_argument("--clip-cache", type=Path, default=CLIP_CACHE, help=f"rendered clips (default {CLIP_CACHE})")
    args = parser.parse_args(argv)
    if not 1 <= args.tiles <= 16 or args.seconds <= 0:
        parser.error("--tiles must be 1..16 and --seconds positive")
    return args


def command_for(name: str, args: argparse.Namespace, server: Target) -> list[str]:
    module = "benchmarks._video_client" if name == "ours" else "benchmarks._video_baseline"
    command = [sys.executable, "-m", module, "--ws", f"ws://127.0.0.1:{server.port}/ws",
               "--http", f"http://127.0.0.1:{server.port}", "--token", server.tokens["viewer"],
               "--tiles", str(args.tiles)]
    if name == "ours" and args.no_charts:
        command.append("--no-charts")
    return command


def run_one(name: str, args: argparse.Namespace, server: Target, cameras: CameraHost, workdir: Path) -> dict[str, Any]:
    """Start the measured process, wait for every stream's first frame, warm up, measure, stop it."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = Measured(name, command_for(name, args, server), workdir, env)
    log.info("%s: pid %d started", name, proc.pid)
    result: dict[str, Any] = {}
    try:
        ready = proc.wait_event("ready", READY_TIMEOUT_S)
        log.info("%s: every stream has a frame (%s); warm-up %.0f s, then %.0f s measured", name,
                 ready.get("after_s", "?"), WARMUP_S, args.seconds)
        time.sleep(WARMUP_S)
        seen = len(proc.events())
        pids = {"target": [proc.pid], "server": [server.process.pid],
                "cameras": [cameras.process.pid] if cameras.process else []}
        with measuring(pids) as figures:
            proc.send("mark")
            time.sleep(args.seconds)
            proc.send("report")
        for check, what in ((proc.alive, name), (lambda: server.process.poll() is None, "the relay server"),
                            (cameras.alive, "the camera simulators")):
            if not check():
                raise RuntimeError(f"{what} died during the measurement; {name} stderr:\n{proc.tail()}")
        result = {**figures, "report": proc.wait_event("report", 30, after=seen)}
    finally:
        result["exit_code"] = proc.stop()
        log.info("%s: stopped (exit code %s)", name, result["exit_code"])
    return result


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="# %(asctime)s %(message)s", stream=sys.stderr)
    _terminate_on_signal()
    log.info("rendering %d clips into %s (once; cached after)", args.tiles, args.clip_cache)
    clips = render_clips(args.clip_cache, args.tiles)
    names = ["ours", "baseline"] if args.only == "both" else [args.only]
    with tempfile.TemporaryDirectory(prefix="video-bench-") as tmp, CameraHost("http", clips, Path(tmp)) as cams:
        server = start_server(Path(tmp) / "server")
        try:
            set_up_wall(server, cams.urls)
            log.info("relay: pid %d on port %d; %d cameras on the wall", server.process.pid, server.port, args.tiles)
            runs = {}
            for name in names:
                runs[name] = run_one(name, args, server, cams, Path(tmp) / name)
                runs[name]["server_problems"] = []
        finally:
            exit_code = server.stop()
            problems = server.problems()
        for run in runs.values():
            run["server_problems"] = problems
        if exit_code not in (0, -15):
            log.warning("relay server exit code %s", exit_code)
    clip_mbps = sum(c.bitrate_bps for c in clips) / len(clips) / 1e6
    summary = print_report(args, runs, WARMUP_S, layout_for(args.tiles), clip_mbps)
    print(json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
