"""The alert tile offscreen: a new critical alert flashes, the ticker crawls from a cached strip, filters,
and a tap asks an operator's wall to acknowledge (a viewer's wall reacts to nothing). Pixels and widget state."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest

from server.bundled_layouts import DEFAULT_LAYOUTS_DIR, load_dir
from tests.support.clock import ManualClock
from tests.support.pixels import changed_share, colour_share
from tests.support.shots import shots_dir
from wall_client.model.wall_model import WallModel
from wall_client.ui import theme
from wall_client.ui.tiles.alerts import AlertsTile
from wall_client.ui.tiles.base import TileContext
from wall_client.ui.wall_window import WallWindow
from wall_protocol.common import AlertCategory, AlertState, Role, Severity
from wall_protocol.entities import Alert, Layout, MonitorState, TileKind, WallState
from wall_protocol.messages import AlertDelta, Result, Snapshot
from wall_protocol.tiles import make_tile

SHOTS = shots_dir("alerts")
T0 = datetime(2026, 12, 6, 7, 0, 0, tzinfo=UTC)
LIT, DARK = T0 + timedelta(seconds=3), T0 + timedelta(seconds=3.25)  # the two halves of one flash (2 Hz)


def _alert(id: int, severity: Severity = Severity.CRITICAL, *, area: str = "Cao Lộc", title: str = "",
           category: AlertCategory = AlertCategory.TRAFFIC, state: AlertState = AlertState.NEW) -> Alert:
    return Alert(id=id, category=category, severity=severity, title=title or f"Tai nạn giao thông số {id}",
                 area=area, state=state, created_at=T0)


def _store(props: dict[str, Any], alerts: tuple[Alert, ...] = ()) -> WallModel:
    layout = Layout(id="ticker", name="Ticker", cols=1, rows=1,
                    tiles=(make_tile(id="alerts", kind=TileKind.ALERTS, col=0, row=0, props=props),))
    store = WallModel()
    store.apply_snapshot(Snapshot(
        seq=1, walls=(WallState(name="main", title="Tường", monitors=(MonitorState(index=0, layout="ticker"),)),),
        cameras=(), layouts=(layout,), alerts=alerts, series=(), latest=()))
    store.set_connected(True, "", T0)
    return store


class Sent:
    """A stand-in for the feed's request in these unit tests: it records the commands (the live test sends them)."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    async def __call__(self, message: dict[str, Any]) -> Result:
        self.messages.append(message)
        return Result(id="c1")


@pytest.fixture
def make(qtbot: Any) -> Iterator[Any]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    def build(props: dict[str, Any], alerts: tuple[Alert, ...] = (), size: tuple[int, int] = (900, 300),
              role: Role | None = None) -> tuple[AlertsTile, WallModel, Sent]:
        store, sent = _store(props, alerts), Sent()
        tile = AlertsTile(store.monitor_tiles("main", 0)[1][0], TileContext(store, "http://127.0.0.1:1", role=role,
                                                                            request=sent))
        qtbot.addWidget(tile)
        tile.clock = lambda: LIT
        tile.monotonic = ManualClock()
        tile.tick(T0 + timedelta(seconds=3))  # the timers follow the test's clock from here
        tile.grab()  # as shown: where its rows are
        tile.resize(*size)
        tile.show()
        return tile, store, sent
    yield build


def _shot(tile: AlertsTile, at: datetime) -> QImage:
    tile.clock = lambda: at
    return tile.grab().toImage()


def test_a_new_critical_alert_flashes_for_flash_s_then_stays_still(make):
    """Lit half: a red row; dark half: only the 6 px severity bar; after flash_s both halves look the same."""
    tile, _, _ = make({"flash_s": 10}, (_alert(1),))
    lit, dark = _shot(tile, LIT), _shot(tile, DARK)
    lit.save(str(SHOTS / "alerts-list-flash-lit.png"))
    dark.save(str(SHOTS / "alerts-list-flash-dark.png"))
    assert colour_share(lit, theme.ALARM) > 0.1, "the lit half paints the row red"
    assert colour_share(dark, theme.ALARM) < 0.02, "the dark half shows the severity bar only"
    assert tile.flashing_now() and tile._flash.isActive()
    late = T0 + timedelta(seconds=10.5)
    assert colour_share(_shot(tile, late), theme.ALARM) < 0.02
    assert colour_share(_shot(tile, late + timedelta(seconds=0.25)), theme.ALARM) < 0.02
    tile.tick(late)
    assert not tile.flashing_now() and not tile._flash.isActive(), "no repaint timer once nothing flashes"


def test_an_acknowledged_or_minor_alert_and_flash_s_0_never_flash(make):
    """Only new critical alerts flash, and not at all when the tile's flash_s is 0."""
    tile, _, _ = make({}, (_alert(1, state=AlertState.ACKNOWLEDGED), _alert(2, Severity.MAJOR)))
    assert colour_share(_shot(tile, LIT), theme.ALARM) < 0.02 and not tile.flashing_now()
    still, _, _ = make({"flash_s": 0}, (_alert(3),))
    assert colour_share(_shot(still, LIT), theme.ALARM) < 0.02 and not still.flashing_now()


def test_filters_by_area_category_and_severity(make):
    """Only alerts of the tile's areas (any letter case), categories and severity floor are listed."""
    alerts = (_alert(1, area="Cao Lộc"), _alert(2, area="Lộc Bình"), _alert(3, Severity.MINOR, area="cao lộc"),
              _alert(4, area="Cao Lộc", category=AlertCategory.HEALTH), _alert(5, Severity.MAJOR, area="CAO LỘC"))
    tile, _, _ = make({"areas": ["Cao Lộc"], "categories": ["traffic"], "min_severity": "major"}, alerts)
    assert [a.id for a in tile.visible_alerts()] == [1, 5]


def test_the_ticker_crawls_a_cached_strip_and_flashes_its_critical_item(make):
    """The strip is drawn once; moving the clock moves the text left by speed × time; the critical item flashes."""
    alerts = (_alert(1, title="Tai nạn liên hoàn trên QL1A - Cao Lộc"),
              _alert(2, Severity.MINOR, title="Phản ánh: đèn chiếu sáng hỏng", area="Lộc Bình"))
    tile, store, _ = make({"mode": "ticker", "ticker_speed": 100}, alerts, size=(1280, 90))
    clock = tile.monotonic
    assert tile.crawling(), "the crawl timer runs while there is something to crawl"
    tile.grab()  # the strip is drawn and starts at the right edge
    clock.now += 4.0  # 400 px in from the right edge
    first = _shot(tile, LIT)
    x_first = tile.strip_x
    first.save(str(SHOTS / "alerts-ticker-lit.png"))
    clock.now += 0.5
    second = _shot(tile, DARK)
    second.save(str(SHOTS / "alerts-ticker-dark.png"))
    assert x_first - tile.strip_x == pytest.approx(50, abs=1), "100 px/s for 0.5 s"
    assert changed_share(first, second) > 0.01
    assert colour_share(first, theme.ALARM) > colour_share(second, theme.ALARM) + 0.05, "the critical item flashes"
    renders = tile.strip.renders
    for _ in range(30):
        clock.now += 1 / 60
        tile.grab()
    assert tile.strip.renders == renders, "a crawl step slides the cached strip, it does not draw the text again"
    store.apply(AlertDelta(seq=2, alert=_alert(3, title="Sạt lở đất trên QL4B")))
    tile.grab()
    assert tile.strip.renders == renders + 1 and tile.strip_x == pytest.approx(tile.body_rect().right() + 1), \
        "a new alert starts the strip again at the right edge"
    clock.now += 2.0
    store.apply(AlertDelta(seq=3, alert=_alert(3, title="Sạt lở đất trên QL4B", state=AlertState.ACKNOWLEDGED)))
    tile.grab()
    assert tile.strip.renders == renders + 2 and tile.strip_x == pytest.approx(tile.body_rect().right() + 1 - 200), \
        "an ack changes the words, not the place"
    for alert in (1, 2, 3):
        store.apply(AlertDelta(seq=3 + alert, alert=_alert(alert, state=AlertState.RESOLVED)))
    assert not tile.crawling(), "an empty ticker does not repaint"


def test_an_operator_taps_an_alert_confirms_and_the_ack_is_sent(make, qtbot, qt_loop):
    """Tap a row → the question covers the tile; "Xác nhận" sends ack_alert for that alert."""
    tile, _, sent = make({}, (_alert(7), _alert(8, Severity.MAJOR)), role=Role.OPERATOR)
    assert tile.cursor().shape() == Qt.CursorShape.PointingHandCursor

    async def tap_and_confirm() -> None:  # in the loop the wall runs: the command is sent from it
        row, alert = tile._rows[1]
        qtbot.mouseClick(tile, Qt.MouseButton.LeftButton, pos=row.center())
        assert tile.confirm.isVisible() and tile.confirm.alert_id == alert.id == 8
        assert "Tai nạn giao thông số 8" in tile.confirm.question.text()
        tile.grab().save(str(SHOTS / "alerts-list-confirm.png"))
        qtbot.mouseClick(tile.confirm.confirm_button, Qt.MouseButton.LeftButton)
        for _ in range(100):
            if sent.messages and not tile.confirm.isVisible():
                break
            await asyncio.sleep(0.02)

    qt_loop.run_until_complete(asyncio.wait_for(tap_and_confirm(), 10))
    assert sent.messages == [{"type": "ack_alert", "alert": 8, "comment": ""}]
    assert not tile.confirm.isVisible()


def test_an_operator_taps_the_ticker_item_under_the_finger(make, qtbot):
    """On the ticker the question names the item that was under the tap at that moment."""
    alerts = (_alert(1, title="Một"), _alert(2, Severity.MAJOR, title="Hai"))
    tile, _, _ = make({"mode": "ticker"}, alerts, size=(1280, 90), role=Role.ADMIN)
    tile.grab()
    tile.monotonic.now += 100 / 120  # 100 px in: the first item's badge is under x = 1280 - 80
    tile.grab()
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton, pos=QPoint(1280 - 80, 45))
    assert tile.confirm.isVisible() and tile.confirm.alert_id == 1 and not tile.crawling()
    tile.grab().save(str(SHOTS / "alerts-ticker-confirm.png"))
    qtbot.mouseClick(tile.confirm.cancel_button, Qt.MouseButton.LeftButton)
    assert not tile.confirm.isVisible() and tile.crawling()


def test_a_viewers_wall_reacts_to_no_tap(make, qtbot):
    """With a viewer's token the tile has no pointing hand and a tap asks nothing."""
    tile, _, sent = make({}, (_alert(7),), role=Role.VIEWER)
    assert tile.cursor().shape() == Qt.CursorShape.ArrowCursor
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton, pos=tile._rows[0][0].center())
    assert not tile.confirm.isVisible() and sent.messages == []


LONG = ("Va chạm liên hoàn giữa xe tải chở hàng xuất khẩu và xe khách giường nằm trên Quốc lộ 1A đoạn qua "
        "thị trấn Đồng Mỏ, huyện Chi Lăng, ùn tắc kéo dài")


def _ink_outside(image: QImage, *inside: QRect) -> int:
    """Pixels of text (lighter than the tile) outside the rectangles `inside`, the border's line aside."""
    count = 0
    for y in range(1, image.height() - 1):
        for x in range(1, image.width() - 1):
            if not any(r.contains(x, y) for r in inside) and image.pixelColor(x, y).lightness() > theme.TILE.lightness() + 40:
                count += 1
    return count


@pytest.mark.parametrize("screen", [(1920, 1080), (1366, 768)])
def test_alert_text_stays_inside_its_tile_in_the_shipped_layouts(qtbot, screen):
    """In every shipped layout with an alert tile, at 1920×1080 and 1366×768, long titles and states are shrunk
    and cut with "…" inside the tile: no text pixel in the tile's margin."""
    layouts, _ = load_dir(DEFAULT_LAYOUTS_DIR)
    SHOTS.mkdir(parents=True, exist_ok=True)
    alerts = tuple(_alert(i, [Severity.CRITICAL, Severity.MAJOR, Severity.MINOR][i % 3], title=f"{LONG} ({i})",
                          area="Chi Lăng", state=[AlertState.NEW, AlertState.ACKNOWLEDGED][i % 2]) for i in range(1, 30))
    checked = []
    for layout in (lay for lay in layouts if any(t.kind is TileKind.ALERTS for t in lay.tiles)):
        store = WallModel()
        store.apply_snapshot(Snapshot(seq=1, walls=(WallState(name="main", title="Tường", monitors=(
            MonitorState(index=0, layout=layout.id),)),), cameras=(), layouts=(layout,), alerts=alerts, series=(),
            latest=()))
        store.set_connected(True, "", T0)
        window = WallWindow(TileContext(store, "http://127.0.0.1:1"), "main", 0)
        qtbot.addWidget(window)
        window.resize(*screen)
        window.show()
        for tile_id, tile in window.tiles.items():
            if not isinstance(tile, AlertsTile):
                continue
            tile.clock = lambda: DARK  # the unlit half: the rows' own colours only
            tile.monotonic = ManualClock()
            tile.grab()
            tile.monotonic.now += 1.0  # the ticker's text well inside
            shot = tile.grab().toImage()
            title = QRect(8, 2, tile.width() - 16, tile.title_height())  # where the base draws the title
            assert _ink_outside(shot, tile.body_rect(), title) == 0, \
                f"{layout.id}/{tile_id} at {screen}: text in the margin"
            checked.append(f"{layout.id}/{tile_id}")
            tile.monotonic.now += 8.0  # for the picture: a ticker well under way
        window.grab().save(str(SHOTS / f"alerts-fit-{layout.id}-{screen[0]}x{screen[1]}.png"))
        window.release()
    assert {"ioc-overview/alerts", "giao-thong/ticker"} <= set(checked)


def test_a_touch_tap_asks_as_a_click_does(make):
    """A finger's tap on a touch screen (Qt turns an unhandled touch into a press) opens the question too."""
    tile, _, _ = make({}, (_alert(7),), role=Role.OPERATOR)
    screen = QTest.createTouchDevice()
    at = tile._rows[0][0].center()
    QTest.touchEvent(tile, screen).press(0, at, tile).commit()
    QTest.touchEvent(tile, screen).release(0, at, tile).commit()
    assert tile.confirm.isVisible() and tile.confirm.alert_id == 7


def test_a_short_ticker_repeats_end_to_end_instead_of_leaving_the_tile_empty(make):
    """One short alert, long after it entered: copies of it fill the tile's left and right halves alike."""
    tile, _, _ = make({"mode": "ticker", "ticker_speed": 100}, (_alert(1, Severity.MINOR, title="Mưa to"),),
                      size=(1280, 90))
    tile.grab()
    assert tile.strip.width < 640
    tile.monotonic.now += 60.0
    shot = tile.grab().toImage()
    shot.save(str(SHOTS / "alerts-ticker-repeat.png"))
    halves = [shot.copy(x, 0, 640, 90) for x in (0, 640)]
    assert all(colour_share(half, theme.WARN) > 0.01 for half in halves), "a minor alert's badge in each half"


def test_a_hidden_ticker_does_not_crawl(make):
    """Another tile maximized hides the ticker: its timer stops, and starts again when it is shown."""
    tile, _, _ = make({"mode": "ticker"}, (_alert(1),), size=(1280, 90))
    assert tile.crawling()
    tile.hide()
    assert not tile.crawling()
    tile.show()
    assert tile.crawling()
