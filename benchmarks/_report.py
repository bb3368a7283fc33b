"""The fan-out benchmark's output: a side-by-side table, the ratios, notes, and the summary JSON."""

from __future__ import annotations

import argparse
import logging
import math
import signal
import statistics
from typing import Any

import psutil

from benchmarks._harness import fmt, ratio

log = logging.getLogger("fanout")

SATURATED_PCT = 90.0
"""Above this share of every core busy, clients and server wait for CPU and latency says so."""


def _get(run: dict[str, Any] | None, key: str) -> Any:
    return None if run is None else run.get(key)


def print_report(args: argparse.Namespace, runs: dict[str, dict[str, Any]], warmup_s: float) -> dict[str, Any]:
    """Print the table and notes; return the summary for the last line."""
    ours, base = runs.get("ours"), runs.get("baseline")
    print(f"fan-out: {args.clients} clients × {args.rate} msg/s for {args.seconds:g} s "
          f"(after {warmup_s:g} s warm-up), {args.workers} client processes")
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
    cpu_ratio = ratio(_get(ours, "server_cpu_pct"), _get(base, "server_cpu_pct"))
    p99_ratio = ratio(_get(ours, "p99_ms"), _get(base, "p99_ms"))
    print(f"cpu_ratio (ours/baseline) = {fmt(cpu_ratio, 3)}   target <= 1.0")
    print(f"p99_ratio (ours/baseline) = {fmt(p99_ratio, 3)}   ours p99 target < 50 ms")
    metrics = (ours or {}).get("metrics", {})
    if metrics:
        jobs, transactions = metrics["db_jobs"], metrics["db_transactions"]
        print(f"our /metrics: event loop lag max {fmt(metrics['loop_lag_max_ms'])} ms, "
              f"p99 bucket <= {fmt(metrics['loop_lag_p99_bucket_ms'])} ms; db jobs {fmt(jobs, 0)} in "
              f"{fmt(transactions, 0)} transactions ({fmt(ratio(jobs, transactions), 1)} jobs per commit); "
              f"resyncs {fmt(metrics['client_resyncs'], 0)}")
    for name, run in runs.items():
        for second, p50, p99, worst in run["timeline"]:
            log.info("%s timeline: second %3d  p50 %6.1f  p99 %6.1f  max %6.1f ms", name, second, p50, p99, worst)
        notes = {k: run[k] for k in ("producer_replies", "other_frames", "client_failures") if run[k]}
        if run["exit_code"] not in (0, -signal.SIGTERM, None):
            notes["exit_code"] = run["exit_code"]
        if notes:
            print(f"{name}: {notes}")
        for line in run["stderr_problems"]:
            print(f"{name} stderr: {line}")
        if run["machine_cpu_pct"] > SATURATED_PCT * psutil.cpu_count():
            print(f"{name}: the machine was {run['machine_cpu_pct']:.0f}% busy (harness and other load "
                  "included): latency figures of this run are inflated by CPU contention")
    return _summary_json(args, ours, base, cpu_ratio, p99_ratio)


def _summary_json(args: argparse.Namespace, ours: dict[str, Any] | None, base: dict[str, Any] | None,
                  cpu_ratio: float | None, p99_ratio: float | None) -> dict[str, Any]:
    def pick(run: dict[str, Any] | None, key: str, digits: int = 2) -> Any:
        value = None if run is None else run.get(key)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None  # JSON has no NaN
        return round(value, digits) if isinstance(value, float) else value

    metrics = (ours or {}).get("metrics", {})
    return {
        "clients": args.clients, "rate": args.rate, "seconds": args.seconds,
        "p50_ms": pick(ours, "p50_ms"), "p99_ms": pick(ours, "p99_ms"), "max_ms": pick(ours, "max_ms"),
        "cpu_ratio": cpu_ratio, "p99_ratio": p99_ratio, "lost": pick(ours, "lost"),
        "baseline_p50_ms": pick(base, "p50_ms"), "baseline_p99_ms": pick(base, "p99_ms"),
        "baseline_max_ms": pick(base, "max_ms"),
        "baseline_lost": pick(base, "lost"),
        "server_cpu_pct": pick(ours, "server_cpu_pct", 1), "baseline_cpu_pct": pick(base, "server_cpu_pct", 1),
        "server_rss_mb": pick(ours, "rss_mb", 1), "baseline_rss_mb": pick(base, "rss_mb", 1),
        "delivered_per_s": pick(ours, "delivered_per_s", 0),
        "baseline_delivered_per_s": pick(base, "delivered_per_s", 0),
        "loop_lag_max_ms": pick(metrics, "loop_lag_max_ms", 1),
        "loop_lag_p99_bucket_ms": pick(metrics, "loop_lag_p99_bucket_ms", 1),
        "db_jobs_per_transaction": ratio(metrics.get("db_jobs"), metrics.get("db_transactions")),
        "duplicates": pick(ours, "duplicates"), "out_of_order": pick(ours, "out_of_order"),
        "server_loop_thread_cpu_pct": pick(ours, "loop_thread_cpu_pct", 1),
        "server_other_threads_cpu_pct": pick(ours, "other_threads_cpu_pct", 1),
    }


def print_rounds(rounds: list[dict[str, dict[str, Any]]]) -> dict[str, Any]:
    """Per round: our CPU over the baseline's and both p99s; then the medians with their spread."""
    cpu = [ratio(_get(r.get("ours"), "server_cpu_pct"), _get(r.get("baseline"), "server_cpu_pct")) for r in rounds]
    ours_p99 = [_get(r.get("ours"), "p99_ms") for r in rounds]
    base_p99 = [_get(r.get("baseline"), "p99_ms") for r in rounds]
    for index, (c, o, b) in enumerate(zip(cpu, ours_p99, base_p99, strict=True), start=1):
        print(f"round {index}: cpu_ratio {fmt(c, 3)}   p99 ours {fmt(o)} ms, baseline {fmt(b)} ms")

    def spread(values: list[Any]) -> tuple[float | None, float | None, float | None]:
        found = sorted(v for v in values if isinstance(v, float | int) and not math.isnan(v))
        return (statistics.median(found), found[0], found[-1]) if found else (None, None, None)

    (cpu_med, cpu_lo, cpu_hi), (p99_med, p99_lo, p99_hi), (base_med, _, _) = (
        spread(cpu), spread(ours_p99), spread(base_p99))
    print(f"over {len(rounds)} rounds: cpu_ratio median {fmt(cpu_med, 3)} ({fmt(cpu_lo, 3)} .. {fmt(cpu_hi, 3)}), "
          f"ours p99 median {fmt(p99_med)} ms ({fmt(p99_lo)} .. {fmt(p99_hi)}), baseline p99 median {fmt(base_med)} ms")
    return {"cpu_ratio_median": cpu_med, "cpu_ratio_min": cpu_lo, "cpu_ratio_max": cpu_hi,
            "p99_ms_median": p99_med, "p99_ms_max": p99_hi, "baseline_p99_ms_median": base_med}
