"""The video-wall benchmark's output: derived figures, the side-by-side table, notes, the summary JSON."""

from __future__ import annotations

import argparse
import math
import signal
from typing import Any

import psutil

from benchmarks._harness import fmt, ratio
from benchmarks._media_cameras import CLIP_FPS
from benchmarks._report import SATURATED_PCT

CPU_RATIO_TARGET = 1.3
STALL_P99_TARGET_MS = 20.0
SHOWN_TARGET_PCT = 95.0
ROWS: list[tuple[str, str, int]] = [
    ("CPU % of a core (measured process)", "target_cpu_pct", 1),
    ("  main thread (GUI / Python)", "main_thread_cpu_pct", 1),
    ("  other threads (libVLC decode, callbacks)", "other_threads_cpu_pct", 1),
    ("CPU % per tile", "cpu_per_tile_pct", 2),
    ("peak RSS MB", "rss_mb", 1),
    ("frames received % of 25 fps (callbacks)", "frames_received_pct", 1),
    ("frames shown % (distinct frames painted)", "frames_shown_pct", 1),
    ("  slowest tile, frames shown %", "frames_shown_min_pct", 1),
    ("libVLC displayed pictures % of 25 fps", "vlc_displayed_pct", 1),
    ("libVLC lost pictures", "vlc_lost", 0),
    ("video paints / s (all tiles)", "paints_per_s", 0),
    ("ms per video paint", "ms_per_paint", 3),
    ("GUI ms/s in video paints", "paint_ms_per_s", 0),
    ("GUI stall p50 ms (10 ms timer lateness)", "gui_stall_p50_ms", 1),
    ("GUI stall p99 ms", "gui_stall_p99_ms", 1),
    ("GUI stall max ms", "gui_stall_max_ms", 1),
    ("GUI stalls > 20 ms / > 50 ms", "stalls", 0),
    ("metric deltas applied / s", "deltas_per_s", 1),
    ("ms per metric delta (chart refresh)", "ms_per_delta", 2),
    ("relay server CPU % (not counted)", "server_cpu_pct", 1),
    ("camera simulators CPU % (not counted)", "cameras_cpu_pct", 1),
    ("machine CPU % (100 per core)", "machine_cpu_pct", 1),
]


def _pct(part: float, whole: float) -> float | None:
    return 100.0 * part / whole if whole else None


def derive(args: argparse.Namespace, runs: dict[str, dict[str, Any]]) -> None:
    """Per-tile and percentage figures from the processes' reports (in place)."""
    for name, run in runs.items():
        report = run["report"]
        seconds = report["seconds"]
        expected = CLIP_FPS * seconds  # per tile
        run["expected_frames_per_tile"] = expected
        run["cpu_per_tile_pct"] = run["target_cpu_pct"] / args.tiles
        if name == "ours":
            run["frames_received_pct"] = _pct(sum(report["frames"]), expected * args.tiles)
            run["frames_shown_pct"] = _pct(sum(report["shown"]), expected * args.tiles)
            run["frames_shown_min_pct"] = _pct(min(report["shown"]), expected)
            run["vlc_displayed_pct"] = _pct(sum(report["vlc_displayed"]), expected * args.tiles)
            run["vlc_lost"] = sum(report["vlc_lost"])
            paints = sum(report["paints"])
            run["paints_per_s"] = paints / seconds
            run["ms_per_paint"] = 1000.0 * report["paint_s"] / paints if paints else None
            run["paint_ms_per_s"] = 1000.0 * report["paint_s"] / seconds
            run["gui_stall_p50_ms"] = report["stall_p50_ms"]
            run["gui_stall_p99_ms"] = report["stall_p99_ms"]
            run["gui_stall_max_ms"] = report["stall_max_ms"]
            run["stalls"] = f"{report['stalls_over_20ms']} / {report['stalls_over_50ms']}"
            run["deltas_per_s"] = report["deltas"] / seconds
            run["ms_per_delta"] = 1000.0 * report["feed_s"] / report["deltas"] if report["deltas"] else None
        else:
            run["vlc_displayed_pct"] = _pct(sum(report["displayed"]), expected * args.tiles)
            run["frames_shown_pct"] = run["vlc_displayed_pct"]
            run["frames_shown_min_pct"] = _pct(min(report["displayed"]), expected)
            run["vlc_lost"] = sum(report["lost"])


def print_report(args: argparse.Namespace, runs: dict[str, dict[str, Any]], warmup_s: float, layout: str,
                 clip_mbps: float) -> dict[str, Any]:
    derive(args, runs)
    ours, base = runs.get("ours"), runs.get("baseline")
    charts = "no charts" if args.no_charts else "charts window + 3 metric deltas / 100 ms"
    print(f"video wall: {args.tiles} tiles of 640×360 25 fps (≈ {clip_mbps:.2f} Mb/s each) via the relay, "
          f"layout {layout} in a 1920×1080 offscreen window, {charts}; {args.seconds:g} s measured after "
          f"{warmup_s:g} s warm-up")
    print(f"{'':46}{'ours':>12}{'baseline':>12}")
    for label, key, digits in ROWS:
        cells = [fmt(None if run is None else run.get(key), digits) for run in (ours, base)]
        print(f"{label:46}{cells[0]:>12}{cells[1]:>12}")
    cpu_ratio = ratio(None if ours is None else ours["target_cpu_pct"],
                       None if base is None else base["target_cpu_pct"])
    print(f"cpu_ratio (ours/baseline) = {fmt(cpu_ratio, 3)}   target <= {CPU_RATIO_TARGET}")
    if ours is not None:
        print(f"frames shown {fmt(ours['frames_shown_pct'])}%   target >= {SHOWN_TARGET_PCT:.0f}%;   "
              f"GUI stall p99 {fmt(ours['gui_stall_p99_ms'])} ms   target < {STALL_P99_TARGET_MS:.0f} ms")
    print_notes(runs)
    return summary_json(args, ours, base, cpu_ratio)


def print_notes(runs: dict[str, dict[str, Any]]) -> None:
    for name, run in runs.items():
        notes: dict[str, Any] = {}
        states = [s for s in run["report"].get("states", []) if s != "Playing"]
        if states:
            notes["players_not_playing"] = states
        if run.get("exit_code") not in (0, -signal.SIGTERM, None):
            notes["exit_code"] = run["exit_code"]
        if run.get("server_problems"):
            notes["server_stderr"] = run["server_problems"]
        if notes:
            print(f"{name}: {notes}")
        if run.get("machine_cpu_pct", 0.0) > SATURATED_PCT * (psutil.cpu_count() or 1):
            print(f"{name}: the machine was {run['machine_cpu_pct']:.0f}% busy: CPU, frame and stall figures of this "
                  "run are affected by contention")


def summary_json(args: argparse.Namespace, ours: dict[str, Any] | None, base: dict[str, Any] | None,
                 cpu_ratio: float | None) -> dict[str, Any]:
    def pick(run: dict[str, Any] | None, key: str, digits: int = 2) -> Any:
        value = None if run is None else run.get(key)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        return round(value, digits) if isinstance(value, float) else value

    return {
        "tiles": args.tiles, "seconds": args.seconds, "charts": not args.no_charts,
        "cpu_pct": pick(ours, "target_cpu_pct", 1), "baseline_cpu_pct": pick(base, "target_cpu_pct", 1),
        "cpu_ratio": cpu_ratio,
        "main_thread_cpu_pct": pick(ours, "main_thread_cpu_pct", 1),
        "other_threads_cpu_pct": pick(ours, "other_threads_cpu_pct", 1),
        "frames_received_pct": pick(ours, "frames_received_pct", 1),
        "frames_shown_pct": pick(ours, "frames_shown_pct", 1),
        "frames_shown_min_tile_pct": pick(ours, "frames_shown_min_pct", 1),
        "baseline_displayed_pct": pick(base, "vlc_displayed_pct", 1),
        "baseline_lost_pictures": pick(base, "vlc_lost"),
        "gui_stall_p50_ms": pick(ours, "gui_stall_p50_ms", 1), "gui_stall_p99_ms": pick(ours, "gui_stall_p99_ms", 1),
        "gui_stall_max_ms": pick(ours, "gui_stall_max_ms", 1),
        "ms_per_paint": pick(ours, "ms_per_paint", 3),
        "rss_mb": pick(ours, "rss_mb", 1), "baseline_rss_mb": pick(base, "rss_mb", 1),
        "server_cpu_pct": pick(ours or base, "server_cpu_pct", 1),
        "machine_cpu_pct": pick(ours, "machine_cpu_pct", 1),
        "baseline_machine_cpu_pct": pick(base, "machine_cpu_pct", 1),
    }
