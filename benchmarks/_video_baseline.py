"""BASELINE of the video-wall benchmark: libVLC decoding the same relayed streams with no output.

    python -m benchmarks._video_baseline --ws WS_URL --http HTTP_URL --token VIEWER --tiles 16

One libVLC instance (`--vout=dummy --aout=dummy --no-audio --quiet`), one media player per stream,
the same URLs (the snapshot's signed relay links) and the same network caching as the wall's
tiles. Pictures are counted with libVLC's own statistics, displayed + lost (MEASURED.md:
`decoded_video` counts about twice). The main thread sleeps between 50 ms polls of its commands.
"""

from __future__ import annotations

import argparse
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ws", required=True)
    parser.add_argument("--http", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--tiles", type=int, default=16)
    args = parser.parse_args(argv)
    commands = Commands()
    try:
        urls = relay_urls(snapshot(args.ws, args.token), args.http, args.tiles)
        instance = vlc.Instance(BASELINE_ARGS)
        if instance is None:
            raise RuntimeError("libVLC is not installed")
        players = []
        for url in urls:
            player = instance.media_player_new()
            media = instance.media_new(url, f":network-caching={NETWORK_CACHING_MS}", ":no-audio")
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
        while not commands.eof.is_set():
            for command in commands.take():
                if command == "mark":
                    mark = (time.monotonic(), stats_of(players))
                elif command == "report" and mark is not None:
                    t1, stats1 = time.monotonic(), stats_of(players)
                    t0, stats0 = mark
                    emit("report", seconds=t1 - t0,
                         displayed=[b[0] - a[0] for a, b in zip(stats0, stats1, strict=True)],
                         lost=[b[1] - a[1] for a, b in zip(stats0, stats1, strict=True)],
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
