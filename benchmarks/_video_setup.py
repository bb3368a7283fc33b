"""The video-wall benchmark's world: 640×360 camera clips, our server relaying them, a wall showing them.

Used by the orchestrator (clips, server, cameras, wall) and by the measured processes (`snapshot`,
`relay_urls`): both of those fetch the wall's snapshot over the real WebSocket, so the media links
they open are the relay's own signed URLs, exactly as a wall PC gets them.
"""

from __future__ import annotations

import asyncio
import json
import urllib.request
from pathlib import Path
from typing import Any

from benchmarks import _media_targets as media_targets
from benchmarks._media_cameras import CLIP_FPS, Clip
from benchmarks._targets import Target

WALL = "main"
CHARTS_LAYOUT = "briefing-socio-economic"
CLIP_SECONDS = 8.0
WIDTH, HEIGHT = 640, 360


def render_clips(cache_dir: Path, count: int, size: tuple[int, int] = (WIDTH, HEIGHT)) -> list[Clip]:
    """`count` distinct 25 fps traffic clips (640×360: a camera's sub stream; 1280×720: a main stream), cached."""
    from server.demo.clips import ensure_clip

    clips = []
    for i in range(count):
        path = ensure_clip(cache_dir, f"wall-cam{i + 1}", title=f"Camera {i + 1}", width=size[0], height=size[1],
                           fps=CLIP_FPS, seconds=CLIP_SECONDS, scene="traffic", seed=i)
        clips.append(Clip(path, path.stat().st_size * 8 / CLIP_SECONDS))
    return clips


BUILT_IN_SIDES = (2, 3, 4)
MAX_SIDE = 6


def grid_side(tiles: int) -> int:
    for side in range(2, MAX_SIDE + 1):
        if tiles <= side * side:
            return side
    raise ValueError(f"at most {MAX_SIDE * MAX_SIDE} tiles")


def layout_for(tiles: int) -> str:
    """The smallest camera grid that holds `tiles` video tiles (built in up to 4×4, made here above)."""
    side = grid_side(tiles)
    return f"cameras-{side}x{side}"


def ensure_layout(target: Target, tiles: int) -> str:
    """The grid's id; a grid larger than the built-in ones is put on the server first (video-1 … video-N)."""
    side = grid_side(tiles)
    layout = layout_for(tiles)
    if side not in BUILT_IN_SIDES:
        cells = [{"id": f"video-{i + 1}", "kind": "video", "col": i % side, "row": i // side}
                 for i in range(side * side)]
        _put(target, f"/api/v1/layouts/{layout}", {"id": layout, "name": f"Camera {side}×{side}", "cols": side,
                                                   "rows": side, "tiles": cells}, "admin")
    return layout


def start_server(workdir: Path) -> Target:
    """Our server with admin, operator (sets the wall's tiles) and viewer tokens."""
    return media_targets.start_server(workdir, ("admin", "operator", "viewer"), name="server")


def _put(target: Target, path: str, body: dict[str, Any], role: str) -> Any:
    request = urllib.request.Request(
        f"http://127.0.0.1:{target.port}{path}", data=json.dumps(body).encode(), method="PUT",
        headers={"Authorization": f"Bearer {target.tokens[role]}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


def set_up_wall(target: Target, urls: list[str]) -> list[str]:
    """Camera camN (main_url = simulator N, no sub stream) in tile video-N of monitor 0; the charts on monitor 1."""
    layout = ensure_layout(target, len(urls))
    camera_ids = []
    for i, url in enumerate(urls):
        camera_id = f"cam{i + 1}"
        _put(target, f"/api/v1/cameras/{camera_id}", {"id": camera_id, "name": f"Camera {i + 1}", "main_url": url},
             "admin")
        camera_ids.append(camera_id)
    _put(target, f"/api/v1/walls/{WALL}", {"name": WALL, "title": "Bench wall", "monitors": [
        {"index": 0, "layout": layout}, {"index": 1, "layout": CHARTS_LAYOUT}]}, "admin")
    _put(target, f"/api/v1/walls/{WALL}/monitors/0/layout", {"layout": layout}, "operator")
    _put(target, f"/api/v1/walls/{WALL}/monitors/1/layout", {"layout": CHARTS_LAYOUT}, "operator")
    for i, camera_id in enumerate(camera_ids):
        _put(target, f"/api/v1/walls/{WALL}/monitors/0/tiles/video-{i + 1}",
             {"source": {"kind": "camera", "camera": camera_id}}, "operator")
    return camera_ids


# --------------------------------------------------------------------------- in the measured processes


def snapshot(ws_url: str, token: str) -> Any:
    """The wall's snapshot as a wall PC receives it on connecting."""
    from tests.support.ws_client import WallClient
    from wall_protocol.messages import Snapshot

    async def fetch() -> Snapshot:
        client = WallClient(ws_url, token, wall=WALL)
        await client.connect()
        await client.close()
        return next(m for m in client.messages if isinstance(m, Snapshot))

    return asyncio.run(fetch())


def warm_relay(urls: list[str], timeout_s: float = 20.0) -> None:
    """Read the first bytes of every stream, so that the relay reports each stream's size.

    A wall PC joining a running relay gets the streams' sizes in its snapshot and asks libVLC for
    frames of exactly that size; a benchmark client that came first would not (it has no live feed
    to hear the sizes arrive), and would measure libVLC's rescaling instead.
    """
    from concurrent.futures import ThreadPoolExecutor

    def first_bytes(url: str) -> None:
        with urllib.request.urlopen(url, timeout=timeout_s) as response:
            response.read(64 * 1024)

    with ThreadPoolExecutor(max_workers=len(urls) or 1) as pool:
        list(pool.map(first_bytes, urls))


def relay_urls(snap: Any, http: str, tiles: int) -> list[str]:
    """The URL VideoTile opens for cameras cam1..camN (no sub stream: their main), from the snapshot's links."""
    links = {(m.camera, m.stream): m.url for m in snap.media}
    urls = []
    for i in range(tiles):
        url = links.get((f"cam{i + 1}", "main"))
        if url is None:
            raise RuntimeError(f"the snapshot has no media link for cam{i + 1}: {sorted(links)[:8]}")
        urls.append(url if "://" in url else f"{http}{url}")
    return urls
