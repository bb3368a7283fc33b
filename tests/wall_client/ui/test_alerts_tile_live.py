"""The alert tile on real wall clients of a real server: a producer's critical alert flashes and crawls, an
operator's wall acknowledges it from the tile (the server records who and when), a viewer's wall cannot."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta

import httpx
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from tests.support.pixels import changed_share, colour_share
from tests.support.server_process import ServerProcess
from tests.support.shots import shots_dir
from wall_client.model.alert_tile import flash_lit
from wall_client.ui import theme
from wall_client.ui.app import WallApp, WallOptions
from wall_client.ui.tiles.alerts import AlertsTile
from wall_protocol.common import AlertState, utc_now

SHOTS = shots_dir("alerts")
WALL = "alerts-e2e"
LAYOUT = {"id": "canh-bao-e2e", "name": "Cảnh báo", "cols": 2, "rows": 5, "tiles": [
    {"id": "list", "kind": "alerts", "col": 0, "row": 0, "col_span": 2, "row_span": 4, "title": "Cảnh báo Cao Lộc",
     "props": {"areas": ["Cao Lộc"], "min_severity": "major", "flash_s": 120}},
    {"id": "ticker", "kind": "alerts", "col": 0, "row": 4, "col_span": 2, "props": {"mode": "ticker", "flash_s": 120}},
]}


async def _until(predicate: Callable[[], bool], what: str, timeout: float = 15.0) -> None:
    """Poll while the loop runs Qt and the feed (a sleep hands the loop back to Qt's events)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


def _tap(widget: QWidget, at: QPoint) -> None:
    """A left click at `at`, through Qt's events as a touch's synthesized press arrives."""
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)


def _phase(created: datetime, lit: bool) -> datetime:
    """An instant a second or so after `created` in the lit (or dark) half of a flash."""
    moment = created + timedelta(seconds=1)
    while flash_lit(moment) != lit:
        moment += timedelta(milliseconds=50)
    return moment


async def _scenario(server: ServerProcess, tokens: dict[str, str]) -> None:
    operator_wall = WallApp(WallOptions(server.ws, tokens["operator"], WALL))
    viewer_wall = WallApp(WallOptions(server.ws, tokens["viewer"], WALL))
    feeds = [asyncio.create_task(w.feed.follow()) for w in (operator_wall, viewer_wall)]
    http = httpx.AsyncClient(base_url=server.http, timeout=10)
    try:
        await _until(lambda: bool(operator_wall.windows and viewer_wall.windows), "both walls' windows")
        tiles = {}
        for name, wall in (("operator", operator_wall), ("viewer", viewer_wall)):
            window = wall.windows[0]
            listed, ticker = window.tiles["list"], window.tiles["ticker"]
            assert isinstance(listed, AlertsTile) and isinstance(ticker, AlertsTile)
            tiles[name] = (window, listed, ticker)
        producer = {"Authorization": f"Bearer {tokens['producer']}"}
        reader = {"Authorization": f"Bearer {tokens['viewer']}"}
        elsewhere = await http.post("/api/v1/alerts", headers=producer, json={
            "category": "traffic", "severity": "critical", "title": "Ùn tắc tại Nút giao Phai Vệ", "area": "Lộc Bình"})
        created = await http.post("/api/v1/alerts", headers=producer, json={
            "category": "traffic", "severity": "critical", "title": "Tai nạn liên hoàn trên QL1A - Cao Lộc",
            "area": "Cao Lộc"})
        assert elsewhere.status_code == created.status_code == 201, created.text
        alert = created.json()
        window, listed, ticker = tiles["operator"]
        await _until(lambda: [a.id for a in listed.visible_alerts()] == [alert["id"]], "the alert in the list")
        await _until(lambda: len(ticker.visible_alerts()) == 2, "both alerts in the ticker (it has no area filter)")

        # It flashes: the real clock runs the flash timer; a set instant of each half checks the pixels.
        assert listed.flashing_now() and listed._flash.isActive() and ticker.crawling()
        since = datetime.fromisoformat(alert["created_at"])
        listed.clock = ticker.clock = lambda: _phase(since, lit=True)
        lit = window.grab().toImage()
        lit_list = listed.grab().toImage()
        listed.clock = ticker.clock = lambda: _phase(since, lit=False)
        dark_list = listed.grab().toImage()
        window.grab().save(str(SHOTS / "alerts-e2e-wall-dark.png"))
        lit.save(str(SHOTS / "alerts-e2e-wall-lit.png"))
        assert colour_share(lit_list, theme.ALARM) > colour_share(dark_list, theme.ALARM) + 0.03
        listed.clock = ticker.clock = utc_now

        # It crawls: two looks 0.3 s apart differ, and the strip was drawn once for them.
        renders = ticker.strip.renders
        before = ticker.grab().toImage()
        await asyncio.sleep(0.3)
        after = ticker.grab().toImage()
        assert changed_share(before, after) > 0.005 and ticker.strip.renders == renders

        # A viewer's wall: no pointing hand, a tap asks nothing; made to send anyway, the server refuses.
        _, viewer_list, _ = tiles["viewer"]
        await _until(lambda: bool(viewer_list.visible_alerts()), "the alert on the viewer's wall")
        viewer_list.grab()
        assert viewer_list.cursor().shape() == Qt.CursorShape.ArrowCursor and not viewer_list.may_acknowledge
        row = viewer_list._rows[0][0]
        _tap(viewer_list, row.center())
        assert not viewer_list.confirm.isVisible()
        assert viewer_wall.context.request is not None
        viewer_list.confirm.ask(alert["id"], "thử", viewer_wall.context.request)
        viewer_list.confirm.confirm()
        await _until(lambda: viewer_list.confirm.question.text().startswith("Không xác nhận được"),
                     "the server's refusal on the viewer's wall")
        assert (await http.get(f"/api/v1/alerts/{alert['id']}", headers=reader)).json()["state"] == "new"

        # The operator's wall: tap the row, confirm, and the server records the wall's token and the time.
        listed.grab()
        assert listed.cursor().shape() == Qt.CursorShape.PointingHandCursor
        _tap(listed, listed._rows[0][0].center())
        assert listed.confirm.isVisible() and listed.confirm.alert_id == alert["id"]
        window.grab().save(str(SHOTS / "alerts-e2e-wall-confirm.png"))
        tapped = utc_now()
        _tap(listed.confirm.confirm_button, listed.confirm.confirm_button.rect().center())
        await _until(lambda: not listed.confirm.isVisible(), "the question to close")
        stored = (await http.get(f"/api/v1/alerts/{alert['id']}", headers=reader)).json()
        assert stored["state"] == "acknowledged" and stored["acknowledged_by"] == "operator"
        assert abs((datetime.fromisoformat(stored["acknowledged_at"]) - tapped).total_seconds()) < 10
        await _until(lambda: listed.visible_alerts()[0].state is AlertState.ACKNOWLEDGED, "the ack on the wall")
        await _until(lambda: not listed.flashing_now() and not listed._flash.isActive(), "the flash to stop")
        assert viewer_list.visible_alerts()[0].acknowledged_by == "operator"
        window.grab().save(str(SHOTS / "alerts-e2e-wall-acked.png"))
        # The ticker's item under a tap is the one acknowledged: a tap at its strip position asks nothing now.
        ticker.grab()
        span = next(s for s in ticker.strip.spans if s.item.alert_id == alert["id"])
        x = ticker.strip_x + span.left + 5
        if 0 <= x < ticker.width():
            _tap(ticker, QPoint(int(x), ticker.height() // 2))
            assert not ticker.confirm.isVisible()
    finally:
        await http.aclose()
        for feed in feeds:
            feed.cancel()
        await asyncio.gather(*feeds, return_exceptions=True)
        for wall in (operator_wall, viewer_wall):
            for window in wall.windows:
                window.release()
                window.close()
                window.deleteLater()


@pytest.fixture
def site(live_server: tuple[ServerProcess, dict[str, str]]) -> tuple[ServerProcess, dict[str, str]]:
    """Wall 'alerts-e2e' of one monitor: a list of Cao Lộc's major and critical alerts over a ticker of all."""
    server, tokens = live_server
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    with httpx.Client(base_url=server.http, timeout=10, headers=admin) as http:
        # The area filter names an area the server knows: a camera's.
        http.put("/api/v1/cameras/ql1a-cao-loc", json={"id": "ql1a-cao-loc", "name": "QL1A Cao Lộc",
                                                        "area": "Cao Lộc", "main_url": "rtsp://127.0.0.1:9/a"},
                 ).raise_for_status()
        http.put(f"/api/v1/layouts/{LAYOUT['id']}", json=LAYOUT).raise_for_status()
        http.put(f"/api/v1/walls/{WALL}", json={"name": WALL, "title": "Tường cảnh báo",
                                                "monitors": [{"index": 0, "layout": LAYOUT["id"]}]}).raise_for_status()
    return server, tokens


def test_a_critical_alert_flashes_crawls_and_an_operators_wall_acknowledges_it(qt_loop, site):
    """Flashes in the list, crawls in the ticker; the operator's wall acks by tap + confirm (server: who, when);
    the viewer's wall offers nothing and the server refuses its ack."""
    server, tokens = site
    SHOTS.mkdir(parents=True, exist_ok=True)
    qt_loop.run_until_complete(asyncio.wait_for(_scenario(server, tokens), 90))
