"""The fan-out benchmark's output: a side-by-side table of medians, notes, the ratios' spread over rounds, the JSON.

Rounds, medians and targets follow benchmarks/_rounds.py's convention.
"""

from __future__ import annotations

import argparse
import logging
import signal
from typing import Any

import psutil

from benchmarks._harness import figure, fmt, ratio
from benchmarks._rounds import Target, finish, median_run

log = logging.getLogger("fanout")

SATURATED_PCT = 90.0
"""Above this share of every core busy, clients and server wait for CPU and latency says so."""


def _get(run: dict[str, Any] | None, key: str) -> Any:
    return None if run is None else run.get(key)


TARGETS = (Target("cpu_ratio", "<=", 1.0), Target("p99_ms", "<", 50.0))
"""VISION.md's: no more CPU than the bare relay, p99 ingest-to-client under 50 ms."""
SPREAD_KEYS = ("cpu_ratio", "p99_ratio", "p99_ms", "baseline_p99_ms")


def print_report(args: argparse.Namespace, rounds: list[dict[str, dict[str, Any]]], warmup_s: float) -> dict[str, Any]:
    """Print the table of medians, each round's notes, the spread and the targets; return the summary JSON."""
    names = [n for n in ("ours", "baseline") if any(n in rnd for rnd in rounds)]
    medians = {n: median_run([rnd[n] for rnd in rounds if n in rnd]) for n in names}
    ours, base = medians.get("ours"), medians.get("baseline")
    print(f"fan-out: {args.clients} clients × {args.rate} msg/s for {args.seconds:g} s "
          f"(after {warmup_s:g} s warm-up), {args.workers} client processes; medians of {len(rounds)} rounds")
    rows = [
        ("delivered msgs/s", "delivered_per_s", 0), ("expected msgs/s", None, 0),
        ("latency p50 ms", "p50_ms", 1), ("latency p99 ms", "p99_ms", 1), ("latency max ms", "max_ms", 1),
        ("server CPU % of a core", "server_cpu_pct", 1),
        ("  event loop thread", "loop_thread_cpu_pct", 1), ("  other threads (DB)", "other_threads_cpu_pct", 1),
        ("server peak RSS MB", "rss_mb", 1),
        ("lost", "lost", 0), ("duplicates", "duplicates", 0), ("out of order", "out_of_order", 0),
        ("harness CPU %", "harness_cpu_pct", 1), ("machine CPU % (200 = 2 cores)", "machine_cpu_pct", 1),
        ("producer late max ms", "producer_late_max_ms", 1),
    ]
    print(f"{'':32}{'ours':>14}{'baseline':>14}")
    for label, key, digits in rows:
        cells = []
        for run in (ours, base):
            if run is None:
                cells.append("-")
            elif key is None:
                cells.append(fmt(run["sent_in_window"] * args.clients / args.seconds, 0))
            else:
                value = run[key]
                cells.append(fmt(round(value) if digits == 0 and isinstance(value, float) else value, digits))
        print(f"{label:32}{cells[0]:>14}{cells[1]:>14}")
    metrics = (ours or {}).get("metrics", {})
    if metrics:
        jobs, transactions = metrics["db_jobs"], metrics["db_transactions"]
        print(f"our /metrics (last round): event loop lag max {fmt(metrics['loop_lag_max_ms'])} ms, "
              f"p99 bucket <= {fmt(metrics['loop_lag_p99_bucket_ms'])} ms; db jobs {fmt(jobs, 0)} in "
              f"{fmt(transactions, 0)} transactions ({fmt(ratio(jobs, transactions), 1)} jobs per commit); "
              f"resyncs {fmt(metrics['client_resyncs'], 0)}")
    for index, runs in enumerate(rounds, start=1):
        print_notes(f"round {index} ", runs)
    summaries = [_summary_json(args, rnd.get("ours"), rnd.get("baseline")) for rnd in rounds]
    return finish(summaries, TARGETS, SPREAD_KEYS)


def print_notes(prefix: str, runs: dict[str, dict[str, Any]]) -> None:
    """A round's timelines (log) and what makes its figures suspect: failures, bad exits, a saturated machine."""
    for name, run in runs.items():
        for second, p50, p99, worst in run["timeline"]:
            log.info("%s timeline: second %3d  p50 %6.1f  p99 %6.1f  max %6.1f ms", name, second, p50, p99, worst)
        notes = {k: run[k] for k in ("producer_replies", "other_frames", "client_failures") if run[k]}
        if run["exit_code"] not in (0, -signal.SIGTERM, None):
            notes["exit_code"] = run["exit_code"]
        if notes:
            print(f"{prefix}{name}: {notes}")
        for line in run["stderr_problems"]:
            print(f"{prefix}{name} stderr: {line}")
        if run["machine_cpu_pct"] > SATURATED_PCT * psutil.cpu_count():
            print(f"{prefix}{name}: the machine was {run['machine_cpu_pct']:.0f}% busy (harness and other load "
                  "included): latency figures of this run are inflated by CPU contention")


def _summary_json(args: argparse.Namespace, ours: dict[str, Any] | None, base: dict[str, Any] | None) -> dict[str, Any]:
    """One round's figures under the JSON line's keys (the line holds their medians)."""
    metrics = (ours or {}).get("metrics", {})
    return {
        "clients": args.clients, "rate": args.rate, "seconds": args.seconds,
        "p50_ms": figure(ours, "p50_ms"), "p99_ms": figure(ours, "p99_ms"), "max_ms": figure(ours, "max_ms"),
        "cpu_ratio": ratio(_get(ours, "server_cpu_pct"), _get(base, "server_cpu_pct")),
        "p99_ratio": ratio(_get(ours, "p99_ms"), _get(base, "p99_ms")), "lost": figure(ours, "lost"),
        "baseline_p50_ms": figure(base, "p50_ms"), "baseline_p99_ms": figure(base, "p99_ms"),
        "baseline_max_ms": figure(base, "max_ms"),
        "baseline_lost": figure(base, "lost"),
        "server_cpu_pct": figure(ours, "server_cpu_pct", 1), "baseline_cpu_pct": figure(base, "server_cpu_pct", 1),
        "server_rss_mb": figure(ours, "rss_mb", 1), "baseline_rss_mb": figure(base, "rss_mb", 1),
        "delivered_per_s": figure(ours, "delivered_per_s", 0),
        "baseline_delivered_per_s": figure(base, "delivered_per_s", 0),
        "loop_lag_max_ms": figure(metrics, "loop_lag_max_ms", 1),
        "loop_lag_p99_bucket_ms": figure(metrics, "loop_lag_p99_bucket_ms", 1),
        "db_jobs_per_transaction": ratio(metrics.get("db_jobs"), metrics.get("db_transactions")),
        "duplicates": figure(ours, "duplicates"), "out_of_order": figure(ours, "out_of_order"),
        "server_loop_thread_cpu_pct": figure(ours, "loop_thread_cpu_pct", 1),
        "server_other_threads_cpu_pct": figure(ours, "other_threads_cpu_pct", 1),
    }
