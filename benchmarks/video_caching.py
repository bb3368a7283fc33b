"""libVLC's `--network-caching` for live relayed video: how late the picture is, and how it rides out hiccups.

Issue 4 asks for the caching to be tuned for live video, measured. For each caching value the wall's
own player (wall_client/ui/video/player.py VlcFrames, Qt offscreen) plays one relayed 640×360 25 fps
camera for `--seconds`, twice: straight from the relay, and through a proxy that holds the stream
back for `--hold-ms` every `--every-s` seconds and then lets it all through at once (Wi-Fi roaming,
a queueing WAN link). Beside each run, the baseline: a PyAV decoder with FFmpeg's low-delay flags
reading the same relay URL in its own process, with no buffer at all.

    .venv/bin/python benchmarks/video_caching.py [--caching 50,150,300,600,1000] [--seconds 12]
                                                 [--hold-ms 300] [--every-s 3] [--rounds 3]

Per run: how far the picture the player hands to Qt lags the baseline's decode of the same frame
(each frame carries its number as a burned-in code: server/demo/clips.py), frames shown as % of
the baseline's, and freezes (no new picture for > 200 ms) with the time spent frozen. Every run
is repeated in each of `--rounds` rounds, in an order rotated from round to round; each row's figures
are medians over the rounds, its lag and shown/baseline with their min–max (benchmarks/_rounds.py).
Prints a table, then one JSON object as the last line.

The relay is warmed first (one discarded run): a player that is the very first viewer of a cold
relay stream, with a very small caching, was seen to anchor its clock on the relay's start-up
burst and stay 0.8 s late for good — a start-up effect, not what the caching value costs.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

if __package__ in (None, ""):  # run as a script: make `benchmarks.*` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._harness import fmt, percentile, ratio
from benchmarks._jitter_proxy import JitterProxy
from benchmarks._media_cameras import CLIP_FPS, CameraHost
from benchmarks._media_probe import LOW_DELAY, ProbeSpec, added_latencies, probe_worker
from benchmarks._rounds import add_rounds_argument, merge, run_interleaved
from benchmarks._video_setup import HEIGHT, WIDTH, relay_urls, render_clips, set_up_wall, snapshot, start_server
from benchmarks.media_relay import CLIP_CACHE, Harness

log = logging.getLogger("caching-bench")

WARMUP_S = 3.0
FREEZE_MS = 200.0
"""A gap this long between new pictures is a visible freeze (five frames at 25 fps)."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--caching", default="50,150,300,600,1000", help="caching values in ms, comma-separated")
    parser.add_argument("--seconds", type=float, default=12.0, help="measured seconds per run (default 12)")
    parser.add_argument("--hold-ms", type=float, default=300.0, help="length of each hiccup (default 300 ms)")
    parser.add_argument("--every-s", type=float, default=3.0, help="one hiccup every this many seconds (default 3)")
    parser.add_argument("--clip-cache", type=Path, default=CLIP_CACHE)
    add_rounds_argument(parser)
    args = parser.parse_args(argv)
    try:
        args.caching = [int(v) for v in args.caching.split(",")]
    except ValueError:
        parser.error(f"--caching must be integers separated by commas, not {args.caching!r}")
    if (args.seconds <= 0 or args.hold_ms < 0 or args.every_s <= args.hold_ms / 1000.0 or min(args.caching) < 0
            or args.rounds < 1):
        parser.error("--seconds and --rounds must be positive, --hold-ms at least 0 and shorter than --every-s, "
                     "caching >= 0")
    return args


def frame_code(image: Any) -> int | None:
    """The frame number burned into a Qt RGB32 image (its green channel: the code is grey, black and white)."""
    from server.demo.clips import read_frame_code

    w, h, line = image.width(), image.height(), image.bytesPerLine()
    rows = np.frombuffer(image.constBits(), np.uint8, count=line * h).reshape(h, line)
    return read_frame_code(rows[:, 1 : w * 4 : 4])


def play(app: Any, url: str, caching_ms: int, seconds: float) -> list[tuple[float, int]]:
    """Run the wall's player on `url`; (time, frame number) of every new picture it handed over."""
    from PySide6.QtCore import QTimer

    from wall_client.ui.video.player import VlcFrames

    frames = VlcFrames()
    seen: list[tuple[float, int]] = []

    def on_frame() -> None:
        image = frames.latest()
        code = frame_code(image) if image is not None else None
        if code is not None and (not seen or seen[-1][1] != code):
            seen.append((time.monotonic(), code))

    frames.frame_arrived.connect(on_frame)
    frames.play(url, caching_ms, size=(WIDTH, HEIGHT))  # as a video tile does, from the relay's stream status
    QTimer.singleShot(round(seconds * 1000), app.quit)
    app.exec()
    frames.release()
    return seen


def one_run(app: Any, url: str, relay_port: int, caching_ms: int, hold_ms: float,
            args: argparse.Namespace) -> dict[str, Any]:
    """One caching value, with or without hiccups, beside its own baseline decoder."""
    harness = Harness(0)
    proxy = JitterProxy(relay_port, hold_ms, args.every_s)
    try:
        harness.spawn("baseline", probe_worker, ProbeSpec("direct", 0, url, LOW_DELAY), harness.probe_frames,
                      harness.stop_at, harness.results)
        started = time.monotonic()
        seen = play(app, proxy.url(url), caching_ms, WARMUP_S + args.seconds)
        window = (started + WARMUP_S, time.monotonic())
        harness.stop_at.value = time.monotonic()
        results = harness.collect(30.0)
    finally:
        harness.reap()
        proxy.close()
    direct = next(r[2] for r in results if r[0] == "probe")
    measured = [(t, c) for t, c in seen if window[0] <= t <= window[1]]
    lag = added_latencies(direct, {"times": [t for t, _ in seen], "codes": [c for _, c in seen]}, window)
    baseline_frames = sum(1 for t in direct["times"] if window[0] <= t <= window[1])
    gaps = [(b - a) * 1000.0 for (a, _), (b, _) in itertools.pairwise(measured)]
    freezes = [g for g in gaps if g > FREEZE_MS]
    return {
        "caching_ms": caching_ms, "hold_ms": hold_ms, "seconds": round(window[1] - window[0], 2),
        "lag_ms": percentile(lag, 50), "lag_p95_ms": percentile(lag, 95), "lag_samples": len(lag),
        "frames": len(measured), "baseline_frames": baseline_frames,
        "shown_vs_baseline": ratio(len(measured), baseline_frames),
        "shown_pct_of_fps": round(100.0 * len(measured) / ((window[1] - window[0]) * CLIP_FPS), 1),
        "freezes": len(freezes), "frozen_ms": round(sum(freezes)),
    }


def print_report(rows: list[dict[str, Any]], args: argparse.Namespace) -> None:
    print(f"network caching: one relayed 640×360 {CLIP_FPS} fps camera, {args.seconds:g} s per run; hiccups: "
          f"{args.hold_ms:g} ms held every {args.every_s:g} s; baseline: PyAV low-delay decode of the same URL")
    print(f"medians of {args.rounds} rounds (min–max over the rounds)")
    print(f"{'caching ms':>10} {'hiccups':>8} {'lag ms p50':>22} {'lag p95':>8} {'shown/baseline':>22} "
          f"{'% of 25 fps':>12} {'freezes':>8} {'frozen ms':>10}")
    for r in rows:
        lag = f"{fmt(r['lag_ms'])} ({fmt(r['lag_ms_min'])}–{fmt(r['lag_ms_max'])})"
        shown = (f"{fmt(r['shown_vs_baseline'], 3)} ({fmt(r['shown_vs_baseline_min'], 2)}–"
                 f"{fmt(r['shown_vs_baseline_max'], 2)})")
        print(f"{r['caching_ms']:>10} {('yes' if r['hold_ms'] else 'no'):>8} {lag:>22} "
              f"{fmt(r['lag_p95_ms']):>8} {shown:>22} {fmt(r['shown_pct_of_fps']):>12} "
              f"{fmt(r['freezes']):>8} {fmt(r['frozen_ms']):>10}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="# %(asctime)s %(name)s: %(message)s")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    clips = render_clips(args.clip_cache, 1)
    with tempfile.TemporaryDirectory(prefix="caching-bench-") as tmp, \
            CameraHost("http", clips, Path(tmp)) as cameras:
        server = start_server(Path(tmp) / "server")
        try:
            set_up_wall(server, cameras.urls[:1])
            http = f"http://127.0.0.1:{server.port}"
            url = relay_urls(snapshot(f"ws://127.0.0.1:{server.port}/ws", server.tokens["viewer"]), http, 1)[0]
            app = QApplication(sys.argv[:1])
            play(app, url, 300, WARMUP_S)  # the relay's stream is live before anything is measured
            runs = [(caching, hold) for caching in args.caching for hold in (0.0, args.hold_ms)]

            def run(name: tuple[int, float], _: int) -> dict[str, Any]:
                log.info("caching %d ms, hiccups %s", name[0], "on" if name[1] else "off")
                return one_run(app, url, server.port, name[0], name[1], args)

            rounds = run_interleaved(runs, args.rounds, run)
        finally:
            server.stop()
    rows = [merge([rnd[name] for rnd in rounds], ("lag_ms", "shown_vs_baseline")) for name in runs]
    print_report(rows, args)
    print(json.dumps({"rows": rows, "seconds": args.seconds, "hold_ms": args.hold_ms, "every_s": args.every_s,
                      "rounds": args.rounds}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
