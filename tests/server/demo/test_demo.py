"""The demo province on the live server: cameras, series with history, filled wall, live feed."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import av
import httpx
import numpy as np

from tests.support.server_process import ServerProcess
from tests.support.ws_client import WallClient
from wall_protocol.forecast import Forecast
from wall_protocol.messages import ForecastDelta, Snapshot


async def test_demo_province_serves_a_living_wall(tmp_path: Path):
    """--demo seeds cameras, KPIs with forecasts and tables, fills the video tiles, streams samples, alerts, video."""
    token_file = tmp_path / "demo-token.txt"
    server = ServerProcess(
        db_url=f"sqlite:///{tmp_path / 'demo.db'}", workdir=tmp_path,
        config_text='log_level = "warning"\n[demo]\nmetrics_interval_s = 0.2\nalerts_per_minute = 900\nseed = 7\n'
                    'clip_seconds = 1\n[forecast]\ninterval_s = 0.5\n',
        extra_args=["--demo", "--demo-token-file", str(token_file)],
    ).start()
    try:
        token = token_file.read_text(encoding="utf-8").strip()
        client = WallClient(server.ws, token, wall="main")
        await client.connect()
        snapshot = next(m for m in client.messages if isinstance(m, Snapshot))
        assert len(snapshot.cameras) >= 10 and any("Hữu Nghị" in c.name for c in snapshot.cameras)
        series = {s.key: s for s in snapshot.series}
        assert series["budget-revenue"].unit == "tỷ đồng" and series["grdp-growth"].target == 8.0
        assert len(snapshot.latest) == len(snapshot.series), "every series has history"
        assert {t.key for t in snapshot.tables} == {"nhiem-vu-ubnd", "ho-so-tthc", "phan-anh-hien-truong"}
        assert len(snapshot.table_data) == 6, "each table has a snapshot and the one before it"
        video_tiles = [t for m in snapshot.walls[0].monitors for t in m.tiles]
        assert len(video_tiles) >= 10 and all(t.source is not None for t in video_tiles)
        await client.wait_for_delta(lambda d: d.kind == "metric" and d.point.series == "border-vehicles")
        await _demo_forecasts_warn_about_grdp_only(client, snapshot)
        categories: set[str] = set()
        while len(categories) < 4:
            delta = await client.wait_for_delta(lambda d: d.kind == "alert" and d.alert.category.value not in categories)
            categories.add(delta.alert.category.value)
        await _demo_camera_shows_video(server, snapshot)
        await client.close()
        login = _demo_leader_logs_in(server, tmp_path / "demo-login.txt")
        # The token file is reused while it is valid, so a restarted demo keeps the same token (and password).
        server.stop()
        server.start()
        assert token_file.read_text(encoding="utf-8").strip() == token
        assert (tmp_path / "demo-login.txt").read_text(encoding="utf-8") == login
    finally:
        server.stop()


def _demo_leader_logs_in(server: ServerProcess, login_file: Path) -> str:
    """The demo's leader account (viewer) logs in with the password in demo-login.txt, readable by its owner only."""
    text = login_file.read_text(encoding="utf-8")
    assert login_file.stat().st_mode & 0o077 == 0
    user, password = (line.split(": ", 1)[1] for line in text.splitlines()[:2])
    answer = httpx.post(f"{server.http}/api/v1/session", json={"user": user, "password": password})
    assert answer.status_code == 200, answer.text
    assert (answer.json()["user"], answer.json()["role"]) == ("lanh-dao", "viewer")
    return text


async def _demo_forecasts_warn_about_grdp_only(client: WallClient, snapshot: Snapshot) -> None:
    """The four forecast series are projected from their seeded history; only GRDP growth warns."""
    keys = {"grdp-growth", "budget-revenue", "online-service-rate", "dossier-on-time-rate"}
    assert {s.key for s in snapshot.series if s.forecast is not None} == keys

    def latest() -> dict[str, Forecast]:
        found = {f.series: f for f in snapshot.forecasts}
        found.update({d.series: d.forecast for d in client.deltas if isinstance(d, ForecastDelta) and d.forecast})
        return found

    while not keys <= {k for k, f in latest().items() if f.projection is not None}:
        await client.wait_for_delta(lambda d: d.kind == "forecast", timeout=20)
    forecasts = latest()
    assert {k for k in keys if forecasts[k].warning} == {"grdp-growth"}
    budget = forecasts["budget-revenue"].projection
    assert budget is not None and budget.method == "seasonal"


async def _demo_camera_shows_video(server: ServerProcess, snapshot: Snapshot) -> None:
    """The person camera's sub stream plays through the relay from its signed link: a real, non-blank picture."""
    link = next(m for m in snapshot.media if m.camera == "cho-dong-kinh" and m.stream == "sub")

    def first_frame() -> np.ndarray:
        deadline = time.monotonic() + 60  # clips are rendered in the background at first start
        while True:
            try:
                with av.open(f"{server.http}{link.url}", timeout=(10, 10)) as container:
                    for frame in container.decode(video=0):
                        return frame.to_ndarray(format="rgb24")
            except av.FFmpegError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)
        raise AssertionError("no frame")

    picture = await asyncio.to_thread(first_frame)
    assert picture.shape == (360, 640, 3)
    assert picture.std() > 20, "a demo camera must show a scene, not a flat colour"
