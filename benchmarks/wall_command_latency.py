"""Wall command latency: from an operator's `set_tile` to the new camera's first frame painted on the wall.

Issue 5's targets: p99 < 1 s from command to first new frame on loopback, and the switch itself
(command to the wall's tile model updated) < 50 ms.

    .venv/bin/python benchmarks/wall_command_latency.py [--switches 50] [--cameras 4] [--gap-s 0.8] [--rounds 3]

Our server relays N 640×360 25 fps HTTP camera simulators; wall `main` shows them in a 2×2 grid, so
every stream is live at the relay, as on a watched wall. The wall (_command_wall.py: the real wall
app, offscreen, in its own process) follows the server. An operator connection then switches tile
video-1 to another camera `--switches` times. Baselines beside it, in the same run:
- the switch: a bare WebSocket client (no Qt, no model) following the same wall — when its wall
  delta arrives;
- the stream start-up: bare libVLC (python-vlc, video callbacks, the wall's network caching) opening
  the same relay URLs — from play() to its first frame.
Each of `--rounds` rounds runs the switches and the bare libVLC start-ups, which first alternating; the
figures are medians of the rounds' percentiles, the targets judged on them, each ratio and target figure
with its min–max (benchmarks/_rounds.py). Prints a table, then one JSON object as the last line.
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import json
import logging
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks.*` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._harness import fmt, percentile, ratio
from benchmarks._media_cameras import CameraHost
from benchmarks._rounds import Target, add_rounds_argument, finish, median_run, run_interleaved
from benchmarks._video_proc import Measured
from benchmarks._video_setup import (
    HEIGHT,
    WALL,
    WIDTH,
    relay_urls,
    render_clips,
    set_up_wall,
    snapshot,
    start_server,
)
from benchmarks.media_relay import CLIP_CACHE
from tests.support.ws_client import WallClient
from wall_protocol.messages import WallDelta

log = logging.getLogger("command-bench")

TILE = "video-1"
FRAME_TIMEOUT_S = 10.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--switches", type=int, default=50)
    parser.add_argument("--cameras", type=int, default=4, help="cameras on the wall, 2..4 (default 4)")
    parser.add_argument("--gap-s", type=float, default=0.8, help="pause after each new frame (default 0.8 s)")
    parser.add_argument("--clip-cache", type=Path, default=CLIP_CACHE)
    add_rounds_argument(parser)
    args = parser.parse_args(argv)
    if args.switches < 1 or not 2 <= args.cameras <= 4 or args.gap_s < 0 or args.rounds < 1:
        parser.error("--switches and --rounds must be positive, --cameras 2..4, --gap-s >= 0")
    return args


# --------------------------------------------------------------------------- ours: operator → wall


def _tile_camera(delta: Any) -> str | None:
    """The camera of tile video-1 on monitor 0 in a wall delta, if it shows one."""
    if not isinstance(delta, WallDelta) or delta.wall.name != WALL:
        return None
    for monitor in delta.wall.monitors:
        for tile in monitor.tiles if monitor.index == 0 else ():
            if tile.tile == TILE and tile.source is not None and tile.source.kind == "camera":
                return tile.source.camera
    return None


def _shows(client: WallClient, camera: str, known: int) -> Callable[[Any], bool]:
    """A wait_for predicate: a delta after the first `known` puts `camera` into tile video-1."""
    return lambda _: any(_tile_camera(d) == camera for d in client.deltas[known:])


async def _wait_wall_event(wall: Measured, event: str, camera: str, after: int) -> dict[str, Any]:
    give_up = time.monotonic() + FRAME_TIMEOUT_S
    while time.monotonic() < give_up:
        for found in wall.events()[after:]:
            if found.get("event") == event and found.get("camera") == camera:
                return found
        await asyncio.sleep(0.005)
    raise RuntimeError(f"the wall did not report {event} of {camera} within {FRAME_TIMEOUT_S:.0f} s:\n{wall.tail()}")


async def drive(ws: str, tokens: dict[str, str], cameras: list[str], wall: Measured,
                args: argparse.Namespace, first: int = 0) -> list[dict[str, float]]:
    """The switches: per switch, ms from command to the bare client's delta, the wall's model, its frame.

    `first` numbers them on from the earlier rounds, so that every switch goes to another camera.
    """
    operator, observer = WallClient(ws, tokens["operator"], wall=WALL), WallClient(ws, tokens["viewer"], wall=WALL)
    await operator.connect()
    await observer.connect()
    rows = []
    try:
        for i in range(first, first + args.switches):
            camera = cameras[(i + 1) % len(cameras)]  # tile video-1 starts on cameras[0]
            seen, known = len(wall.events()), len(observer.deltas)
            sent = time.monotonic()
            await operator.send({"type": "set_tile", "id": i, "wall": WALL, "monitor": 0, "tile": TILE,
                                 "source": {"kind": "camera", "camera": camera}})
            await observer.wait_for(_shows(observer, camera, known))
            delta_at = time.monotonic()
            model = await _wait_wall_event(wall, "model", camera, seen)
            painted = await _wait_wall_event(wall, "painted", camera, seen)
            rows.append({"bare_delta_ms": (delta_at - sent) * 1000, "switch_ms": (model["t"] - sent) * 1000,
                         "frame_ms": (painted["t"] - sent) * 1000, "startup_ms": (painted["t"] - model["t"]) * 1000})
            # Read the operator's own answer too: a client that reads nothing stops answering pings.
            await operator.wait_for(lambda m: getattr(m, "type", "") in ("result", "error"))
            await asyncio.sleep(args.gap_s)
    finally:
        await operator.close()
        await observer.close()
    return rows


# --------------------------------------------------------------------------- baseline: bare libVLC start-up


def bare_first_frames(urls: list[str], runs: int) -> list[float]:
    """ms from play() to the first frame delivered to a bare video callback, `runs` times over `urls`."""
    import vlc

    from wall_client.ui.video.player import NETWORK_CACHING_MS, VLC_ARGS

    instance = vlc.Instance(VLC_ARGS)
    buffer = (ctypes.c_ubyte * (WIDTH * HEIGHT * 4))()
    arrived = threading.Event()

    def on_lock(opaque: Any, planes: Any) -> Any:
        planes[0] = ctypes.addressof(buffer)
        return None

    def on_display(opaque: Any, picture: Any) -> None:
        arrived.set()

    lock = vlc.CallbackDecorators.VideoLockCb(on_lock)
    display = vlc.CallbackDecorators.VideoDisplayCb(on_display)

    times = []
    for i in range(runs):
        player = instance.media_player_new()
        player.video_set_callbacks(lock, None, display, None)
        player.video_set_format("RV32", WIDTH, HEIGHT, WIDTH * 4)
        media = instance.media_new(urls[i % len(urls)], f":network-caching={NETWORK_CACHING_MS}", ":no-audio")
        player.set_media(media)
        arrived.clear()
        started = time.monotonic()
        player.play()
        if arrived.wait(FRAME_TIMEOUT_S):
            times.append((time.monotonic() - started) * 1000)
        player.stop()
        player.release()
        media.release()
    instance.release()
    return times


# --------------------------------------------------------------------------- report


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {"p50": percentile(ordered, 50), "p99": percentile(ordered, 99), "max": ordered[-1] if ordered else 0.0}


TARGETS = (Target("p99_ms", "<", 1000.0), Target("switch_p99_ms", "<", 50.0))
"""Issue 5's: command to first new frame p99 < 1 s, the switch itself < 50 ms."""
TABLE = (("command → wall model updated (switch)", "switch_"),
         ("  baseline: command → bare client's delta", "bare_delta_"),
         ("command → first new frame painted", ""),
         ("  of which player start-up (model → frame)", "startup_"),
         ("  baseline: bare libVLC play() → first frame", "bare_first_frame_"))


def one_round(rows: list[dict[str, float]], bare_frames: list[float], args: argparse.Namespace) -> dict[str, Any]:
    """A round's percentiles under the JSON line's keys (the line holds their medians over the rounds)."""
    result: dict[str, Any] = {"switches": len(rows), "cameras": args.cameras}
    for prefix, values in (("", [r["frame_ms"] for r in rows]), ("switch_", [r["switch_ms"] for r in rows]),
                           ("startup_", [r["startup_ms"] for r in rows]),
                           ("bare_delta_", [r["bare_delta_ms"] for r in rows]), ("bare_first_frame_", bare_frames)):
        figures = summary(values)
        for name in ("p50", "p99", "max"):
            result[f"{prefix}{name}_ms"] = round(figures[name], 1)
    result["switch_ratio_p50"] = ratio(result["switch_p50_ms"], result["bare_delta_p50_ms"])
    result["startup_ratio_p50"] = ratio(result["startup_p50_ms"], result["bare_first_frame_p50_ms"])
    return result


def report(summaries: list[dict[str, Any]], args: argparse.Namespace) -> dict[str, Any]:
    med = median_run(summaries)
    print(f"wall command latency: {args.switches} switches of tile {TILE} among {args.cameras} relayed 640×360 "
          f"cameras per round; medians of {len(summaries)} rounds")
    print(f"{'ms':<44}{'p50':>9}{'p99':>9}{'max':>9}")
    for label, prefix in TABLE:
        print(f"{label:<44}" + "".join(f"{fmt(med[f'{prefix}{name}_ms']):>9}" for name in ("p50", "p99", "max")))
    return finish(summaries, TARGETS)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="# %(asctime)s %(name)s: %(message)s")
    clips = render_clips(args.clip_cache, args.cameras)
    with tempfile.TemporaryDirectory(prefix="command-bench-") as tmp, \
            CameraHost("http", clips, Path(tmp)) as camera_host:
        server = start_server(Path(tmp) / "server")
        wall: Measured | None = None
        try:
            cameras = set_up_wall(server, camera_host.urls)
            ws, http = f"ws://127.0.0.1:{server.port}/ws", f"http://127.0.0.1:{server.port}"
            wall = shown = Measured("wall", [sys.executable, "-m", "benchmarks._command_wall", "--ws", ws,
                                     "--token", server.tokens["viewer"]], Path(tmp),
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
            wall.wait_event("painted", 60.0)  # its first frame of tile video-1: the wall is up
            log.info("wall up; %d switches per round", args.switches)
            urls = relay_urls(snapshot(ws, server.tokens["viewer"]), http, args.cameras)

            def run(name: str, index: int) -> Any:
                if name == "switches":
                    return asyncio.run(drive(ws, server.tokens, cameras, shown, args, index * args.switches))
                return bare_first_frames(urls, min(args.switches, 20))

            rounds = run_interleaved(("switches", "bare libVLC"), args.rounds, run)
        finally:
            if wall is not None:
                wall.stop()
            server.stop()
    summaries = [one_round(rnd["switches"], rnd["bare libVLC"], args) for rnd in rounds]
    print(json.dumps(report(summaries, args)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
