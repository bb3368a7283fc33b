"""The latency probe: decode one camera directly and through the relay, and compare frame arrival times.

Each clip frame carries its number as a burned-in code (server/demo/clips.py). Two processes,
started together, decode the same camera — one from the simulator itself, one from the relay's
/media URL — and log (arrival time, frame number) for every decoded picture. The relay's added
latency for a frame is its arrival through the relay minus its arrival direct. Both paths go
through the same kind of decoder with the same low-delay options, so decoder buffering cancels out
and what remains is the relay (its pull, remux, fan-out, HTTP) plus the MPEG-TS demuxer on the
viewer's side, which a real wall client has too.

Processes rather than threads: neither path should wait for the other's GIL. Their clocks agree
because `time.monotonic()` is the system-wide CLOCK_MONOTONIC on Linux.
"""

from __future__ import annotations

import bisect
import time
import traceback
from array import array
from dataclasses import dataclass
from typing import Any

import av
import numpy as np

from benchmarks._harness import percentile
from benchmarks._media_viewers import should_stop
from server.demo.clips import read_frame_code

OPEN_TIMEOUT_S = 20.0
READ_TIMEOUT_S = 5.0
LOW_DELAY = {"fflags": "nobuffer", "flags": "low_delay"}
MATCH_WITHIN_S = 2.0
"""A frame number seen through the relay is matched with the nearest direct arrival of that number;
the clip loops every 8 s, so anything farther than this is another loop's frame (or a lost one)."""


@dataclass(frozen=True)
class ProbeSpec:
    """One path of the probe: its name ('direct' or 'relay'), what to open and how."""

    name: str
    slot: int
    url: str
    options: dict[str, str]


def luma(frame: av.VideoFrame) -> np.ndarray[Any, np.dtype[np.uint8]]:
    """The Y plane as a 2-D array without converting to RGB: the code is black and white, so luma reads it."""
    plane = frame.planes[0]
    rows = np.frombuffer(memoryview(plane), np.uint8).reshape(plane.height, plane.line_size)
    return rows[:, : plane.width]


def decode_arrivals(spec: ProbeSpec, frames: Any, stop_at: Any) -> tuple[array[float], array[int], int]:
    """Decode until the stop time; (arrival times, frame numbers) of readable frames, and unreadable ones."""
    times: array[float] = array("d")
    codes: array[int] = array("q")
    unreadable = 0
    with av.open(spec.url, options=spec.options, timeout=(OPEN_TIMEOUT_S, READ_TIMEOUT_S)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "SLICE"  # frame threading would hold frames back; slices add no delay
        for frame in container.decode(stream):
            now = time.monotonic()
            code = read_frame_code(luma(frame))
            if code is None:
                unreadable += 1
            else:
                times.append(now)
                codes.append(code)
            frames[spec.slot] += 1
            if should_stop(stop_at):
                break
    return times, codes, unreadable


def probe_worker(spec: ProbeSpec, frames: Any, stop_at: Any, result_q: Any) -> None:
    """Process entry point: report ('probe', name, result) or ('error', traceback)."""
    try:
        times, codes, unreadable = decode_arrivals(spec, frames, stop_at)
        result_q.put(("probe", spec.name, {"times": times, "codes": codes, "unreadable": unreadable}))
    except BaseException:
        result_q.put(("error", f"latency probe ({spec.name}, {spec.url}):\n{traceback.format_exc()}"))


def added_latencies(direct: dict[str, Any], relay: dict[str, Any], window: tuple[float, float]) -> list[float]:
    """Relay arrival minus direct arrival, in ms, for every relayed frame that arrived inside `window`.

    Frame numbers repeat every loop of the clip, so each relayed frame is paired with the direct
    arrival of the same number nearest in time; one with no such arrival within MATCH_WITHIN_S
    (lost on the direct path) is left out.
    """
    by_code: dict[int, list[float]] = {}
    for t, code in zip(direct["times"], direct["codes"], strict=True):
        by_code.setdefault(code, []).append(t)  # appended in time order, so each list is sorted
    added = []
    for t, code in zip(relay["times"], relay["codes"], strict=True):
        if not window[0] <= t <= window[1]:
            continue
        nearest = _nearest(by_code.get(code, []), t)
        if nearest is not None and abs(t - nearest) <= MATCH_WITHIN_S:
            added.append((t - nearest) * 1000.0)
    return sorted(added)


def _nearest(sorted_times: list[float], t: float) -> float | None:
    i = bisect.bisect_left(sorted_times, t)
    candidates = sorted_times[max(0, i - 1) : i + 1]
    return min(candidates, key=lambda c: abs(c - t)) if candidates else None


def latency_summary(added_ms: list[float], relay_frames_in_window: int) -> dict[str, Any]:
    """Median, p95 and max of the sorted added latencies, and how many relayed frames found a match."""
    return {
        "added_latency_ms": percentile(added_ms, 50), "added_latency_p95_ms": percentile(added_ms, 95),
        "added_latency_max_ms": added_ms[-1] if added_ms else float("nan"),
        "added_latency_min_ms": added_ms[0] if added_ms else float("nan"),
        "latency_samples": len(added_ms), "latency_relay_frames": relay_frames_in_window,
    }
