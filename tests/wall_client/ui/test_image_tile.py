"""Image tiles offscreen: the picture's colours on the wall, fitted (contain/cover), its age, the stale mark, what
an empty or failed tile says; and live, the shipped map and a fetched source from the real server."""

from __future__ import annotations

import asyncio
import random
import shutil
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import qasync
from PySide6.QtGui import QColor, QImage

from server.bundled_layouts import DEFAULT_LAYOUTS_DIR
from tests.conftest import ROLES
from tests.support.console import wait_until
from tests.support.image_source import RED_PNG, ImageSource, png
from tests.support.pixels import colour_share
from tests.support.server_process import ServerProcess, create_tokens
from tests.support.shots import shots_dir
from wall_client.model.image_view import ImageAnswer
from wall_client.model.wall_model import TileView, WallModel
from wall_client.ui import theme
from wall_client.ui.tiles.base import TileContext
from wall_client.ui.tiles.image import ImageTile, sleep_at_least
from wall_client.ui.tiles.registry import create_tile
from wall_protocol.common import utc_now
from wall_protocol.entities import TileKind
from wall_protocol.tiles import make_tile

SHOTS = shots_dir("screens")
RED = QColor(220, 30, 30)
NOW = utc_now()


def _tile(qtbot, props: dict[str, object], size: tuple[int, int] = (640, 360),
          context: TileContext | None = None) -> ImageTile:
    view = TileView(make_tile(id="anh", kind=TileKind.IMAGE, col=0, row=0, title="Ra-đa thời tiết", props=props), None)
    tile = create_tile(view, context or TileContext(WallModel(), "http://127.0.0.1:9"))
    assert isinstance(tile, ImageTile)
    qtbot.addWidget(tile)
    tile.now = NOW
    tile.resize(*size)
    return tile


def _grab(tile: ImageTile, name: str) -> QImage:
    image = tile.grab().toImage()
    if SHOTS.is_dir():
        image.save(str(SHOTS / f"image-{name}.png"))
    return image


def _fetched(data: bytes, seconds_ago: float, etag: str = '"1"') -> ImageAnswer:
    return ImageAnswer(data, etag, NOW - timedelta(seconds=seconds_ago), "url")


def test_the_picture_is_drawn_with_its_age(qtbot):
    """A fetched picture's red fills the fitted area, and under it its age in words."""
    tile = _tile(qtbot, {"image": "radar"})
    tile.show_answer(_fetched(RED_PNG, 30))
    image = _grab(tile, "fresh")
    assert colour_share(image, RED) > 0.35
    assert tile.drawn_texts == ["Cập nhật 30 giây trước"]
    assert tile.picture_rect is not None and tile.body_rect().contains(tile.picture_rect)


def test_contain_shows_it_whole_and_cover_fills_the_tile(qtbot):
    """A 4:3 picture in a 16:9 tile: contain leaves bands at the sides, cover fills the body (cut top and bottom)."""
    contain = _tile(qtbot, {"image": "radar", "fit": "contain"})
    cover = _tile(qtbot, {"image": "radar", "fit": "cover"})
    for tile in (contain, cover):
        tile.show_answer(_fetched(RED_PNG, 5))
    contained, covered = _grab(contain, "contain"), _grab(cover, "cover")
    assert contain.picture_rect is not None and cover.picture_rect is not None
    assert contain.picture_rect.width() < contain.body_rect().width() * 0.9
    assert abs(contain.picture_rect.width() / contain.picture_rect.height() - 64 / 48) < 0.05
    assert cover.picture_rect.width() >= cover.body_rect().width() - 1
    assert colour_share(covered, RED) > colour_share(contained, RED) + 0.1


def test_an_old_picture_is_marked_stale(qtbot):
    """Older than stale_after_s: dimmed, framed in the stale colour, and 'DỮ LIỆU CŨ' beside its age."""
    tile = _tile(qtbot, {"image": "radar", "stale_after_s": 600})
    tile.show_answer(_fetched(RED_PNG, 1800))
    image = _grab(tile, "stale")
    assert tile.drawn_texts == ["Cập nhật 30 phút trước · DỮ LIỆU CŨ"]
    assert colour_share(image, RED, tolerance=20) < 0.05, "a stale picture is dimmed"
    assert colour_share(image, theme.STALE, tolerance=12) > 0.005, "and framed in the stale colour"


def test_a_failed_refresh_keeps_the_picture_and_says_so(qtbot):
    """The server cannot be reached: the last picture stays, its age grows, the footer says the refresh failed."""
    tile = _tile(qtbot, {"image": "radar"})
    tile.show_answer(_fetched(RED_PNG, 120))
    tile.show_answer(ImageAnswer(None, error="Không kết nối được tới máy chủ: ConnectError"))
    assert colour_share(_grab(tile, "failed-refresh"), RED) > 0.35
    assert tile.drawn_texts == ["Cập nhật 2 phút trước · lần làm mới gần nhất bị lỗi"]


def test_a_new_picture_replaces_the_old_and_a_304_only_renews_its_age(qtbot):
    """New bytes: new colours; unchanged (304): the same picture with the newer time."""
    tile = _tile(qtbot, {"image": "radar"})
    tile.show_answer(_fetched(RED_PNG, 300))
    blue = QColor(30, 30, 220)
    tile.show_answer(_fetched(png((30, 30, 220)), 200, etag='"2"'))
    assert colour_share(_grab(tile, "replaced"), blue) > 0.35
    tile.show_answer(ImageAnswer(None, '"2"', NOW - timedelta(seconds=3), "url"))
    assert colour_share(_grab(tile, "replaced"), blue) > 0.35 and tile.drawn_texts == ["Cập nhật 3 giây trước"]


def test_what_an_empty_tile_says(qtbot):
    """No image chosen; the server refused it; bytes that are no picture: each said in the tile, never blank."""
    empty = _tile(qtbot, {})
    _grab(empty, "none")
    assert empty.drawn_texts == ["Chưa chọn hình ảnh"]
    refused = _tile(qtbot, {"image": "radar"})
    refused.show_answer(ImageAnswer(None, error="image 'radar' could not be fetched: the source answered HTTP 503"))
    _grab(refused, "refused")
    assert refused.drawn_texts[0].startswith("Không có hình ảnh: image 'radar' could not be fetched")
    garbage = _tile(qtbot, {"image": "radar"})
    garbage.show_answer(_fetched(b"\x89PNG\r\n\x1a\nnot really", 1))
    _grab(garbage, "garbage")
    assert garbage.picture is None and "không đọc được" in garbage.drawn_texts[0]


def test_the_refresh_never_asks_before_its_interval(qt_loop: qasync.QEventLoop):
    """Under qasync (Qt's coarse timers fire up to 5% early) the tile's wait is never shorter than asked."""
    rng = random.Random(3)

    async def one() -> float:
        await asyncio.sleep(rng.random() * 0.3)  # timers started at every phase of Qt's alignment
        started = time.monotonic()
        await sleep_at_least(1.0)
        return time.monotonic() - started

    async def many() -> list[float]:
        return list(await asyncio.gather(*(one() for _ in range(20))))

    waited = qt_loop.run_until_complete(many())
    assert min(waited) >= 1.0, f"woke early: {sorted(waited)[:3]}"


# ---------------------------------------------------------------------------------------------- live


@pytest.fixture
def live_images(tmp_path: Path) -> Iterator[tuple[ServerProcess, str, ImageSource]]:
    """The real server with the shipped layouts (the demo map) and a radar source on 127.0.0.1."""
    layouts = tmp_path / "layouts"
    shutil.copytree(DEFAULT_LAYOUTS_DIR, layouts)
    db_url = f"sqlite:///{tmp_path / 'wall.db'}"
    tokens = create_tokens(db_url, ROLES)
    with ImageSource() as source:
        config = (f'log_level = "warning"\nlayouts_dir = "{layouts}"\n[images.sources.radar]\n'
                  f'url = "{source.url("/radar.png")}?key=secret-radar-key"\nrefresh_s = 5\n')
        server = ServerProcess(db_url=db_url, workdir=tmp_path, config_text=config).start()
        yield server, tokens["viewer"], source
        server.stop()


def test_live_the_wall_shows_the_shipped_map_and_a_fetched_source(qtbot, qt_loop: qasync.QEventLoop,
                                                                   live_images: tuple[ServerProcess, str, ImageSource]):
    """Tiles fetch from the server: the demo map's colours appear; the radar's red with its age; asked again, the
    map comes back 304 (same ETag, same picture object) and the source was fetched once by the server."""
    server, token, source = live_images
    context = TileContext(WallModel(), server.http, token=token)

    async def scenario() -> tuple[ImageTile, ImageTile]:
        map_tile = _tile(qtbot, {"image": "ban-do-lang-son", "refresh_s": 5}, (960, 600), context)
        radar = _tile(qtbot, {"image": "radar", "refresh_s": 5}, (480, 320), context)
        await wait_until(lambda: map_tile.picture is not None and radar.picture is not None, what="both pictures")
        return map_tile, radar

    map_tile, radar = qt_loop.run_until_complete(scenario())
    map_tile.now = radar.now = utc_now()
    shown = _grab(map_tile, "live-map")
    assert colour_share(shown, QColor(231, 76, 60), tolerance=30) > 0.002, "the map's red border"
    assert colour_share(shown, QColor(241, 196, 15), tolerance=30) > 0.002, "its yellow roads"
    assert map_tile.drawn_texts == [], "a shipped file has no age"
    assert colour_share(_grab(radar, "live-radar"), RED) > 0.3
    assert radar.drawn_texts[0].startswith("Cập nhật ") and source.hits["/radar.png"] == 1
    first_etag, first_picture = map_tile.state.etag, map_tile.picture

    async def refreshed() -> None:
        await wait_until(lambda: map_tile.asks >= 2 and radar.asks >= 2, what="a second ask of each tile")

    qt_loop.run_until_complete(refreshed())
    assert map_tile.state.etag == first_etag and map_tile.picture is first_picture
    assert source.hits["/radar.png"] == 2, "the server fetched the source again once its interval had passed"
    for tile in (map_tile, radar):
        tile.release()
