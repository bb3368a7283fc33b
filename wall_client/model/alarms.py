"""Alarm-to-wall as the wall shows it: which tiles are in alarm, what their banner says, and tours that wait.

The server marks a tile's state with the alert it shows as an alarm (`TileState.alarm`) and clears it
when the alert is acknowledged or resolved, so everything here follows from the wall state alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from wall_client.model import formatting, terms
from wall_client.model.alert_text import alert_title
from wall_client.model.i18n import translate
from wall_client.model.wall_model import TileView
from wall_protocol.entities import Alert, WallState


def tile_alarm(view: TileView) -> int | None:
    """The id of the alert this tile shows as an alarm, or None."""
    return view.state.alarm if view.state is not None else None


def monitor_has_alarm(views: Iterable[TileView]) -> bool:
    """Whether any tile of a monitor shows an alarm (its tours then wait)."""
    return any(tile_alarm(view) is not None for view in views)


def alarms_on_walls(walls: Iterable[WallState]) -> set[int]:
    """Ids of the alerts some tile of these walls shows as an alarm now."""
    return {t.alarm for wall in walls for m in wall.monitors for t in m.tiles if t.alarm is not None}


@dataclass(frozen=True)
class AlarmBanner:
    """The three lines drawn over an alarm tile's picture."""

    headline: str
    title: str
    detail: str


def alarm_banner(alert_id: int, alert: Alert | None, now: datetime) -> AlarmBanner:
    """What the banner says: severity, title, area, local time and how long ago it happened.

    The alert may not have reached the store yet (or it was just resolved): the banner then says
    which alert it is rather than nothing, so a tile in alarm never looks like an ordinary one.
    """
    alarm = terms.alarm().upper()
    if alert is None:
        return AlarmBanner(alarm, translate("Alarms", "Cảnh báo #{id}").format(id=alert_id), "")
    happened = alert.occurred_at or alert.created_at
    ago = formatting.age((now - happened).total_seconds())
    when = translate("Alarms", "{time} · {age} trước").format(
        time=formatting.local_time(happened, with_seconds=False), age=ago)
    detail = f"{alert.area} · {when}" if alert.area else when
    return AlarmBanner(f"{alarm} · {terms.severity(alert.severity).upper()}", alert_title(alert), detail)


class TourClock:
    """Which camera of a tour is shown, advancing every `dwell` seconds of time that was not paused.

    Paused time does not count, so when an alarm clears the tour goes on with the dwell it had
    left instead of jumping (the elapsed wall-clock time would otherwise be past the dwell at once).
    Times are monotonic seconds, passed in so tests need no clock.
    """

    def __init__(self, now: float) -> None:
        self.index = 0
        self._shown = 0.0  # seconds the current camera has been shown, up to `_since`
        self._since = now
        self.paused = False

    def elapsed(self, now: float) -> float:
        return self._shown + (0.0 if self.paused else now - self._since)

    def set_paused(self, paused: bool, now: float) -> None:
        if paused == self.paused:
            return
        self._shown = self.elapsed(now)
        self._since = now
        self.paused = paused

    def restart(self, now: float) -> None:
        """Start the dwell of the current camera again (a new tour was set)."""
        self._shown, self._since = 0.0, now

    def advance(self, now: float, cameras: int, dwell: float) -> bool:
        """Move to the next camera when its dwell is over; whether it moved."""
        if cameras < 2 or dwell <= 0 or self.paused or self.elapsed(now) < dwell:
            return False
        self.index += 1
        self.restart(now)
        return True
