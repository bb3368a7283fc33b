"""Alarm-to-wall end to end: a producer's alert pops its camera on a real wall client, an operator's ack clears it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from PySide6.QtGui import QImage

from server.demo.camera_sim import ClipServer
from server.demo.clips import ensure_clip
from tests.support.pixels import bright_share, colour_share
from tests.support.server_process import ServerProcess
from tests.support.shots import shots_dir
from wall_client.ui import theme
from wall_client.ui.app import WallApp, WallOptions
from wall_client.ui.video.video_tile import VideoTile

SHOTS = shots_dir("alarm")
WALL = "alarm-e2e"


@pytest.fixture
def site(live_server: tuple[ServerProcess, dict[str, str]], tmp_path: Path) -> Iterator[tuple[ServerProcess,
                                                                                          dict[str, str]]]:
    """Wall 'alarm-e2e' on a 3×3 grid: a tour in video-1, a camera in the alarm tile video-9, and a rule that
    pops critical traffic alerts of Lộc Bình into it. The alert's camera is a relayed clip, so it has a picture."""
    server, tokens = live_server
    clip = ensure_clip(tmp_path, "ql4b", title="QL4B Lộc Bình", width=640, height=360, seconds=3, scene="traffic")
    camera = ClipServer().add("ql4b", clip).start()
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    operator = {"Authorization": f"Bearer {tokens['operator']}"}
    with httpx.Client(base_url=server.http, timeout=10) as http:
        for cam, name, url in (("tour-a", "Chợ Đông Kinh", "http://127.0.0.1:9/a.ts"),
                               ("tour-b", "Quảng trường 17/10", "http://127.0.0.1:9/b.ts"),
                               ("ql4b-loc-binh", "QL4B Lộc Bình", camera.url("ql4b"))):
            http.put(f"/api/v1/cameras/{cam}", headers=admin,
                     json={"id": cam, "name": name, "area": "Lộc Bình", "main_url": url}).raise_for_status()
        http.put(f"/api/v1/walls/{WALL}", headers=admin, json={
            "name": WALL, "title": "Tường báo động", "monitors": [{"index": 0, "layout": "cameras-3x3"}]},
        ).raise_for_status()
        http.put(f"/api/v1/walls/{WALL}/monitors/0/tiles/video-1", headers=operator, json={
            "source": {"kind": "tour", "cameras": ["tour-a", "tour-b"], "dwell_s": 2}}).raise_for_status()
        http.put(f"/api/v1/walls/{WALL}/monitors/0/tiles/video-9", headers=operator, json={
            "source": {"kind": "camera", "camera": "tour-a"}}).raise_for_status()
        rule = {"name": "loc-binh-alarm", "category": "traffic", "min_severity": "critical",
                "area_contains": "Lộc Bình", "alarm_wall": WALL}
        http.post("/api/v1/alert-rules", json=rule, headers=admin).raise_for_status()
    yield server, tokens
    camera.stop()


async def _until(predicate: Callable[[], bool], what: str, timeout: float = 15.0) -> None:
    """Poll while the loop runs Qt and the feed (a sleep hands the loop back to Qt's events)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


def _rim(image: QImage, width: int) -> QImage:
    """The top strip of a tile where the alarm border goes."""
    return image.copy(0, 0, image.width(), width)


async def _scenario(server: ServerProcess, tokens: dict[str, str]) -> None:
    wall = WallApp(WallOptions(server.ws, tokens["viewer"], WALL))
    feed = asyncio.create_task(wall.feed.follow())
    http = httpx.AsyncClient(base_url=server.http, timeout=10)
    try:
        await _until(lambda: bool(wall.windows), "the wall's window")
        window = wall.windows[0]
        alarm_tile, tour = window.tiles["video-9"], window.tiles["video-1"]
        assert isinstance(alarm_tile, VideoTile) and isinstance(tour, VideoTile)
        assert alarm_tile.alarm is None and alarm_tile.camera == "tour-a" and not tour.tour_waiting()
        alert = (await http.post("/api/v1/alerts", headers={"Authorization": f"Bearer {tokens['producer']}"}, json={
            "category": "traffic", "severity": "critical", "title": "Xe khách lật trên QL4B", "area": "Lộc Bình",
            "camera": "ql4b-loc-binh"})).json()
        await _until(lambda: alarm_tile.alarm == alert["id"], "the alarm on the wall's alarm tile")
        state = wall.store.monitor_tiles(WALL, 0)[1][8].state
        assert state is not None and state.alarm == alert["id"] and state.before_alarm is not None
        assert alarm_tile.camera == "ql4b-loc-binh" and tour.tour_waiting()
        await _until(lambda: alarm_tile.banner() is not None and alarm_tile.banner().title  # type: ignore[union-attr]
                     == "Xe khách lật trên QL4B", "the alert in the banner")
        banner = alarm_tile.banner()
        assert banner is not None and banner.headline == "BÁO ĐỘNG · KHẨN CẤP" and banner.detail.startswith("Lộc Bình")
        index = tour.tour.index
        await _until(lambda: alarm_tile.frames.frames >= 25, "the alarm camera's picture", timeout=20)
        await _until(lambda: alarm_tile.flash_on, "the bright half of the flash")
        shot = alarm_tile.grab().toImage()
        assert colour_share(_rim(shot, alarm_tile.alarm_border_width()), theme.ALARM, tolerance=30) > 0.9
        box = alarm_tile.banner_rect(alarm_tile.rect())
        assert bright_share(shot.copy(0, box.bottom() + 1, shot.width(), shot.height() - box.bottom() - 1)) > 0.3, \
            "the camera's picture shows below the banner"
        window.grab().save(str(SHOTS / "e2e-wall-alarm.png"))
        shot.save(str(SHOTS / "e2e-tile-alarm.png"))
        await asyncio.sleep(2.5)  # longer than the tour's dwell
        assert tour.tour.index == index, "the tour waits while the monitor shows an alarm"
        acked = await http.post(f"/api/v1/alerts/{alert['id']}/ack", json={"comment": "đã cử CSGT"},
                                headers={"Authorization": f"Bearer {tokens['operator']}"})
        assert acked.status_code == 200, acked.text
        await _until(lambda: alarm_tile.alarm is None, "the alarm to clear")
        assert alarm_tile.camera == "tour-a" and alarm_tile.banner() is None and not alarm_tile.flash_on
        assert not tour.tour_waiting()
        cleared = alarm_tile.grab().toImage()
        assert colour_share(_rim(cleared, alarm_tile.alarm_border_width()), theme.ALARM, tolerance=60) == 0
        assert colour_share(_rim(cleared, alarm_tile.alarm_border_width()), theme.ALARM_DIM, tolerance=30) == 0
        window.grab().save(str(SHOTS / "e2e-wall-cleared.png"))
        assert bright_share(cleared) < 0.05, "the alarm camera's last picture must not stay under the old camera's name"
        await _until(lambda: tour.tour.index > index, "the tour to go on", timeout=5)
    finally:
        await http.aclose()
        feed.cancel()
        await asyncio.gather(feed, return_exceptions=True)
        for window in wall.windows:
            window.release()
            window.close()
            window.deleteLater()


def test_alert_rule_pops_the_camera_on_the_wall_and_ack_clears_it(qt_loop, site):
    """A critical Lộc Bình traffic alert POSTed over REST flashes the wall's alarm tile with its banner and holds
    the tour; the operator's ack over REST puts the tile back as it was and the tour goes on."""
    server, tokens = site
    SHOTS.mkdir(parents=True, exist_ok=True)
    qt_loop.run_until_complete(asyncio.wait_for(_scenario(server, tokens), 90))
