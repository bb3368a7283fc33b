"""Revoking a token cuts what it opened within a second; stream URLs are bound to a token and expire."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx
import pytest
import websockets
from websockets.asyncio.client import ClientConnection, connect

from server.demo.camera_sim import ClipServer
from server.demo.clips import ensure_clip
from tests.conftest import ROLES
from tests.support.server_process import ServerProcess, create_tokens

URL_TTL_S = 3


@dataclass
class Live:
    server: ServerProcess
    tokens: dict[str, str]

    def admin(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens['admin']}"}

    def new_token(self, name: str) -> str:
        made = httpx.post(f"{self.server.http}/api/v1/tokens", json={"name": name, "role": "viewer"},
                          headers=self.admin())
        made.raise_for_status()
        token: str = made.json()["token"]
        return token


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    folder = tmp_path_factory.mktemp("revocation")
    clip = ensure_clip(folder, "cam", title="Chợ Đông Kinh", width=320, height=180, seconds=2, scene="traffic")
    camera = ClipServer().add("cam", clip).start()
    db_url = f"sqlite:///{folder / 'revocation.db'}"
    made = create_tokens(db_url, ROLES)
    config = f'log_level = "warning"\n[media]\nurl_ttl_s = {URL_TTL_S}\nidle_stop_s = 30\n'
    server = ServerProcess(db_url=db_url, workdir=folder, config_text=config).start()
    live = Live(server, made)
    body = {"id": "dong-kinh", "name": "Chợ Đông Kinh", "main_url": camera.url("cam")}
    httpx.put(f"{server.http}/api/v1/cameras/dong-kinh", json=body, headers=live.admin()).raise_for_status()
    yield live
    server.stop()
    camera.stop()


class StreamReader:
    """Reads a video stream in a thread; notes when bytes flow and when the server ends it."""

    def __init__(self, url: str, headers: dict[str, str] | None = None) -> None:
        self.url, self.headers = url, headers or {}
        self.received = 0
        self.ended_at: float | None = None
        self.status: int | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            with httpx.stream("GET", self.url, headers=self.headers, timeout=httpx.Timeout(10, read=20)) as answer:
                self.status = answer.status_code
                for chunk in answer.iter_bytes():
                    self.received += len(chunk)
        except httpx.HTTPError:
            pass
        self.ended_at = time.monotonic()

    def wait_flowing(self, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while self.received < 50_000:
            assert self.ended_at is None, f"{self.url} ended early (HTTP {self.status})"
            assert time.monotonic() < deadline, f"no video from {self.url}"
            time.sleep(0.05)

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)


async def _hello(live: Live, token: str) -> tuple[ClientConnection, dict[str, str]]:
    """A wall's WebSocket and the stream URLs its snapshot gave it."""
    ws = await connect(live.server.ws, open_timeout=10, max_size=None)
    await ws.send(json.dumps({"type": "hello", "token": token}))
    assert json.loads(await ws.recv())["type"] == "welcome"
    snapshot = json.loads(await ws.recv())
    links = {f"{m['camera']}/{m['stream']}": live.server.http + m["url"] for m in snapshot["media"]}
    return ws, links


async def _closed_within(ws: ClientConnection, seconds: float) -> websockets.ConnectionClosed:
    """Read until the server closes the socket; fail if it has not within `seconds`."""
    try:
        async with asyncio.timeout(seconds):
            while True:
                await ws.recv()
    except websockets.ConnectionClosed as closed:
        return closed
    raise AssertionError("unreachable")


def _cut_within(live: Live, token: str, revoke: Callable[[], None], limit_s: float = 1.0) -> None:
    async def scenario() -> None:
        ws, links = await _hello(live, token)
        signed = StreamReader(links["dong-kinh/main"])
        bearer = StreamReader(f"{live.server.http}/media/dong-kinh/main.ts", {"Authorization": f"Bearer {token}"})
        await asyncio.to_thread(signed.wait_flowing)
        await asyncio.to_thread(bearer.wait_flowing)
        await asyncio.to_thread(revoke)
        revoked_at = time.monotonic()
        closed = await _closed_within(ws, limit_s + 0.5)
        assert closed.rcvd is not None and closed.rcvd.code == 4401 and "revoked" in closed.rcvd.reason
        assert time.monotonic() - revoked_at < limit_s
        for reader in (signed, bearer):
            await asyncio.to_thread(reader.join, limit_s + 1)
            assert reader.ended_at is not None and reader.ended_at - revoked_at < limit_s, reader.url
        # Nothing new opens with it either.
        async with httpx.AsyncClient() as http:
            assert (await http.get(links["dong-kinh/main"])).status_code == 401
            walls = await http.get(f"{live.server.http}/api/v1/walls", headers={"Authorization": f"Bearer {token}"})
            assert walls.status_code == 401

    asyncio.run(scenario())


def test_revoking_over_rest_cuts_websocket_and_streams_at_once(live: Live):
    """DELETE /tokens/NAME: its WebSocket closes with 4401 and both kinds of its streams end within 1 s."""
    token = live.new_token("wall-pc-rest")
    _cut_within(live, token, lambda: httpx.delete(f"{live.server.http}/api/v1/tokens/wall-pc-rest",
                                                  headers=live.admin()).raise_for_status())


def test_revoking_on_the_command_line_cuts_them_too(live: Live):
    """`iocwall-server token revoke` writes only the database; the server notices and cuts within 1 s."""
    token = live.new_token("wall-pc-cli")

    def revoke() -> None:
        subprocess.run([sys.executable, "-m", "server", "token", "revoke", "--db", live.server.db_url, "wall-pc-cli"],
                       check=True, capture_output=True, timeout=60)

    _cut_within(live, token, revoke)


def test_urls_expire_for_new_streams_but_not_for_playing_ones(live: Live):
    """Past its expiry a URL opens nothing new, a stream it opened runs on, and media_links gives fresh ones."""
    token = live.new_token("wall-pc-ttl")

    async def scenario() -> None:
        ws, links = await _hello(live, token)
        playing = StreamReader(links["dong-kinh/main"])
        await asyncio.to_thread(playing.wait_flowing)
        await asyncio.sleep(URL_TTL_S + 1)
        before = playing.received
        await asyncio.sleep(1)
        assert playing.ended_at is None and playing.received > before  # still flowing past the expiry
        async with httpx.AsyncClient() as http:
            expired = await http.get(links["dong-kinh/main"])
        assert expired.status_code == 401 and "expired" in expired.json()["error"]["message"]
        await ws.send(json.dumps({"type": "media_links", "id": "m", "cameras": ["dong-kinh"]}))
        answer = json.loads(await ws.recv())
        while answer.get("type") != "result":
            answer = json.loads(await ws.recv())
        [fresh] = [link for link in answer["data"]["links"] if link["stream"] == "main"]
        renewed = StreamReader(live.server.http + fresh["url"])
        await asyncio.to_thread(renewed.wait_flowing)
        await ws.close()

    asyncio.run(scenario())


def test_a_url_works_only_for_its_token_and_camera(live: Live):
    """Changing the token id or the camera in a signed URL breaks its signature: 401, never 500."""
    token = live.new_token("wall-pc-sig")

    async def links() -> dict[str, str]:
        ws, found = await _hello(live, token)
        await ws.close()
        return found

    url = asyncio.run(links())["dong-kinh/main"]
    for changed in (url.replace("tok=", "tok=1"), url.replace("dong-kinh", "khac"), url + "x",
                    url.split("&sig=")[0] + "&sig=%C3%A9%C3%A9"):
        answer = httpx.get(changed)
        assert answer.status_code in (401, 404), (changed, answer.status_code, answer.text)
