"""WS /media/{camera}/{stream}.ws against the real server: the relayed MPEG-TS in binary messages, and its refusals."""

from __future__ import annotations

import asyncio
import io
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass

import av
import httpx
import pytest
import websockets
from websockets.asyncio.client import connect

from server.demo.camera_sim import ClipServer
from server.demo.clips import ensure_clip
from tests.conftest import ROLES
from tests.support.server_process import FAST_ARGON2, ServerProcess, create_tokens, create_users
from wall_protocol.common import Role

PASSWORD = "mật khẩu đủ dài 2026"


@dataclass
class Live:
    server: ServerProcess
    tokens: dict[str, str]

    def url(self, camera: str = "cho", stream: str = "main") -> str:
        return f"{self.server.ws.removesuffix('/ws')}/media/{camera}/{stream}.ws"

    def bearer(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    folder = tmp_path_factory.mktemp("media-socket")
    clip = ensure_clip(folder, "cho", title="Chợ Đông Kinh", width=320, height=180, seconds=2, scene="traffic")
    camera = ClipServer().add("cho", clip).start()
    db_url = f"sqlite:///{folder / 'media.db'}"
    made = create_tokens(db_url, ROLES)
    create_users(db_url, {"lanh-dao": (Role.VIEWER, PASSWORD)})
    config = f'log_level = "warning"\n{FAST_ARGON2}[media]\nidle_stop_s = 30\nfirst_data_timeout_s = 3\n'
    server = ServerProcess(db_url=db_url, workdir=folder, config_text=config).start()
    live = Live(server, made)
    httpx.put(f"{server.http}/api/v1/cameras/cho", json={"id": "cho", "name": "Chợ", "main_url": camera.url("cho")},
              headers=live.bearer("admin")).raise_for_status()
    httpx.put(f"{server.http}/api/v1/cameras/im-lang", headers=live.bearer("admin"), json={
        "id": "im-lang", "name": "Im lặng", "main_url": "http://127.0.0.1:9/khong-co.ts"}).raise_for_status()
    yield live
    server.stop()
    camera.stop()


async def _receive(url: str, headers: dict[str, str], want_bytes: int = 60_000) -> tuple[bytes, int | None, str]:
    """What the socket sends until `want_bytes` arrived or it closed: the bytes, the close code and reason."""
    received = bytearray()
    async with connect(url, additional_headers=headers, max_size=None, open_timeout=5) as ws:
        try:
            async with asyncio.timeout(10):
                while len(received) < want_bytes:
                    message = await ws.recv()
                    assert isinstance(message, bytes), "video comes in binary messages"
                    received += message
        except websockets.ConnectionClosed:
            pass
    return bytes(received), ws.close_code, ws.close_reason or ""


def _decoded_frames(data: bytes) -> list[tuple[int, int]]:
    with av.open(io.BytesIO(data), format="mpegts") as container:
        return [(frame.width, frame.height) for frame in container.decode(video=0)]


async def _signed_link(live: Live) -> str:
    """The viewer's signed link to camera cho's main stream, from its snapshot."""
    async with connect(live.server.ws, open_timeout=5, max_size=None) as ws:
        await ws.send(json.dumps({"type": "hello", "token": live.tokens["viewer"]}))
        async with asyncio.timeout(10):
            while True:
                message = json.loads(await ws.recv())
                if message["type"] == "snapshot":
                    return str(next(m["url"] for m in message["media"] if (m["camera"], m["stream"]) == ("cho", "main")))


def test_a_bearer_token_gets_the_relayed_stream_in_binary_messages(live: Live):
    """The messages make an MPEG-TS stream PyAV decodes at the camera's size, from a keyframe on."""
    data, code, _ = asyncio.run(_receive(live.url(), live.bearer("viewer")))
    assert code in (None, 1000), code
    frames = _decoded_frames(data)
    assert frames and set(frames) == {(320, 180)}


def test_a_pages_session_cookie_plays_and_another_sites_page_is_refused(live: Live):
    """The cookie of a login works from this server's pages; the same cookie from another site's page gets 4403."""
    login = httpx.post(f"{live.server.http}/api/v1/session", json={"user": "lanh-dao", "password": PASSWORD})
    cookie = {"Cookie": f"iocwall_session={login.cookies['iocwall_session']}"}
    data, _, _ = asyncio.run(_receive(live.url(), {**cookie, "Origin": live.server.http}, want_bytes=20_000))
    assert len(data) >= 20_000
    _, code, reason = asyncio.run(_receive(live.url(), {**cookie, "Origin": "https://evil.example"}))
    assert code == 4403 and "own pages" in reason


def test_a_signed_url_plays_and_a_tampered_one_is_refused(live: Live):
    """The snapshot's signed link, with .ws for .ts, plays; a changed signature gets 4401."""
    query = asyncio.run(_signed_link(live)).split("?", 1)[1]
    data, _, _ = asyncio.run(_receive(f"{live.url()}?{query}", {}, want_bytes=20_000))
    assert len(data) >= 20_000
    _, code, reason = asyncio.run(_receive(f"{live.url()}?{query.replace('sig=', 'sig=x')}", {}))
    assert code == 4401 and "signature" in reason


@pytest.mark.parametrize(("camera", "role", "code", "words"), [
    ("cho", None, 4401, "bearer token"),
    ("cho", "producer", 4403, "watching cameras"),
    ("khong-co", "viewer", 4404, "khong-co"),
    ("im-lang", "viewer", 1013, "sent no video"),
])
def test_refusals_close_with_a_code_and_a_reason(live: Live, camera: str, role: str | None, code: int, words: str):
    """No credential 4401, a producer 4403, an unknown camera 4404, a silent camera 1013 (without its URL)."""
    _, closed, reason = asyncio.run(_receive(live.url(camera), live.bearer(role) if role else {}))
    assert closed == code and words in reason, (closed, reason)
    assert "127.0.0.1:9" not in reason


def test_revoking_the_token_ends_the_stream_within_a_second(live: Live):
    """A stream opened with a token stops (4401) within a second of the token's revocation."""
    made = httpx.post(f"{live.server.http}/api/v1/tokens", json={"name": "man-hinh-tam", "role": "viewer"},
                      headers=live.bearer("admin")).json()

    async def scenario() -> tuple[int | None, float]:
        async with connect(live.url(), additional_headers={"Authorization": f"Bearer {made['token']}"},
                           max_size=None, open_timeout=5) as ws:
            await asyncio.wait_for(ws.recv(), 5)
            await asyncio.to_thread(httpx.delete, f"{live.server.http}/api/v1/tokens/man-hinh-tam",
                                    headers=live.bearer("admin"))
            revoked = time.monotonic()
            try:
                async with asyncio.timeout(3):
                    async for _ in ws:
                        pass
            except websockets.ConnectionClosed:
                pass
            return ws.close_code, time.monotonic() - revoked

    code, after_s = asyncio.run(scenario())
    assert code == 4401 and after_s < 1.0
