"""GUI-thread stalls: a 10 ms precise Qt timer whose lateness is how long the thread was held.

Also runnable alone (`python -m tests.support.stall_probe SECONDS`): a bare Qt loop with only that
timer, which prints its p99 lateness as JSON. Run beside a measured wall on the same machine at the
same time, it says how much of the wall's stalls the machine's other load causes (a shared 2-core
machine can starve any process for 100 ms).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time

from PySide6.QtCore import QCoreApplication, Qt, QTimer

PERIOD_MS = 10


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


class StallProbe:
    def __init__(self) -> None:
        self.late_ms: list[float] = []
        self.recording = False
        self._last = time.monotonic()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self.timer.start(PERIOD_MS)

    def _tick(self) -> None:
        now = time.monotonic()
        if self.recording:
            self.late_ms.append(max(0.0, (now - self._last) * 1000 - PERIOD_MS))
        self._last = now

    def p99(self) -> float:
        return percentile(self.late_ms, 0.99) or 0.0

    def stop(self) -> None:
        self.timer.stop()


def start_bare_loop(seconds: float) -> subprocess.Popen[str]:
    """A bare Qt loop measuring its own stalls for `seconds`; read its answer with `bare_loop_p99`."""
    return subprocess.Popen([sys.executable, "-m", "tests.support.stall_probe", str(seconds)],
                            stdout=subprocess.PIPE, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


def bare_loop_p99(process: subprocess.Popen[str], timeout_s: float = 30.0) -> float:
    return bare_loop_stalls(process, timeout_s)[0]


def bare_loop_stalls(process: subprocess.Popen[str], timeout_s: float = 30.0) -> tuple[float, float]:
    """The bare loop's p99 and longest stall, in ms."""
    out, _ = process.communicate(timeout=timeout_s)
    answer = json.loads(out.strip().splitlines()[-1])
    return float(answer["stall_p99_ms"]), float(answer["stall_max_ms"])


def main() -> int:
    seconds = float(sys.argv[1])
    app = QCoreApplication([])
    probe = StallProbe()
    probe.recording = True
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    print(json.dumps({"stall_p99_ms": round(probe.p99(), 2), "stall_max_ms": round(max(probe.late_ms, default=0.0), 2),
                      "ticks": len(probe.late_ms)}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
