"""The media benchmark's output: a side-by-side table of medians, notes, the ratios' spread and targets, the JSON.

Rounds, medians and targets follow benchmarks/_rounds.py's convention.
"""

from __future__ import annotations

import argparse
import signal
from typing import Any

import psutil

from benchmarks._harness import figure, fmt, ratio
from benchmarks._media_cameras import Clip
from benchmarks._report import SATURATED_PCT
from benchmarks._rounds import Target, finish, median_run

CPU_RATIO_TARGET = 1.5
LATENCY_TARGET_MS = 200.0
ROWS: list[tuple[str, str, int]] = [
    ("CPU % of a core (measured process)", "target_cpu_pct", 1),
    ("CPU % per camera", "cpu_per_camera_pct", 2),
    ("  main thread (event loop)", "main_thread_cpu_pct", 1),
    ("  other threads (pulls / remux)", "other_threads_cpu_pct", 1),
    ("peak RSS MB", "rss_mb", 1),
    ("pulled Mb/s (relay's /metrics, payload)", "source_mbps", 1),
    ("remuxed Mb/s (all loops, TS out)", "remuxed_mbps", 1),
    ("delivered Mb/s (byte-counting viewers)", "delivered_mbps", 1),
    ("expected delivered Mb/s", "expected_mbps", 1),
    ("slowest viewer Mb/s", "viewer_min_mbps", 2),
    ("added latency median ms", "added_latency_ms", 1),
    ("added latency p95 ms", "added_latency_p95_ms", 1),
    ("added latency max ms", "added_latency_max_ms", 1),
    ("added latency min ms", "added_latency_min_ms", 1),
    ("latency samples / relayed frames", "latency_pairs", 0),
    ("camera simulators CPU % (not counted)", "cameras_cpu_pct", 1),
    ("viewers + probes CPU % (not counted)", "harness_cpu_pct", 1),
    ("machine CPU % (100 per core)", "machine_cpu_pct", 1),
]


def derive(args: argparse.Namespace, runs: dict[str, dict[str, Any]], clips: list[Clip]) -> None:
    """Add the per-camera and expected figures to each run (in place)."""
    for name, run in runs.items():
        run["cpu_per_camera_pct"] = run["target_cpu_pct"] / args.cameras
        if name == "ours":
            readers = run["readers_per_camera"]
            run["expected_mbps"] = sum(n * c.bitrate_bps for n, c in zip(readers, clips, strict=True)) / 1e6
            run["source_mbps"] = sum(run.get("metrics", {}).get("bitrate_kbps", [])) / 1000 or None
            if "latency_samples" in run:
                run["latency_pairs"] = f"{run['latency_samples']} / {run['latency_relay_frames']}"


TARGETS = (Target("cpu_ratio", "<=", CPU_RATIO_TARGET), Target("added_latency_ms", "<", LATENCY_TARGET_MS))


def print_report(args: argparse.Namespace, rounds: list[dict[str, dict[str, Any]]], clips: list[Clip],
                 warmup_s: float) -> dict[str, Any]:
    """Print the table of medians, each round's notes, the ratios' spread and the targets; return the summary."""
    for runs in rounds:
        derive(args, runs, clips)
    names = [n for n in ("ours", "baseline") if any(n in runs for runs in rounds)]
    medians = {n: median_run([runs[n] for runs in rounds if n in runs]) for n in names}
    ours, base = medians.get("ours"), medians.get("baseline")
    source_mbps = sum(c.bitrate_bps for c in clips) / 1e6 / len(clips)
    print(f"media relay: {args.cameras} cameras × {args.viewers} viewers, {args.source} sources "
          f"(720p25, ≈ {source_mbps:.2f} Mb/s each), {args.seconds:g} s measured after {warmup_s:g} s warm-up; "
          f"medians of {len(rounds)} rounds")
    print(f"{'':42}{'ours':>12}{'baseline':>12}")
    for label, key, digits in ROWS:
        cells = [fmt(None if run is None else run.get(key), digits) for run in (ours, base)]
        print(f"{label:42}{cells[0]:>12}{cells[1]:>12}")
    if ours is not None and ours.get("added_latency_ms") is None:
        print("added latency not measured: the HTTP simulator starts the clip anew for each connection, so a direct "
              "and a relayed copy are not in step (use --source rtsp)")
    if ours is not None:
        print(f"delivered / expected = {fmt(ratio(ours['delivered_mbps'], ours['expected_mbps']), 3)}")
    for index, runs in enumerate(rounds, start=1):
        print_notes(f"round {index} ", runs)
    summaries = [summary_json(args, runs.get("ours"), runs.get("baseline")) for runs in rounds]
    return finish(summaries, TARGETS, ("cpu_ratio",))


def print_notes(prefix: str, runs: dict[str, dict[str, Any]]) -> None:
    """Everything that makes a run's figures suspect: errors, reconnects, warnings, a saturated machine."""
    for name, run in runs.items():
        notes: dict[str, Any] = {}
        for key in ("viewer_failures", "mux_errors", "reopens", "last_errors"):
            if run.get(key):
                notes[key] = run[key]
        if any(run.get("probe_unreadable", {}).values()):
            notes["probe_unreadable_frames"] = run["probe_unreadable"]
        metrics = run.get("metrics") or {}
        if metrics.get("reconnects"):
            notes["relay_reconnects"] = metrics["reconnects"]
        if metrics.get("fps") and min(metrics["fps"]) < 20:
            notes["relay_min_source_fps"] = min(metrics["fps"])
        if run.get("exit_code") not in (0, -signal.SIGTERM, None):
            notes["exit_code"] = run["exit_code"]
        if notes:
            print(f"{prefix}{name}: {notes}")
        for line in run.get("stderr_problems", []):
            print(f"{prefix}{name} stderr: {line}")
        if run.get("machine_cpu_pct", 0.0) > SATURATED_PCT * (psutil.cpu_count() or 1):
            print(f"{prefix}{name}: the machine was {run['machine_cpu_pct']:.0f}% busy: CPU and latency figures "
                  "of this run are inflated by contention")


def summary_json(args: argparse.Namespace, ours: dict[str, Any] | None, base: dict[str, Any] | None) -> dict[str, Any]:
    """One round's figures under the JSON line's keys (the line holds their medians)."""
    return {
        "cameras": args.cameras, "viewers": args.viewers, "seconds": args.seconds, "source": args.source,
        "cpu_per_camera_pct": figure(ours, "cpu_per_camera_pct", 3),
        "baseline_cpu_per_camera_pct": figure(base, "cpu_per_camera_pct", 3),
        "cpu_ratio": ratio(figure(ours, "cpu_per_camera_pct", 6), figure(base, "cpu_per_camera_pct", 6)),
        "added_latency_ms": figure(ours, "added_latency_ms", 1),
        "added_latency_p95_ms": figure(ours, "added_latency_p95_ms", 1),
        "added_latency_max_ms": figure(ours, "added_latency_max_ms", 1),
        "latency_samples": figure(ours, "latency_samples"),
        "server_cpu_pct": figure(ours, "target_cpu_pct", 1), "baseline_cpu_pct": figure(base, "target_cpu_pct", 1),
        "server_main_thread_cpu_pct": figure(ours, "main_thread_cpu_pct", 1),
        "server_other_threads_cpu_pct": figure(ours, "other_threads_cpu_pct", 1),
        "server_rss_mb": figure(ours, "rss_mb", 1), "baseline_rss_mb": figure(base, "rss_mb", 1),
        "delivered_mbps": figure(ours, "delivered_mbps", 2),
        "expected_delivered_mbps": figure(ours, "expected_mbps", 2),
        "baseline_remuxed_mbps": figure(base, "remuxed_mbps", 2),
        "viewer_failures": None if ours is None else len(ours["viewer_failures"]),
        "cameras_cpu_pct": figure(ours or base, "cameras_cpu_pct", 1),
        "machine_cpu_pct": figure(ours, "machine_cpu_pct", 1),
        "baseline_machine_cpu_pct": figure(base, "machine_cpu_pct", 1),
    }
