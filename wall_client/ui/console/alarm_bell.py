"""Alarm-to-wall on the console: flash the alarm tiles' borders (2 Hz) and sound until acknowledged.

Everything follows from the wall state: a tile is in alarm while the server marks it
(`TileState.alarm`), and the server clears the mark when the alert is acknowledged or resolved,
so acknowledging in the alerts panel (the usual path) stops the flashing and the sound.

The sound is our chime played through libVLC (wall_client/ui/video/sound.py; the desktop bell, silent on
many Linux desktops, only when libVLC cannot be loaded), at the operator's volume unless muted. The sound is a
plug-in: anything with `play(volume)`, `stop()` and `release()` — tests count the calls or the samples.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from wall_client.model.alarms import alarms_on_walls
from wall_client.model.wall_model import WallModel
from wall_client.ui.video.sound import VlcSound

FLASH_MS = 250
"""Half a period of the border flash: on 250 ms, off 250 ms (2 Hz), as control-room alarms blink."""
SOUND_EVERY = 4
"""A sound every 4 flashes (once a second): insistent, yet operators can still talk over it."""
DEFAULT_VOLUME = 80


class Sounder(Protocol):
    def play(self, volume: int) -> None:
        """Make one alarm sound at `volume` percent (short: it is repeated while the alarm lasts)."""

    def stop(self) -> None:
        """Cut the sound short (the alarm was acknowledged, or the operator muted it)."""

    def release(self) -> None:
        """Free what the sound holds; the console is closing."""


class AlarmBell(QObject):
    """Which alerts are in alarm on any wall, the flash phase, and the sound while any is."""

    flash_changed = Signal()
    alarms_changed = Signal()
    sound_changed = Signal()  # volume or mute

    def __init__(self, store: WallModel, sounder: Sounder | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.sounder: Sounder = sounder or VlcSound()
        self.volume = DEFAULT_VOLUME
        self.muted = False
        self.alarms: set[int] = set()
        self.flash_on = False
        self._ticks = 0
        self._timer = QTimer(self)
        self._timer.setInterval(FLASH_MS)
        self._timer.timeout.connect(self._tick)
        store.wall_changed.connect(lambda _name: self.refresh())
        store.reset.connect(self.refresh)
        self.refresh()

    @property
    def ringing(self) -> bool:
        return bool(self.alarms)

    def refresh(self) -> None:
        alarms = alarms_on_walls(self.store.walls.values())
        if alarms == self.alarms:
            return
        new = alarms - self.alarms
        self.alarms = alarms
        if alarms and (new or not self._timer.isActive()):
            self._ticks = 0
            self.flash_on = True
            self._sound()  # at once: the operator hears the new alarm, not a quarter second later
            self._timer.start()
        elif not alarms:
            self._timer.stop()
            self.sounder.stop()
            self.flash_on = False
        self.alarms_changed.emit()
        self.flash_changed.emit()

    def _tick(self) -> None:
        self._ticks += 1
        self.flash_on = not self.flash_on
        if self._ticks % SOUND_EVERY == 0:
            self._sound()
        self.flash_changed.emit()

    def _sound(self) -> None:
        if not self.muted and self.volume > 0:
            self.sounder.play(self.volume)

    def set_volume(self, volume: int) -> None:
        """The alarm's volume in percent (0–100), from the next chime on."""
        volume = max(0, min(100, volume))
        if volume != self.volume:
            self.volume = volume
            self.sound_changed.emit()

    def set_muted(self, muted: bool) -> None:
        """Mute (the flashing goes on: the alarm is still open) or sound again, at once if an alarm is open."""
        if muted == self.muted:
            return
        self.muted = muted
        if muted:
            self.sounder.stop()
        elif self.ringing:
            self._sound()
        self.sound_changed.emit()

    def try_sound(self) -> None:
        """One chime at the set volume, so the operator hears what they chose (not while an alarm sounds anyway)."""
        if not self.ringing:
            self._sound()

    def stop(self) -> None:
        self._timer.stop()
        self.sounder.stop()

    def release(self) -> None:
        self.stop()
        self.sounder.release()
