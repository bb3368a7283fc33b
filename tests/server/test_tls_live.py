"""The real server over TLS: https, wss and relayed video, verified against the private CA it was given."""

from __future__ import annotations

import asyncio
import json
import ssl
from collections.abc import Iterator
from pathlib import Path

import av
import httpx
import pytest
import websockets
from websockets.asyncio.client import connect

from server.demo.camera_sim import ClipServer
from server.demo.clips import ensure_clip
from server.tls import MadeCertificates, make_private_ca
from tests.conftest import ROLES
from tests.support.server_process import FAST_ARGON2, ServerProcess, create_tokens, create_users
from wall_protocol.common import Role

LEADER_PASSWORD = "mật khẩu của lãnh đạo"


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, dict[str, str],
                                                                              MadeCertificates]]:
    folder = tmp_path_factory.mktemp("tls")
    made = make_private_ca(folder / "tls", ["127.0.0.1", "localhost"])
    clip = ensure_clip(folder, "cam", title="Cửa khẩu Hữu Nghị", width=320, height=180, seconds=2, scene="traffic")
    camera = ClipServer().add("cam", clip).start()
    db_url = f"sqlite:///{folder / 'tls.db'}"
    made_tokens = create_tokens(db_url, ROLES)
    create_users(db_url, {"lanh-dao": (Role.VIEWER, LEADER_PASSWORD)})
    server = ServerProcess(db_url=db_url, workdir=folder, config_text=f'log_level = "warning"\n{FAST_ARGON2}',
                           extra_args=[
        "--tls-cert", str(made.server_cert), "--tls-key", str(made.server_key)]).start()
    assert server.scheme == "https"
    verify = ssl.create_default_context(cafile=str(made.ca_cert))
    body = {"id": "huu-nghi", "name": "Hữu Nghị", "main_url": camera.url("cam")}
    httpx.put(f"{server.http}/api/v1/cameras/huu-nghi", json=body, verify=verify,
              headers={"Authorization": f"Bearer {made_tokens['admin']}"}).raise_for_status()
    yield server, made_tokens, made
    server.stop()
    camera.stop()


def test_https_is_verified_against_the_ca(tls_server: tuple[ServerProcess, dict[str, str], MadeCertificates]):
    """With the CA the answer comes; with the public trust store alone the certificate is refused."""
    server, _, made = tls_server
    verify = ssl.create_default_context(cafile=str(made.ca_cert))
    assert httpx.get(f"{server.http}/healthz", verify=verify).json()["status"] == "ok"
    with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        httpx.get(f"{server.http}/healthz")
    with pytest.raises(httpx.HTTPError):  # plain http to the TLS port gets no answer
        httpx.get(f"http://127.0.0.1:{server.port}/healthz", timeout=3)


def test_over_tls_the_session_cookie_is_secure_and_host_only(
        tls_server: tuple[ServerProcess, dict[str, str], MadeCertificates]):
    """A login over https sets `__Host-iocwall_session` with Secure, HttpOnly and SameSite=Strict, and it works."""
    server, _, made = tls_server
    verify = ssl.create_default_context(cafile=str(made.ca_cert))
    with httpx.Client(base_url=server.http, verify=verify, timeout=10) as http:
        answer = http.post("/api/v1/session", json={"user": "lanh-dao", "password": LEADER_PASSWORD})
        assert answer.status_code == 200, answer.text
        cookie = answer.headers["set-cookie"]
        assert cookie.startswith("__Host-iocwall_session=iocs_")
        flags = {part.strip().lower() for part in cookie.split(";")}
        assert {"secure", "httponly", "samesite=strict", "path=/"} <= flags
        assert not any(flag.startswith("domain=") for flag in flags)
        assert http.get("/api/v1/session").json()["user"] == "lanh-dao"
        # A plain-named cookie (as an http page could set) is not read over https.
        plain = {"Cookie": f"iocwall_session={http.cookies['__Host-iocwall_session']}"}
        assert httpx.get(f"{server.http}/api/v1/session", headers=plain, verify=verify).status_code == 401


def test_wss_hello_and_snapshot(tls_server: tuple[ServerProcess, dict[str, str], MadeCertificates]):
    """A viewer says hello over wss and gets its welcome and snapshot; without the CA the handshake fails."""
    server, tokens, made = tls_server

    async def hello(context: ssl.SSLContext) -> list[str]:
        async with connect(server.ws, ssl=context, open_timeout=10) as ws:
            await ws.send(json.dumps({"type": "hello", "token": tokens["viewer"]}))
            return [json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] for _ in range(2)]

    assert asyncio.run(hello(ssl.create_default_context(cafile=str(made.ca_cert)))) == ["welcome", "snapshot"]
    with pytest.raises((ssl.SSLCertVerificationError, websockets.InvalidHandshake)):
        asyncio.run(hello(ssl.create_default_context()))  # the system's trust store only


def test_relayed_video_over_https(tls_server: tuple[ServerProcess, dict[str, str], MadeCertificates]):
    """FFmpeg, verifying the certificate against the CA, decodes the relayed camera over https."""
    server, tokens, made = tls_server
    options = {"headers": f"Authorization: Bearer {tokens['viewer']}\r\n", "ca_file": str(made.ca_cert),
               "tls_verify": "1"}
    frames = 0
    with av.open(f"{server.http}/media/huu-nghi/main.ts", options=options, timeout=(10, 10)) as container:
        for _ in container.decode(video=0):
            frames += 1
            if frames >= 25:
                break
    assert frames == 25


def test_unverified_video_is_refused_by_ffmpeg(tls_server: tuple[ServerProcess, dict[str, str], MadeCertificates],
                                               tmp_path: Path):
    """Against another CA, FFmpeg refuses the relay's certificate: verification is real, not skipped."""
    server, tokens, _ = tls_server
    stranger = make_private_ca(tmp_path, ["127.0.0.1"])
    options = {"headers": f"Authorization: Bearer {tokens['viewer']}\r\n", "ca_file": str(stranger.ca_cert),
               "tls_verify": "1"}
    with pytest.raises(av.FFmpegError):
        av.open(f"{server.http}/media/huu-nghi/main.ts", options=options, timeout=(5, 5))
