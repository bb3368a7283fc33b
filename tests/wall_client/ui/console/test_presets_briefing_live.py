"""Presets, alarms, briefings and the freeze on the console, against a real server and real wall clients."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from tests.support.console import reset_monitor, running_wall, wait_until
from tests.support.pixels import colour_share
from tests.support.shots import shots_dir
from tests.support.ws_client import WallClient
from wall_client.ui import theme
from wall_client.ui.console.app import ConsoleApp
from wall_client.ui.freeze_marker import FreezeMarker
from wall_client.ui.tiles.kpi import KpiTile
from wall_protocol.entities import CameraSource, WallState
from wall_protocol.messages import Delta

SHOTS = shots_dir("briefing")


def _shot(image: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    image.save(str(SHOTS / f"{name}.png"))


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _preset(name: str, title: str, camera: str, layout: str = "cameras-2x2", shortcut: int | None = None,
            wall: str = "main") -> dict[str, Any]:
    return {"name": name, "title": title, "wall": wall, "shortcut": shortcut, "monitors": [
        {"index": 1, "layout": layout, "tiles": [{"tile": "video-1", "source": {"kind": "camera", "camera": camera}}]}]}


def _camera_on(wall: WallState, tile: str = "video-1", monitor: int = 1) -> str | None:
    current = next(m for m in wall.monitors if m.index == monitor)
    state = next((t for t in current.tiles if t.tile == tile), None)
    return state.source.camera if state is not None and isinstance(state.source, CameraSource) else None


def _shows(camera: str, layout: str):
    def check(delta: Delta) -> bool:
        if delta.kind != "wall" or delta.wall.name != "main":
            return False
        monitor = next(m for m in delta.wall.monitors if m.index == 1)
        return monitor.layout == layout and _camera_on(delta.wall) == camera
    return check


def test_ctrl_1_applies_the_preset_and_a_wall_pc_follows_and_saving_the_wall_makes_a_preset(
        console_server, qt_loop, open_console):
    """Ctrl+1 applies the preset whose shortcut is 1 (another client of the wall gets it); 'save current wall'
    stores a preset of what the wall shows, listed with its own key."""
    server, tokens = console_server
    reset_monitor(server, tokens["operator"])
    # The built-in giao-ban (Ctrl+1) names the demo's cameras; give it this site's so it can be applied.
    httpx.put(f"{server.http}/api/v1/presets/giao-ban", headers=_auth(tokens["operator"]),
              json=_preset("giao-ban", "Giao ban sáng", "huu-nghi", shortcut=1)).raise_for_status()

    async def scenario() -> None:
        wall_pc = WallClient(server.ws, tokens["viewer"], wall="main")
        await wall_pc.connect()
        app = await open_console(server.ws, tokens["operator"])
        window = app.window
        window.activateWindow()
        await wait_until(lambda: window.presets.keys.get(1) == "giao-ban", what="Ctrl+1 mapped to giao-ban")
        assert window.presets.buttons["giao-ban"].text().startswith("Ctrl+1")
        QTest.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
        await wall_pc.wait_for_delta(_shows("huu-nghi", "cameras-2x2"), timeout=5)
        await wait_until(lambda: window.statusBar().currentMessage().startswith("Đã thực hiện: áp dụng cấu hình"),
                         what="the outcome in the status bar")
        _shot(window.grab(), "a-preset-applied-by-ctrl-1")

        # The wall changes (a camera dropped by hand), then the operator saves it.
        app.actions.set_camera("main", 1, "video-2", "na-sam")
        await wall_pc.wait_for_delta(lambda d: d.kind == "wall" and _camera_on(d.wall, "video-2") == "na-sam")
        await wait_until(lambda: _camera_on(app.store.walls["main"], "video-2") == "na-sam")
        window.presets.save_current("main", "Sự cố Na Sầm")
        await wait_until(lambda: "su-co-na-sam" in app.store.presets, what="the saved preset's delta")
        saved = app.store.presets["su-co-na-sam"]
        assert saved.wall == "main" and saved.title == "Sự cố Na Sầm"
        assert _camera_on(WallState(name="main", title="x", monitors=saved.monitors), "video-2") == "na-sam"
        await wait_until(lambda: "su-co-na-sam" in window.presets.buttons, what="the new preset's button")
        key = next(k for k, v in window.presets.keys.items() if v == "su-co-na-sam")
        assert window.presets.buttons["su-co-na-sam"].text() == f"Ctrl+{key}   Sự cố Na Sầm"
        async with httpx.AsyncClient(base_url=server.http, timeout=10) as http:
            stored = (await http.get("/api/v1/presets/su-co-na-sam", headers=_auth(tokens["viewer"]))).json()
        assert stored["monitors"][1]["layout"] == "cameras-2x2"
        # Saving again under the same title replaces it (PUT), keeping one preset.
        window.presets.save_current("main", "Sự cố Na Sầm")
        await app.actions.wait_idle()
        assert window.statusBar().currentMessage().startswith("Đã thực hiện: lưu đè cấu hình")
        window.help.toggle()
        _shot(window.grab(), "b-help-with-preset-keys")
        window.help.toggle()
        await wall_pc.close()

    qt_loop.run_until_complete(scenario())


class CountingSounder:
    def __init__(self) -> None:
        self.played = 0

    def play(self, volume: int) -> None:
        self.played += 1

    def stop(self) -> None:
        pass

    def release(self) -> None:
        pass


def _border(app: ConsoleApp, tile: str) -> QImage:
    mini = app.window.walls.miniature("main", 1)
    r = mini.rects()[tile]
    return mini.grab().toImage().copy(r.x, r.y, r.width, 4)  # the top strip, where the alarm border goes


def test_an_alarm_flashes_the_miniature_and_sounds_until_acknowledged(console_server, qt_loop, open_console):
    """A rule pops an alert's camera into the alarm tile: its miniature border flashes in the alarm colour, the
    sounder is called, the alert's row is highlighted; acknowledging from the alerts panel stops all of it."""
    server, tokens = console_server
    reset_monitor(server, tokens["operator"])  # cameras-3x3: video-9 is the alarm tile
    rule = {"name": "test-alarm-van-lang", "category": "public_order", "min_severity": "major",
            "area_contains": "Văn Lãng", "alarm_wall": "main"}
    httpx.put(f"{server.http}/api/v1/alert-rules/{rule['name']}", headers=_auth(tokens["admin"]),
              json=rule).raise_for_status()

    async def scenario() -> None:
        app = await open_console(server.ws, tokens["operator"])
        sounder = CountingSounder()
        app.window.bell.sounder = sounder
        mini = app.window.walls.miniature("main", 1)
        assert colour_share(_border(app, "video-9"), theme.ALARM, tolerance=30) < 0.2
        async with httpx.AsyncClient(base_url=server.http, timeout=10) as http:
            alert = (await http.post("/api/v1/alerts", headers=_auth(tokens["producer"]), json={
                "category": "public_order", "severity": "critical", "title": "Tụ tập đông người tại Na Sầm",
                "area": "Văn Lãng", "camera": "na-sam"})).json()
        await wait_until(lambda: mini.miniature.tile("video-9").alarm == alert["id"], what="the alarm tile")
        assert sounder.played >= 1
        shares = []
        for _ in range(2):  # two grabs ~250 ms apart: the border is on in one of them
            shares.append(colour_share(_border(app, "video-9"), theme.ALARM, tolerance=30))
            await asyncio.sleep(0.26)
        assert max(shares) > 0.8, shares
        await asyncio.sleep(1.1)
        assert sounder.played >= 2, "the sound repeats while the alarm lasts"
        panel = app.window.alerts
        await wait_until(lambda: alert["id"] in app.store.alerts, what="the alert in the panel")
        assert panel.row_background(alert["id"]) == theme.ALARM_DIM.name()
        await wait_until(lambda: app.window.bell.flash_on, what="the bright half of the flash")
        _shot(app.window.grab(), "c-alarm-flashing")
        _shot(mini.grab(), "c-alarm-miniature")

        panel.select_alert(alert["id"])
        QTest.mouseClick(panel.ack_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: mini.miniature.tile("video-9").alarm is None, what="the alarm to clear")
        played = sounder.played
        assert not app.window.bell.ringing and not app.window.bell.flash_on
        await asyncio.sleep(1.2)
        assert sounder.played == played, "no sound after the acknowledgement"
        assert colour_share(_border(app, "video-9"), theme.ALARM, tolerance=30) < 0.2
        await wait_until(lambda: panel.row_background(alert["id"]) == "", what="the row's highlight to go")
        _shot(app.window.grab(), "d-alarm-acknowledged")

    qt_loop.run_until_complete(scenario())


def test_a_briefing_steps_with_page_down_and_up_and_advances_by_itself(console_server, qt_loop, open_console):
    """Page Down / Page Up apply the briefing's presets in order (a wall PC sees each); with advance_s the steps
    come by themselves; the bar says 'Bước n/N: <title>'."""
    server, tokens = console_server
    reset_monitor(server, tokens["operator"])
    steps = [("brief-1", "Cửa khẩu Hữu Nghị", "huu-nghi", "cameras-2x2"),
             ("brief-2", "Ga Đồng Đăng", "dong-dang", "cameras-3x3"),
             ("brief-3", "Phai Vệ", "phai-ve", "cameras-2x2")]
    with httpx.Client(base_url=server.http, timeout=10, headers=_auth(tokens["operator"])) as http:
        for name, title, camera, layout in steps:
            http.put(f"/api/v1/presets/{name}", json=_preset(name, title, camera, layout)).raise_for_status()
        for name, advance in (("sang-thu-hai", None), ("tu-chay", 1.0)):
            http.put(f"/api/v1/briefings/{name}", json={
                "name": name, "title": "Tự chạy" if advance else "Giao ban thứ hai",
                "steps": [s[0] for s in steps], "advance_s": advance}).raise_for_status()

    async def scenario() -> None:
        wall_pc = WallClient(server.ws, tokens["viewer"], wall="main")
        await wall_pc.connect()
        app = await open_console(server.ws, tokens["operator"])
        window, bar = app.window, app.window.briefing
        window.activateWindow()
        bar.choose("sang-thu-hai")
        assert bar.run is not None and bar.run.briefing.name == "sang-thu-hai"
        QTest.keyClick(window, Qt.Key.Key_PageDown)
        await wall_pc.wait_for_delta(_shows("huu-nghi", "cameras-2x2"), timeout=5)
        assert bar.step_label.text().strip() == "Bước 1/3: Cửa khẩu Hữu Nghị"
        QTest.keyClick(window, Qt.Key.Key_PageDown)
        await wall_pc.wait_for_delta(_shows("dong-dang", "cameras-3x3"), timeout=5)
        assert bar.step_label.text().strip() == "Bước 2/3: Ga Đồng Đăng"
        await wait_until(lambda: app.store.walls["main"].monitors[1].layout == "cameras-3x3")
        _shot(window.grab(), "e-briefing-step-2")
        QTest.keyClick(window, Qt.Key.Key_PageUp)
        await wall_pc.wait_for_delta(_shows("huu-nghi", "cameras-2x2"), timeout=5)
        assert bar.step_label.text().strip() == "Bước 1/3: Cửa khẩu Hữu Nghị"

        async with httpx.AsyncClient(base_url=server.http, timeout=10) as http:  # the wall leaves step 1
            (await http.put("/api/v1/walls/main/monitors/1/layout", headers=_auth(tokens["operator"]),
                            json={"layout": "cameras-4x4"})).raise_for_status()
        await wall_pc.wait_for_delta(lambda d: d.kind == "wall" and d.wall.monitors[1].layout == "cameras-4x4")
        bar.choose("tu-chay")
        started = asyncio.get_running_loop().time()
        bar.start()
        seen = []
        for camera, layout in (("huu-nghi", "cameras-2x2"), ("dong-dang", "cameras-3x3"), ("phai-ve", "cameras-2x2")):
            await wall_pc.wait_for_delta(_shows(camera, layout), timeout=5)
            seen.append(camera)
        assert seen == ["huu-nghi", "dong-dang", "phai-ve"]
        assert asyncio.get_running_loop().time() - started >= 1.9, "each step is shown its advance_s"
        await wait_until(lambda: bar.step_label.text().strip().startswith("Bước 3/3: Phai Vệ"))
        assert not bar.forward_button.isEnabled()
        _shot(window.grab(), "f-briefing-auto-advanced")
        await wall_pc.close()

    qt_loop.run_until_complete(scenario())


FREEZE_WALL = "freeze-e2e"


async def _focus(window: QWidget) -> None:
    """Make `window` the active one, as an operator's click does: its shortcuts (F9) work only there."""
    window.raise_()
    window.activateWindow()
    await wait_until(lambda: QApplication.activeWindow() is window, what="the console window to be active")


def test_f9_freezes_a_wall_whose_kpi_keeps_its_value_until_unfrozen(console_server, qt_loop, open_console):
    """F9 on the console freezes the selected wall (wall delta frozen=true): a wall client's KPI keeps its old
    value while a new sample is recorded, and shows the marker; F9 again unfreezes and the KPI catches up."""
    server, tokens = console_server
    with httpx.Client(base_url=server.http, timeout=10) as http:
        http.put(f"/api/v1/walls/{FREEZE_WALL}", headers=_auth(tokens["admin"]), json={
            "name": FREEZE_WALL, "title": "Tường giao ban",
            "monitors": [{"index": 0, "layout": "briefing-socio-economic"}]}).raise_for_status()

    def post_sample(value: float) -> None:
        from datetime import UTC, datetime
        http_ok = httpx.post(f"{server.http}/api/v1/metrics", headers=_auth(tokens["producer"]), json={
            "samples": [{"series": "grdp-growth", "ts": datetime.now(UTC).isoformat(), "value": value}]})
        http_ok.raise_for_status()

    async def scenario() -> None:
        async with running_wall(server.ws, tokens["viewer"], FREEZE_WALL) as wall:
            app = await open_console(server.ws, tokens["operator"])
            window = app.window
            window.activateWindow()
            await wait_until(lambda: bool(wall.windows), what="the wall client's window")
            kpi = wall.windows[0].tiles["kpi-grdp"]
            assert isinstance(kpi, KpiTile)
            post_sample(7.1)
            await wait_until(lambda: kpi.reading().value == 7.1, what="the KPI's first value")
            app.actions.select_tile(FREEZE_WALL, 0, "kpi-grdp")
            await _focus(window)  # the wall's window opened after the console's: F9 is a shortcut of the console's
            QTest.keyClick(window, Qt.Key.Key_F9)
            await wait_until(lambda: wall.store.walls[FREEZE_WALL].frozen, what="the frozen wall delta")
            await wait_until(lambda: app.store.walls[FREEZE_WALL].frozen and window.briefing.freeze_button.isChecked())
            assert "ĐANG DỪNG HÌNH" in window.walls.groups[FREEZE_WALL].title()
            marker = next(m for m in wall.markers if m.parentWidget() is wall.windows[0])
            assert isinstance(marker, FreezeMarker) and marker.isVisible()
            post_sample(9.4)
            await wait_until(lambda: app.store.series["grdp-growth"].latest.value == 9.4,  # type: ignore[union-attr]
                             what="the console (live) to get the new sample: the server recorded it")
            await asyncio.sleep(0.5)
            assert kpi.reading().value == 7.1, "a frozen wall keeps the value it showed"
            picture = wall.windows[0].grab()
            _shot(picture, "g-wall-frozen")
            assert colour_share(picture.toImage().copy(marker.geometry()), theme.WARN, tolerance=40) > 0.5
            _shot(window.grab(), "h-console-wall-frozen")
            await _focus(window)
            QTest.keyClick(window, Qt.Key.Key_F9)
            await wait_until(lambda: not wall.store.walls[FREEZE_WALL].frozen, what="the unfreeze")
            assert kpi.reading().value == 9.4, "caught up at once with the unfreeze"
            assert not marker.isVisible()
            _shot(wall.windows[0].grab(), "i-wall-unfrozen")

    qt_loop.run_until_complete(scenario())
