"""benchmarks/soak.py in its shortest form: the real server, clients of both kinds, REST load, a relayed camera."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
KEYS = {"clients", "rate", "lost", "duplicated", "p99_ms", "rss_growth_pct", "fd_growth", "thread_growth",
        "delivered_per_s", "tasks_growth", "errors", "minutes", "out_of_order", "coalesced", "warmup_s"}


@pytest.mark.timeout(300)
def test_a_short_soak_loses_and_duplicates_nothing() -> None:
    """18 s of 3 desktop + 4 web clients at 100 updates/s, a camera with 2 viewers and detection: nothing lost."""
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "soak.py"), "--minutes", "0.3", "--desktop", "3", "--web", "4",
         "--rate", "100", "--cameras", "1", "--viewers", "2", "--detecting", "1", "--workers", "1",
         "--report-every", "5"],
        capture_output=True, text=True, timeout=280, cwd=REPO, check=False,
        env={**os.environ, "PYTHONPATH": str(REPO)})
    lines = done.stdout.strip().splitlines()
    assert lines, done.stderr[-3000:]
    summary = json.loads(lines[-1])
    assert summary.keys() >= KEYS, sorted(KEYS - summary.keys())
    assert (summary["clients"], summary["rate"]) == (7, 100)
    assert (summary["lost"], summary["duplicated"], summary["out_of_order"]) == (0, 0, 0), summary
    assert summary["delivered"] == summary["sent"] * 7 - summary["coalesced"], summary
    assert summary["p99_ms"] is not None and summary["video_mb"] > 0, summary
    assert any(line.startswith("t_s=") for line in lines), "no progress line"
    assert done.returncode == 0, (summary["failed"], done.stderr[-3000:])
