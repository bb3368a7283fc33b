"""Fan-out benchmark: N clients × M updates/s through our server, against a bare relay beside it.

VISION.md's target: 50 clients × 1000 updates/s with p99 ingest-to-client < 50 ms, at no more
CPU than a bare `websockets` relay that sends every message as its own frame. Our server does
more per message (validate, store, sequence) and should still cost less by coalescing frames.

    .venv/bin/python benchmarks/fanout.py [--clients 50] [--rate 1000] [--seconds 20] [--rounds 3]
                                          [--workers 4] [--only ours|baseline|both] [--tls]
                                          [--baseline relay|ours-normal]

--tls runs both over TLS (wss, a private CA made for the run; the harness verifies it as real
clients do). --baseline ours-normal compares our server (SQLite synchronous=FULL, the default)
with itself at synchronous=NORMAL: what syncing every commit costs. Rounds alternate which target
goes first; the JSON line holds medians over the rounds, the ratios' spread, and the targets judged
on the median (benchmarks/_rounds.py), since one run on this machine is not to be trusted.

Both runs use the same harness (_harness.py, _clients.py, _producer.py in this directory): one
paced producer process and `--workers` client processes. Latency is client receive time minus
the timestamp the producer put into the message (one machine, one clock). Prints a table, then
one JSON object as the last line; `--timeline` adds per-second latency on stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import multiprocessing
import queue
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

if __package__ in (None, ""):  # run as a script: make `benchmarks.*` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._clients import client_worker
from benchmarks._harness import Plan, percentile
from benchmarks._producer import producer
from benchmarks._report import print_report
from benchmarks._rounds import add_rounds_argument, run_interleaved
from benchmarks._targets import (
    Meter,
    Target,
    histogram_quantile_bucket,
    scrape_metrics,
    start_baseline,
    start_ours,
)
from server.tls import MadeCertificates, make_private_ca

log = logging.getLogger("fanout")

WARMUP_S = 2.0
DRAIN_S = 2.0
"""After the last message, how long clients keep listening; later deliveries count as lost."""
READY_TIMEOUT_S = 40.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50, help="subscribed clients (default 50)")
    parser.add_argument("--rate", type=int, default=1000, help="producer messages per second (default 1000)")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds after warm-up (default 20)")
    parser.add_argument("--workers", type=int, default=4, help="client processes (default 4)")
    parser.add_argument("--only", choices=("ours", "baseline", "both"), default="both")
    add_rounds_argument(parser)
    parser.add_argument("--tls", action="store_true", help="both targets over TLS (wss)")
    parser.add_argument("--baseline", choices=("relay", "ours-normal"), default="relay",
                        help="the bare websockets relay (default), or our server with SQLite synchronous=NORMAL")
    parser.add_argument("--timeline", action="store_true",
                        help="also print latency p50/p99/max per second of the run (to stderr)")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.rate < 1 or args.seconds <= 0 or args.workers < 1 or args.rounds < 1:
        parser.error("--clients, --rate, --seconds, --workers and --rounds must be positive")
    return args


def make_plan(target: Target, args: argparse.Namespace, tls: MadeCertificates | None) -> Plan:
    """The hellos and uniqueness rule differ per target; the load is the same."""
    ours_like = bool(target.tokens)  # our server (also as the synchronous=NORMAL baseline)
    scheme = "wss" if tls else "ws"
    url = f"{scheme}://127.0.0.1:{target.port}/" + ("ws" if ours_like else "")
    if ours_like:
        client_hello = json.dumps({"type": "hello", "token": target.tokens["viewer"], "client": "fanout-bench"})
        producer_hello = json.dumps({"type": "hello", "token": target.tokens["producer"], "client": "fanout-bench"})
        ready_type, key_by = "snapshot", "seq"
    else:
        client_hello = json.dumps({"type": "hello", "role": "client"})
        producer_hello = json.dumps({"type": "hello", "role": "producer"})
        ready_type, key_by = "welcome", "counter"
    return Plan(url=url, client_hello=client_hello, producer_hello=producer_hello, ready_type=ready_type,
                key_by=key_by, rate=args.rate, warmup_s=WARMUP_S, seconds=args.seconds,
                ca_file=str(tls.ca_cert) if tls else None)


def _collect(q: Any, expected: int, timeout_s: float) -> list[tuple[str, Any]]:
    """`expected` tagged messages from a queue, or fail with what a process reported."""
    give_up = time.monotonic() + timeout_s
    items: list[tuple[str, Any]] = []
    while len(items) < expected:
        try:
            item = q.get(timeout=max(0.01, give_up - time.monotonic()))
        except queue.Empty:
            raise RuntimeError(f"harness processes did not report in {timeout_s:.0f} s "
                               f"({len(items)} of {expected})") from None
        if item[0] == "error":
            raise RuntimeError(f"a harness process failed:\n{item[1]}")
        items.append(item)
    return items


def _sleep_until(t: float) -> None:
    while (left := t - time.time()) > 0:
        time.sleep(min(left, 0.05))


def drive(target: Target, plan: Plan, args: argparse.Namespace) -> dict[str, Any]:
    """Start the harness processes, run the schedule, measure the target, gather the tallies."""
    ctx = multiprocessing.get_context("spawn")
    ready_q, result_q = ctx.Queue(), ctx.Queue()
    start_at, stop_at = ctx.Value("d", 0.0, lock=False), ctx.Value("d", 0.0, lock=False)
    shares = [args.clients // args.workers + (i < args.clients % args.workers) for i in range(args.workers)]
    procs = [ctx.Process(target=client_worker, args=(plan, n, ready_q, result_q, stop_at), daemon=True,
                         name=f"clients-{i}") for i, n in enumerate(shares) if n]
    procs.append(ctx.Process(target=producer, args=(plan, ready_q, result_q, start_at, stop_at), daemon=True,
                             name="producer"))
    for proc in procs:
        proc.start()
    try:
        ready = _collect(ready_q, len(procs), READY_TIMEOUT_S)
        connected = sum(n for tag, n in ready if tag == "clients")
        if connected < args.clients:
            raise RuntimeError(f"only {connected} of {args.clients} clients subscribed")
        log.info("%s: %d clients subscribed; producing for %.0f s + %.0f s warm-up",
                 target.name, connected, plan.seconds, plan.warmup_s)
        measured = _run_schedule(target, plan, procs, start_at, stop_at)
        results = _collect(result_q, len(procs), DRAIN_S + 60.0)
    finally:
        _reap(procs, stop_at, result_q)
    return summarise(plan, args, measured, results)


def _reap(procs: list[Any], stop_at: Any, result_q: Any) -> None:
    """Let harness processes end (after a failure: tell the clients to stop now), then kill stragglers.

    Unread results are drained meanwhile: a process cannot exit while its queue pipe is full.
    """
    if stop_at.value <= 0.0:
        stop_at.value = time.time()
    give_up = time.monotonic() + 10.0
    while any(proc.is_alive() for proc in procs) and time.monotonic() < give_up:
        with contextlib.suppress(queue.Empty):
            result_q.get(timeout=0.1)
    for proc in procs:
        if proc.is_alive():
            log.warning("killing harness process %s (pid %s)", proc.name, proc.pid)
            proc.kill()
            proc.join(5)


def _run_schedule(target: Target, plan: Plan, procs: list[Any], start_at: Any, stop_at: Any) -> dict[str, Any]:
    """Give the start signal, then read CPU at both ends of the measured window."""
    t0 = time.time() + 0.5
    log.info("%s: measured window is %.3f .. %.3f (time.time())", target.name, t0 + plan.warmup_s,
             t0 + plan.warmup_s + plan.seconds)
    with Meter([target.process.pid]) as server, Meter([p.pid for p in procs]) as harness:
        start_at.value = t0
        _sleep_until(t0 + plan.warmup_s)
        server_cpu0, harness_cpu0, split0 = server.cpu_seconds(), harness.cpu_seconds(), server.thread_split()
        psutil.cpu_percent(None)
        window_start = time.time()
        _sleep_until(t0 + plan.warmup_s + plan.seconds)
        window = time.time() - window_start
        server_cpu1, harness_cpu1, split1 = server.cpu_seconds(), harness.cpu_seconds(), server.thread_split()
        machine_pct = psutil.cpu_percent(None) * psutil.cpu_count()
        stop_at.value = time.time() + DRAIN_S
        _sleep_until(stop_at.value)
    return {
        "server_cpu_pct": 100.0 * (server_cpu1 - server_cpu0) / window,
        "loop_thread_cpu_pct": 100.0 * (split1[0] - split0[0]) / window,
        "other_threads_cpu_pct": 100.0 * (split1[1] - split0[1]) / window,
        "harness_cpu_pct": 100.0 * (harness_cpu1 - harness_cpu0) / window,
        "machine_cpu_pct": machine_pct,
        "rss_mb": server.peak_rss / 2**20,
    }


def summarise(plan: Plan, args: argparse.Namespace, measured: dict[str, Any],
              results: list[tuple[str, Any]]) -> dict[str, Any]:
    """Merge the worker tallies into the figures of one run."""
    prod = next(r for tag, r in results if tag == "producer")
    tallies = [r for tag, r in results if tag == "clients"]
    latencies = sorted(x for t in tallies for x in t["latencies_ms"])
    sent_in_window = max(0, min(prod["sent"], plan.total) - plan.first_measured)
    delivered = sum(t["delivered"] for t in tallies)
    other: dict[str, int] = {}
    for t in tallies:
        for kind, n in t["other_frames"].items():
            other[kind] = other.get(kind, 0) + n
    return {
        **measured,
        "sent": prod["sent"], "sent_in_window": sent_in_window, "producer_late_max_ms": prod["late_max_ms"],
        "producer_replies": prod["replies"],
        "delivered": delivered, "delivered_per_s": delivered / plan.seconds,
        "lost": sent_in_window * args.clients - delivered,
        "duplicates": sum(t["duplicates"] for t in tallies),
        "out_of_order": sum(t["out_of_order"] for t in tallies),
        "other_frames": other,
        "client_failures": [f for t in tallies for f in t["failures"]],
        "p50_ms": percentile(latencies, 50), "p99_ms": percentile(latencies, 99),
        "max_ms": latencies[-1] if latencies else float("nan"),
        "timeline": _timeline(plan, tallies) if args.timeline else [],
    }


def _timeline(plan: Plan, tallies: list[dict[str, Any]]) -> list[tuple[int, float, float, float]]:
    """(second, p50, p99, max) of the latencies of the messages produced in each second.

    Tells a steady tail from periodic stalls (a checkpoint, a collection, a blocked loop).
    """
    per_second: dict[int, list[float]] = {}
    for tally in tallies:
        for latency, n in zip(tally["latencies_ms"], tally["counters"], strict=True):
            per_second.setdefault((n - plan.first_measured) // plan.rate, []).append(latency)
    rows = []
    for second in sorted(per_second):
        values = sorted(per_second[second])
        rows.append((second, percentile(values, 50), percentile(values, 99), values[-1]))
    return rows


def _start(name: str, args: argparse.Namespace, workdir: Path, tls: MadeCertificates | None) -> Target:
    if name == "ours":
        return start_ours(workdir, tls)
    if args.baseline == "ours-normal":
        return start_ours(workdir, tls, synchronous="normal", name="baseline")
    return start_baseline(workdir, tls)


def run_target(name: str, args: argparse.Namespace, tls: MadeCertificates | None = None) -> dict[str, Any]:
    """One complete run against a fresh target in its own temporary directory."""
    with tempfile.TemporaryDirectory(prefix=f"fanout-{name}-") as tmp:
        log.info("%s: starting", name)
        target = _start(name, args, Path(tmp), tls)
        try:
            result = drive(target, make_plan(target, args, tls), args)
            if target.tokens:
                result["metrics"] = _our_metrics(target, tls)
        finally:
            result_code = target.stop()
            log.info("%s: stopped (exit code %s)", name, result_code)
            problems = target.problems()
        result["exit_code"] = result_code
        result["stderr_problems"] = problems
        return result


def _our_metrics(target: Target, tls: MadeCertificates | None) -> dict[str, Any]:
    samples = scrape_metrics(target.port, target.tokens["viewer"], str(tls.ca_cert) if tls else None)
    p99_bucket = histogram_quantile_bucket(samples, "iocwall_event_loop_lag_seconds", 0.99)
    return {
        "loop_lag_max_ms": samples.get("iocwall_event_loop_lag_max_seconds", float("nan")) * 1000.0,
        "loop_lag_p99_bucket_ms": None if p99_bucket is None else p99_bucket * 1000.0,
        "db_transactions": samples.get("iocwall_db_transactions"),
        "db_jobs": samples.get("iocwall_db_jobs"),
        "deltas_published": samples.get("iocwall_deltas_published_total"),
        "client_resyncs": samples.get("iocwall_client_resyncs_total"),
    }


def _terminate_on_signal() -> None:
    """SIGTERM unwinds like Ctrl-C, so every `finally` stops its subprocesses."""
    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, handler)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="# %(asctime)s %(message)s", stream=sys.stderr)
    _terminate_on_signal()
    names = ["ours", "baseline"] if args.only == "both" else [args.only]
    with tempfile.TemporaryDirectory(prefix="fanout-tls-") as tls_dir:
        tls = make_private_ca(Path(tls_dir), ["127.0.0.1"]) if args.tls else None
        rounds = run_interleaved(names, args.rounds, lambda name, _: run_target(name, args, tls))
    summary = print_report(args, rounds, WARMUP_S)
    summary.update({"tls": args.tls, "baseline": args.baseline})
    print(json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
