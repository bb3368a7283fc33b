"""Real cameras for the relay tests: generated clips served over HTTP and RTSP on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from server.demo.camera_sim import ClipServer
from server.demo.clips import ensure_clip
from tests.conftest import ROLES
from tests.support.server_process import ServerProcess, create_tokens

MEDIA_CONFIG = """log_level = "warning"
[media]
first_data_timeout_s = 3
still_interval_s = 1
stall_timeout_s = 1.5
reconnect_initial_s = 0.3
reconnect_max_s = 1.5
idle_stop_s = 1
status_interval_s = 0.5
viewer_buffer_bytes = 262144
"""


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Small camera clips (main 640×360, sub 320×180), rendered once per test run."""
    folder = tmp_path_factory.mktemp("clips")
    return {
        "main": ensure_clip(folder, "main", title="Nút giao Phai Vệ", width=640, height=360, seconds=3, scene="traffic"),
        "sub": ensure_clip(folder, "sub", title="Nút giao Phai Vệ", width=320, height=180, seconds=3, scene="traffic"),
    }


@pytest.fixture
def camera_server(clips: dict[str, Path]) -> Iterator[ClipServer]:
    """An HTTP camera with a main and a sub stream (stop() drops it, start() brings it back)."""
    server = ClipServer().add("phai-ve-main", clips["main"]).add("phai-ve-sub", clips["sub"]).start()
    yield server
    server.stop()


class Relay:
    """The real server, with tokens, and helpers to add cameras over REST."""

    def __init__(self, server: ServerProcess, tokens: dict[str, str]) -> None:
        self.server = server
        self.tokens = tokens

    def headers(self, role: str = "viewer") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def add_camera(self, camera_id: str, main_url: str, sub_url: str | None = None, **extra: object) -> None:
        body = {"id": camera_id, "name": camera_id, "main_url": main_url, "sub_url": sub_url, **extra}
        response = httpx.put(f"{self.server.http}/api/v1/cameras/{camera_id}", json=body, headers=self.headers("admin"))
        response.raise_for_status()

    def url(self, camera_id: str, stream: str = "main") -> str:
        return f"{self.server.http}/media/{camera_id}/{stream}.ts"


@pytest.fixture
def relay(tmp_path: Path) -> Iterator[Relay]:
    db_url = f"sqlite:///{tmp_path / 'relay.db'}"
    made = create_tokens(db_url, ROLES)
    server = ServerProcess(db_url=db_url, workdir=tmp_path, config_text=MEDIA_CONFIG).start()
    yield Relay(server, made)
    server.stop()
