"""The soak's site: the real server on loopback, 8 looping clip cameras relayed by it, a wall, accounts and links.

Everything is made through the server's own REST API with an admin token, as an installer would, except the
tokens and accounts (made in the database before start, as `iocwall-server token create` / `user create` do).
The server's output is counted by kind (warnings, errors, tracebacks) because the soak reports errors by kind.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from server.demo.camera_sim import ClipServer
from server.demo.clips import Scene, ensure_clip
from tests.conftest import ROLES
from tests.support.server_process import ServerProcess, create_tokens, create_users
from wall_protocol.common import Role

WALL = "soak"
PASSWORD = "mat-khau-soak-2026"
ACCOUNTS = 5
"""Leaders' accounts the logged-in web clients share (several tabs per person, as people do)."""
CONFIG = """log_level = "warning"
[limits]
# Every soak client comes from 127.0.0.1; in a control room they come from many PCs and phones.
connections_per_address = 2000
[media]
idle_stop_s = 5
status_interval_s = 2
[accounts]
argon2_time_cost = 1
argon2_memory_kib = 8192
[detection]
threads = 1
"""
LOG_KIND = re.compile(r"\b(WARNING|ERROR|CRITICAL)\b|Traceback")


TRACEBACK_LINES = 30
"""Lines kept of each traceback the server prints (its last line says what was raised)."""
ERRORS_KEPT = 3


class CountingLines(deque[str]):
    """The server's recent output (ServerProcess keeps it), counting on the way the lines that say something
    went wrong, by kind, and keeping the first few word for word: the first lines of any kind, and apart from
    them the first errors and tracebacks whole (under load the warnings come first and by thousands, and an
    error among them was counted but never seen)."""

    def __init__(self) -> None:
        super().__init__(maxlen=400)
        self.problems: Counter[str] = Counter()
        self.first_problems: list[str] = []
        self.first_errors: list[list[str]] = []
        self._traceback: list[str] | None = None  # the one being read, already in first_errors
        self._raised = False  # its exception's line has been read

    def append(self, line: str) -> None:
        super().append(line)
        if self._traceback is not None and self._read_traceback(line):
            return
        kind = LOG_KIND.search(line)
        if not kind:
            return
        name = (kind.group(1) or "traceback").lower()
        self.problems[f"server_log_{name}"] += 1
        if len(self.first_problems) < 5:
            self.first_problems.append(line.strip()[:300])
        if name != "warning" and len(self.first_errors) < ERRORS_KEPT:
            self.first_errors.append([line.rstrip()[:300]])
            if name == "traceback":
                self._traceback = self.first_errors[-1]

    def _read_traceback(self, line: str) -> bool:
        """Keeps `line` in the traceback being read, if it belongs to it (False: the traceback has ended and the
        line is one of its own). After the exception's line (not indented) only a chained traceback continues it."""
        assert self._traceback is not None
        text = line.rstrip()
        level = LOG_KIND.search(text)
        indented = text.startswith((" ", "\t"))
        chaining = not text or text.startswith(("During handling", "The above exception", "Traceback"))
        if (level and level.group(1) and not indented) or (self._raised and not chaining):
            while self._traceback and not self._traceback[-1]:
                self._traceback.pop()  # the blank lines after its end
            self._traceback, self._raised = None, False
            return False
        if len(self._traceback) < TRACEBACK_LINES:
            self._traceback.append(text[:300])
        if not indented and not chaining:
            self._raised = True  # the exception's line: what follows may still chain another
        elif text:
            self._raised = False
        return True


@dataclass
class Site:
    server: ServerProcess
    lines: CountingLines
    cameras: ClipServer
    tokens: dict[str, str]
    camera_ids: list[str]
    detecting: list[str]
    share_codes: list[str]

    @property
    def accounts(self) -> list[str]:
        return [f"lanh-dao-{i}" for i in range(ACCOUNTS)]

    def stop(self) -> None:
        self.server.stop()
        self.cameras.stop()


def _api(server: ServerProcess, token: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
    response = httpx.request(method, f"{server.http}{path}", headers={"Authorization": f"Bearer {token}"},
                             timeout=30, **kwargs)
    if response.status_code >= 300:
        raise RuntimeError(f"setting up the soak: {method} {path} answered {response.status_code}: "
                           f"{response.text[:300]}")
    return response


def start_site(folder: Path, clips_dir: Path, series: list[str], cameras: int, detecting: int,
               share_links: int) -> Site:
    """Cameras first (the relay pulls them as soon as a viewer asks), then the server and its data."""
    clips = ClipServer()
    camera_ids = [f"cam-{i}" for i in range(cameras)]
    for index, camera in enumerate(camera_ids):
        # Small clips: the soak is about the server's steadiness, not the camera's resolution. The detecting
        # ones show a person walking, so detection has events (alerts and overlays) to push.
        scene: Scene = "person" if index < detecting else "traffic"
        clips.add(camera, ensure_clip(clips_dir, camera,
                                      title=f"Soak {index}", width=320, height=180, seconds=3, scene=scene))
    clips.start()
    db_url = f"sqlite:///{folder / 'soak.db'}"
    tokens = create_tokens(db_url, ROLES)
    create_users(db_url, {f"lanh-dao-{i}": (Role.VIEWER, PASSWORD) for i in range(ACCOUNTS)})
    lines = CountingLines()
    server = ServerProcess(db_url=db_url, workdir=folder, config_text=CONFIG, output=lines)
    try:
        server.start()
        admin = tokens["admin"]
        for index, camera in enumerate(camera_ids):
            detect = {"enabled": True, "fps": 2, "end_after_s": 2} if index < detecting else {"enabled": False}
            _api(server, admin, "PUT", f"/api/v1/cameras/{camera}", json={
                "id": camera, "name": f"Camera {index}", "area": "Soak", "main_url": clips.url(camera),
                "detect": detect})
        for key in series:
            _api(server, admin, "PUT", f"/api/v1/metrics/series/{key}", json={"name": key, "unit": ""})
        _api(server, admin, "PUT", f"/api/v1/layouts/{WALL}", json=_layout(series, camera_ids))
        _api(server, admin, "PUT", f"/api/v1/walls/{WALL}", json={
            "name": WALL, "title": "Soak", "monitors": [{"index": 0, "layout": WALL}]})
        codes = []
        for index in range(share_links):
            made = _api(server, tokens["operator"], "POST", "/api/v1/share-links",
                        json={"wall": WALL, "label": f"Soak {index}", "hours": 24}).json()
            codes.append(str(made["url"]).rstrip("/").rsplit("/", 1)[-1])
    except BaseException:
        server.stop()
        clips.stop()
        raise
    return Site(server, lines, clips, tokens, camera_ids, camera_ids[:detecting], codes)


def _layout(series: list[str], cameras: list[str]) -> dict[str, Any]:
    """What a leaders' wall shows: KPIs of the soak's series, an alert list and the cameras."""
    tiles: list[dict[str, Any]] = [
        {"id": f"kpi-{i}", "kind": "kpi", "col": i % 4, "row": 0, "title": key, "props": {"series": key}}
        for i, key in enumerate(series[:4])]
    tiles.append({"id": "alerts", "kind": "alerts", "col": 0, "row": 1, "col_span": 4, "title": "Cảnh báo"})
    tiles += [{"id": f"video-{i}", "kind": "video", "col": i % 4, "row": 2 + i // 4, "title": camera,
               "props": {"camera": camera}} for i, camera in enumerate(cameras[:8])]
    return {"id": WALL, "name": "Soak", "cols": 4, "rows": 4, "tiles": tiles}
