"""The console's alarm is heard: our chime through real libVLC while an alert is open on a real server, counted by
libVLC's audio callbacks; acknowledged, it stops; muted, nothing plays; volume and mute persist in the settings."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.support.console import reset_monitor, wait_until
from tests.support.pixels import colour_share
from tests.support.shots import shots_dir
from wall_client.model.wall_model import WallModel
from wall_client.ui import theme
from wall_client.ui.console.alarm_bell import AlarmBell
from wall_client.ui.console.alarm_sound_control import AlarmSoundControl, console_settings
from wall_client.ui.console.style import stylesheet
from wall_client.ui.video.sound import CHIME, SampleTap, VlcSound, read_chime

SHOTS = shots_dir("screens")
SHOTS.mkdir(parents=True, exist_ok=True)
CHIME_SAMPLES = len(read_chime(CHIME)[0])


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _settled(tap: SampleTap, quiet_s: float = 0.5) -> int:
    """The sample count once it has stopped moving for `quiet_s` (a chime is delivered in well under that)."""
    loop = asyncio.get_running_loop()
    last, since = tap.samples, loop.time()
    while loop.time() - since < quiet_s:
        await asyncio.sleep(0.05)
        if tap.samples != last:
            last, since = tap.samples, loop.time()
    return last


def _alarm_rule(server: Any, tokens: dict[str, str]) -> None:
    rule = {"name": "test-alarm-sound", "category": "public_order", "min_severity": "major",
            "area_contains": "Văn Lãng", "alarm_wall": "main"}
    httpx.put(f"{server.http}/api/v1/alert-rules/{rule['name']}", headers=_auth(tokens["admin"]),
              json=rule).raise_for_status()


async def _raise_alert(server: Any, tokens: dict[str, str], title: str) -> int:
    async with httpx.AsyncClient(base_url=server.http, timeout=10) as http:
        answer = await http.post("/api/v1/alerts", headers=_auth(tokens["producer"]), json={
            "category": "public_order", "severity": "critical", "title": title, "area": "Văn Lãng",
            "camera": "na-sam"})
        answer.raise_for_status()
        return int(answer.json()["id"])


async def _console_with_tap(open_console: Any, server: Any, tokens: dict[str, str]) -> tuple[Any, SampleTap, VlcSound]:
    """A console whose alarm sound is real libVLC, its samples going to a tap rather than a sound card."""
    reset_monitor(server, tokens["operator"])
    _alarm_rule(server, tokens)
    app = await open_console(server.ws, tokens["operator"])
    tap = SampleTap()
    app.window.bell.sounder = sound = VlcSound(tap=tap)
    return app, tap, sound


def test_an_alert_sounds_the_chime_until_it_is_acknowledged(console_server, qt_loop, open_console):
    """An alert with an alarm rule: the chime's samples flow at once and again each second; after the operator
    acknowledges, not one more sample."""
    server, tokens = console_server

    async def scenario() -> None:
        app, tap, sound = await _console_with_tap(open_console, server, tokens)
        await asyncio.sleep(1.0)
        assert tap.samples == 0, "silence while no alarm is open"
        alert = await _raise_alert(server, tokens, "Tụ tập đông người tại Na Sầm")
        await wait_until(lambda: tap.samples >= CHIME_SAMPLES, what="the first chime's samples")
        await asyncio.sleep(2.2)
        assert tap.samples >= 3 * CHIME_SAMPLES, f"the chime repeats each second: {tap.samples} samples"
        assert tap.energy / (tap.samples / CHIME_SAMPLES) > 100, "each chime is loud (80%), not silence"
        app.window.grab().save(str(SHOTS / "sound-alarm-ringing.png"))

        panel = app.window.alerts
        await wait_until(lambda: alert in app.store.alerts, what="the alert in the panel")
        panel.select_alert(alert)
        QTest.mouseClick(panel.ack_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: not app.window.bell.ringing, what="the alarm to clear")
        heard = await _settled(tap)
        await asyncio.sleep(1.5)
        assert tap.samples == heard, "no sound after the acknowledgement"
        sound.release()

    qt_loop.run_until_complete(scenario())


def test_muted_the_alarm_plays_no_sample_and_unmuting_sounds_it_at_once(console_server, qt_loop, open_console):
    """With the console muted an open alarm flashes but plays nothing; a click on the mute button sounds it."""
    server, tokens = console_server

    async def scenario() -> None:
        app, tap, sound = await _console_with_tap(open_console, server, tokens)
        control = app.window.alarm_sound
        QTest.mouseClick(control.mute_button, Qt.MouseButton.LeftButton)
        assert app.window.bell.muted
        alert = await _raise_alert(server, tokens, "Tụ tập đông người tại chợ Na Sầm")
        await wait_until(lambda: app.window.bell.ringing, what="the alarm")
        await asyncio.sleep(1.5)
        assert tap.samples == 0, "muted: no sample at all"
        app.window.grab().save(str(SHOTS / "sound-alarm-muted.png"))
        QTest.mouseClick(control.mute_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: tap.samples >= CHIME_SAMPLES, timeout=3, what="the chime once unmuted")
        panel = app.window.alerts
        await wait_until(lambda: alert in app.store.alerts, what="the alert in the panel")
        panel.select_alert(alert)
        QTest.mouseClick(panel.ack_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: not app.window.bell.ringing, what="the alarm to clear")
        sound.release()

    qt_loop.run_until_complete(scenario())


class _Silent:
    def __init__(self) -> None:
        self.volumes: list[int] = []

    def play(self, volume: int) -> None:
        self.volumes.append(volume)

    def stop(self) -> None:
        pass

    def release(self) -> None:
        pass


def test_volume_and_mute_are_kept_in_the_console_settings_and_mute_shows_in_red(qtbot):
    """Moving the slider and muting write the settings; a new console reads them back; muted is red and says so."""
    settings = console_settings()
    bell = AlarmBell(WallModel(), _Silent())
    control = AlarmSoundControl(bell, settings)
    control.setStyleSheet(stylesheet())  # as in the console: dark
    qtbot.addWidget(control)
    control.show()
    control.adjustSize()
    assert (bell.volume, bell.muted, control.percent.text()) == (80, False, "80%")
    control.slider.setValue(35)
    QTest.mouseClick(control.mute_button, Qt.MouseButton.LeftButton)
    assert (bell.volume, bell.muted) == (35, True)
    control.adjustSize()  # a top-level widget here; in the console the status bar lays it out again
    assert control.mute_button.text() == "ĐÃ TẮT ÂM BÁO ĐỘNG" and not control.slider.isEnabled()
    assert colour_share(control.mute_button.grab().toImage(), theme.ALARM, tolerance=40) > 0.4
    control.grab().save(str(SHOTS / "sound-control-muted.png"))

    written = Path(settings.fileName()).read_text(encoding="utf-8")
    assert "[alarm]" in written and "volume=35" in written and "muted=true" in written, written
    bell2 = AlarmBell(WallModel(), silent := _Silent())
    control2 = AlarmSoundControl(bell2, console_settings())
    control2.setStyleSheet(stylesheet())
    qtbot.addWidget(control2)
    control2.adjustSize()
    assert (bell2.volume, bell2.muted, control2.mute_button.isChecked(), control2.percent.text()) == (35, True, True,
                                                                                                    "35%")
    QTest.mouseClick(control2.mute_button, Qt.MouseButton.LeftButton)
    control2.slider.sliderReleased.emit()  # letting go of the slider plays one chime to hear the volume
    assert silent.volumes == [35] and control2.mute_button.text() == "Âm báo động"
    control2.adjustSize()
    assert colour_share(control2.mute_button.grab().toImage(), theme.ALARM, tolerance=40) < 0.05
    control2.grab().save(str(SHOTS / "sound-control-on.png"))
