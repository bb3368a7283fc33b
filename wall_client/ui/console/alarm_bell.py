"""Alarm-to-wall on the console: flash the alarm tiles' borders (2 Hz) and sound until acknowledged.

Everything follows from the wall state: a tile is in alarm while the server marks it
(`TileState.alarm`), and the server clears the mark when the alert is acknowledged or resolved,
so acknowledging in the alerts panel (the usual path) stops the flashing and the sound.

PySide6-Essentials has no QtMultimedia, so the default sound is the system bell
(`QApplication.beep()`, which needs no process and no audio library). The sound is a plug-in:
anything with `play()` — tests count the calls.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from wall_client.model.alarms import alarms_on_walls
from wall_client.model.wall_model import WallModel

FLASH_MS = 250
"""Half a period of the border flash: on 250 ms, off 250 ms (2 Hz), as control-room alarms blink."""
SOUND_EVERY = 4
"""A sound every 4 flashes (once a second): insistent, yet operators can still talk over it."""


class Sounder(Protocol):
    def play(self) -> None:
        """Make one alarm sound (short: it is repeated while the alarm lasts)."""


class BellSounder:
    """The desktop's bell: works on every Debian desktop without QtMultimedia or a subprocess."""

    def __init__(self) -> None:
        self.played = 0

    def play(self) -> None:
        self.played += 1
        QApplication.beep()


class AlarmBell(QObject):
    """Which alerts are in alarm on any wall, the flash phase, and the sound while any is."""

    flash_changed = Signal()
    alarms_changed = Signal()

    def __init__(self, store: WallModel, sounder: Sounder | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.sounder: Sounder = sounder or BellSounder()
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
            self.sounder.play()  # at once: the operator hears the new alarm, not a quarter second later
            self._timer.start()
        elif not alarms:
            self._timer.stop()
            self.flash_on = False
        self.alarms_changed.emit()
        self.flash_changed.emit()

    def _tick(self) -> None:
        self._ticks += 1
        self.flash_on = not self.flash_on
        if self._ticks % SOUND_EVERY == 0:
            self.sounder.play()
        self.flash_changed.emit()

    def stop(self) -> None:
        self._timer.stop()
