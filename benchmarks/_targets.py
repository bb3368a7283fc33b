"""The servers under test, started as subprocesses, and what we measure about them from outside.

Both targets write stdout and stderr to files rather than pipes: nobody reads a pipe during a
run, and a full pipe would stall the server and show up as latency.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import ssl
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from server.tls import MadeCertificates
from tests.support.server_process import stop_process

START_TIMEOUT_S = 30.0
HERE = Path(__file__).resolve().parent


@dataclass
class Target:
    """A running server: its process, where it listens and where its output goes."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    stdout: Path
    stderr: Path
    tokens: dict[str, str] = field(default_factory=dict)

    def stop(self) -> int | None:
        """SIGTERM, then SIGKILL if it does not go within 10 s; returns the exit code.

        uvicorn re-raises SIGTERM after its graceful shutdown, so -15 is a clean exit.
        """
        return stop_process(self.process)

    def problems(self, limit: int = 8) -> list[str]:
        """Lines of the server's stderr that say something went wrong."""
        text = self.stderr.read_text(encoding="utf-8", errors="replace") if self.stderr.exists() else ""
        bad = [line for line in text.splitlines() if re.search(r"WARNING|ERROR|CRITICAL|Traceback|Exception", line)]
        return bad[:limit] + ([f"... and {len(bad) - limit} more"] if len(bad) > limit else [])


def server_command() -> str:
    """Our server's console script, from the venv the benchmark runs in."""
    beside = Path(sys.executable).parent / "iocwall-server"
    found = str(beside) if beside.exists() else shutil.which("iocwall-server")
    if not found:
        raise RuntimeError("iocwall-server not found; run with the project's venv (.venv/bin/python)")
    return found


def create_token(db_url: str, name: str, role: str) -> str:
    done = subprocess.run([server_command(), "token", "create", "--db", db_url, "--name", name, "--role", role],
                          capture_output=True, text=True, timeout=60, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"token create failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout.splitlines()[0].strip()


def _wait_for_port(process: subprocess.Popen[bytes], stdout: Path, stderr: Path, pattern: str) -> int:
    """Poll the output file for the 'listening' line; fail fast if the process dies."""
    give_up = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < give_up:
        match = re.search(pattern, stdout.read_text(encoding="utf-8", errors="replace"))
        if match:
            return int(match.group(1))
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    tail = stderr.read_text(encoding="utf-8", errors="replace")[-2000:]
    raise RuntimeError(f"server did not start (exit {process.poll()}); stderr:\n{tail}")


def _spawn(command: list[str], workdir: Path, name: str) -> tuple[subprocess.Popen[bytes], Path, Path]:
    stdout, stderr = workdir / f"{name}.out", workdir / f"{name}.err"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=workdir)
    return process, stdout, stderr


def _tls_args(tls: MadeCertificates | None) -> list[str]:
    return ["--tls-cert", str(tls.server_cert), "--tls-key", str(tls.server_key)] if tls else []


def start_ours(workdir: Path, tls: MadeCertificates | None = None, synchronous: str = "full",
               name: str = "ours") -> Target:
    """Our server on a fresh SQLite file, with a viewer and a producer token, logging warnings only."""
    db_url = f"sqlite:///{workdir / 'bench.db'}"
    config = workdir / "server.toml"
    config.write_text(f'log_level = "warning"\n[storage]\nsqlite_synchronous = "{synchronous}"\n', encoding="utf-8")
    tokens = {role: create_token(db_url, f"bench-{role}", role) for role in ("viewer", "producer")}
    process, stdout, stderr = _spawn(
        [server_command(), "--db", db_url, "--port", "0", "--config", str(config), *_tls_args(tls)], workdir, name)
    port = _wait_for_port(process, stdout, stderr, r"serving on https?://127\.0\.0\.1:(\d+)")
    return Target(name, process, port, stdout, stderr, tokens)


def start_baseline(workdir: Path, tls: MadeCertificates | None = None) -> Target:
    process, stdout, stderr = _spawn(
        [sys.executable, str(HERE / "baseline_relay.py"), "--host", "127.0.0.1", "--port", "0", *_tls_args(tls)],
        workdir, "relay")
    port = _wait_for_port(process, stdout, stderr, r"listening on 127\.0\.0\.1:(\d+)")
    return Target("baseline", process, port, stdout, stderr)


def scrape_metrics(port: int, token: str, ca_file: str | None = None) -> dict[str, float]:
    """Our server's /metrics as {sample name with labels: value} (Prometheus text format)."""
    scheme = "https" if ca_file else "http"
    request = urllib.request.Request(f"{scheme}://127.0.0.1:{port}/metrics",
                                     headers={"Authorization": f"Bearer {token}"})
    context = ssl.create_default_context(cafile=ca_file) if ca_file else None
    with urllib.request.urlopen(request, timeout=10, context=context) as response:
        text = response.read().decode()
    samples: dict[str, float] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            samples[name] = float(value)
    return samples


def histogram_quantile_bucket(samples: dict[str, float], name: str, q: float) -> float | None:
    """Upper bound (le) of the first bucket holding the q-quantile: a histogram's honest p99."""
    buckets: list[tuple[float, float]] = []
    for key, value in samples.items():
        match = re.fullmatch(re.escape(name) + r'_bucket\{le="([^"]+)"\}', key)
        if match:
            buckets.append((float(match.group(1)), value))
    buckets.sort()
    if not buckets or buckets[-1][1] <= 0:
        return None
    wanted = q * buckets[-1][1]
    return next(le for le, count in buckets if count >= wanted)


class Meter:
    """CPU time and peak RSS of a set of processes, sampled from outside (psutil).

    RSS is sampled every 100 ms on a thread because its peak is what matters; CPU is the
    difference of cumulative user+system times, so it needs only the two ends of a window.
    """

    def __init__(self, pids: list[int]) -> None:
        self._procs = [psutil.Process(pid) for pid in pids]
        self.peak_rss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample_rss, name="rss", daemon=True)

    def _all(self) -> list[psutil.Process]:
        found = list(self._procs)
        for proc in self._procs:
            with contextlib.suppress(psutil.Error):
                found += proc.children(recursive=True)
        return found

    def thread_split(self) -> tuple[float, float]:
        """CPU seconds of the first process's main thread (the event loop) and of its other threads.

        Python does not name its threads for the OS, but the main thread's id is the pid.
        """
        proc = self._procs[0]
        main = others = 0.0
        with contextlib.suppress(psutil.Error):
            for thread in proc.threads():
                seconds = thread.user_time + thread.system_time
                if thread.id == proc.pid:
                    main += seconds
                else:
                    others += seconds
        return main, others

    def cpu_seconds(self) -> float:
        total = 0.0
        for proc in self._all():
            try:
                times = proc.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                pass
        return total

    def _sample_rss(self) -> None:
        while not self._stop.wait(0.1):
            rss = 0
            for proc in self._all():
                with contextlib.suppress(psutil.Error):
                    rss += proc.memory_info().rss
            self.peak_rss = max(self.peak_rss, rss)

    def __enter__(self) -> Meter:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(2)
