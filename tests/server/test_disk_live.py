"""The real server on a small filesystem that fills up: degraded, 503 with a reason, nothing half-written, recovery."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.server_process import ServerProcess, create_tokens
from tests.support.small_fs import fill, small_filesystem
from wall_protocol.common import Role

CONFIG = """log_level = "warning"
[disk]
min_free_mb = 3
check_interval_s = 0.2
"""
BODY = ("Phát hiện dò quét cổng từ 203.0.113.7 vào cổng dịch vụ công; " * 60).strip()  # ~4 kB: new pages each


@pytest.fixture
def tight_server(tmp_path: Path) -> Iterator[tuple[ServerProcess, dict[str, str], Path]]:
    """A real server whose SQLite database is the only thing on a 24 MB filesystem."""
    with small_filesystem(tmp_path, 24) as folder:
        db_url = f"sqlite:///{folder / 'iocwall.db'}"
        made = create_tokens(db_url, {"producer": Role.PRODUCER, "admin": Role.ADMIN})
        workdir = tmp_path / "server"
        workdir.mkdir()
        server = ServerProcess(db_url=db_url, workdir=workdir, config_text=CONFIG).start()
        try:
            yield server, made, folder
        finally:
            server.stop()  # before the filesystem is unmounted under it


def _wait(what: str, probe: Callable[[], Any], timeout: float = 10) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := probe():
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _alert(external_id: str) -> dict[str, str]:
    return {"category": "cyber", "severity": "major", "title": f"Dò quét {external_id}", "body": BODY,
            "source": "soc-tinh", "external_id": external_id}


def test_full_disk_answers_503_with_a_reason_and_recovers_without_restart(tight_server):
    """Low disk degrades /healthz and raises one alert; a full one answers 503; freeing space heals it all."""
    server, made, folder = tight_server
    producer = {"Authorization": f"Bearer {made['producer']}"}
    admin = {"Authorization": f"Bearer {made['admin']}"}
    pid = server.process.pid if server.process else None
    with httpx.Client(base_url=server.http, timeout=10) as http:
        assert http.get("/healthz").json()["status"] == "ok"
        assert http.post("/api/v1/alerts", json=_alert("truoc"), headers=producer).status_code == 201

        low = fill(folder, leave_bytes=1024 * 1024, name="low")  # under the 3 MB floor
        health = _wait("/healthz to say degraded", lambda: (h := http.get("/healthz").json())["status"] == "degraded" and h)
        assert "free" in health["reason"] and "3 MB" in health["reason"] and health["disk"]["free_bytes"] < 3 * 1024 * 1024
        metrics = http.get("/metrics", headers=admin).text
        assert "iocwall_disk_degraded 1.0" in metrics and "iocwall_disk_free_bytes" in metrics
        system = _wait("the disk alert", lambda: http.get("/api/v1/alerts", params={"category": "system"},
                                                           headers=admin).json())
        assert len(system) == 1 and system[0]["state"] == "new" and system[0]["severity"] == "major"
        assert system[0]["title_text"] == {"key": "system.disk_low", "params": {}}, "REST carries the text's key"
        assert system[0]["body_text"]["key"] == "system.disk_body" and system[0]["body_text"]["params"]["threshold"] == 3

        full = fill(folder, name="full")
        answers: dict[str, httpx.Response] = {}
        for i in range(300):
            answers[f"day-{i}"] = answer = http.post("/api/v1/alerts", json=_alert(f"day-{i}"), headers=producer)
            if answer.status_code != 201:
                break
        refused_id, refused = list(answers.items())[-1]
        assert refused.status_code == 503, f"no write was refused on a full disk: {refused.status_code} {refused.text}"
        error = refused.json()["error"]
        assert error["code"] == "busy" and "disk is full" in error["message"], error
        assert int(refused.headers["Retry-After"]) > 0
        health = http.get("/healthz").json()
        assert health["status"] == "degraded" and "writes are refused" in health["reason"]
        assert "iocwall_disk_writes_refused 1.0" in http.get("/metrics", headers=admin).text

        full.unlink()
        low.unlink()
        _wait("/healthz to say ok", lambda: http.get("/healthz").json()["status"] == "ok")
        again = http.post("/api/v1/alerts", json=_alert(refused_id), headers=producer)
        assert again.status_code == 201, "the refused alert left something behind, or writes did not resume"
        stored = {a["external_id"]: a for a in http.get("/api/v1/alerts", params={"limit": 1000}, headers=admin).json()}
        for external_id in [*answers, "truoc"]:
            assert stored[external_id]["body"] == BODY, f"{external_id} is missing or half-written"
        system = http.get("/api/v1/alerts", params={"category": "system"}, headers=admin).json()
        assert [a["state"] for a in system] == ["resolved"], "the disk alert resolves itself when space returns"
        assert "iocwall_disk_degraded 0.0" in http.get("/metrics", headers=admin).text
    assert server.alive() and server.process is not None and server.process.pid == pid, "it recovered without a restart"
