"""The wall over TLS: wss and https video (libVLC) verified against the province's CA; fresh stream URLs."""

from __future__ import annotations

import os
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from PySide6.QtGui import QImage

from server.demo.camera_sim import ClipServer
from server.demo.clips import ensure_clip
from server.tls import MadeCertificates, make_private_ca
from tests.conftest import ROLES
from tests.support.pixels import bright_share
from tests.support.server_process import ServerProcess, create_tokens

IOCWALL = [sys.executable, "-m", "wall_client.cli"]
URL_TTL_S = 3


@dataclass
class TlsWall:
    server: ServerProcess
    tokens: dict[str, str]
    made: MadeCertificates
    camera: ClipServer

    def rest(self, method: str, path: str, role: str, body: dict[str, object]) -> None:
        httpx.request(method, f"{self.server.http}{path}", json=body,
                      verify=ssl.create_default_context(cafile=str(self.made.ca_cert)),
                      headers={"Authorization": f"Bearer {self.tokens[role]}"}).raise_for_status()


@pytest.fixture(scope="module")
def tls_wall(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsWall]:
    folder = tmp_path_factory.mktemp("tls-wall")
    made = make_private_ca(folder / "tls", ["127.0.0.1"])
    clip = ensure_clip(folder, "cam", title="Cửa khẩu Tân Thanh", width=640, height=360, seconds=3, scene="person")
    camera = ClipServer().add("cam", clip).start()
    db_url = f"sqlite:///{folder / 'wall.db'}"
    tokens = create_tokens(db_url, ROLES)
    server = ServerProcess(db_url=db_url, workdir=folder, extra_args=[
        "--tls-cert", str(made.server_cert), "--tls-key", str(made.server_key)],
        config_text=f'log_level = "warning"\n[media]\nurl_ttl_s = {URL_TTL_S}\n').start()
    wall = TlsWall(server, tokens, made, camera)
    wall.rest("PUT", "/api/v1/cameras/tan-thanh", "admin",
              {"id": "tan-thanh", "name": "Tân Thanh", "main_url": camera.url("cam")})
    wall.rest("PUT", "/api/v1/walls/main", "admin",
              {"name": "main", "title": "Tường chính", "monitors": [{"index": 0, "layout": "cameras-2x2"}]})
    wall.rest("PUT", "/api/v1/walls/main/monitors/0/layout", "operator", {"layout": "cameras-2x2"})
    yield wall
    server.stop()
    camera.stop()


def _iocwall(*args: str, timeout: float = 90) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*IOCWALL, *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


def _snapshot(wall: TlsWall, out: Path, settle_s: float, ca: bool = True) -> QImage:
    result = _iocwall("screenshot", "--server", wall.server.ws, "--token", wall.tokens["viewer"], "--wall", "main",
                      "--out", str(out), "--settle", str(settle_s),
                      *(["--ca-file", str(wall.made.ca_cert)] if ca else []))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return QImage(str(out / "main-monitor-0.png"))


def test_wall_plays_video_over_wss_and_https_with_the_ca(tls_wall: TlsWall, tmp_path: Path):
    """With --ca-file the wall connects over wss and libVLC plays the relayed camera over https."""
    tls_wall.rest("PUT", "/api/v1/walls/main/monitors/0/tiles/video-1", "operator",
                  {"source": {"kind": "camera", "camera": "tan-thanh"}})
    image = _snapshot(tls_wall, tmp_path / "shots", 6)
    image.save(str(Path(os.environ.get("IOCWALL_SHOTS", tmp_path)) / "tls-wall.png"))
    assert bright_share(image.copy(0, 0, 960, 540)) > 0.3, "tile video-1 should show the camera over https"
    assert bright_share(image.copy(960, 0, 960, 540)) < 0.05, "an empty tile stays dark"


def test_a_camera_put_on_the_wall_after_the_urls_expired_still_plays(tls_wall: TlsWall, tmp_path: Path):
    """Stream URLs live 3 s here; a camera sent to the wall 6 s after it connected plays: the wall renewed them."""
    tls_wall.rest("PUT", "/api/v1/walls/main/monitors/0/tiles/video-1", "operator", {"source": None})
    late = threading.Timer(URL_TTL_S * 2, tls_wall.rest, ("PUT", "/api/v1/walls/main/monitors/0/tiles/video-2",
                                                         "operator", {"source": {"kind": "camera",
                                                                                 "camera": "tan-thanh"}}))
    late.start()
    try:
        image = _snapshot(tls_wall, tmp_path / "shots", URL_TTL_S * 2 + 5)
    finally:
        late.cancel()
    assert bright_share(image.copy(960, 0, 960, 540)) > 0.3, "video-2 should show the camera sent late"


def test_doctor_checks_the_certificate(tls_wall: TlsWall):
    """doctor FAILs an untrusted certificate (printing its fingerprint) and reports a trusted one's expiry."""
    base = ["doctor", "--server", tls_wall.server.ws, "--token", tls_wall.tokens["viewer"], "--wall", "main"]
    untrusted = _iocwall(*base)
    line = next(x for x in untrusted.stdout.splitlines() if "certificate" in x)
    assert line.startswith("FAIL") and "not trusted" in line and tls_wall.made.server.sha256 in line, line
    assert untrusted.returncode == 1
    server_line = next(x for x in untrusted.stdout.splitlines() if x.split()[1:2] == ["server"])
    assert "certificate is not trusted here" in server_line, untrusted.stdout
    trusted = _iocwall(*base, "--ca-file", str(tls_wall.made.ca_cert))
    line = next(x for x in trusted.stdout.splitlines() if "certificate" in x)
    assert line.startswith("OK") and ("824 days" in line or "825 days" in line), line
    server_line = next(x for x in trusted.stdout.splitlines() if x.split()[1:2] == ["server"])
    assert server_line.startswith("OK"), trusted.stdout


def test_a_bad_ca_file_is_named(tls_wall: TlsWall, tmp_path: Path):
    """A CA file that is not PEM stops `iocwall wall` at once, naming the file (libVLC would ignore it silently)."""
    der = tmp_path / "ca.der"
    der.write_bytes(b"\x30\x82\x01\x00not pem")
    started = time.monotonic()
    result = _iocwall("wall", "--server", tls_wall.server.ws, "--token", tls_wall.tokens["viewer"],
                      "--ca-file", str(der), timeout=60)
    assert result.returncode == 2 and str(der) in result.stderr and "not a PEM" in result.stderr, result.stderr
    assert time.monotonic() - started < 30


def test_watch_follows_the_server_over_wss(tls_wall: TlsWall):
    """`iocwall watch --ca-file` connects over wss and prints the welcome and the snapshot."""
    watch = subprocess.Popen([*IOCWALL, "watch", "--server", tls_wall.server.ws, "--token", tls_wall.tokens["viewer"],
                              "--ca-file", str(tls_wall.made.ca_cert)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    try:
        assert watch.stdout is not None
        lines = [watch.stdout.readline() for _ in range(2)]
    finally:
        watch.terminate()
        watch.wait(10)
    assert lines[0].startswith("connected as viewer (viewer)") and lines[1].startswith("snapshot at seq"), lines
