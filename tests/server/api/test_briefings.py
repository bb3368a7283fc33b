"""Briefings (playlists of presets) and the wall freeze against the live server, over REST and /ws."""

from __future__ import annotations

from typing import Any

from tests.server.api.test_automation import Site, _preset
from tests.server.api.test_automation import site as site  # the fixture
from tests.support.ws_client import WallClient
from wall_protocol.common import utc_now
from wall_protocol.messages import Error, Result, Snapshot


def _briefing(name: str, steps: list[str], advance_s: float | None = None) -> dict[str, Any]:
    return {"name": name, "title": "Giao ban sáng", "steps": steps, "advance_s": advance_s}


async def test_briefing_crud_reaches_consoles_and_guards_its_presets(site: Site):
    """An operator creates, edits and deletes a briefing; a console gets each delta; its presets cannot go."""
    first, second = f"b1-{site.wall}", f"b2-{site.wall}"
    for name, camera in ((first, "cam-a"), (second, "cam-b")):
        made = await site.http.post("/api/v1/presets", json=_preset(name, site.wall, camera=camera),
                                    headers=site.auth("operator"))
        assert made.status_code == 201, made.text
    name = f"brief-{site.wall}"
    console = WallClient(site.proc.ws, site.made["viewer"])
    await console.connect()
    created = await site.http.post("/api/v1/briefings", json=_briefing(name, [first, second], 30),
                                   headers=site.auth("operator"))
    assert created.status_code == 201, created.text
    delta = await console.wait_for_delta(lambda d: d.kind == "briefing" and d.name == name)
    assert delta.briefing is not None and delta.briefing.steps == (first, second)  # type: ignore[union-attr]
    late = WallClient(site.proc.ws, site.made["viewer"])
    await late.connect()
    snapshot = next(m for m in late.messages if isinstance(m, Snapshot))
    assert [b.advance_s for b in snapshot.briefings if b.name == name] == [30]
    await late.close()
    again = await site.http.post("/api/v1/briefings", json=_briefing(name, [first]), headers=site.auth("operator"))
    assert again.status_code == 409
    edited = await site.http.put(f"/api/v1/briefings/{name}", json=_briefing(name, [second, first]),
                                 headers=site.auth("operator"))
    assert edited.status_code == 200, edited.text
    read = (await site.http.get(f"/api/v1/briefings/{name}", headers=site.auth("viewer"))).json()
    assert read["steps"] == [second, first] and read["advance_s"] is None
    used = await site.http.delete(f"/api/v1/presets/{first}", headers=site.auth("operator"))
    assert used.status_code == 409 and f"briefing '{name}'" in used.json()["error"]["message"]
    gone = await site.http.delete(f"/api/v1/briefings/{name}", headers=site.auth("operator"))
    assert gone.status_code == 204
    removed = await console.wait_for_delta(lambda d: d.kind == "briefing" and d.name == name and d.briefing is None)
    assert removed.kind == "briefing"
    assert (await site.http.get(f"/api/v1/briefings/{name}", headers=site.auth("viewer"))).status_code == 404
    await console.close()


async def test_a_bad_briefing_is_refused_naming_the_step_and_viewers_may_not_edit(site: Site):
    """An unknown preset is refused naming its step; a repeated step, bad advance and a viewer are refused."""
    name = f"bad-{site.wall}"
    unknown = await site.http.post("/api/v1/briefings", json=_briefing(name, ["no-such-preset"]),
                                   headers=site.auth("operator"))
    body = unknown.json()["error"]
    assert unknown.status_code == 404 and "step 1" in body["message"] and body["field"] == "steps.0"
    preset = f"pb-{site.wall}"
    await site.http.post("/api/v1/presets", json=_preset(preset, site.wall), headers=site.auth("operator"))
    twice = await site.http.post("/api/v1/briefings", json=_briefing(name, [preset, preset]),
                                 headers=site.auth("operator"))
    assert twice.status_code == 422 and "repeats" in twice.text
    too_fast = await site.http.post("/api/v1/briefings", json=_briefing(name, [preset], 0.1),
                                    headers=site.auth("operator"))
    assert too_fast.status_code == 422
    viewer = await site.http.post("/api/v1/briefings", json=_briefing(name, [preset]), headers=site.auth("viewer"))
    assert viewer.status_code == 403 and "operator" in viewer.json()["error"]["message"]
    listed = (await site.http.get("/api/v1/briefings", headers=site.auth("viewer"))).json()
    assert all(b["name"] != name for b in listed)  # nothing refused was stored


async def test_freeze_wall_is_a_wall_delta_for_operators_only(site: Site):
    """freeze_wall sets frozen in the wall PC's state and audits it; a viewer is refused; unfreeze clears it."""
    console = WallClient(site.proc.ws, site.made["operator"])
    viewer = WallClient(site.proc.ws, site.made["viewer"])
    wall_pc = WallClient(site.proc.ws, site.made["viewer"], wall=site.wall)
    for client in (console, viewer, wall_pc):
        await client.connect()
    refused = await viewer.request({"type": "freeze_wall", "id": "v", "wall": site.wall, "frozen": True})
    assert isinstance(refused, Error) and refused.code == "forbidden"
    reply = await console.request({"type": "freeze_wall", "id": "f1", "wall": site.wall, "frozen": True})
    assert isinstance(reply, Result) and reply.data == {"wall": site.wall, "frozen": True}
    delta = await wall_pc.wait_for_delta(lambda d: d.kind == "wall" and d.wall.name == site.wall)
    assert delta.wall.frozen is True  # type: ignore[union-attr]
    assert (await site.wall_state())["frozen"] is True
    reply = await console.request({"type": "freeze_wall", "id": "f2", "wall": site.wall, "frozen": False})
    delta = await wall_pc.wait_for_delta(lambda d: d.kind == "wall" and d.wall.name == site.wall)
    assert delta.wall.frozen is False  # type: ignore[union-attr]
    audit = await site.http.get("/api/v1/audit", headers=site.auth("admin"))
    actions = [row["action"] for row in audit.json() if row["target"] == f"wall:{site.wall}"]
    assert "wall.freeze" in actions and "wall.unfreeze" in actions
    for client in (console, viewer, wall_pc):
        await client.close()


async def _post_value(site: Site, series: str, value: float) -> None:
    posted = await site.http.post("/api/v1/metrics", headers=site.auth("producer"),
                                  json={"samples": [{"series": series, "ts": utc_now().isoformat(), "value": value}]})
    assert posted.status_code == 201, posted.text


async def _snapshot_on_connect(client: WallClient) -> Snapshot:
    await client.connect()
    return next(m for m in client.messages if isinstance(m, Snapshot))


def _latest(snapshot: Snapshot, series: str) -> float | None:
    return next((p.value for p in snapshot.latest if p.series == series), None)


async def test_a_pc_joining_a_frozen_wall_is_shown_the_freeze_and_gets_live_data_at_the_unfreeze(site: Site):
    """Frozen over REST at 10: a wall PC connecting after 20 arrived is sent 10; the unfreeze resyncs it to 20."""
    series = f"freeze-{site.wall}"
    await _post_value(site, series, 10.0)
    frozen = await site.http.put(f"/api/v1/walls/{site.wall}/freeze", json={"frozen": True},
                                 headers=site.auth("operator"))
    assert frozen.status_code == 200, frozen.text
    assert frozen.json()["frozen"] is True and frozen.json()["frozen_at"] is not None
    await _post_value(site, series, 20.0)
    late_pc = WallClient(site.proc.ws, site.made["viewer"], wall=site.wall)
    opened = await _snapshot_on_connect(late_pc)
    assert opened.walls[0].frozen
    assert _latest(opened, series) == 10.0  # what the wall's other PCs hold, not the live 20
    console = WallClient(site.proc.ws, site.made["viewer"])
    assert _latest(await _snapshot_on_connect(console), series) == 20.0  # consoles see live data
    refused = await site.http.put(f"/api/v1/walls/{site.wall}/freeze", json={"frozen": False},
                                  headers=site.auth("viewer"))
    assert refused.status_code == 403
    bad = await site.http.put(f"/api/v1/walls/{site.wall}/freeze", json={"frozen": "soon"},
                              headers=site.auth("operator"))
    assert bad.status_code == 422 and "frozen" in bad.text
    thawed = await site.http.put(f"/api/v1/walls/{site.wall}/freeze", json={"frozen": False},
                                 headers=site.auth("operator"))
    assert thawed.status_code == 200 and thawed.json()["frozen_at"] is None
    fresh = await late_pc.wait_for(lambda m: isinstance(m, Snapshot) and m is not opened)
    assert isinstance(fresh, Snapshot) and not fresh.walls[0].frozen and _latest(fresh, series) == 20.0
    again = WallClient(site.proc.ws, site.made["viewer"], wall=site.wall)
    assert _latest(await _snapshot_on_connect(again), series) == 20.0
    for client in (late_pc, console, again):
        await client.close()
