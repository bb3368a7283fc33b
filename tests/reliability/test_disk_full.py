"""The disk fills (a small tmpfs of the test's own) under the real server: ingest, media and detection snapshots.

The ingest trial was tests/server/test_disk_live.py (moved here). The media relay writes nothing to disk: stills
are cached in memory and video is relayed from memory; its trial shows that it keeps serving on a full disk and
creates no file. Detection snapshots are rows of the database (detection_snapshots), on the same full disk.
"""

from __future__ import annotations

import io
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest
from PIL import Image

from server.demo.camera_sim import ClipServer
from tests.support.server_process import ServerProcess, create_tokens
from tests.support.small_fs import fill, small_filesystem
from tests.support.walk_clip import CLOCK_BOX, Walk, render_walk
from wall_protocol.common import Role

SECTION = "Faults"
CONFIG = """log_level = "warning"
[disk]
min_free_mb = 3
check_interval_s = 0.2
[media]
stall_timeout_s = 2
idle_stop_s = 1
status_interval_s = 0.5
still_interval_s = 1
[detection]
threads = 1
"""
BODY = ("Phát hiện dò quét cổng từ 203.0.113.7 vào cổng dịch vụ công; " * 60).strip()  # ~4 kB: new pages each
LATE_WALK = Walk(fps=10, seconds=18.0, enter_s=4.0, arrive_s=6.0, leave_s=11.0, gone_s=13.0)
"""The person enters 4 s after the server connects: time enough to fill the disk before."""
CLOCK_MASK = [(CLOCK_BOX[0], CLOCK_BOX[1]), (CLOCK_BOX[2], CLOCK_BOX[1]), (CLOCK_BOX[2], CLOCK_BOX[3]),
              (CLOCK_BOX[0], CLOCK_BOX[3])]
DB_FILES = {"iocwall.db", "iocwall.db-wal", "iocwall.db-shm"}


@pytest.fixture(scope="module")
def walk_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_walk(tmp_path_factory.mktemp("disk-clips") / "late-walk.ts", "astronaut", LATE_WALK)


@pytest.fixture(scope="module")
def cameras(walk_clip: Path) -> Iterator[ClipServer]:
    """HTTP cameras on 127.0.0.1 playing the astronaut's walk (each connection from the clip's start)."""
    server = ClipServer().add("walk", walk_clip).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def tight_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, dict[str, str], Path]]:
    """One real server for the module (ingest first), whose database and TMPDIR are alone on a 32 MB filesystem."""
    parent = tmp_path_factory.mktemp("disk-full")
    with small_filesystem(parent, 32) as folder, pytest.MonkeyPatch.context() as patch:
        db_url = f"sqlite:///{folder / 'iocwall.db'}"
        made = create_tokens(db_url, {"producer": Role.PRODUCER, "admin": Role.ADMIN, "viewer": Role.VIEWER})
        patch.setenv("TMPDIR", str(folder))  # whatever the server would write as a temporary file lands here too
        workdir = parent / "server"
        workdir.mkdir()
        server = ServerProcess(db_url=db_url, workdir=workdir, config_text=CONFIG).start()
        try:
            yield server, made, folder
        finally:
            server.stop()


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


def _fill_until_refused(http: httpx.Client, folder: Path, producer: dict[str, str], prefix: str) -> list[Path]:
    """Fill the filesystem, then post alerts until the database's own free pages are used up too (a 503)."""
    fillers = [fill(folder, name=f"{prefix}-full")]
    for i in range(400):
        answer = http.post("/api/v1/alerts", json=_alert(f"{prefix}-{i}"), headers=producer)
        if answer.status_code == 503:
            return fillers
        assert answer.status_code == 201, answer.text
    raise AssertionError("the disk never refused a write")


def test_full_disk_answers_503_with_a_reason_and_recovers_without_restart(tight_server, reliability):
    """Ingest on a 32 MB tmpfs filled to 1 MB, then to 0: alerts posted until one is refused, then space freed."""
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
        freed = time.monotonic()
        _wait("/healthz to say ok", lambda: http.get("/healthz").json()["status"] == "ok")
        healed_s = time.monotonic() - freed
        again = http.post("/api/v1/alerts", json=_alert(refused_id), headers=producer)
        assert again.status_code == 201, "the refused alert left something behind, or writes did not resume"
        stored = {a["external_id"]: a for a in http.get("/api/v1/alerts", params={"limit": 1000}, headers=admin).json()}
        for external_id in [*answers, "truoc"]:
            assert stored[external_id]["body"] == BODY, f"{external_id} is missing or half-written"
        system = http.get("/api/v1/alerts", params={"category": "system"}, headers=admin).json()
        assert [a["state"] for a in system] == ["resolved"], "the disk alert resolves itself when space returns"
        assert "iocwall_disk_degraded 0.0" in http.get("/metrics", headers=admin).text
    assert server.alive() and server.process is not None and server.process.pid == pid, "it recovered without a restart"
    reliability.figure("accepted on the full disk before the first 503", len(answers) - 1)
    reliability.figure("Retry-After s", int(refused.headers["Retry-After"]))
    reliability.figure("healthy again s", round(healed_s, 2))
    reliability.happened(
        f"below the 3 MB floor /healthz said degraded and one system alert was raised; on the full disk "
        f"{len(answers) - 1} alerts still fit in the file's free pages, then 503 busy 'disk is full' with Retry-After "
        f"{refused.headers['Retry-After']} s; every 2xx alert stored whole; {healed_s:.1f} s after space was freed "
        "/healthz said ok, the refused alert was accepted, the alert resolved itself, same server process")


def _writable_files(pid: int) -> list[str]:
    """Files the process holds open for writing (psutil's mode: 'w', 'a' or 'r+')."""
    return [f.path for f in psutil.Process(pid).open_files() if f.mode != "r"]


def _put_camera(http: httpx.Client, admin: dict[str, str], camera: str, url: str, detect: bool) -> None:
    body: dict[str, Any] = {"id": camera, "name": f"Camera {camera}", "area": "Cao Lộc", "main_url": url}
    if detect:
        body["detect"] = {"enabled": True, "fps": 5, "end_after_s": 2, "motion_mask": [CLOCK_MASK]}
    answer = http.put(f"/api/v1/cameras/{camera}", json=body, headers=admin)
    assert answer.status_code == 200, answer.text


def test_media_relay_keeps_serving_on_a_full_disk(tight_server, cameras, walk_clip, reliability):
    """A relayed camera watched (still.jpg and live .ts) while the disk of the database and of TMPDIR is full."""
    server, made, folder = tight_server
    admin = {"Authorization": f"Bearer {made['admin']}"}
    producer = {"Authorization": f"Bearer {made['producer']}"}
    viewer = {"Authorization": f"Bearer {made['viewer']}"}
    assert server.process is not None
    with httpx.Client(base_url=server.http, timeout=15) as http:
        _put_camera(http, admin, "xem", cameras.url("walk"), detect=False)
        before = {p.name for p in folder.iterdir()}
        fillers = _fill_until_refused(http, folder, producer, "media")
        try:
            health = http.get("/healthz").json()
            assert health["status"] == "degraded" and "disk is full" in health["reason"], health
            still = _wait("a still", lambda: (r := http.get("/media/xem/still.jpg", headers=viewer)).status_code == 200
                          and r)
            assert Image.open(io.BytesIO(still.content)).size == (LATE_WALK.width, LATE_WALK.height)
            streamed, writable = 0, set()
            with http.stream("GET", "/media/xem/main.ts", headers=viewer) as video:
                assert video.status_code == 200
                started = time.monotonic()
                for chunk in video.iter_bytes():
                    streamed += len(chunk)
                    writable.update(_writable_files(server.process.pid))
                    if time.monotonic() - started > 3:
                        break
            again = http.get("/media/xem/still.jpg", headers=viewer)
            created = {p.name for p in folder.iterdir()} - before - {f.name for f in fillers}
        finally:
            for filler in fillers:
                filler.unlink()
    expected = 3 * walk_clip.stat().st_size / LATE_WALK.seconds
    assert streamed > expected / 2, f"only {streamed} bytes of video in 3 s on a full disk (the clip: {expected:.0f})"
    assert again.status_code in (200, 304)
    assert created <= DB_FILES, f"the relay created files on the full disk: {created}"
    outside_db = {p for p in writable if Path(p).name not in DB_FILES and not p.startswith(("/dev/", "/proc/"))}
    assert not outside_db, f"files open for writing besides the database: {outside_db}"
    reliability.figure("video bytes in 3 s", streamed)
    reliability.figure("still bytes", len(still.content))
    reliability.figure("files the relay created", len(created - DB_FILES))
    reliability.happened(
        f"the relay writes nothing to disk (stills cached in memory, video relayed from memory): on the full disk "
        f"still.jpg answered 200 ({len(still.content)} B JPEG), the live .ts gave {streamed // 1000} kB in 3 s, "
        "no file was created in the full TMPDIR and none but the database's was open for writing")


def _sqlite(folder: Path, query: str) -> int:
    with sqlite3.connect(f"file:{folder / 'iocwall.db'}?mode=ro", uri=True, timeout=10) as db:
        return int(db.execute(query).fetchone()[0])


def _status(http: httpx.Client, viewer: dict[str, str], camera: str) -> dict[str, Any]:
    return next(s for s in http.get("/api/v1/detection", headers=viewer).json() if s["camera"] == camera)


def test_detection_snapshots_on_a_full_disk(tight_server, cameras, reliability):
    """A person walks into a detected camera's picture while the disk is full; space is freed while they stand there."""
    server, made, folder = tight_server
    admin = {"Authorization": f"Bearer {made['admin']}"}
    producer = {"Authorization": f"Bearer {made['producer']}"}
    viewer = {"Authorization": f"Bearer {made['viewer']}"}
    with httpx.Client(base_url=server.http, timeout=15) as http:
        cameras.started.pop("walk", None)
        _put_camera(http, admin, "canh", cameras.url("walk"), detect=True)
        fillers = _fill_until_refused(http, folder, producer, "detect")
        try:
            assert time.time() - _wait("the clip", lambda: cameras.started.get("walk")) < LATE_WALK.enter_s, (
                "the disk was not full before the person entered")
            refused = _wait("a refused detection event", lambda: any("not recorded yet" in line for line in server.output),
                            timeout=LATE_WALK.arrive_s + 4)
            examined_full = _status(http, viewer, "canh")["examined"]
            health = http.get("/healthz").json()
            events_full = http.get("/api/v1/events", params={"camera": "canh"}, headers=viewer).json()
        finally:
            for filler in fillers:
                filler.unlink()
        freed = time.monotonic()
        event = _wait("the event recorded", lambda: (e := http.get("/api/v1/events", params={"camera": "canh"},
                                                                     headers=viewer).json()) and e[0], timeout=8)
        recorded_s = time.monotonic() - freed
        ended = _wait("the event's end", lambda: (e := http.get(f"/api/v1/events/{event['id']}", headers=viewer).json())
                      ["ended_at"] and e, timeout=LATE_WALK.seconds)
        shot = http.get(f"/api/v1/events/{event['id']}/snapshot.jpg", headers=viewer)
        status = _status(http, viewer, "canh")
        events = http.get("/api/v1/events", params={"camera": "canh"}, headers=viewer).json()
    assert refused and events_full == [], "the refused start left an event behind"
    assert health["status"] == "degraded" and "disk is full" in health["reason"], health
    assert status["state"] == "running" and status["examined"] > examined_full, "the detector stopped"
    assert len(events) == 1 and ended["has_snapshot"] and ended["alert"] is not None, events
    started_at = datetime.fromisoformat(ended["started_at"]).timestamp() - cameras.started["walk"]
    assert LATE_WALK.enter_s - 0.5 < started_at < LATE_WALK.arrive_s + 1, f"started {started_at:.1f} s into the clip"
    assert shot.status_code == 200 and Image.open(io.BytesIO(shot.content)).format == "JPEG"
    orphans = _sqlite(folder, "SELECT count(*) FROM detection_snapshots s LEFT JOIN detection_events e "
                              "ON e.id = s.event_id WHERE e.id IS NULL")
    no_alert = _sqlite(folder, "SELECT count(*) FROM detection_events WHERE alert_id IS NULL")
    assert orphans == 0 and no_alert == 0, (orphans, no_alert)
    reported = next(line.strip() for line in server.output if "not recorded yet" in line)
    assert "disk is full" in reported
    reliability.figure("recorded s after space was freed", round(recorded_s, 2))
    reliability.figure("frames examined on the full disk", examined_full)
    reliability.figure("orphan snapshots", orphans)
    reliability.figure("events without alert", no_alert)
    reliability.happened(
        f"the event's start (row, snapshot, alert: one transaction) was refused whole; the detector kept running "
        f"({examined_full} frames examined), the log said 'not recorded yet: … disk is full', /healthz degraded; "
        f"{recorded_s:.1f} s after space was freed the event was recorded with its real start "
        f"({started_at:.1f} s into the clip), the best snapshot and its alert, and ended when the person left; "
        "0 orphan snapshots, 0 events without alert")
