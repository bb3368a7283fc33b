"""The two processes the media benchmark measures: our server (relaying) and the bare remux baseline.

Both write stdout and stderr to files (see _targets.py for why); `Target` from there stops them and
finds the warnings in their stderr.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from benchmarks._targets import Target, _wait_for_port
from tests.support.server_process import create_tokens, dies_with_parent
from wall_protocol.common import Role

REPO = Path(__file__).resolve().parents[1]
SERVER_CONFIG = 'log_level = "warning"\n'
"""The relay's defaults are what is measured; only the log level is quietened (as in production)."""


def _spawn(command: list[str], workdir: Path, name: str) -> tuple[subprocess.Popen[bytes], Path, Path]:
    """Start `command` in the repository (so `-m server` and `-m benchmarks.*` resolve), output to files."""
    stdout, stderr = workdir / f"{name}.out", workdir / f"{name}.err"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(dies_with_parent(command), stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                   cwd=REPO)
    return process, stdout, stderr


def start_server(workdir: Path, roles: tuple[str, ...] = ("admin", "viewer"), name: str = "ours") -> Target:
    """Our server on a fresh SQLite file with a token per role (admin adds cameras), logging warnings only."""
    workdir.mkdir(parents=True, exist_ok=True)
    db_url = f"sqlite:///{workdir / 'bench.db'}"
    tokens = create_tokens(db_url, {role: Role(role) for role in roles})
    config = workdir / "server.toml"
    config.write_text(SERVER_CONFIG, encoding="utf-8")
    process, stdout, stderr = _spawn(
        [sys.executable, "-m", "server", "--config", str(config), "--db", db_url, "--host", "127.0.0.1",
         "--port", "0"], workdir, "server")
    port = _wait_for_port(process, stdout, stderr, r"serving on http://127\.0\.0\.1:(\d+)")
    return Target(name, process, port, stdout, stderr, tokens)


def add_cameras(target: Target, urls: list[str]) -> list[str]:
    """PUT one camera per simulator URL (RTSP ones pulled over UDP: libVLC's RTSP server has no TCP); their ids."""
    ids = []
    for i, url in enumerate(urls):
        camera_id = f"cam{i + 1}"
        body: dict[str, Any] = {"id": camera_id, "name": f"Bench camera {i + 1}", "main_url": url}
        if url.startswith("rtsp://"):
            body["rtsp_transport"] = "udp"
        request = urllib.request.Request(
            f"http://127.0.0.1:{target.port}/api/v1/cameras/{camera_id}", data=json.dumps(body).encode(),
            method="PUT", headers={"Authorization": f"Bearer {target.tokens['admin']}",
                                   "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
        ids.append(camera_id)
    return ids


def media_url(target: Target, camera_id: str) -> str:
    return f"http://127.0.0.1:{target.port}/media/{camera_id}/main.ts"


def start_baseline(workdir: Path, urls: list[str]) -> Target:
    """The bare remux loops in their own process (port 0: it serves nothing)."""
    workdir.mkdir(parents=True, exist_ok=True)
    process, stdout, stderr = _spawn(
        [sys.executable, "-m", "benchmarks._media_baseline", "--rtsp-transport", "udp", *urls], workdir, "baseline")
    return Target("baseline", process, 0, stdout, stderr)


def baseline_stats(target: Target) -> dict[str, Any] | None:
    """The newest complete stats line the baseline printed, or None before its first."""
    text = target.stdout.read_text(encoding="utf-8", errors="replace")
    lines = [line for line in text.splitlines() if line.startswith("{")]
    for line in reversed(lines):
        try:
            stats: dict[str, Any] = json.loads(line)
            return stats
        except json.JSONDecodeError:
            continue  # a line being written right now
    return None


def wait_baseline_flowing(target: Target, cameras: int, timeout_s: float) -> dict[str, Any]:
    """Until every remux loop has muxed a packet; fails with the loops' last errors after `timeout_s`."""
    give_up = time.monotonic() + timeout_s
    stats = None
    while time.monotonic() < give_up:
        if target.process.poll() is not None:
            break
        stats = baseline_stats(target)
        if stats is not None and len(stats["packets"]) == cameras and min(stats["packets"]) > 0:
            return stats
        time.sleep(0.2)
    errors = stats["last_errors"] if stats else target.stderr.read_text(errors="replace")[-2000:]
    raise RuntimeError(f"baseline remux loops did not all get packets in {timeout_s:.0f} s: {errors}")
