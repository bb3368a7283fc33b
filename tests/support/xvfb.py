"""A virtual X server (Xvfb) with RandR, and its monitors set with xrandr, for the wall on a real display.

`xrandr --setmonitor` makes RandR 1.5 logical monitors, which Qt 6's xcb platform reports as
separate QScreens (with screenAdded/screenRemoved when they come and go), as a PC with several
monitors would. Xvfb has one output, "screen"; unless a monitor claims it, RandR also lists an
automatic monitor spanning that whole output, which Qt would report as one more screen.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
from dataclasses import dataclass

from tests.support.server_process import dies_with_parent, stop_process

XVFB_OUTPUT = "screen"
INSTALL_HINT = "install the [test] packages of scripts/system-packages.txt (bash scripts/bootstrap.sh test)"


@dataclass(frozen=True)
class Monitor:
    name: str
    x: int
    y: int
    width: int
    height: int

    @property
    def rect(self) -> list[int]:
        """[x, y, width, height], as the wall probe reports geometries."""
        return [self.x, self.y, self.width, self.height]

    def xrandr_geometry(self) -> str:
        """W/mmxH/mm+X+Y at 96 dpi, so that Qt's fonts come out the size they have on a usual monitor."""
        return f"{self.width}/{round(self.width * 25.4 / 96)}x{self.height}/{round(self.height * 25.4 / 96)}" \
               f"+{self.x}+{self.y}"


class Xvfb:
    """Xvfb on a display number it picks itself (no clash with another run); `stop()` ends it."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.display = ""
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 15.0) -> Xvfb:
        for tool in ("Xvfb", "xrandr"):
            if shutil.which(tool) is None:
                raise RuntimeError(f"{tool} not found: {INSTALL_HINT}")
        read_end, write_end = os.pipe()
        # -noreset: else Xvfb resets when its last client leaves (each xrandr call), dropping the monitors.
        command = ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{self.width}x{self.height}x24",
                   "+extension", "RANDR", "-nolisten", "tcp", "-noreset"]
        self.process = subprocess.Popen(dies_with_parent(command), pass_fds=(write_end,), stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        os.close(write_end)
        try:
            number = b""
            while not number.endswith(b"\n"):
                ready, _, _ = select.select([read_end], [], [], timeout)
                chunk = os.read(read_end, 16) if ready else b""
                if not chunk:
                    self.stop()
                    raise RuntimeError(f"Xvfb did not start (no display number within {timeout:.0f} s)")
                number += chunk
        finally:
            os.close(read_end)
        self.display = f":{int(number)}"
        return self

    def env(self) -> dict[str, str]:
        """The environment of a client of this display: Qt picks its xcb platform, as on a wall PC."""
        env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
        env["DISPLAY"] = self.display
        return env

    def xrandr(self, *args: str) -> str:
        done = subprocess.run(["xrandr", *args], env=self.env(), capture_output=True, text=True, timeout=10)
        if done.returncode != 0:
            raise RuntimeError(f"xrandr {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def set_monitors(self, monitors: list[Monitor]) -> None:
        """Exactly these monitors: the first claims Xvfb's output (see the module docstring), the others none."""
        for position, monitor in enumerate(monitors):
            self.add_monitor(monitor, output=XVFB_OUTPUT if position == 0 else "none")
        assert self.monitor_names() == [m.name for m in monitors], self.xrandr("--listmonitors")

    def add_monitor(self, monitor: Monitor, output: str = "none") -> None:
        self.xrandr("--setmonitor", monitor.name, monitor.xrandr_geometry(), output)

    def remove_monitor(self, name: str) -> None:
        self.xrandr("--delmonitor", name)

    def monitor_names(self) -> list[str]:
        """From `xrandr --listmonitors`: lines like ` 0: +*LEFT 1600/423x900/238+0+0  screen`."""
        lines = self.xrandr("--listmonitors").splitlines()[1:]
        return [line.split()[1].lstrip("+*") for line in lines]

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)


SIDE_BY_SIDE = (Monitor("LEFT", 0, 0, 1600, 900), Monitor("RIGHT", 1600, 0, 1600, 900))
"""Two monitors of a size that is not the offscreen default (1920×1080): a window this size was placed on one."""

QUAD = (Monitor("TOP-LEFT", 0, 0, 800, 450), Monitor("TOP-RIGHT", 800, 0, 800, 450),
        Monitor("BOTTOM-LEFT", 0, 450, 800, 450), Monitor("BOTTOM-RIGHT", 800, 450, 800, 450))
"""A 2×2 wall of small monitors (a 1600×900 Xvfb screen), for spans."""
