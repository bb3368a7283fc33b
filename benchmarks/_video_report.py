"""The video-wall benchmark's output: derived figures per run, medians over interleaved rounds, the table,
the ratios to bare libVLC with their spread, and the summary JSON.

Why rounds and medians: the machine may be shared, so absolute CPU drifts from minute to minute; each
round runs every variant one after the other (in a rotated order), and a ratio is taken within a round,
where the drift is smallest. The JSON follows benchmarks/_rounds.py: each key the median over the rounds,
each ratio's min–max as `<key>_min`/`<key>_max`, the targets judged on the medians.
"""

from __future__ import annotations

import argparse
import signal
from typing import Any

import psutil

from benchmarks._harness import figure as pick  # the name this module's summary has always used
from benchmarks._harness import fmt, ratio
from benchmarks._media_cameras import CLIP_FPS
from benchmarks._report import SATURATED_PCT
from benchmarks._rounds import Target, finish, median_run

CPU_RATIO_TARGET = 1.5
STALL_P99_TARGET_MS = 50.0
SHOWN_TARGET_PCT = 95.0
STILL_AGE_TARGET_S = 5.0
OURS = ("ours", "labels-per-frame", "coalesced", "python-sink", "rv32", "source-size")
"""Variants that are the wall client (the others are bare libVLC)."""
FLOOR = "dummy"
ONE_THREAD_FLOOR = "dummy-1t"
"""Bare libVLC as FLOOR, each stream decoded on one thread (as the wall decodes up to 1080p)."""
ROWS: list[tuple[str, str, int]] = [
    ("CPU % of a core (measured process)", "target_cpu_pct", 1),
    ("  main thread (GUI / Python)", "main_thread_cpu_pct", 1),
    ("  other threads (libVLC decode, callbacks)", "other_threads_cpu_pct", 1),
    ("CPU % per tile", "cpu_per_tile_pct", 2),
    ("peak RSS MB", "rss_mb", 1),
    ("frames received % of 25 fps (callbacks)", "frames_received_pct", 1),
    ("frames shown % (distinct frames painted)", "frames_shown_pct", 1),
    ("  slowest live tile, frames shown %", "frames_shown_min_pct", 1),
    ("libVLC displayed pictures % of 25 fps", "vlc_displayed_pct", 1),
    ("libVLC lost pictures", "vlc_lost", 0),
    ("video paints / s (all tiles)", "paints_per_s", 0),
    ("ms per video paint", "ms_per_paint", 3),
    ("GUI ms/s in video paints", "paint_ms_per_s", 0),
    ("GUI stall p50 ms (10 ms timer lateness)", "gui_stall_p50_ms", 1),
    ("GUI stall p99 ms", "gui_stall_p99_ms", 1),
    ("GUI stall max ms", "gui_stall_max_ms", 1),
    ("GUI stalls > 20 ms / > 50 ms", "stalls", 0),
    ("tiles saving (stills) at the end", "saving_tiles", 0),
    ("tiles that changed mode while measured", "switched_tiles", 0),
    ("oldest still shown, s", "worst_still_age_s", 1),
    ("metric deltas applied / s", "deltas_per_s", 1),
    ("ms per metric delta (chart refresh)", "ms_per_delta", 2),
    ("relay server CPU % (not counted)", "server_cpu_pct", 1),
    ("camera simulators CPU % (not counted)", "cameras_cpu_pct", 1),
    ("machine CPU % (100 per core)", "machine_cpu_pct", 1),
]


def _pct(part: float, whole: float) -> float | None:
    return 100.0 * part / whole if whole else None


def derive(name: str, tiles: int, run: dict[str, Any]) -> None:
    """Per-tile and percentage figures from one process's report (in place)."""
    report = run["report"]
    seconds = report["seconds"]
    expected = CLIP_FPS * seconds  # per tile
    run["expected_frames_per_tile"] = expected
    run["cpu_per_tile_pct"] = run["target_cpu_pct"] / tiles
    if name in OURS:
        saving, switched = report.get("saving", [False] * tiles), set(report.get("switched", []))
        live = [i for i in range(tiles) if not saving[i] and i not in switched]
        run["frames_received_pct"] = _pct(sum(report["frames"]), expected * tiles)
        run["frames_shown_pct"] = _pct(sum(report["shown"]), expected * tiles)
        # Against the stream's own rate where the server reported it (a tile can only show what was sent).
        fps = [f or CLIP_FPS for f in report.get("fps", [CLIP_FPS] * tiles)]
        fractions = [report["shown"][i] / (fps[i] * seconds) for i in live]
        run["min_frame_fraction"] = min(fractions) if fractions else None
        run["frames_shown_min_pct"] = None if not fractions else 100.0 * min(fractions)
        run["vlc_displayed_pct"] = _pct(sum(report["vlc_displayed"]), expected * tiles)
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
        run["saving_tiles"] = sum(saving)
        run["switched_tiles"] = len(switched)
        ages = [a for a in report.get("still_age_max", []) if a is not None]
        run["worst_still_age_s"] = max(ages) if ages else None
    else:
        run["vlc_displayed_pct"] = _pct(sum(report["displayed"]), expected * tiles)
        run["frames_shown_pct"] = run["vlc_displayed_pct"]
        run["frames_shown_min_pct"] = _pct(min(report["displayed"]), expected)
        run["min_frame_fraction"] = min(report["displayed"]) / expected if expected else None
        run["vlc_lost"] = sum(report["lost"])
        if report.get("frames"):
            run["frames_received_pct"] = _pct(sum(report["frames"]), expected * tiles)


def print_report(args: argparse.Namespace, rounds: list[dict[str, dict[str, Any]]], warmup_s: float, layout: str,
                 clip_mbps: float) -> dict[str, Any]:
    for rnd in rounds:
        for name, run in rnd.items():
            derive(name, args.tiles, run)
    names = [n for n in args.variants if any(n in rnd for rnd in rounds)]
    medians = {n: median_run([rnd[n] for rnd in rounds if n in rnd]) for n in names}
    charts = "no charts" if args.no_charts else "charts window + 3 metric deltas / 100 ms"
    budget = "decode budget ON" if args.budget else "decode budget off (every tile decodes)"
    print(f"video wall: {args.tiles} tiles of {args.size} 25 fps (≈ {clip_mbps:.2f} Mb/s each) via the relay, "
          f"layout {layout} in a 1920×1080 offscreen window, {charts}, {budget}; {len(rounds)} interleaved rounds "
          f"of {args.seconds:g} s measured after {warmup_s:g} s warm-up; medians")
    widths = [max(12, len(n) + 2) for n in names]
    print(f"{'':46}" + "".join(f"{n:>{w}}" for n, w in zip(names, widths, strict=True)))
    for label, key, digits in ROWS:
        print(f"{label:46}" + "".join(f"{fmt(medians[n].get(key), digits):>{w}}"
                                      for n, w in zip(names, widths, strict=True)))
    print_notes(rounds)
    summaries = [summary_json(args, rnd) for rnd in rounds]
    return finish(summaries, targets(args), [k for k in summaries[-1] if k.endswith("cpu_ratio")])


def targets(args: argparse.Namespace) -> list[Target]:
    """Issue 17's, judged on the medians; with the decode budget the CPU ratio is not one (not every tile decodes)."""
    found = [Target("stall_p99_ms", "<", STALL_P99_TARGET_MS),
             Target("min_frame_fraction", ">=", SHOWN_TARGET_PCT / 100)]
    if args.budget:
        return [*found, Target("worst_still_age_s", "<=", STILL_AGE_TARGET_S)]
    return [Target("cpu_ratio", "<=", CPU_RATIO_TARGET), *found]


def print_notes(rounds: list[dict[str, dict[str, Any]]]) -> None:
    for index, rnd in enumerate(rounds):
        for name, run in rnd.items():
            notes: dict[str, Any] = {}
            states = [s for s in run["report"].get("states", []) if s != "Playing"]
            if states:
                notes["players_not_playing"] = states
            if sizes := run["report"].get("frame_sizes"):
                notes["frame_sizes"] = sizes  # what libVLC was asked for (player.py frame_size)
            if run.get("exit_code") not in (0, -signal.SIGTERM, None):
                notes["exit_code"] = run["exit_code"]
            if run.get("server_problems"):
                notes["server_stderr"] = run["server_problems"]
            if notes:
                print(f"round {index + 1} {name}: {notes}")
            if run.get("machine_cpu_pct", 0.0) > SATURATED_PCT * (psutil.cpu_count() or 1):
                print(f"round {index + 1} {name}: the machine was {run['machine_cpu_pct']:.0f}% busy: its CPU, frame "
                      "and stall figures are affected by contention")


def summary_json(args: argparse.Namespace, rnd: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One round's figures under the JSON line's keys (the line holds their medians); ratios to the floor's CPU."""
    ours, base = rnd.get("ours"), rnd.get(FLOOR)

    def cpu_ratio(name: str) -> float | None:
        return ratio(pick(rnd.get(name), "target_cpu_pct", 6), pick(base, "target_cpu_pct", 6))

    summary = {
        "tiles": args.tiles, "size": args.size, "seconds": args.seconds,
        "charts": not args.no_charts, "budget": args.budget,
        "cpu_pct": pick(ours, "target_cpu_pct", 1), "baseline_cpu_pct": pick(base, "target_cpu_pct", 1),
        "cpu_ratio": cpu_ratio("ours"),
        "main_thread_cpu_pct": pick(ours, "main_thread_cpu_pct", 1),
        "other_threads_cpu_pct": pick(ours, "other_threads_cpu_pct", 1),
        "frames_received_pct": pick(ours, "frames_received_pct", 1),
        "frames_shown_pct": pick(ours, "frames_shown_pct", 1),
        "frames_shown_min_tile_pct": pick(ours, "frames_shown_min_pct", 1),
        "baseline_displayed_pct": pick(base, "vlc_displayed_pct", 1),
        "baseline_lost_pictures": pick(base, "vlc_lost"),
        "gui_stall_p50_ms": pick(ours, "gui_stall_p50_ms", 1), "gui_stall_p99_ms": pick(ours, "gui_stall_p99_ms", 1),
        "gui_stall_max_ms": pick(ours, "gui_stall_max_ms", 1),
        "stall_p99_ms": pick(ours, "gui_stall_p99_ms", 1),
        "min_frame_fraction": pick(ours, "min_frame_fraction", 3),
        "saving_tiles": pick(ours, "saving_tiles"), "worst_still_age_s": pick(ours, "worst_still_age_s", 1),
        "ms_per_paint": pick(ours, "ms_per_paint", 3),
        "rss_mb": pick(ours, "rss_mb", 1), "baseline_rss_mb": pick(base, "rss_mb", 1),
        "server_cpu_pct": pick(ours or base, "server_cpu_pct", 1),
        "machine_cpu_pct": pick(ours, "machine_cpu_pct", 1),
        "baseline_machine_cpu_pct": pick(base, "machine_cpu_pct", 1),
    }
    if ONE_THREAD_FLOOR in args.variants:
        # The wall decodes streams up to 1080p on one thread each (player.py decoder_options): this floor decodes
        # the same way, so that the ratio to it shows what the wall adds beyond decoding.
        summary["ours_vs_one_thread_cpu_ratio"] = ratio(pick(ours, "target_cpu_pct", 6),
                                                        pick(rnd.get(ONE_THREAD_FLOOR), "target_cpu_pct", 6))
    for name in ("python-sink", "rv32", "callbacks", "coalesced", "labels-per-frame", "source-size", ONE_THREAD_FLOOR):
        if name in args.variants:
            key = name.replace("-", "_")
            summary[f"{key}_cpu_pct"] = pick(rnd.get(name), "target_cpu_pct", 1)
            summary[f"{key}_cpu_ratio"] = cpu_ratio(name)
            summary[f"{key}_stall_p99_ms"] = pick(rnd.get(name), "gui_stall_p99_ms", 1)
    return summary
