"""maximize_tile against the live server: one wall delta, audited, operators only, cleared by layouts and presets."""

from __future__ import annotations

from tests.server.api.test_automation import Site, _monitor, _preset
from tests.server.api.test_automation import site as site  # the fixture
from tests.support.ws_client import WallClient
from wall_protocol.messages import Delta, Error, Result


def _maximized(delta: Delta) -> str | None:
    return next(m.maximized for m in delta.wall.monitors if m.index == 1)  # type: ignore[union-attr]


async def test_maximize_tile_is_one_wall_delta_and_audited_and_null_restores(site: Site):
    """An operator maximizes video-5 of monitor 1: the wall PC gets it in one wall delta; null restores it."""
    console = WallClient(site.proc.ws, site.made["operator"])
    wall_pc = WallClient(site.proc.ws, site.made["viewer"], wall=site.wall)
    for client in (console, wall_pc):
        await client.connect()
    start = len(wall_pc.deltas)
    reply = await console.request({"type": "maximize_tile", "id": "m1", "wall": site.wall, "monitor": 1,
                                   "tile": "video-5"})
    assert isinstance(reply, Result) and reply.data == {"wall": site.wall, "monitor": 1, "maximized": "video-5"}
    delta = await wall_pc.wait_for_delta(lambda d: d.kind == "wall" and d.wall.name == site.wall)
    assert _maximized(delta) == "video-5"
    assert [d.kind for d in wall_pc.deltas[start:]] == ["wall"], "one wall delta"
    assert _monitor(await site.wall_state(), 1)["maximized"] == "video-5"
    assert _monitor(await site.wall_state(), 0)["maximized"] is None
    reply = await console.request({"type": "maximize_tile", "id": "m2", "wall": site.wall, "monitor": 1,
                                   "tile": None})
    assert isinstance(reply, Result)
    delta = await wall_pc.wait_for_delta(lambda d: d.kind == "wall" and _maximized(d) is None)
    assert _monitor(await site.wall_state(), 1)["maximized"] is None
    audit = await site.http.get("/api/v1/audit", headers=site.auth("admin"))
    actions = [row["action"] for row in audit.json() if row["target"] == f"wall:{site.wall}/1"]
    assert "wall.maximize" in actions and "wall.restore" in actions
    for client in (console, wall_pc):
        await client.close()


async def test_maximize_is_refused_for_viewers_and_for_a_tile_the_layout_lacks(site: Site):
    """A viewer is refused; an unknown tile is refused naming it and the layout's tiles; nothing is stored."""
    viewer = WallClient(site.proc.ws, site.made["viewer"])
    console = WallClient(site.proc.ws, site.made["operator"])
    for client in (viewer, console):
        await client.connect()
    refused = await viewer.request({"type": "maximize_tile", "id": "v", "wall": site.wall, "monitor": 1,
                                    "tile": "video-1"})
    assert isinstance(refused, Error) and refused.code == "forbidden" and "maximize_tile" in refused.message
    bad = await console.request({"type": "maximize_tile", "id": "b", "wall": site.wall, "monitor": 1,
                                 "tile": "video-42"})
    assert isinstance(bad, Error) and bad.code == "not_found" and bad.field == "tile"
    assert "'video-42'" in bad.message and "video-9" in bad.message, bad.message
    assert _monitor(await site.wall_state(), 1)["maximized"] is None
    for client in (viewer, console):
        await client.close()


async def test_a_new_layout_or_a_preset_clears_the_maximized_tile(site: Site):
    """set_layout and apply_preset show a whole layout again: maximized is cleared."""
    console = WallClient(site.proc.ws, site.made["operator"])
    await console.connect()
    maximize = {"type": "maximize_tile", "wall": site.wall, "monitor": 1, "tile": "video-1"}
    assert isinstance(await console.request({**maximize, "id": "a"}), Result)
    layout = await console.request({"type": "set_layout", "id": "l", "wall": site.wall, "monitor": 1,
                                    "layout": "cameras-2x2"})
    assert isinstance(layout, Result)
    assert _monitor(await site.wall_state(), 1)["maximized"] is None
    assert isinstance(await console.request({**maximize, "id": "b"}), Result)
    assert _monitor(await site.wall_state(), 1)["maximized"] == "video-1"
    preset = f"pm-{site.wall}"
    made = await site.http.post("/api/v1/presets", json=_preset(preset, site.wall), headers=site.auth("operator"))
    assert made.status_code == 201, made.text
    assert isinstance(await console.request({"type": "apply_preset", "id": "p", "preset": preset}), Result)
    assert _monitor(await site.wall_state(), 1)["maximized"] is None
    await console.close()
