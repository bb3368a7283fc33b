"""Monitor hot-plug on a real X server (Xvfb + RandR): the wall's windows follow monitors that come and go.

The wall runs in its own process on Qt's xcb platform (tests/support/wall_probe.py), since pytest-qt
here renders offscreen; the test unplugs and plugs monitors with xrandr and reads what the wall reports.
"""

from __future__ import annotations

import httpx

from tests.support.server_process import ServerProcess
from tests.support.wall_probe_run import State, WallProbe
from tests.support.xvfb import SIDE_BY_SIDE, Monitor, Xvfb


def _window(state: State, monitor: int) -> State:
    return next(w for w in state["windows"] if w["monitor"] == monitor)


def _shown_on(state: State, index: int, monitor: Monitor) -> bool:
    """Window `index` is shown, exposed by the X server, with the monitor's geometry, on that monitor's QScreen."""
    window = _window(state, index)
    return bool(window["visible"] and window["exposed"] and window["rect"] == monitor.rect
                and window["screen"] == monitor.name)


def test_windows_follow_monitors_unplugged_and_plugged_back(live_server: tuple[ServerProcess, dict[str, str]],
                                                            xvfb: Xvfb) -> None:
    """One window per monitor; unplugging one hides and reports its window, the other goes on; replugging restores it."""
    server, tokens = live_server
    left, right = SIDE_BY_SIDE
    probe = WallProbe(xvfb, server, tokens["viewer"])
    try:
        both = probe.wait_for(lambda s: s["connected"] and len(s["windows"]) == 2 and _shown_on(s, 0, left)
                              and _shown_on(s, 1, right), "both windows on their monitors", timeout=25)
        assert both["platform"] == "xcb" and both["missing"] == []
        assert [screen[0] for screen in both["screens"]] == ["LEFT", "RIGHT"], both["screens"]

        xvfb.remove_monitor(right.name)
        unplugged = probe.wait_for(lambda s: s["missing"] == [1] and not _window(s, 1)["visible"],
                                   "monitor 1's window hidden and reported missing")
        assert _shown_on(unplugged, 0, left), unplugged
        assert "no screen for monitor 1" in probe.stderr(), probe.stderr()
        title = "Mất điện trạm biến áp Đồng Đăng"
        httpx.post(f"{server.http}/api/v1/alerts", headers={"Authorization": f"Bearer {tokens['producer']}"},
                   json={"category": "public_service", "severity": "major", "title": title}, timeout=10,
                   ).raise_for_status()
        probe.wait_for(lambda s: title in _window(s, 0)["alerts"] and _shown_on(s, 0, left),
                       "the remaining window shows a new alert")

        # Qt moved the hidden window to LEFT when RIGHT went; it must be back on RIGHT's screen, not only its rect.
        xvfb.add_monitor(right)
        back = probe.wait_for(lambda s: s["missing"] == [] and _shown_on(s, 1, right),
                              "monitor 1's window back on its monitor")
        assert _shown_on(back, 0, left), back
        assert probe.process.poll() is None, probe.stderr()
    finally:
        probe.stop()
