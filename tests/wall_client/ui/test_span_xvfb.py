"""A 2×2 span on a real X server (Xvfb with four RandR monitors): one picture across the monitors, bezels
compensated, read back from the X server's screens.

The wall runs in its own process on Qt's xcb platform (tests/support/wall_probe.py); a camera shows a
straight line (tests/support/line_clip.py) across the whole span. Sampled on each screen and put back on the
span's canvas with the bezels' gaps, the pieces must lie on one line.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest
from PIL import Image

from server.demo.camera_sim import ClipServer
from tests.support.line_clip import line_points, render_line_clip, window_offsets
from tests.support.server_process import ServerProcess
from tests.support.shots import shots_dir
from tests.support.wall_probe_run import WallProbe
from tests.support.xvfb import QUAD, Xvfb

SHOTS = shots_dir("screens")
BEZEL_MM = 4.0
PITCH_MM = 0.2  # each 4 mm frame is 20 px: a 40 px seam between pictures
SEAM_PX = 2 * BEZEL_MM / PITCH_MM


@pytest.fixture
def line_camera(tmp_path: Path) -> Iterator[ClipServer]:
    camera = ClipServer().add("line", render_line_clip(tmp_path / "line.ts", seconds=3)).start()
    yield camera
    camera.stop()


def _span_wall(server: ServerProcess, tokens: dict[str, str], camera: ClipServer) -> None:
    """Wall 'main': four monitors in one 2×2 span (bezels in mm) showing one video tile over the whole canvas."""
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    httpx.put(f"{server.http}/api/v1/cameras/line", headers=admin, timeout=10, json={
        "id": "line", "name": "Đường thẳng", "main_url": camera.url("line")}).raise_for_status()
    httpx.put(f"{server.http}/api/v1/layouts/one-picture", headers=admin, timeout=10, json={
        "id": "one-picture", "name": "Một hình", "cols": 1, "rows": 1, "tiles": [
            {"id": "picture", "kind": "video", "col": 0, "row": 0, "props": {"camera": "line"}}]}).raise_for_status()
    response = httpx.put(f"{server.http}/api/v1/walls/main", headers=admin, timeout=10, json={
        "name": "main", "title": "Tường chính",
        "monitors": [{"index": i, "layout": "one-picture"} for i in range(4)],
        "spans": [{"monitors": [[0, 1], [2, 3]], "unit": "mm", "pixel_pitch_mm": PITCH_MM,
                   "bezel": {"left": BEZEL_MM, "right": BEZEL_MM, "top": BEZEL_MM, "bottom": BEZEL_MM}}]})
    response.raise_for_status()
    assert response.json()["spans"][0]["monitors"] == [[0, 1], [2, 3]]


def test_a_2x2_span_shows_one_straight_line_across_its_monitors(live_server: tuple[ServerProcess, dict[str, str]],
                                                                 quad: Xvfb, line_camera: ClipServer,
                                                                 tmp_path: Path) -> None:
    """One decode for four monitors; the line read back from the four screens is straight once the seams are added."""
    server, tokens = live_server
    _span_wall(server, tokens, line_camera)
    probe = WallProbe(quad, server, tokens["viewer"], "--shots", str(tmp_path / "shots"))
    try:
        done = probe.wait_for(lambda s: bool(s["shots"]), "the screens read back once the video plays", timeout=40)
    finally:
        probe.stop()
    assert [s[0] for s in done["screens"]] == [m.name for m in QUAD], done["screens"]
    assert len(done["span_decoders"]) == 1, "one libVLC player for the four monitors"
    SHOTS.mkdir(parents=True, exist_ok=True)
    pieces: list[list[tuple[float, float]]] = []
    glued: list[list[tuple[float, float]]] = []
    for number, (path, monitor) in enumerate(zip(done["shots"], QUAD, strict=True)):
        shutil.copy(path, SHOTS / f"span-xvfb-screen-{number}.png")
        rgb = np.asarray(Image.open(path).convert("RGB"))
        assert rgb.shape[:2] == (monitor.height, monitor.width)
        points = line_points(rgb)
        column, row = monitor.x // monitor.width, monitor.y // monitor.height
        if len(points) > 10:
            pieces.append([(x + monitor.x + column * SEAM_PX, y + monitor.y + row * SEAM_PX) for x, y in points])
            glued.append([(x + monitor.x, y + monitor.y) for x, y in points])
    assert len(pieces) >= 3, "the line crosses both seams: three screens at least show part of it"
    offsets = window_offsets(pieces)
    assert max(map(abs, offsets)) < 1.0, f"each screen's piece must lie on the one line: {offsets}"
    assert max(map(abs, window_offsets(glued))) > 3.0, "without the seams the pieces would not line up"
