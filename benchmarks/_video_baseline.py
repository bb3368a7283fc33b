"""BASELINES of the video-wall benchmark: libVLC decoding the same relayed streams with no output.

    python -m benchmarks._video_baseline --ws WS_URL --http HTTP_URL --token VIEWER --tiles 16
                                         [--mode dummy|callbacks --size 640x360]

`--mode dummy` (the floor): `--vout=dummy`, nothing leaves libVLC. `--mode callbacks` (the floor of
any callback path, ours included): RV32 video callbacks at the stream's size into one buffer per
player, and one copy of each frame into a second buffer (what a painter must at least read), in
Python through ctypes as ours does.

One libVLC instance (`--vout=dummy --aout=dummy --no-audio --quiet`), one media player per stream,
the same URLs (the snapshot's signed relay links) and the same network caching as the wall's
tiles. Pictures are counted with libVLC's own statistics, displayed + lost (MEASURED.md:
`decoded_video` counts about twice). The main thread sleeps between 50 ms polls of its commands.
"""

from __future__ import annotations

import argparse
import ctypes
import sys
import time
import traceback
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import vlc

from benchmarks._video_proc import Commands, emit
from benchmarks._video_setup import relay_urls, snapshot
from wall_client.ui.video.player import NETWORK_CACHING_MS

BASELINE_ARGS = ["--vout=dummy", "--aout=dummy", "--no-audio", "--quiet"]
CALLBACK_ARGS = ["--aout=dummy", "--no-audio", "--quiet"]
READY_TIMEOUT_S = 45.0


def stats_of(players: list[Any]) -> list[tuple[int, int]]:
    """(displayed, lost) pictures of each player's current media."""
    found = []
    for player in players:
        stats = vlc.MediaStats()
        media = player.get_media()
        if media is None or not media.get_stats(stats):
            found.append((0, 0))
        else:
            found.append((stats.displayed_pictures, stats.lost_pictures))
    return found


class CopyingFrames:
    """One player's RV32 callbacks: decode into `buffer`, copy each frame into `copy`, count it."""

    def __init__(self, player: Any, width: int, height: int) -> None:
        self.size = width * height * 4
        self.buffer = (ctypes.c_ubyte * self.size)()
        self.copy = (ctypes.c_ubyte * self.size)()
        self.frames = 0
        self._callbacks = (vlc.CallbackDecorators.VideoLockCb(self._lock),
                           vlc.CallbackDecorators.VideoUnlockCb(lambda *_: None),
                           vlc.CallbackDecorators.VideoDisplayCb(self._display))
        player.video_set_callbacks(*self._callbacks, None)
        player.video_set_format("RV32", width, height, width * 4)

    def _lock(self, opaque: Any, planes: Any) -> None:
        planes[0] = ctypes.addressof(self.buffer)

    def _display(self, opaque: Any, picture: Any) -> None:
        ctypes.memmove(self.copy, self.buffer, self.size)
        self.frames += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ws", required=True)
    parser.add_argument("--http", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--tiles", type=int, default=16)
    parser.add_argument("--mode", choices=("dummy", "callbacks"), default="dummy")
    parser.add_argument("--one-thread", action="store_true",
                        help="decode each stream on one thread (avcodec-threads=1), as the wall does up to 1080p")
    parser.add_argument("--size", default="640x360", help="the streams' picture size (callbacks mode)")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))
    commands = Commands()
    try:
        urls = relay_urls(snapshot(args.ws, args.token), args.http, args.tiles)
        instance = vlc.Instance(BASELINE_ARGS if args.mode == "dummy" else CALLBACK_ARGS)
        if instance is None:
            raise RuntimeError("libVLC is not installed")
        players = []
        copiers = []  # kept referenced while libVLC may call them
        for url in urls:
            player = instance.media_player_new()
            if args.mode == "callbacks":
                copiers.append(CopyingFrames(player, width, height))
            media = instance.media_new(url, f":network-caching={NETWORK_CACHING_MS}", ":no-audio",
                                       *([":avcodec-threads=1"] if args.one_thread else []))
            player.set_media(media)
            media.release()
            player.play()
            players.append(player)
        give_up = time.monotonic() + READY_TIMEOUT_S
        while min(d for d, _ in stats_of(players)) == 0:
            if time.monotonic() > give_up:
                raise RuntimeError(f"streams without pictures after {READY_TIMEOUT_S:.0f} s: "
                                   f"{[u for u, (d, _) in zip(urls, stats_of(players), strict=True) if d == 0]}")
            time.sleep(0.1)
        emit("ready")
        mark: tuple[float, list[tuple[int, int]]] | None = None
        copied: list[int] = []
        while not commands.eof.is_set():
            for command in commands.take():
                if command == "mark":
                    mark = (time.monotonic(), stats_of(players))
                    copied = [c.frames for c in copiers]
                elif command == "report" and mark is not None:
                    t1, stats1 = time.monotonic(), stats_of(players)
                    t0, stats0 = mark
                    emit("report", seconds=t1 - t0,
                         displayed=[b[0] - a[0] for a, b in zip(stats0, stats1, strict=True)],
                         lost=[b[1] - a[1] for a, b in zip(stats0, stats1, strict=True)],
                         frames=[c.frames - n for c, n in zip(copiers, copied, strict=True)],
                         states=[str(p.get_state()).split(".")[-1] for p in players])
            time.sleep(0.05)
        for player in players:
            player.stop()
            player.release()
        instance.release()
    except Exception:
        emit("error", detail=traceback.format_exc())
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
