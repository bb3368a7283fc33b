"""What a reliability test measures of the server process: RSS (now and its peak), fds, threads, asyncio tasks.

The peak is the kernel's high-water mark (VmHWM in /proc/PID/status), reset before each attempt by
writing 5 to /proc/PID/clear_refs: a short spike between two samples is not missed. Tasks come from the
server's own /metrics (`iocwall_asyncio_tasks`). A `Bystander` is another client asking meanwhile.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

MB = 1024 * 1024
_TASKS = re.compile(r"^iocwall_asyncio_tasks (\S+)$", re.MULTILINE)


@dataclass(frozen=True)
class Reading:
    rss_mb: float
    fds: int
    threads: int
    tasks: int
    sockets: int = 0
    """Of the fds, the sockets: a connection that is never let go shows here."""


class ServerGauges:
    def __init__(self, pid: int, http: str, token: str) -> None:
        self.process = psutil.Process(pid)
        self.http = http
        self.token = token

    def rss_mb(self) -> float:
        return self.process.memory_info().rss / MB

    def reset_peak(self) -> None:
        """From now on `peak_mb()` is the highest RSS since this call."""
        Path(f"/proc/{self.process.pid}/clear_refs").write_text("5")

    def peak_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise AssertionError("no VmHWM in /proc/PID/status")

    def tasks(self) -> int:
        answer = httpx.get(f"{self.http}/metrics", headers={"Authorization": f"Bearer {self.token}"}, timeout=10)
        answer.raise_for_status()
        found = _TASKS.search(answer.text)
        assert found, "the server's /metrics has no iocwall_asyncio_tasks"
        return int(float(found.group(1)))

    def sockets(self) -> int:
        folder = Path(f"/proc/{self.process.pid}/fd")
        count = 0
        for fd in folder.iterdir():
            with contextlib.suppress(FileNotFoundError):  # closed while we looked
                count += os.readlink(fd).startswith("socket:")
        return count

    def read(self) -> Reading:
        tasks = self.tasks()  # first: the /metrics request's own socket is closed again below
        return Reading(round(self.rss_mb(), 1), self.process.num_fds(), self.process.num_threads(), tasks,
                       self.sockets())

    def settled(self, target: Reading, timeout: float = 10) -> Reading:
        """Readings until sockets and tasks are back at `target` (closing sockets takes a moment)."""
        deadline = time.monotonic() + timeout
        while True:
            now = self.read()
            back = now.sockets <= target.sockets and now.tasks <= target.tasks
            if back or time.monotonic() > deadline:
                return now
            time.sleep(0.2)


@dataclass
class Bystander:
    """Another client asking `path` every 50 ms on its own connection: every answer and the slowest one."""

    url: str
    token: str
    statuses: list[int] = field(default_factory=list)
    worst_s: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> Bystander:
        self._thread = threading.Thread(target=self._ask, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        deadline = time.monotonic() + 10
        while len(self.statuses) < 2 and time.monotonic() < deadline:  # a quick attempt: still asked twice
            time.sleep(0.01)
        self._stop.set()
        assert self._thread is not None
        self._thread.join(15)

    def _ask(self) -> None:
        with httpx.Client(headers={"Authorization": f"Bearer {self.token}"}, timeout=5) as http:
            while not self._stop.is_set():
                asked = time.monotonic()
                try:
                    self.statuses.append(http.get(self.url).status_code)
                except httpx.HTTPError:
                    self.statuses.append(0)
                self.worst_s = max(self.worst_s, time.monotonic() - asked)
                self._stop.wait(0.05)

    @property
    def served(self) -> bool:
        return bool(self.statuses) and all(status == 200 for status in self.statuses)
