"""Detection end to end: the real server relays generated cameras on 127.0.0.1 and runs the bundled model.

Each camera's clip starts when the server's pull connects (the simulator plays every connection from
the clip's first frame and notes when), so the truth of when the person enters and leaves is known.
"""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest
from PIL import Image

from server.demo.camera_sim import ClipServer
from tests.conftest import ROLES
from tests.support.server_process import ServerProcess, create_tokens
from tests.support.walk_clip import CLOCK_BOX, Walk, render_walk
from tests.support.ws_client import WallClient
from wall_protocol.messages import AlertDelta, Batch

WALK = Walk()
ZONE = [(0.3, 0.4), (0.7, 0.4), (0.7, 1.0), (0.3, 1.0)]
CLOCK_MASK = [(CLOCK_BOX[0], CLOCK_BOX[1]), (CLOCK_BOX[2], CLOCK_BOX[1]), (CLOCK_BOX[2], CLOCK_BOX[3]),
              (CLOCK_BOX[0], CLOCK_BOX[3])]
CONFIG = """log_level = "info"
[media]
stall_timeout_s = 2
idle_stop_s = 1
status_interval_s = 0.5
[detection]
threads = 1
"""


@pytest.fixture(scope="module")
def cameras(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClipServer]:
    folder = tmp_path_factory.mktemp("walk-clips")
    server = ClipServer()
    for photo in ("astronaut", "chelsea", "none"):
        server.add(photo, render_walk(folder / f"{photo}.ts", photo))  # type: ignore[arg-type]
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def detecting_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, dict[str, str]]]:
    folder = tmp_path_factory.mktemp("detection-server")
    db_url = f"sqlite:///{folder / 'detect.db'}"
    tokens = create_tokens(db_url, ROLES)
    server = ServerProcess(db_url=db_url, workdir=folder, config_text=CONFIG).start()
    yield server, tokens
    server.stop()


def _headers(tokens: dict[str, str], role: str = "admin") -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens[role]}"}


def _put_camera(server: ServerProcess, tokens: dict[str, str], camera: str, url: str, **detect: Any) -> httpx.Response:
    body = {"id": camera, "name": f"Camera {camera}", "area": "Cao Lộc", "main_url": url,
            "detect": {"enabled": True, "fps": 5, "end_after_s": 2, "motion_mask": [CLOCK_MASK], **detect}}
    return httpx.put(f"{server.http}/api/v1/cameras/{camera}", json=body, headers=_headers(tokens), timeout=30)


async def _overlays_until(client: WallClient, camera: str, deadline_s: float, done: Any) -> list[Any]:
    """Read deltas until `done()` or the deadline; return the camera's overlays."""
    overlays: list[Any] = []
    end = time.monotonic() + deadline_s
    while time.monotonic() < end and not await asyncio.to_thread(done):
        try:
            await client.next(timeout=0.5)
        except TimeoutError:
            continue
        overlays += [d.overlay for d in client.deltas if d.kind == "overlay" and d.overlay.camera == camera]
        client.deltas.clear()
    return overlays


def _events(server: ServerProcess, tokens: dict[str, str], camera: str) -> list[dict[str, Any]]:
    response = httpx.get(f"{server.http}/api/v1/events", params={"camera": camera},
                         headers=_headers(tokens, "viewer"), timeout=10)
    response.raise_for_status()
    events: list[dict[str, Any]] = response.json()
    return events


def _status(server: ServerProcess, tokens: dict[str, str], camera: str) -> dict[str, Any]:
    response = httpx.get(f"{server.http}/api/v1/detection", headers=_headers(tokens, "viewer"), timeout=10)
    response.raise_for_status()
    return next(s for s in response.json() if s["camera"] == camera)


@pytest.mark.serial  # timed against the clock: the event came 4.7 s in once, under three other workers
async def test_a_person_walking_through_a_zone_makes_exactly_one_event(
        cameras: ClipServer, detecting_server: tuple[ServerProcess, dict[str, str]]):
    """The astronaut walks in and out: one event, times within 1 s of the truth, a snapshot, boxes to clients."""
    server, tokens = detecting_server
    client = WallClient(server.ws, tokens["viewer"])
    await client.connect()
    zone = {"name": "loi-di", "title": "Lối đi", "points": ZONE}
    response = await asyncio.to_thread(_put_camera, server, tokens, "walk", cameras.url("astronaut"), zones=[zone])
    assert response.status_code == 200, response.text

    def ended() -> bool:
        events = _events(server, tokens, "walk")
        return bool(events) and all(e["ended_at"] for e in events)

    overlays = await _overlays_until(client, "walk", 25, ended)
    clip_start = cameras.started["astronaut"]
    events = await asyncio.to_thread(_events, server, tokens, "walk")
    assert len(events) == 1, events
    event = events[0]
    started = datetime.fromisoformat(event["started_at"]).timestamp() - clip_start
    ended_at = datetime.fromisoformat(event["ended_at"]).timestamp() - clip_start
    assert abs(started - WALK.crossing_s(0.3, leaving=False)) < 1.0, (started, event)
    assert abs(ended_at - WALK.crossing_s(0.7, leaving=True)) < 1.0, (ended_at, event)
    assert event["label"] == "person" and event["zone"] == "loi-di" and event["has_snapshot"]

    async with httpx.AsyncClient(base_url=server.http, headers=_headers(tokens, "viewer")) as http:
        shot = await http.get(f"/api/v1/events/{event['id']}/snapshot.jpg")
        alert = (await http.get(f"/api/v1/alerts/{event['alert']}")).json()
    assert shot.status_code == 200 and shot.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(shot.content)).size == (WALK.width, WALK.height)
    assert alert["category"] == "detection" and alert["camera"] == "walk" and alert["state"] == "resolved"
    # The server's words also as catalog keys, over REST and on the WebSocket, for each client's language.
    assert alert["title_text"]["key"] == "detection.title_in_zone" and alert["body_text"]["key"] == "detection.body"
    assert alert["title_text"]["params"]["label"] == "person" and alert["title_text"]["params"]["zone"] == "Lối đi"
    pushed = [d.alert for m in client.messages if isinstance(m, Batch) for d in m.deltas
              if isinstance(d, AlertDelta) and d.alert.id == event["alert"]]  # client.deltas was cleared on the way
    assert pushed and all(a.title_text is not None and a.title_text.key == "detection.title_in_zone" for a in pushed)

    with_people = [o for o in overlays if any(b.label == "person" for b in o.boxes)]
    assert len(with_people) >= 10, f"{len(overlays)} overlays, {len(with_people)} with a person"
    assert any(b.in_zone for o in with_people for b in o.boxes)
    assert all(o.zones and o.zones[0].name == "loi-di" for o in overlays)
    await client.close()


def _wait_examined(server: ServerProcess, tokens: dict[str, str], camera: str, frames: int) -> dict[str, Any]:
    deadline = time.monotonic() + 25
    while time.monotonic() < deadline and _status(server, tokens, camera)["examined"] < frames:
        time.sleep(0.5)
    return _status(server, tokens, camera)


def test_a_static_scene_runs_no_inference_after_warm_up(
        cameras: ClipServer, detecting_server: tuple[ServerProcess, dict[str, str]]):
    """An empty street with a ticking (masked) clock: frames are examined, the detector runs once."""
    server, tokens = detecting_server
    response = _put_camera(server, tokens, "empty", cameras.url("none"))
    assert response.status_code == 200, response.text
    status = _wait_examined(server, tokens, "empty", 25)
    assert status["examined"] >= 25, status
    assert status["inferences"] == 1, status  # the first frame, looked at once as there is no background yet
    assert _events(server, tokens, "empty") == []


def test_a_cat_raises_no_person_event(cameras: ClipServer, detecting_server: tuple[ServerProcess, dict[str, str]]):
    """Chelsea the cat walks the same path: the detector runs on the motion, and reports no person."""
    server, tokens = detecting_server
    response = _put_camera(server, tokens, "cat", cameras.url("chelsea"))
    assert response.status_code == 200, response.text
    status = _wait_examined(server, tokens, "cat", 50)
    assert status["inferences"] >= 10, status  # the cat moved: the detector did look
    assert _events(server, tokens, "cat") == []
