"""`make demo` end to end on a real X server: `iocwall demo` (wall_client/launch.py) under Xvfb.

The console script starts the demo server and its wall on Qt's xcb platform (DISPLAY set, no
QT_QPA_PLATFORM) on the two monitors of the Xvfb fixture, and writes a PNG of each monitor every 5 s.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from server.config import DemoConfig
from server.demo.cameras import DemoCameras
from tests.support.pixels import bright_share, changed_share, colour_share, lightness_spread
from tests.support.server_process import dies_with_parent
from tests.support.xvfb import SIDE_BY_SIDE, Xvfb
from wall_client.ui import theme

pytestmark = pytest.mark.serial  # the demo's server, wall and ten cameras on a real X server: it needs both cores

IOCWALL = Path(sys.executable).parent / "iocwall"
SECONDS = 20


@pytest.fixture(scope="session")
def demo_clips(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo cameras' clips, rendered by the demo's own code into pytest's cache (30-60 s, once per checkout).

    A fresh demo renders them in the background and shows each camera once its clips are ready;
    with them cached every camera is live within seconds, as on a second `make demo`.
    """
    cache = getattr(pytestconfig, "cache", None)
    folder = cache.mkdir("iocwall-demo-clips") if cache is not None else tmp_path_factory.mktemp("demo-clips")
    cameras = DemoCameras(folder, DemoConfig().clip_seconds)
    asyncio.run(cameras.render_all())
    cameras.stop()
    return folder


def _run_demo(xvfb: Xvfb, clips: Path, workdir: Path) -> tuple[int, str, int]:
    """`iocwall demo --port 0 --seconds N --screenshot-dir shots` in `workdir`, on the Xvfb display.

    The wall overwrites its PNGs every 5 s; each set is copied to shots-1, shots-2, ... as it is written.
    Returns the exit code, the output and how many sets were written.
    """
    data = workdir / "data"
    data.mkdir()
    (data / "demo-clips").symlink_to(clips)
    command = [str(IOCWALL), "demo", "--port", "0", "--seconds", str(SECONDS), "--screenshot-dir", "shots",
               "--data-dir", str(data)]
    process = subprocess.Popen(dies_with_parent(command), cwd=workdir, env={**xvfb.env(), "PYTHONUNBUFFERED": "1"},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    sets = 0

    def read() -> None:
        nonlocal sets
        assert process.stdout is not None
        for line in process.stdout:
            output.append(line)
            if line.startswith("wrote "):
                sets += 1
                shutil.copytree(workdir / "shots", workdir / f"shots-{sets}")

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        code = process.wait(SECONDS + 25)
        reader.join(10)
    except subprocess.TimeoutExpired:
        pytest.fail(f"iocwall demo --seconds {SECONDS} still running after {SECONDS + 25} s:\n{''.join(output)[-4000:]}")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
    return code, "".join(output), sets


def _cell(image: QImage, cols: int, rows: int, col: int, row: int, col_span: int = 1, row_span: int = 1) -> QImage:
    """The pixels of one tile of a cols×rows layout (no banner: the wall is connected)."""
    w, h = image.width() / cols, image.height() / rows
    return image.copy(int(col * w) + 4, int(row * h) + 4, int(col_span * w) - 8, int(row_span * h) - 8)


def _camera_cell(image: QImage, index: int) -> QImage:
    """Camera tile `index` (0–8) of monitor 1: in cameras-3x3, or in giao-thong (the same 3×3 grid over a ticker
    row, 3×7 in all), which the demo's alert rule "tai-nan-cao-loc" puts there when its alert fires (seen in CI:
    a test reading the 3×3 grid then found no badge where it looked). The ticker is a tile-coloured band."""
    rows, span = (7, 2) if _has_ticker(image) else (3, 1)
    return _cell(image, 3, rows, index % 3, (index // 3) * span, 1, span)


def _has_ticker(image: QImage) -> bool:
    """Whether monitor 1 shows giao-thong (a ticker row under the grid) rather than cameras-3x3."""
    band = _cell(image, 1, 7, 0, 6)
    return colour_share(band, theme.TILE) + colour_share(band, theme.ALARM) > 0.5


def _settled_grid(workdir: Path, sets: int) -> tuple[QImage, QImage]:
    """Monitor 1 in the newest set whose layout is the one of the set before it, and in that set before.

    The alert rule may switch monitor 1 to giao-thong at any moment: a set written just after the switch shows
    its cameras connecting (CI: eight of nine tiles "Đang kết nối…" in the last set, a second after the switch),
    which says nothing about whether the wall plays them. Five seconds later they play, or are marked saving."""
    images = [QImage(str(workdir / f"shots-{n}" / "main-monitor-1.png")) for n in range(1, sets + 1)]
    for newer in range(len(images) - 1, 0, -1):
        if _has_ticker(images[newer]) == _has_ticker(images[newer - 1]):
            return images[newer], images[newer - 1]
    raise AssertionError(f"monitor 1 changed layout between every two of its {sets} sets of screenshots")


def _middle(tile: QImage) -> QImage:
    """The middle of a video tile's picture, clear of the overlays (name, clock, live mark) that change anyway."""
    return tile.copy(tile.width() // 10, tile.height() * 3 // 10, tile.width() * 8 // 10, tile.height() * 4 // 10)


def _is_camera_picture(tile: QImage) -> bool:
    """Mostly lit and far from uniform: a camera's scene, not the black of a tile without a picture."""
    return bright_share(tile) > 0.5 and lightness_spread(tile) > 20


@pytest.mark.timeout(240)  # the first run in a checkout also renders the demo's clips (demo_clips)
def test_demo_shows_both_monitors_with_live_cameras(xvfb: Xvfb, demo_clips: Path, tmp_path: Path) -> None:
    """`iocwall demo` on X exits 0 after --seconds, with a PNG per monitor showing live cameras, KPIs and the clock."""
    code, output, sets = _run_demo(xvfb, demo_clips, tmp_path)
    assert code == 0, output[-4000:]
    assert "renders offscreen" not in output, output[-4000:]
    assert sorted(p.name for p in (tmp_path / "shots").iterdir()) == ["main-monitor-0.png", "main-monitor-1.png"]
    assert sets >= 3, output[-4000:]
    overview, last_grid = (QImage(str(tmp_path / "shots" / f"main-monitor-{m}.png")) for m in (0, 1))
    overview_before = QImage(str(tmp_path / f"shots-{sets - 1}" / "main-monitor-0.png"))
    for image in (overview, last_grid):
        # The monitors' size, not the offscreen 1920×1080: the windows were placed on the X screens.
        assert (image.width(), image.height()) == (SIDE_BY_SIDE[0].width, SIDE_BY_SIDE[0].height)
        assert lightness_spread(image) > 30, "a blank monitor"
        assert colour_share(image.copy(0, 0, image.width(), 30), theme.ALARM) < 0.05, "a red 'disconnected' banner"

    # Monitor 0, layout ioc-overview (4×3): a camera, three KPIs, the chart, the alerts and the clock.
    video = _cell(overview, 4, 3, 0, 0, 2, 2)
    assert _is_camera_picture(video), "tile video-1 should show its camera"
    assert changed_share(_middle(video), _middle(_cell(overview_before, 4, 3, 0, 0, 2, 2))) > 0.02, "video-1 is frozen"
    for col, row in ((2, 0), (3, 0), (2, 2)):
        kpi = _cell(overview, 4, 3, col, row)
        assert colour_share(kpi, theme.TILE) > 0.4, f"KPI tile {col},{row} not painted"
        value = sum(colour_share(kpi, c) for c in (theme.OK, theme.WARN, theme.ALARM, theme.TEXT))
        assert value > 0.03, f"KPI tile {col},{row} shows no value"
    assert lightness_spread(_cell(overview, 4, 3, 2, 1, 2)) > 10, "the chart tile is blank"
    assert colour_share(_cell(overview, 4, 3, 3, 2), theme.TEXT) > 0.02, "the clock shows no time"
    assert colour_share(_cell(overview, 4, 3, 0, 2, 2), theme.MUTED) > 0.0005, "the alerts tile has no text"

    # Monitor 1, layout cameras-3x3 (or giao-thong: _camera_cell): nine cameras, each marked live and moving
    # between two snapshots 5 s apart, or marked as saving (the decode budget's stills: this 2-core machine also
    # runs the server, its detector
    # and ten camera simulators, and a wall that cannot decode every tile says so). How many stay live depends on
    # the machine and its load (here coverage also traces the wall: 2 of 9 on a slow day, 6 or more on others), so
    # this test asks for one at least; what a wall PC can decode is measured by benchmarks/video_wall.py --budget.
    budget = "\n".join(line for line in output.splitlines() if "decode budget" in line)
    grid, grid_before = _settled_grid(tmp_path, sets)
    live = 0
    for index in range(9):
        tile = _camera_cell(grid, index)
        assert _is_camera_picture(tile), f"tile video-{index + 1} should show its camera"
        badge = tile.copy(0, tile.height() * 85 // 100, tile.width() // 2, tile.height() * 15 // 100)
        if colour_share(badge, theme.OK) > 0.002:
            live += 1
            before = _camera_cell(grid_before, index)
            assert changed_share(_middle(tile), _middle(before)) > 0.02, f"tile video-{index + 1} is frozen"
        else:
            assert colour_share(badge, theme.WARN) > 0.002, f"tile video-{index + 1} is neither live nor saving"
    assert live >= 1, f"no camera tile live:\n{budget}"
