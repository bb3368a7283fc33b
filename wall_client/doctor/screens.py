"""`iocwall doctor`'s monitors check: the screens Qt sees, and whether they hold the wall's monitors.

The wall puts its monitors, in order, on the screens of `screens` (or on screens 0, 1, ... when it is
not set); a monitor whose screen is missing is hidden (ui/app.py `place_windows`). This check says
so before the room notices. `judge_screens` is Qt-free; only `list_screens` needs a display.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from wall_client.doctor.checks import CheckResult, Status


@dataclass(frozen=True)
class ScreenInfo:
    name: str
    width: int
    height: int
    x: int
    y: int
    scale: float

    def describe(self, index: int) -> str:
        where = f"at ({self.x},{self.y}) scale {self.scale:g}"
        return f"{index}: {self.name or 'unnamed'} {self.width}×{self.height} {where}"


def no_display() -> bool:
    """Linux without DISPLAY or WAYLAND_DISPLAY: Qt's default platform would abort the process."""
    return (sys.platform.startswith("linux") and "QT_QPA_PLATFORM" not in os.environ
            and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")))


def list_screens() -> tuple[str, list[ScreenInfo]]:
    """Qt's platform name and screens; makes the QGuiApplication only if none exists yet."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    assert isinstance(app, QGuiApplication)
    screens = [ScreenInfo(screen.name(), screen.geometry().width(), screen.geometry().height(),
                          screen.geometry().x(), screen.geometry().y(), screen.devicePixelRatio())
               for screen in app.screens()]
    return QGuiApplication.platformName(), screens


def judge_screens(platform: str, screens: list[ScreenInfo], chosen: list[int] | None,
                  wall_monitors: int | None, wall: str) -> CheckResult:
    """OK when every monitor of the wall has its screen; WARN (not FAIL: the wall still runs) otherwise."""
    name = "monitors"
    found = "; ".join(screen.describe(i) for i, screen in enumerate(screens)) or "none"
    detail = f"{len(screens)} screen{'s' if len(screens) != 1 else ''} ({platform}): {found}"
    if platform in ("offscreen", "minimal"):
        return CheckResult(name, Status.WARN, f"{detail}; Qt draws offscreen here, not on real monitors",
                           "run `iocwall doctor` in the kiosk user's desktop session to see its monitors")
    problems = []
    if chosen is not None:
        missing = [index for index in chosen if index >= len(screens)]
        if missing:
            problems.append(f"configured screens {', '.join(map(str, missing))} do not exist")
    order = chosen if chosen is not None else list(range(len(screens)))
    if wall_monitors is not None:
        shown = sum(1 for position in range(wall_monitors)
                    if position < len(order) and order[position] < len(screens))
        if shown < wall_monitors:
            problems.append(f"wall '{wall}' has {wall_monitors} monitors but only {shown} can be shown here")
    if problems:
        return CheckResult(name, Status.WARN, f"{detail}; " + "; ".join(problems),
                           "plug in and switch on every monitor (check the cable and the KVM), or fix "
                           "`screens = [...]` in wall.toml: screen numbers are the ones listed here")
    return CheckResult(name, Status.OK, detail)


def check_monitors(chosen: list[int] | None, wall_monitors: int | None, wall: str) -> CheckResult:
    if no_display():
        return CheckResult("monitors", Status.WARN, "no display in this shell (DISPLAY is not set)",
                           "run `iocwall doctor` in the kiosk user's desktop session, or with DISPLAY=:0")
    platform, screens = list_screens()
    return judge_screens(platform, screens, chosen, wall_monitors, wall)
