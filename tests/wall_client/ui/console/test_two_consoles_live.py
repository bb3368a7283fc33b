"""Two consoles on one wall: concurrent edits of a tile resolve to the server's last write, everywhere."""

from __future__ import annotations

import asyncio

import httpx

from tests.support.console import reset_monitor, wait_until
from tests.support.ws_client import WallClient
from wall_protocol.entities import CameraSource, WallState
from wall_protocol.messages import Delta

TILE = "video-3"
NAMES = {"phai-ve": "Nút giao Phai Vệ", "huu-nghi": "Cửa khẩu Hữu Nghị"}


def _camera_in_tile(wall: WallState) -> str | None:
    monitor = next(m for m in wall.monitors if m.index == 1)
    state = next((t for t in monitor.tiles if t.tile == TILE), None)
    return state.source.camera if state is not None and isinstance(state.source, CameraSource) else None


def _tile_deltas(deltas: list[Delta]) -> list[str]:
    """The cameras the server put in the tile, in the order of its wall deltas."""
    shown = [_camera_in_tile(d.wall) for d in deltas if d.kind == "wall" and d.wall.name == "main"]
    return [camera for camera in shown if camera is not None]


def test_two_consoles_setting_one_tile_at_once_end_on_the_servers_last_write(console_server, qt_loop, open_console):
    """Both consoles send a different camera to one tile at once; the wall's last delta decides, and both
    miniatures and an independent wall client show that camera within a second of it."""
    server, tokens = console_server
    reset_monitor(server, tokens["operator"])

    async def scenario() -> None:
        wall_pc = WallClient(server.ws, tokens["viewer"], wall="main")
        await wall_pc.connect()
        first = await open_console(server.ws, tokens["operator"])
        second = await open_console(server.ws, tokens["operator"])
        minis = [app.window.walls.miniature("main", 1) for app in (first, second)]
        start = len(wall_pc.deltas)
        first.actions.set_camera("main", 1, TILE, "phai-ve")
        second.actions.set_camera("main", 1, TILE, "huu-nghi")
        await asyncio.gather(first.actions.wait_idle(), second.actions.wait_idle())
        # Both writes were applied (each answered with a result): read until the wall client has the state
        # the server holds now, which is the last write.
        async with httpx.AsyncClient(base_url=server.http, timeout=10) as http:
            answer = await http.get("/api/v1/walls/main", headers={"Authorization": f"Bearer {tokens['viewer']}"})
        answer.raise_for_status()
        winner = _camera_in_tile(WallState.model_validate(answer.json()))
        assert winner in NAMES, winner
        await wall_pc.wait_for_delta(lambda d: d.kind == "wall" and _camera_in_tile(d.wall) == winner, timeout=5)
        loop = asyncio.get_running_loop()
        arrived = loop.time()
        await wait_until(lambda: all(m.miniature is not None and m.miniature.tile(TILE).shows == NAMES[winner]
                                     for m in minis), timeout=1, what="both miniatures to show the last write")
        assert loop.time() - arrived < 1, "within a second of the wall's delta"
        await asyncio.sleep(0.2)  # nothing may follow the last write
        while True:
            try:
                await wall_pc.next(timeout=0.05)
            except TimeoutError:
                break
        seen = _tile_deltas(wall_pc.deltas[start:])
        assert seen and seen[-1] == winner, f"the server's last wall delta names {seen}, its state {winner}"
        loser = next(camera for camera in NAMES if camera != winner)
        assert all(m.miniature.tile(TILE).shows != NAMES[loser] for m in minis)  # type: ignore[union-attr]
        for app in (first, second):
            state = app.store.monitor_tiles("main", 1)[1]
            view = next(v for v in state if v.tile.id == TILE)
            assert view.state is not None and view.state.source == CameraSource(camera=winner)
        await wall_pc.close()

    qt_loop.run_until_complete(scenario())
