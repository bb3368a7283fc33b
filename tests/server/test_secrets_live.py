"""Camera and poller passwords never leave the server: every failure, everything a viewer gets, and the log."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import httpx
import pytest
from sqlalchemy import create_engine, text
from websockets.asyncio.client import connect

from tests.conftest import ROLES
from tests.support.server_process import ServerProcess, create_tokens

PASSWORD = "Pa55-w0rd!Zx"  # its percent-encoded and plain forms are both searched for
QUERY_PASSWORD = "QueryPass-77"
FAILURES = ("auth", "missing", "bad", "hang")


class _FailingCamera(BaseHTTPRequestHandler):
    """Answers every way a camera or feeding system fails: 401, 404, garbage, and silence."""

    def do_GET(self) -> None:
        if self.path.startswith("/hang"):
            time.sleep(5)  # longer than every timeout the server uses here
            return
        if self.path.startswith("/auth"):
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="camera"')
            self.end_headers()
            return
        if self.path.startswith("/missing"):
            self.send_error(404)
            return
        self.send_response(200)  # /bad: neither video nor JSON
        self.send_header("Content-Type", "video/mp2t")
        self.end_headers()
        self.wfile.write(b"\x00\xff garbage \x17" * 2000)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def failing_source() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FailingCamera)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()


def _refused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _url(port: int, path: str, scheme: str = "http") -> str:
    return f"{scheme}://admin:{quote(PASSWORD, safe='')}@127.0.0.1:{port}/{path}"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, failing_source: int) -> Iterator[tuple[ServerProcess, dict[str, str]]]:
    tmp_path = tmp_path_factory.mktemp("secrets")
    db_url = f"sqlite:///{tmp_path / 'secrets.db'}"
    made = create_tokens(db_url, ROLES)
    refused = _refused_port()
    pollers = "".join(
        f'[[pollers]]\nname = "p-{what}"\nkind = "metrics"\nurl = "{_url(failing_source, what + ".json")}"\n'
        "interval_s = 1\ntimeout_s = 1\n"
        for what in FAILURES
    ) + f'[[pollers]]\nname = "p-refused"\nkind = "alerts"\nurl = "{_url(refused, "a.json")}"\ninterval_s = 1\n'
    config = (
        'log_level = "info"\n' + pollers
        + "[media]\nopen_timeout_s = 1\nstall_timeout_s = 1\nfirst_data_timeout_s = 2.5\n"
        "reconnect_initial_s = 0.2\nreconnect_max_s = 0.5\nstatus_interval_s = 0.5\n"
    )
    process = ServerProcess(db_url=db_url, workdir=tmp_path, config_text=config)
    process.output = type(process.output)(maxlen=20_000)
    process.start()
    admin = {"Authorization": f"Bearer {made['admin']}"}
    cameras = {f"cam-{what}": (_url(failing_source, what + ".ts"), _url(refused, "sub", "rtsp")) for what in FAILURES}
    cameras["cam-query"] = (f"http://127.0.0.1:{failing_source}/auth.ts?user=admin&password={QUERY_PASSWORD}", None)
    for camera, (main_url, sub_url) in cameras.items():
        body = {"id": camera, "name": camera, "main_url": main_url, "sub_url": sub_url}
        httpx.put(f"{process.http}/api/v1/cameras/{camera}", json=body, headers=admin).raise_for_status()
    yield process, made
    process.stop()


def _leaks(text: str) -> list[str]:
    found = [s for s in (PASSWORD, quote(PASSWORD, safe=""), QUERY_PASSWORD) if s in text]
    return found


async def _viewer_feed(ws_url: str, token: str, seconds: float) -> list[str]:
    """Every frame a viewer's WebSocket receives in `seconds`."""
    frames: list[str] = []
    async with connect(ws_url, max_size=None, compression=None, open_timeout=10) as ws:
        await ws.send(f'{{"type": "hello", "token": "{token}"}}')
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                frame = await asyncio.wait_for(ws.recv(), left)
            except TimeoutError:
                break
            frames.append(frame if isinstance(frame, str) else frame.decode())
        await ws.send('{"type": "media_links", "id": "m1", "cameras": ["cam-auth", "cam-query"]}')
        frames.append(str(await asyncio.wait_for(ws.recv(), 5)))
    return frames


def test_no_password_reaches_a_viewer_an_admin_or_the_log(server: tuple[ServerProcess, dict[str, str]]) -> None:
    """Refused, 401, 404, timeout and bad data on camera, sub-stream and poller URLs: the password shows nowhere."""
    process, tokens = server
    viewer = {"Authorization": f"Bearer {tokens['viewer']}"}
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    seen: list[str] = []
    with httpx.Client(base_url=process.http, timeout=15) as http:
        # Open every stream: the relay tries each source and answers 504 with its reason.
        paths = [f"/media/{camera}/{stream}.ts" for camera in [f"cam-{w}" for w in FAILURES] + ["cam-query"]
                 for stream in ("main", "sub")]
        with ThreadPoolExecutor(len(paths)) as pool:
            answers = list(pool.map(lambda path: http.get(path, headers=viewer), paths))
        assert {a.status_code for a in answers} <= {404, 504}, [a.text for a in answers]
        assert any("cannot open" in a.text or "stream broke" in a.text for a in answers), [a.text for a in answers]
        seen += [a.text for a in answers]
        feed = asyncio.run(_viewer_feed(process.ws, tokens["viewer"], 4))
        seen += feed
        for path in ("/api/v1/cameras", "/api/v1/walls", "/api/v1/detection", "/metrics", "/healthz"):
            seen.append(http.get(path, headers=viewer).text)
        for camera in ("cam-auth", "cam-query"):
            shown = http.get(f"/api/v1/cameras/{camera}/config", headers=admin)
            assert shown.status_code == 200
            seen.append(shown.text)
        assert "admin:***@" in http.get("/api/v1/cameras/cam-auth/config", headers=admin).text
    # The failures did happen and were reported (with the credentials masked), so the search means something.
    statuses = " ".join(f for f in feed if "camera_status" in f)
    assert "cannot open" in statuses and "***" in statuses, statuses[:2000]
    time.sleep(1.5)  # let the pollers fail at least once more into the log
    log = "".join(process.output)
    assert "poller p-auth" in log and "poller p-hang" in log and "poller p-refused" in log, log[-3000:]
    assert "stream cam-" in log, log[-3000:]
    for answer in [*seen, log]:
        assert not _leaks(answer), f"password in: {answer[:3000]}"


def test_saving_a_masked_password_keeps_the_saved_one(server: tuple[ServerProcess, dict[str, str]]) -> None:
    """The console sends *** back for an unchanged password: the saved one stays; *** without one is refused."""
    process, tokens = server
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    with httpx.Client(base_url=process.http, timeout=10, headers=admin) as http:
        shown = http.get("/api/v1/cameras/cam-auth/config").json()
        shown["name"] = "Đổi tên"
        assert http.put("/api/v1/cameras/cam-auth", json=shown).status_code == 200
        again = http.get("/api/v1/cameras/cam-auth/config").json()
        assert again["name"] == "Đổi tên" and again["main_url"] == shown["main_url"]
        engine = create_engine(process.db_url)
        with engine.connect() as db:
            saved = db.execute(text("SELECT main_url FROM cameras WHERE id = 'cam-auth'")).scalar_one()
        engine.dispose()
        assert quote(PASSWORD, safe="") in saved  # the real password is still there for the relay
        fresh = {"id": "moi", "name": "Mới", "main_url": "rtsp://admin:***@127.0.0.1:1/x"}
        refused = http.put("/api/v1/cameras/moi", json=fresh)
        assert refused.status_code == 422 and refused.json()["error"]["field"] == "main_url"
        direct = {"id": "truc-tiep", "name": "Trực tiếp", "main_url": "rtsp://u:p4ssword@127.0.0.1:1/x", "direct": True}
        refused = http.put("/api/v1/cameras/truc-tiep", json=direct)
        assert refused.status_code == 422 and "direct" in refused.json()["error"]["message"]
