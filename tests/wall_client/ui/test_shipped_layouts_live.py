"""Every shipped layout on a live wall: the real server running the demo province (its cameras relayed from clips,
series with history and forecasts, tables, alerts) and the real wall client, one layout after another on one
monitor of one wall (switched as an operator does), each tile checked by its pixels and its painted words.

PNGs of each layout go to SHOTS, to look at.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from itertools import cycle
from typing import Any

import httpx
import pytest

from server.bundled_layouts import DEFAULT_LAYOUTS_DIR, load_dir
from server.demo.province import CAMERAS
from tests.support.console import wait_until
from tests.support.pixels import colour_share
from tests.support.server_process import ServerProcess, create_tokens
from tests.support.shots import shots_dir
from tests.support.translations import overflowing, painted_texts
from wall_client.ui import theme
from wall_client.ui.app import WallApp, WallOptions
from wall_client.ui.charts.chart_tile import ChartTile
from wall_client.ui.tiles.alerts import AlertsTile
from wall_client.ui.tiles.base import TileWidget
from wall_client.ui.tiles.kpi import KpiTile
from wall_client.ui.tiles.ranking import RankingTile
from wall_client.ui.tiles.registry import UnavailableTile
from wall_client.ui.video.video_tile import VideoTile
from wall_protocol.common import Role

SHOTS = shots_dir("shipped-layouts")
WALL = "vitrine"
LAYOUTS = sorted(load_dir(DEFAULT_LAYOUTS_DIR)[0], key=lambda layout: layout.id)
MONITORS = ((1920, 1080), (1366, 768))
CAMERAS_SHOWN = 4
"""Video tiles given a camera per layout (the others say that none is chosen): pictures on sixteen tiles at once
are test_video_live's and the benchmarks'; four decoders keep this test near half a minute on a shared machine."""
MIN_DRAWN = 0.01
"""Share of a tile's body not in the tile's own colour when it shows something: 0 for a blank tile; one line of
words in a big tile covers a few percent, a chart's grid and curve more, a camera's picture nearly all."""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, dict[str, str]]]:
    """The server with --demo (short clips, a sample a second, frequent alerts and forecasts) and a token per role."""
    workdir = tmp_path_factory.mktemp("demo")
    db_url = f"sqlite:///{workdir / 'iocwall.db'}"
    tokens = create_tokens(db_url, {"admin": Role.ADMIN, "operator": Role.OPERATOR, "viewer": Role.VIEWER})
    server = ServerProcess(
        db_url=db_url, workdir=workdir, extra_args=["--demo"],
        config_text='log_level = "warning"\n[demo]\nmetrics_interval_s = 1\nalerts_per_minute = 120\nseed = 7\n'
                    'clip_seconds = 1\n[forecast]\ninterval_s = 1\n').start(timeout=90)
    yield server, tokens
    server.stop()


def _has_drawn(tile: TileWidget) -> bool:
    """What the tile is there to show has arrived: a picture, a value, a curve, ranked rows, an alert."""
    if isinstance(tile, VideoTile):
        if tile.saver.saving:  # the decode budget gave it the camera's still (a loaded machine): that is its data
            return tile.saver.still.image is not None
        return tile.view.state is None or tile.view.state.source is None or tile.frames.frames >= 2
    if isinstance(tile, KpiTile):
        return tile.reading().value is not None
    if isinstance(tile, ChartTile):
        return any(tile.points(key)[0] for key in tile.keys)
    if isinstance(tile, RankingTile):
        return tile.reading().message is None and bool(tile.reading().rows)
    if isinstance(tile, AlertsTile):
        return bool(tile.visible_alerts())
    return True  # clock, text, camera grid: drawn from the start


def _undrawn(window: Any) -> str:
    """The tiles still without their data, with what a reader of the failure needs to know of each."""
    found = []
    for tile_id, tile in window.tiles.items():
        if _has_drawn(tile):
            continue
        if isinstance(tile, VideoTile):
            found.append(f"{tile_id} (camera {tile.camera}, {tile.frames.frames} frames, saving {tile.saver.saving}, "
                         f"badge {tile.status_text()[0]!r})")
        else:
            found.append(f"{tile_id} ({type(tile).__name__})")
    return ", ".join(found) or "none (they drew just after the deadline)"


async def _show(http: httpx.AsyncClient, operator: dict[str, str], layout_id: str, video_tiles: list[str],
                cameras: Iterator[str]) -> None:
    """Put the layout on the wall's monitor and a demo camera into each of its video tiles, as an operator does."""
    (await http.put(f"/api/v1/walls/{WALL}/monitors/0/layout", headers=operator,
                    json={"layout": layout_id})).raise_for_status()
    for tile in video_tiles:
        (await http.put(f"/api/v1/walls/{WALL}/monitors/0/tiles/{tile}", headers=operator,
                        json={"source": {"kind": "camera", "camera": next(cameras)}})).raise_for_status()


def _shown(window: Any, layout_id: str, video: list[str]) -> bool:
    """The window shows the layout, with the cameras the operator put in."""
    return window.layout_shown is not None and window.layout_shown.id == layout_id and all(
        window.tiles[tile].view.state is not None and window.tiles[tile].view.state.source is not None
        for tile in video)


async def _scenario(server: ServerProcess, tokens: dict[str, str], seen: dict[str, list[str]],
                    timings: dict[str, float]) -> None:
    http = httpx.AsyncClient(base_url=server.http, timeout=10)
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    operator = {"Authorization": f"Bearer {tokens['operator']}"}
    (await http.put(f"/api/v1/walls/{WALL}", headers=admin, json={
        "name": WALL, "title": "Tường trưng bày", "monitors": [{"index": 0, "layout": LAYOUTS[0].id}]})).raise_for_status()
    wall = WallApp(WallOptions(server.ws, tokens["viewer"], WALL))
    feed = asyncio.create_task(wall.feed.follow())
    cameras = cycle([c.id for c in CAMERAS])
    try:
        await wait_until(lambda: bool(wall.windows), 20, "the wall's window")
        window = wall.windows[0]
        for layout in LAYOUTS:
            started = asyncio.get_running_loop().time()
            window.setGeometry(0, 0, *MONITORS[0])
            video = [t.id for t in layout.tiles if t.kind.value == "video"][:CAMERAS_SHOWN]
            await _show(http, operator, layout.id, video, cameras)
            await wait_until(lambda lay=layout, v=video: _shown(window, lay.id, v), 20,  # type: ignore[misc]
                             f"{layout.id} on the wall")
            try:
                await wait_until(lambda: all(_has_drawn(t) for t in window.tiles.values()), 40,
                                 f"every tile of {layout.id} to show its data")
            except AssertionError as timed_out:
                raise AssertionError(f"{timed_out}: {_undrawn(window)}") from None
            await asyncio.sleep(0.3)  # a repaint after the last data
            seen[layout.id] = await _check_layout(window, layout.id)
            timings[layout.id] = asyncio.get_running_loop().time() - started
            print(f"{layout.id}: shown and checked in {timings[layout.id]:.1f} s", flush=True)
    finally:
        await http.aclose()
        feed.cancel()
        await asyncio.gather(feed, return_exceptions=True)
        for window in wall.windows:
            window.release()
            window.close()
            window.deleteLater()


async def _check_layout(window: Any, layout_id: str) -> list[str]:
    """Every tile of the window, at each monitor size: its pixels are not blank, it is not the placeholder of an
    unknown kind, and its painted words fit it. Returns the problems (and saves the window's picture)."""
    problems: list[str] = []
    for width, height in MONITORS:
        window.setGeometry(0, 0, width, height)
        # The loop lays the tiles out: QApplication.processEvents() here, inside a task of the loop, would run the
        # loop's own timers re-entrantly, and the task would never be resumed.
        await asyncio.sleep(0.3)
        for tile_id, tile in window.tiles.items():
            with painted_texts() as texts:
                image = tile.grab().toImage()
            where = f"{layout_id} {tile_id} at {width}×{height}"
            if isinstance(tile, UnavailableTile):
                problems.append(f"{where}: the 'not supported' placeholder")
            drawn = 1 - colour_share(image.copy(tile.body_rect()), theme.TILE, tolerance=24)
            if drawn < MIN_DRAWN:
                problems.append(f"{where}: blank ({drawn:.1%} of its body drawn)")
            problems += [f"{where}: {p}" for p in overflowing(texts, tile.rect())]
        window.grab().save(str(SHOTS / f"{layout_id}-{width}x{height}.png"))
    return problems


@pytest.mark.timeout(240)
def test_every_shipped_layout_shows_every_tile_on_a_live_wall(qt_loop: Any, demo: tuple[ServerProcess, dict[str, str]]):
    """Each layout of server/layouts, switched onto one monitor of a live wall fed by the demo: every tile shows its
    data (a camera's picture, a value, a curve, ranked rows, alerts; a video tile without a camera says so), none is blank or the placeholder, and at
    1920×1080 and 1366×768 every painted word fits its tile."""
    server, tokens = demo
    SHOTS.mkdir(parents=True, exist_ok=True)
    seen: dict[str, list[str]] = {}
    timings: dict[str, float] = {}
    qt_loop.run_until_complete(asyncio.wait_for(_scenario(server, tokens, seen, timings), 300))
    print("seconds until every tile showed its data:", {k: round(v, 1) for k, v in timings.items()})
    assert sorted(seen) == [layout.id for layout in LAYOUTS]
    problems = [p for found in seen.values() for p in found]
    assert not problems, "\n".join(problems)
