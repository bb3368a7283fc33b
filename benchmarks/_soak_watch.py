"""The server's resources over the soak, sampled from outside, and what they did after the warm-up.

RSS, open file descriptors and threads come from psutil on the server process; asyncio tasks from the
server's /metrics gauge `iocwall_asyncio_tasks` when it has one (None otherwise: reported as null, never
guessed). Growth is measured from the end of the warm-up to the end of the load, each end the median of
the samples of a short window (one sample is noise: a GC, a burst of connections), and the slope is the
least-squares line through every sample after the warm-up, per minute.
"""

from __future__ import annotations

import contextlib
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

import psutil

from benchmarks._targets import scrape_metrics

TASKS_GAUGE = "iocwall_asyncio_tasks"
RESOURCES = ("rss_mb", "fds", "threads", "tasks")


@dataclass
class Sample:
    t: float
    """Seconds since the load started."""
    rss_mb: float
    fds: int
    threads: int
    tasks: float | None


@dataclass
class Watcher:
    pid: int
    port: int
    token: str
    samples: list[Sample] = field(default_factory=list)
    errors: int = 0

    def sample(self, t: float) -> Sample | None:
        try:
            process = psutil.Process(self.pid)
            with process.oneshot():
                rss, fds, threads = process.memory_info().rss / 2**20, process.num_fds(), process.num_threads()
        except psutil.Error:
            self.errors += 1
            return None
        tasks = None
        with contextlib.suppress(Exception):
            tasks = scrape_metrics(self.port, self.token).get(TASKS_GAUGE)
        found = Sample(round(t, 1), round(rss, 1), fds, threads, tasks)
        self.samples.append(found)
        return found


def _window(samples: list[Sample], start: float, end: float, name: str) -> float | None:
    values = [getattr(s, name) for s in samples if start <= s.t <= end and getattr(s, name) is not None]
    return float(statistics.median(values)) if values else None


def _slope_per_min(samples: list[Sample], name: str) -> float | None:
    points = [(s.t, float(getattr(s, name))) for s in samples if getattr(s, name) is not None]
    if len(points) < 3:
        return None
    mean_t = sum(t for t, _ in points) / len(points)
    mean_v = sum(v for _, v in points) / len(points)
    spread = sum((t - mean_t) ** 2 for t, _ in points)
    if spread == 0:
        return None
    return 60.0 * sum((t - mean_t) * (v - mean_v) for t, v in points) / spread


def growth(samples: list[Sample], warmup_s: float, end_s: float, window_s: float) -> dict[str, Any]:
    """For each resource: its value at the warm-up's end and at the load's end, the change, the slope."""
    after = [s for s in samples if warmup_s <= s.t <= end_s]
    found: dict[str, Any] = {}
    for name in RESOURCES:
        start = _window(after, warmup_s, warmup_s + window_s, name)
        end = _window(after, end_s - window_s, end_s, name)
        found[name] = {
            "at_warmup": start, "at_end": end,
            "growth": None if start is None or end is None else round(end - start, 1),
            "slope_per_min": None if (slope := _slope_per_min(after, name)) is None else round(slope, 3),
        }
    rss = found["rss_mb"]
    rss["growth_pct"] = (None if not rss["at_warmup"] or rss["at_end"] is None
                         else round(100.0 * (rss["at_end"] - rss["at_warmup"]) / rss["at_warmup"], 2))
    return found


def sleep_until(t: float) -> None:
    while (left := t - time.time()) > 0:
        time.sleep(min(left, 0.05))
