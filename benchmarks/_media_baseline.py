"""The floor the relay is measured against: K bare PyAV remux loops, RTSP (or HTTP) in, MPEG-TS into memory.

This is what MEASURED.md calls "PyAV remux RTSP → in-memory MPEG-TS" (≈ 0.9–1.3% of a core per
camera): open, demux, rewrite timestamps, mux, throw the bytes away. No viewers, no HTTP, no
event loop — everything the relay adds on top of this is what the benchmark prices.

    python -m benchmarks._media_baseline [--rtsp-transport udp] URL...

One thread per camera. Every STATS_EVERY_S it prints one JSON line of cumulative counters per
camera (packets, bytes out, mux errors, reopens); the orchestrator reads the newest line.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import av

if __package__ in (None, ""):  # run as a script: make `server.*` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from server.media.remux import TimestampRebaser

STATS_EVERY_S = 0.5
OPEN_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 2.0
REOPEN_DELAY_S = 0.5


class NullSink:
    """The muxer's output file: counts what it is given and keeps nothing."""

    def __init__(self) -> None:
        self.bytes = 0

    def write(self, data: Any) -> int:
        n = len(data)
        self.bytes += n
        return n


@dataclass
class Counters:
    """One camera's cumulative figures; written by its thread, read by the stats printer."""

    packets: int = 0
    mux_errors: int = 0
    reopens: int = 0
    last_error: str = ""
    sinks: list[NullSink] = field(default_factory=list)

    @property
    def bytes_out(self) -> int:
        return sum(sink.bytes for sink in self.sinks)


def remux_once(url: str, options: dict[str, str], counters: Counters, stop: threading.Event) -> None:
    """One connection: demux every video packet, rebase its timestamps, mux it; until the source ends.

    Timestamps are rebased because libVLC's RTSP server steps them back at every loop and the TS
    muxer refuses that; a packet the muxer still refuses is counted, not fatal.
    """
    with av.open(url, options=options, timeout=(OPEN_TIMEOUT_S, READ_TIMEOUT_S)) as source:
        stream = source.streams.video[0]
        sink = NullSink()
        counters.sinks.append(sink)
        rebaser = TimestampRebaser()
        with av.open(sink, "w", format="mpegts") as output:
            out_stream = output.add_stream_from_template(stream)
            for packet in source.demux(stream):
                if stop.is_set():
                    return
                if packet.size == 0 or not rebaser.rebase(packet):
                    continue
                packet.stream = out_stream
                try:
                    output.mux(packet)
                except av.FFmpegError as exc:
                    counters.mux_errors += 1
                    counters.last_error = str(exc)
                    continue
                counters.packets += 1


def remux_forever(url: str, options: dict[str, str], counters: Counters, stop: threading.Event) -> None:
    """Remux, reopening after a failure as any relay must; counts the reopens."""
    while not stop.is_set():
        try:
            remux_once(url, options, counters, stop)
        except (av.FFmpegError, OSError, IndexError) as exc:
            counters.last_error = f"{type(exc).__name__}: {exc}"
        if not stop.is_set():
            counters.reopens += 1
            stop.wait(REOPEN_DELAY_S)


def stats_line(counters: list[Counters]) -> str:
    return json.dumps({
        "t": time.monotonic(),
        "packets": [c.packets for c in counters],
        "bytes_out": [c.bytes_out for c in counters],
        "mux_errors": [c.mux_errors for c in counters],
        "reopens": [c.reopens for c in counters],
        "last_errors": [c.last_error for c in counters],
    })


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="bare PyAV remux loops (the media benchmark's baseline)")
    parser.add_argument("--rtsp-transport", choices=("udp", "tcp"), default="udp")
    parser.add_argument("urls", nargs="+")
    args = parser.parse_args(argv)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    counters = [Counters() for _ in args.urls]
    for url, tally in zip(args.urls, counters, strict=True):
        options = {"rtsp_transport": args.rtsp_transport} if url.startswith("rtsp://") else {}
        threading.Thread(target=remux_forever, args=(url, options, tally, stop), daemon=True,
                         name=f"remux {url}").start()
    while not stop.wait(STATS_EVERY_S):
        print(stats_line(counters), flush=True)
    print(stats_line(counters), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
