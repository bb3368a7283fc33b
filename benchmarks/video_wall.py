"""Video wall benchmark: the wall client showing N relayed cameras, against bare libVLC decoding them.

Targets (issue 17): 16 tiles of 640×360 sub streams at ≤ 1.5× the CPU of libVLC decoding the same
streams with no output; GUI thread stalls p99 < 50 ms; ≥ 95% of frames shown. With the decode budget
on, 36 tiles: each live at ≥ 95% of its frames or saving with a still ≤ 5 s old.

    .venv/bin/python benchmarks/video_wall.py [--tiles 16] [--seconds 20] [--rounds 3] [--no-charts]
                                              [--variants ours,rv32,python-sink,dummy,dummy-1t,callbacks]
    .venv/bin/python benchmarks/video_wall.py --main720        # 4 tiles of 1280×720 main streams
    .venv/bin/python benchmarks/video_wall.py --budget         # 36 tiles, decode budget on

The cameras are HTTP MPEG-TS simulators (server/demo/camera_sim.py ClipServer) playing generated
25 fps clips in a process of their own. Our server relays them: camera N has main_url = simulator N
(no sub stream, so tiles play "main"), and wall "main" monitor 0 shows the smallest camera grid
holding N tiles (16 → cameras-4x4; 36 → a 6×6 grid put on the server) with camera N in tile video-N.

Variants, run one after the other in each round (the order rotated from round to round, so that each
runs first in turn: benchmarks/_rounds.py), against the same relay:
- ours (_video_client.py): the wall client offscreen, a 1920×1080 WallWindow of those tiles plus a
  960×540 window of the charts layout fed metric deltas every 100 ms; each tile painted on each frame. Its C
  frame sink takes libVLC's I420 pictures and converts them at the painted size on libVLC's thread
  (wall_client/ui/video/yuv_scale.c; player.py has the figures);
- rv32: ours with libVLC converting the pictures to RV32 (IOCWALL_FRAME_SINK=c-rv32), the path before;
- python-sink: ours with libVLC's per-frame callbacks in Python (IOCWALL_FRAME_SINK=python), the path
  before the C frame sink (wall_client/ui/video/framesink.c) and the one used where it is not built;
- labels-per-frame (not by default): the paint path before this one (clock and badge worded on every paint);
- coalesced (not by default: no gain measured): dirty tiles repainted together every 40 ms;
- source-size: the path before frames came at the tiles' painted size (at the stream's own size, Qt scaling
  them on every paint);
- dummy (_video_baseline.py): bare libVLC, `--vout=dummy` (the floor the ratios are taken against);
- dummy-1t: the same, each stream decoded on one thread (`avcodec-threads=1`), as the wall decodes streams
  up to 1080p (wall_client/ui/video/player.py): `ours_vs_one_thread_cpu_ratio` is what the wall adds beyond
  decoding the way it decodes;
- callbacks: bare libVLC RV32 callbacks plus one copy per frame (the floor of any callback path).
Without --budget the decode budget is off (IOCWALL_DECODE_BUDGET=0): every tile decodes, as in the
baselines. Neither the relay's nor the simulators' CPU is counted. CPU is that of the measured process
alone (psutil, % of one core) over `--seconds`, after every stream has a frame and a warm-up. Prints
a table of medians, the ratios with their spread over rounds and the targets judged on the medians
(benchmarks/_rounds.py), then one JSON object as the last line.
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
from benchmarks._rounds import add_rounds_argument, run_interleaved
from benchmarks._targets import Target
from benchmarks._video_proc import Measured
from benchmarks._video_report import print_report
from benchmarks._video_setup import layout_for, render_clips, set_up_wall, start_server
from benchmarks.fanout import _terminate_on_signal
from benchmarks.media_relay import measuring

log = logging.getLogger("video-bench")

WARMUP_S = 5.0
"""After every tile has its first frame: players' start-up and the first caching are over."""
BUDGET_WARMUP_S = 30.0
"""With the decode budget on: long enough for it to cut, settle and try a tile back (GROW_AFTER_S + SETTLE_S)."""
READY_TIMEOUT_S = 60.0
CLIP_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "iocwall" / "bench-clips"


VARIANTS = ("ours", "python-sink", "rv32", "labels-per-frame", "coalesced", "source-size", "dummy", "dummy-1t",
            "callbacks")
DEFAULT_VARIANTS = "ours,rv32,dummy,dummy-1t,callbacks"
DISTINCT_CLIPS = 16
"""More cameras than this cycle through the same clips (each is its own relayed stream all the same)."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiles", type=int, default=None,
                        help="video tiles / cameras, 1..36 (default 16; 4 with --main720; 36 with --budget)")
    parser.add_argument("--main720", action="store_true", help="1280×720 main streams instead of 640×360 sub streams")
    parser.add_argument("--budget", action="store_true", help="the decode budget on (stills for what does not fit)")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds after warm-up (default 20)")
    add_rounds_argument(parser)
    parser.add_argument("--variants", default=None,
                        help=f"comma-separated, of {','.join(VARIANTS)} (default {DEFAULT_VARIANTS}; "
                             "ours,dummy with --budget)")
    parser.add_argument("--no-charts", action="store_true", help="ours without the charts window and metric feed")
    parser.add_argument("--clip-cache", type=Path, default=CLIP_CACHE, help=f"rendered clips (default {CLIP_CACHE})")
    args = parser.parse_args(argv)
    args.tiles = args.tiles or (36 if args.budget else 4 if args.main720 else 16)
    args.size = "1280x720" if args.main720 else "640x360"
    chosen = args.variants or ("ours,dummy" if args.budget else DEFAULT_VARIANTS)
    args.variants = [v.strip() for v in chosen.split(",") if v.strip()]
    if not 1 <= args.tiles <= 36 or args.seconds <= 0 or args.rounds < 1:
        parser.error("--tiles must be 1..36, --seconds positive and --rounds at least 1")
    if unknown := sorted(set(args.variants) - set(VARIANTS)):
        parser.error(f"unknown variants {unknown}; choose from {', '.join(VARIANTS)}")
    return args


def command_for(name: str, args: argparse.Namespace, server: Target) -> list[str]:
    ours = name not in ("dummy", "dummy-1t", "callbacks")
    module = "benchmarks._video_client" if ours else "benchmarks._video_baseline"
    command = [sys.executable, "-m", module, "--ws", f"ws://127.0.0.1:{server.port}/ws",
               "--http", f"http://127.0.0.1:{server.port}", "--token", server.tokens["viewer"],
               "--tiles", str(args.tiles)]
    if ours:
        command += ["--paint", "current" if name in ("ours", "python-sink", "rv32") else name]
        if args.no_charts:
            command.append("--no-charts")
    else:
        command += ["--mode", "dummy" if name == "dummy-1t" else name, "--size", args.size]
        if name == "dummy-1t":
            command.append("--one-thread")
    return command


def warmup_s(args: argparse.Namespace) -> float:
    return BUDGET_WARMUP_S if args.budget else WARMUP_S


def run_one(name: str, args: argparse.Namespace, server: Target, cameras: CameraHost, workdir: Path) -> dict[str, Any]:
    """Start the measured process, wait for every stream's first frame, warm up, measure, stop it."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "IOCWALL_DECODE_BUDGET": "1" if args.budget else "0",
           "IOCWALL_FRAME_SINK": {"python-sink": "python", "rv32": "c-rv32"}.get(name, "c-i420")}
    proc = Measured(name, command_for(name, args, server), workdir, env)
    log.info("%s: pid %d started", name, proc.pid)
    result: dict[str, Any] = {}
    try:
        ready = proc.wait_event("ready", READY_TIMEOUT_S)
        log.info("%s: every stream has a frame (%s); warm-up %.0f s, then %.0f s measured", name,
                 ready.get("after_s", "?"), warmup_s(args), args.seconds)
        time.sleep(warmup_s(args))
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
    distinct = min(args.tiles, DISTINCT_CLIPS)
    log.info("rendering %d %s clips into %s (once; cached after)", distinct, args.size, args.clip_cache)
    size = (1280, 720) if args.main720 else (640, 360)
    rendered = render_clips(args.clip_cache, distinct, size)
    clips = [rendered[i % distinct] for i in range(args.tiles)]
    rounds: list[dict[str, dict[str, Any]]] = []
    with tempfile.TemporaryDirectory(prefix="video-bench-") as tmp, CameraHost("http", clips, Path(tmp)) as cams:
        server = start_server(Path(tmp) / "server")
        try:
            set_up_wall(server, cams.urls)
            log.info("relay: pid %d on port %d; %d cameras on the wall", server.process.pid, server.port, args.tiles)
            rounds = run_interleaved(args.variants, args.rounds, lambda name, index: run_one(
                name, args, server, cams, Path(tmp) / f"{name}-{index}"))
        finally:
            exit_code = server.stop()
            problems = server.problems()
        for runs in rounds:
            for run in runs.values():
                run["server_problems"] = problems
        if exit_code not in (0, -15):
            log.warning("relay server exit code %s", exit_code)
    clip_mbps = sum(c.bitrate_bps for c in clips) / len(clips) / 1e6
    summary = print_report(args, rounds, warmup_s(args), layout_for(args.tiles), clip_mbps)
    print(json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
