"""The detection event browser (Ctrl+D) against a real server: filters, pages, snapshots, preview and wall tile."""

from __future__ import annotations

import io
import time
from datetime import datetime, timedelta
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy.orm import Session

from server.domain import detections
from server.store.context import WriteContext
from server.store.db import make_engine
from tests.support.console import reset_monitor, wait_until
from tests.support.pixels import colour_share
from tests.support.server_process import ServerProcess
from tests.support.shots import shots_dir
from tests.support.ws_client import WallClient
from wall_client.model.event_browser import PAGE_SIZE, Span
from wall_client.ui.console.camera_tree import cameras_from_mime
from wall_client.ui.console.event_browser import EVENT_ROLE, THUMBNAIL, EventBrowser
from wall_protocol.common import Severity, utc_now
from wall_protocol.entities import CameraSource
from wall_protocol.messages import Delta

SHOTS = shots_dir("screens")
RED, GREEN, BLUE = (220, 30, 30), (30, 200, 60), (40, 60, 230)
FACTS = {"huu-nghi": detections.CameraFacts("huu-nghi", "Cửa khẩu Hữu Nghị", "Cao Lộc", Severity.MAJOR),
         "dong-dang": detections.CameraFacts("dong-dang", "Ga Đồng Đăng", "Cao Lộc", Severity.MAJOR),
         "na-sam": detections.CameraFacts("na-sam", "Thị trấn Na Sầm", "Văn Lãng", Severity.MINOR)}


def _jpeg(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 360), colour).save(out, "JPEG", quality=90)
    return out.getvalue()


def _record(server: ServerProcess, events: list[tuple[str, str, str, str, datetime, tuple[int, int, int] | None]]
            ) -> list[int]:
    """Events written straight into the server's store as its detector does (server/domain/detections.py):
    (camera, zone, zone title, label, started at, snapshot colour or None); each ends 30 s after it started."""
    engine = make_engine(server.db_url, writer=True)
    made = []
    try:
        for camera, zone, zone_title, label, at, colour in events:
            with Session(engine) as session, session.begin():
                context = WriteContext(session, last_seq=0, cache={})
                shot = detections.EventImage(_jpeg(colour), 0.9, at) if colour is not None else None
                made.append(detections.start(context, FACTS[camera], zone, zone_title, label, at, 2, 0.9, shot))
                detections.end(context, camera, zone, label, at + timedelta(seconds=30))
    finally:
        engine.dispose()
    return made


def _shot(widget: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"console-{name}.png"))


def _shown(browser: EventBrowser) -> list[int]:
    return [browser.event_list.item(r).data(EVENT_ROLE).id for r in range(browser.event_list.count())]


async def _search(browser: EventBrowser) -> None:
    QTest.mouseClick(browser.search_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: not browser.loading, what="the page of events")


def _near(image: QImage, colour: tuple[int, int, int]) -> float:
    return colour_share(image, QColor(*colour), tolerance=60)


@pytest.fixture(scope="module")
def recorded(console_server: tuple[ServerProcess, dict[str, str]]) -> dict[str, list[int]]:
    """Events on three cameras: two zones at Hữu Nghị (red and green pictures), one three days old (blue),
    one without a picture, and 30 more at Na Sầm for paging."""
    server, _tokens = console_server
    now = utc_now()
    return {
        "recent": _record(server, [
            ("huu-nghi", "loi-vao", "Lối vào", "person", now - timedelta(minutes=20), RED),
            ("huu-nghi", "bai-xe", "Bãi xe", "truck", now - timedelta(minutes=10), GREEN),
            ("dong-dang", "all", "", "person", now - timedelta(minutes=5), None)]),
        "old": _record(server, [("huu-nghi", "loi-vao", "Lối vào", "person", now - timedelta(days=3), BLUE)]),
        "paging": _record(server, [("na-sam", "cho", "Chợ", "person", now - timedelta(hours=2, minutes=i), GREEN)
                                   for i in range(30)]),
    }


def test_events_are_filtered_by_camera_zone_and_time_with_their_snapshots(
        console_server, recorded, qt_loop, open_console):
    """Ctrl+D lists the newest events; camera, zone and time filters narrow them as the server says; the chosen
    event's picture is shown large and as a thumbnail (its colour, in pixels); an event without a picture says so."""
    server, tokens = console_server
    red_event, green_event, no_picture = recorded["recent"]
    [old_event] = recorded["old"]

    async def scenario() -> None:
        app = await open_console(server.ws, tokens["viewer"])  # browsing is for every role
        window = app.window
        window.activateWindow()
        await wait_until(lambda: QApplication.activeWindow() is window, what="the console to be active")
        QTest.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
        browser = window.event_browser
        assert browser is not None and browser.isVisible()
        await wait_until(lambda: browser.event_list.count() > 0 and not browser.loading, what="the newest events")
        # Newest recorded first, of the last 24 h: one page of them (the old event is not there).
        assert _shown(browser) == [*recorded["paging"][::-1], no_picture, green_event, red_event][:PAGE_SIZE]

        browser.choose_camera("huu-nghi")
        await _search(browser)
        assert _shown(browser) == [green_event, red_event]
        assert browser.event_list.item(1).text().split("\n")[1] == "Lối vào · người ×2 · 90% · 30 giây"
        assert browser.event_list.item(1).text().split("\n")[0].endswith(" · Cửa khẩu Hữu Nghị")
        browser.choose_zone("loi-vao")  # offered by its title, from the events seen
        assert browser.zone_choice.currentText() == "Lối vào"
        await _search(browser)
        assert _shown(browser) == [red_event]
        await wait_until(lambda: red_event in browser.pictures, what="the red snapshot")
        big = browser.picture.grab().toImage()
        assert _near(big, RED) > 0.5, "the chosen event's picture, large"
        thumb = browser.event_list.item(0).icon().pixmap(160, 90).toImage()
        assert _near(thumb, RED) > 0.5, "its thumbnail"
        _shot(browser, "events-zone-filter")

        browser.choose_span(Span.ALL)
        await _search(browser)
        assert _shown(browser) == [old_event, red_event]  # by when recorded, newest first
        now = utc_now()
        browser.choose_span(Span.CUSTOM, (now - timedelta(days=3, hours=1), now - timedelta(days=2)))
        await _search(browser)
        assert _shown(browser) == [old_event]
        await wait_until(lambda: old_event in browser.pictures, what="the blue snapshot")
        assert _near(browser.picture.grab().toImage(), BLUE) > 0.5
        browser.choose_span(Span.CUSTOM, (now, now - timedelta(hours=1)))  # backwards: refused before asking
        await _search(browser)
        assert browser.message.text() == "Thời điểm kết thúc phải sau thời điểm bắt đầu"

        browser.choose_camera("dong-dang")
        browser.choose_zone(None)
        assert browser.zone_choice.currentText() == "Mọi vùng"
        browser.choose_span(Span.DAY)
        await _search(browser)
        assert _shown(browser) == [no_picture]
        assert browser.picture.text() == "Sự kiện này chưa có ảnh"

    qt_loop.run_until_complete(scenario())


def test_pages_go_back_and_forth_and_a_click_sends_the_camera_to_the_preview_and_a_tile(
        console_server, recorded, qt_loop, open_console):
    """Thirty events of one camera make two pages (25 + 5; older/newer); choosing an event plays its camera in
    the preview; with a miniature tile selected, Enter puts it on that tile (a wall PC sees it); its drag
    carries the camera like the camera tree's."""
    server, tokens = console_server
    reset_monitor(server, tokens["operator"])
    paging = recorded["paging"]

    async def scenario() -> None:
        wall_pc = WallClient(server.ws, tokens["viewer"], wall="main")
        await wall_pc.connect()
        app = await open_console(server.ws, tokens["operator"])
        window = app.window
        window.open_event_browser()
        browser = window.event_browser
        assert browser is not None
        assert browser.zone_choice.currentText() == "Mọi vùng"
        browser.choose_camera("na-sam")
        started = time.monotonic()
        await _search(browser)
        listed = time.monotonic() - started
        await wait_until(lambda: all(e.id in browser.pictures for e in browser.events), what="25 thumbnails")
        pictured = time.monotonic() - started
        print(f"\nevent page of {PAGE_SIZE}: listed in {listed * 1000:.0f} ms, with every thumbnail in "
              f"{pictured * 1000:.0f} ms")
        assert _shown(browser) == paging[::-1][:PAGE_SIZE] and browser.older_button.isEnabled()
        assert browser.page_label.text() == "Trang 1" and not browser.newer_button.isEnabled()
        QTest.mouseClick(browser.older_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: not browser.loading, what="the older page")
        assert _shown(browser) == paging[::-1][PAGE_SIZE:] and not browser.older_button.isEnabled()
        assert browser.page_label.text() == "Trang 2"
        QTest.mouseClick(browser.newer_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: not browser.loading, what="the newer page")
        assert _shown(browser) == paging[::-1][:PAGE_SIZE]

        assert window.preview.view.tile.props.camera is None, "a page shown leaves the preview alone"  # type: ignore[union-attr]
        browser.choose_camera("huu-nghi")
        await _search(browser)
        item = browser.event_list.item(0)
        QTest.mouseClick(browser.event_list.viewport(), Qt.MouseButton.LeftButton,
                         pos=browser.event_list.visualItemRect(item).center())
        assert window.preview.view.tile.props.camera == "huu-nghi"  # type: ignore[union-attr]
        mini = window.walls.miniature("main", 1)
        QTest.mouseClick(mini, Qt.MouseButton.LeftButton, pos=mini.tile_centre("video-4"))
        assert app.actions.selected_tile == ("main", 1, "video-4")
        browser.event_list.setFocus()
        QTest.keyClick(browser.event_list, Qt.Key.Key_Return)

        def on_tile(delta: Delta) -> bool:
            if delta.kind != "wall" or delta.wall.name != "main":
                return False
            tile = next((t for t in delta.wall.monitors[1].tiles if t.tile == "video-4"), None)
            return tile is not None and isinstance(tile.source, CameraSource) and tile.source.camera == "huu-nghi"

        await wall_pc.wait_for_delta(on_tile, timeout=5)
        assert cameras_from_mime(browser.event_list.mimeData([item])) == ["huu-nghi"]
        await wait_until(lambda: all(e.id in browser.pictures for e in browser.events), what="every snapshot")
        thumb = browser.event_list.item(0).icon().pixmap(THUMBNAIL, QIcon.Mode.Selected).toImage()
        assert _near(thumb, GREEN) > 0.5, "a chosen row's thumbnail is not tinted"
        _shot(browser, "events-browser")
        _shot(window, "events-console-after-send")
        await wall_pc.close()

    qt_loop.run_until_complete(scenario())

