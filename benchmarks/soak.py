"""Soak: the whole control room at once for N minutes, checking that nothing is lost, duplicated or leaked.

    .venv/bin/python benchmarks/soak.py [--minutes 10] [--desktop 100] [--web 100] [--rate 2000]
                                        [--cameras 8] [--viewers 3] [--detecting 2] [--workers 4]

The real server on loopback (benchmarks/_soak_site.py), with at once:
- `--desktop` wall-protocol clients (hello with a viewer token) and `--web` leaders'-view clients (half log in,
  half open a share link; session cookie on /ws, pings, chart history), in `--workers` processes
  (benchmarks/_soak_clients.py), each checking its feed (benchmarks/_soak_check.py);
- `--rate` updates/s over REST: metric samples in 10 series and 1% alerts in 2 streams (benchmarks/_soak_load.py);
- `--cameras` looping clip cameras relayed by the server, `--viewers` HTTP MPEG-TS readers each, and detection
  (the bundled person model, 2 frames/s) on `--detecting` of them.
Every `--report-every` seconds it prints delivered/s and p99 latency (producer's timestamp to the client's
receipt, one clock), and the server's RSS, file descriptors, threads and asyncio tasks (psutil; tasks from the
/metrics gauge iocwall_asyncio_tasks, null when the server has none). The warm-up is the first 20% of the load
(`--warmup-pct`), and at least its first minute (its first half when shorter than two minutes): under this load
the server's caches (SQLite's pages, the relay's buffers, the allocator's arenas) fill for a few minutes; in a
10-minute run at 500 updates/s RSS rose 16% over the first four minutes, then 1.3% over the last six. Growth is the
change from the end of the warm-up to the end of the load (medians of 5% of the run at each end), with the
least-squares slope per minute after the warm-up.

It fails (exit 1) when an update is lost or duplicated or a delta arrives out of order (what each means,
given the server's resync, is in benchmarks/_soak_check.py), when a client cannot connect or is not connected at
the end, or when RSS grows more than `--max-rss-growth` % after the warm-up. A client the server drops reconnects
as the real ones do (resume_from its last seq) and its check goes on: `reconnects` counts them, and what the
resume did not bring back is lost. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import queue
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import psutil

if __package__ in (None, ""):  # run as a script: make `benchmarks.*` and `tests.*` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._soak_check import merge, percentile_of
from benchmarks._soak_clients import ClientPlan, client_worker
from benchmarks._soak_load import LoadPlan, load_worker
from benchmarks._soak_site import PASSWORD, WALL, Site, start_site
from benchmarks._soak_watch import Watcher, growth, sleep_until

log = logging.getLogger("soak")
SERIES = 10
ALERT_STREAMS = 2
READY_TIMEOUT_S = 180.0
DRAIN_S = 30.0
"""Longest the clients may take after the last update to catch up; what has not arrived by then is lost."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="minutes of load (default 10; CI runs 2)")
    parser.add_argument("--desktop", type=int, default=100, help="wall-protocol clients (default 100)")
    parser.add_argument("--web", type=int, default=100, help="leaders'-view clients (default 100)")
    parser.add_argument("--rate", type=int, default=2000, help="updates per second over REST (default 2000)")
    parser.add_argument("--alert-share", type=float, default=0.01, help="share of the updates that are alerts")
    parser.add_argument("--cameras", type=int, default=8, help="relayed cameras (default 8)")
    parser.add_argument("--viewers", type=int, default=3, help="HTTP viewers per camera (default 3)")
    parser.add_argument("--detecting", type=int, default=2, help="cameras with detection (default 2)")
    parser.add_argument("--workers", type=int, default=4, help="client processes (default 4)")
    parser.add_argument("--report-every", type=float, default=10.0, help="seconds between progress lines")
    parser.add_argument("--warmup-pct", type=float, default=20.0, help="share of the run that is warm-up")
    parser.add_argument("--max-rss-growth", type=float, default=10.0, help="RSS growth after warm-up that fails")
    args = parser.parse_args(argv)
    if args.minutes <= 0 or args.rate < 1 or min(args.desktop, args.web, args.cameras, args.viewers) < 0 \
            or args.workers < 1 or not 0 <= args.detecting <= args.cameras or not 0 < args.alert_share < 1 \
            or not 0 <= args.warmup_pct < 90:
        parser.error("durations, counts and rates must be positive; --detecting at most --cameras")
    return args


def streams(args: argparse.Namespace) -> tuple[dict[str, float], dict[str, float]]:
    """Series and alert streams with their rates (per second), adding up to --rate."""
    alerts = max(1.0, args.rate * args.alert_share)
    metrics = max(1.0, args.rate - alerts)
    return ({f"soak-m{i}": metrics / SERIES for i in range(SERIES)},
            {f"soak-a{i}": alerts / ALERT_STREAMS for i in range(ALERT_STREAMS)})


def client_plans(args: argparse.Namespace, site: Site, names: list[str]) -> list[ClientPlan]:
    """Desktop and web clients dealt out over the worker processes; half the web clients log in."""
    logins = [(site.accounts[i % len(site.accounts)], PASSWORD) for i in range(args.web // 2)]
    shares = list(site.share_codes)
    plans = []
    for w in range(args.workers):
        plans.append(ClientPlan(
            http=site.server.http, viewer_token=site.tokens["viewer"], wall=WALL, streams=names,
            desktop=len(range(w, args.desktop, args.workers)), web_logins=logins[w::args.workers],
            web_shares=shares[w::args.workers], report_every_s=args.report_every))
    return [p for p in plans if p.desktop or p.web_logins or p.web_shares]


def _get(q: Any, timeout_s: float, what: str) -> Any:
    try:
        item = q.get(timeout=timeout_s)
    except queue.Empty:
        raise RuntimeError(f"no {what} within {timeout_s:.0f} s") from None
    if item[0] == "error":
        raise RuntimeError(f"a soak process failed:\n{item[-1]}")
    return item


class Run:
    """The orchestration of one soak: processes, signals, periodic figures."""

    def __init__(self, args: argparse.Namespace, site: Site) -> None:
        self.args = args
        self.site = site
        self.seconds = args.minutes * 60.0
        self.ctx = multiprocessing.get_context("spawn")
        self.ready_q, self.progress_q, self.result_q = self.ctx.Queue(), self.ctx.Queue(), self.ctx.Queue()
        self.start_at, self.stop_at = self.ctx.Value("d", 0.0, lock=False), self.ctx.Value("d", 0.0, lock=False)
        self.watcher = Watcher(site.server.process.pid, site.server.port, site.tokens["viewer"])  # type: ignore[union-attr]
        self.latency: dict[int, int] = {}
        self.delivered = 0
        self.timeline: list[dict[str, Any]] = []

    def go(self) -> dict[str, Any]:
        metric_streams, alert_streams = streams(self.args)
        names = [*metric_streams, *alert_streams]
        plans = client_plans(self.args, self.site, names)
        controls = [self.ctx.Queue() for _ in plans]
        load = LoadPlan(http=self.site.server.http, producer_token=self.site.tokens["producer"],
                        viewer_token=self.site.tokens["viewer"], metric_streams=metric_streams,
                        alert_streams=alert_streams, seconds=self.seconds, cameras=self.site.camera_ids,
                        viewers_per_camera=self.args.viewers)
        procs = [self.ctx.Process(target=client_worker, args=(i, plan, self.ready_q, self.progress_q, controls[i],
                                                              self.result_q), daemon=True, name=f"clients-{i}")
                 for i, plan in enumerate(plans)]
        procs.append(self.ctx.Process(target=load_worker, args=(load, self.ready_q, self.result_q, self.start_at,
                                                                self.stop_at), daemon=True, name="load"))
        for proc in procs:
            proc.start()
        try:
            ready = [_get(self.ready_q, READY_TIMEOUT_S, "ready signal") for _ in procs]
            connected = sum(n for tag, _, n in ready if tag == "clients")
            log.info("%d of %d clients subscribed; loading for %.0f s", connected,
                     self.args.desktop + self.args.web, self.seconds)
            before = self.watcher.sample(-1.0)
            server = psutil.Process(self.watcher.pid)
            harness = [psutil.Process(proc.pid) for proc in procs]
            cpu0, harness0 = sum(server.cpu_times()[:2]), sum(sum(p.cpu_times()[:2]) for p in harness)
            machine = self._load()
            server_cpu = round(100.0 * (sum(server.cpu_times()[:2]) - cpu0) / self.seconds)
            harness_cpu = round(100.0 * (sum(sum(p.cpu_times()[:2]) for p in harness) - harness0) / self.seconds)
            producer = self._producer_result()
            deadline = time.time() + DRAIN_S
            for control in controls:
                control.put(("final", producer["acknowledged"], deadline))
            results = [self._client_result(deadline) for _ in plans]
            self.stop_at.value = time.time()
            load_result = self._load_result()
            time.sleep(3.0)  # the server lets go of what the clients held
            after = self.watcher.sample(self.seconds + 99.0)
            detection = self._detection()
        finally:
            if self.stop_at.value <= 0.0:
                self.stop_at.value = time.time()
            for proc in procs:
                proc.join(10)
                if proc.is_alive():
                    proc.kill()
        return {"connected": connected, "producer": producer, "clients": results, "load": load_result,
                "before": before, "after": after, "machine_cpu_pct": machine, "detection": detection,
                "server_cpu_pct": server_cpu, "harness_cpu_pct": harness_cpu}

    def _load(self) -> float:
        """Give the start, then sample the server and print progress until the load's end."""
        t0 = time.time() + 0.5
        self.start_at.value = t0
        psutil.cpu_percent(None)
        sample_every = max(1.0, min(5.0, self.seconds / 40))
        next_sample, next_report = t0, t0 + self.args.report_every
        interval_latency: dict[int, int] = {}
        interval_delivered = 0
        while time.time() < t0 + self.seconds:
            sleep_until(min(next_sample, t0 + self.seconds))
            if time.time() >= next_sample:
                self.watcher.sample(time.time() - t0)
                next_sample += sample_every
            for delivered, sparse in self._drain_progress():
                interval_delivered += delivered
                merge(interval_latency, sparse)
            if time.time() >= next_report:
                self._print_progress(time.time() - t0, interval_delivered, interval_latency)
                interval_latency, interval_delivered = {}, 0
                next_report += self.args.report_every
        return float(psutil.cpu_percent(None)) * (psutil.cpu_count() or 1)

    def _drain_progress(self) -> list[tuple[int, dict[int, int]]]:
        found: list[tuple[int, dict[int, int]]] = []
        while True:
            try:
                _, delivered, sparse, _errors = self.progress_q.get_nowait()
            except queue.Empty:
                return found
            self.delivered += delivered
            merge(self.latency, sparse)
            found.append((delivered, sparse))

    def _print_progress(self, t: float, delivered: int, latency: dict[int, int]) -> None:
        last = self.watcher.samples[-1] if self.watcher.samples else None
        row = {"t_s": round(t), "delivered_per_s": round(delivered / self.args.report_every),
               "p99_ms": percentile_of(latency, 99),
               "rss_mb": last.rss_mb if last else None, "fds": last.fds if last else None,
               "threads": last.threads if last else None, "tasks": last.tasks if last else None,
               "server_log_problems": sum(self.site.lines.problems.values())}
        self.timeline.append(row)
        print("  ".join(f"{k}={v}" for k, v in row.items()), flush=True)

    def _producer_result(self) -> dict[str, Any]:
        while True:
            item = _get(self.result_q, 120.0, "producer result")
            if item[0] == "producer":
                return dict(item[1])
            raise RuntimeError(f"unexpected {item[0]} before the producer's result")

    def _client_result(self, deadline: float) -> dict[str, Any]:
        item = _get(self.result_q, max(0.0, deadline - time.time()) + 60.0, "client result")
        self._drain_progress()
        result = dict(item[1])
        merge(self.latency, result.pop("latency"))
        return result

    def _load_result(self) -> dict[str, Any]:
        return dict(_get(self.result_q, 30.0, "load result")[1])

    def _detection(self) -> list[dict[str, Any]]:
        answer = httpx.get(f"{self.site.server.http}/api/v1/detection", timeout=10,
                           headers={"Authorization": f"Bearer {self.site.tokens['admin']}"})
        return list(answer.json()) if answer.status_code == 200 else [{"error": answer.status_code}]


def summarise(args: argparse.Namespace, run: Run, found: dict[str, Any]) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    for result in found["clients"]:
        counts.update(result["counts"])
        errors.update(result["errors"])
    errors.update(found["load"]["errors"])
    errors.update(run.site.lines.problems)
    missing = args.desktop + args.web - found["connected"]
    if missing:
        errors["clients_not_connected"] += missing
    detecting = [d for d in found["detection"] if d.get("state") == "running" or d.get("running")]
    if len(detecting) < args.detecting:
        errors["detection_not_running"] += args.detecting - len(detecting)
    seconds = run.seconds
    warmup = max(seconds * args.warmup_pct / 100.0, min(60.0, seconds / 2))
    window = max(2 * max(1.0, min(5.0, seconds / 40)), seconds * 0.05)
    grown = growth(run.watcher.samples, warmup, seconds, window)
    before, after = found["before"], found["after"]
    video = found["load"]["video_bytes"]
    return {
        "clients": found["connected"], "desktop": args.desktop, "web": args.web, "rate": args.rate,
        "minutes": args.minutes, "sent": found["producer"]["sent"],
        "rate_achieved": round(found["producer"]["sent"] / seconds), "server_cpu_pct": found["server_cpu_pct"],
        "harness_cpu_pct": found["harness_cpu_pct"],
        "producer_behind_max_s": round(found["producer"]["behind_max_s"], 2),
        "delivered": counts["delivered"], "delivered_per_s": round(counts["delivered"] / seconds),
        "expected_per_s": round(found["producer"]["sent"] * found["connected"] / seconds),
        "lost": counts["lost"], "duplicated": counts["duplicated"], "out_of_order": counts["out_of_order"],
        "coalesced": counts["coalesced"], "resyncs": counts["resyncs"],
        "reconnects": errors["desktop_dropped"] + errors["web_dropped"],
        "p50_ms": percentile_of(run.latency, 50), "p99_ms": percentile_of(run.latency, 99),
        "max_ms": percentile_of(run.latency, 100),
        "warmup_s": round(warmup, 1),
        "rss_mb": grown["rss_mb"]["at_end"], "rss_growth_pct": grown["rss_mb"]["growth_pct"],
        "rss_slope_mb_per_min": grown["rss_mb"]["slope_per_min"],
        "fd_growth": grown["fds"]["growth"], "fd_slope_per_min": grown["fds"]["slope_per_min"],
        "thread_growth": grown["threads"]["growth"], "thread_slope_per_min": grown["threads"]["slope_per_min"],
        "tasks_growth": grown["tasks"]["growth"], "tasks_slope_per_min": grown["tasks"]["slope_per_min"],
        "fds_before_after": [before.fds if before else None, after.fds if after else None],
        "threads_before_after": [before.threads if before else None, after.threads if after else None],
        "tasks_before_after": [before.tasks if before else None, after.tasks if after else None],
        "video_mb": round(sum(video.values()) / 2**20, 1),
        "cameras_without_bytes": sorted(set(run.site.camera_ids) - {c for c, n in video.items() if n > 0}),
        "detecting": len(detecting),
        "detection_examined": {d.get("camera"): d.get("examined") for d in found["detection"]},
        "machine_cpu_pct": round(found["machine_cpu_pct"]),
        "errors": dict(sorted(errors.items())), "server_log_first": run.site.lines.first_problems,
        "server_log_errors": run.site.lines.first_errors,
        "client_notes": [note for result in found["clients"] for note in result.get("notes", [])][:8],
    }


def failures(args: argparse.Namespace, summary: dict[str, Any]) -> list[str]:
    found = []
    for key in ("lost", "duplicated", "out_of_order"):
        if summary[key]:
            found.append(f"{summary[key]} {key}")
    growth_pct = summary["rss_growth_pct"]
    if growth_pct is None or growth_pct > args.max_rss_growth:
        found.append(f"RSS grew {growth_pct}% after the warm-up (limit {args.max_rss_growth}%)")
    for kind in ("clients_not_connected", "desktop_ended_disconnected", "web_ended_disconnected"):
        if summary["errors"].get(kind):
            found.append(f"{summary['errors'][kind]} {kind}")
    if summary["cameras_without_bytes"] and args.viewers:
        found.append(f"no video from {summary['cameras_without_bytes']}")
    return found


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="# %(asctime)s %(message)s", stream=sys.stderr)
    metric_streams, _ = streams(args)
    with tempfile.TemporaryDirectory(prefix="soak-") as folder:
        site = start_site(Path(folder), Path(folder), list(metric_streams), args.cameras, args.detecting,
                          args.web - args.web // 2)
        try:
            run = Run(args, site)
            found = run.go()
        finally:
            site.stop()
        summary = summarise(args, run, found)
    failed = failures(args, summary)
    summary["failed"] = failed
    summary["timeline"] = run.timeline
    for reason in failed:
        print(f"SOAK FAILED: {reason}", file=sys.stderr)
    print(json.dumps(summary, ensure_ascii=False), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
