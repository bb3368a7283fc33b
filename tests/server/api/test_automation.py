"""Presets, alert rules and alarm-to-wall against the live server, over REST and /ws."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.support.server_process import ServerProcess
from tests.support.ws_client import WallClient
from wall_protocol.messages import Error, Result

_names = itertools.count(1)


@dataclass
class Site:
    """One live server, HTTP headers per role, and a fresh wall of two monitors for this test."""

    proc: ServerProcess
    made: dict[str, str]
    http: httpx.AsyncClient
    wall: str

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.made[role]}"}

    async def wall_state(self) -> dict[str, Any]:
        response = await self.http.get(f"/api/v1/walls/{self.wall}", headers=self.auth("viewer"))
        state: dict[str, Any] = response.json()
        return state


@pytest.fixture
async def site(live_server: tuple[ServerProcess, dict[str, str]]) -> AsyncIterator[Site]:
    proc, made = live_server
    wall = f"wall-{next(_names)}"
    async with httpx.AsyncClient(base_url=proc.http, timeout=10) as http:
        admin = {"Authorization": f"Bearer {made['admin']}"}
        for cam in ("cam-a", "cam-b", "cam-c"):
            await http.put(f"/api/v1/cameras/{cam}", headers=admin,
                           json={"id": cam, "name": cam, "area": "Cao Lộc", "main_url": "http://127.0.0.1:1/x.ts"})
        created = await http.put(f"/api/v1/walls/{wall}", headers=admin, json={
            "name": wall, "title": "Tường thử", "monitors": [{"index": 0, "layout": "ioc-overview"},
                                                             {"index": 1, "layout": "cameras-3x3"}]})
        assert created.status_code == 200, created.text
        yield Site(proc, made, http, wall)


def _preset(name: str, wall: str, camera: str = "cam-a", layout: str = "cameras-2x2") -> dict[str, Any]:
    return {"name": name, "title": "Giao thông", "wall": wall, "monitors": [
        {"index": 1, "layout": layout, "tiles": [{"tile": "video-2", "source": {"kind": "camera", "camera": camera}}]}]}


def _monitor(state: dict[str, Any], index: int) -> dict[str, Any]:
    return next(m for m in state["monitors"] if m["index"] == index)


async def test_preset_crud_and_rest_apply_reach_a_wall_pc(site: Site):
    """An operator saves, reads, edits and applies a preset; the wall PC gets the new wall state."""
    name = f"p-{site.wall}"
    created = await site.http.post("/api/v1/presets", json=_preset(name, site.wall), headers=site.auth("operator"))
    assert created.status_code == 201, created.text
    again = await site.http.post("/api/v1/presets", json=_preset(name, site.wall), headers=site.auth("operator"))
    assert again.status_code == 409 and name in again.json()["error"]["message"]
    edited = _preset(name, site.wall, camera="cam-b")
    assert (await site.http.put(f"/api/v1/presets/{name}", json=edited, headers=site.auth("operator"))).status_code == 200
    listed = (await site.http.get("/api/v1/presets", params={"wall": site.wall}, headers=site.auth("viewer"))).json()
    assert [p["name"] for p in listed] == [name]
    wall_pc = WallClient(site.proc.ws, site.made["viewer"], wall=site.wall)
    await wall_pc.connect()
    applied = await site.http.post(f"/api/v1/presets/{name}/apply", headers=site.auth("operator"))
    assert applied.status_code == 200, applied.text
    delta = await wall_pc.wait_for_delta(lambda d: d.kind == "wall" and d.wall.name == site.wall)
    monitor = next(m for m in delta.wall.monitors if m.index == 1)
    assert monitor.layout == "cameras-2x2" and monitor.tiles[0].source.camera == "cam-b"  # type: ignore[union-attr]
    assert _monitor(await site.wall_state(), 0)["layout"] == "ioc-overview", "unlisted monitors keep their layout"
    deleted = await site.http.delete(f"/api/v1/presets/{name}", headers=site.auth("operator"))
    assert deleted.status_code == 204
    gone = await wall_pc.wait_for_delta(lambda d: d.kind == "preset" and d.name == name)
    assert gone.preset is None  # type: ignore[union-attr]
    audit = (await site.http.get("/api/v1/audit", headers=site.auth("admin"))).json()
    actions = {(e["actor"], e["action"], e["target"]) for e in audit}
    assert {("operator", "preset.upsert", f"preset:{name}"), ("operator", "preset.apply", f"preset:{name}"),
            ("operator", "preset.delete", f"preset:{name}")} <= actions
    await wall_pc.close()


async def test_ws_apply_preset_changes_what_a_second_client_sees(site: Site):
    """apply_preset over /ws from a console: result after the delta, and the other wall PC follows."""
    name = f"ws-{site.wall}"
    await site.http.post("/api/v1/presets", json=_preset(name, site.wall, camera="cam-c"), headers=site.auth("admin"))
    console = WallClient(site.proc.ws, site.made["operator"])
    wall_pc = WallClient(site.proc.ws, site.made["viewer"], wall=site.wall)
    await console.connect()
    await wall_pc.connect()
    reply = await console.request({"type": "apply_preset", "id": "a1", "preset": name})
    assert isinstance(reply, Result) and reply.data == {"wall": site.wall, "preset": name}
    delta = await wall_pc.wait_for_delta(lambda d: d.kind == "wall" and d.wall.name == site.wall)
    assert next(m for m in delta.wall.monitors if m.index == 1).tiles[0].source.camera == "cam-c"  # type: ignore[union-attr]
    await console.close()
    await wall_pc.close()


@pytest.mark.parametrize(("change", "named"), [
    (lambda p: p["monitors"][0].update(layout="no-such-layout"), "no-such-layout"),
    (lambda p: p["monitors"][0]["tiles"][0]["source"].update(camera="no-such-cam"), "no-such-cam"),
    (lambda p: p["monitors"].append(dict(p["monitors"][0])), "monitor 1 is listed twice"),
    (lambda p: p["monitors"][0]["tiles"][0].update(tile="video-9"), "video-9"),
    (lambda p: p["monitors"][0].update(index=5), "no monitor 5"),
])
async def test_a_bad_preset_is_refused_naming_what_is_wrong(site: Site, change: Any, named: str):
    """Unknown layout, camera, tile or monitor, or a monitor listed twice: refused, named, nothing stored."""
    body = _preset(f"bad-{site.wall}", site.wall)
    change(body)
    response = await site.http.post("/api/v1/presets", json=body, headers=site.auth("operator"))
    assert response.status_code in (404, 422), response.text
    assert named in response.json()["error"]["message"]
    missing = await site.http.get(f"/api/v1/presets/bad-{site.wall}", headers=site.auth("viewer"))
    assert missing.status_code == 404


@pytest.mark.parametrize("method", ["POST", "PUT"])
async def test_a_preset_with_alarm_state_is_refused_naming_the_field_and_no_fake_alarm_reaches_the_wall(
        site: Site, method: str):
    """An operator's preset whose tile carries `alarm` is a 422 naming monitors.0.tiles.1.alarm; nothing is stored."""
    name = f"fake-alarm-{method.lower()}-{site.wall}"
    body = _preset(name, site.wall)
    body["monitors"][0]["tiles"].append({"tile": "video-3", "source": {"kind": "camera", "camera": "cam-b"},
                                         "alarm": 1, "before_alarm": {"kind": "camera", "camera": "cam-c"}})
    path = "/api/v1/presets" if method == "POST" else f"/api/v1/presets/{name}"
    before = await site.wall_state()
    refused = await site.http.request(method, path, json=body, headers=site.auth("operator"))
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert error["field"] == "monitors.0.tiles.1.alarm" and "alarm" in error["message"], error
    assert (await site.http.get(f"/api/v1/presets/{name}", headers=site.auth("viewer"))).status_code == 404
    applied = await site.http.post(f"/api/v1/presets/{name}/apply", headers=site.auth("operator"))
    assert applied.status_code == 404 and await site.wall_state() == before


async def test_a_preset_saved_with_null_alarm_fields_applies_without_alarm_state(site: Site):
    """Bodies as clients sent them so far (`alarm: null`) still save; applying sets no alarm and no alarm keys."""
    name = f"null-alarm-{site.wall}"
    body = _preset(name, site.wall)
    body["monitors"][0]["tiles"][0].update(alarm=None, before_alarm=None)
    saved = await site.http.post("/api/v1/presets", json=body, headers=site.auth("operator"))
    assert saved.status_code == 201, saved.text
    assert "alarm" not in saved.json()["monitors"][0]["tiles"][0]
    applied = await site.http.post(f"/api/v1/presets/{name}/apply", headers=site.auth("operator"))
    assert applied.status_code == 200, applied.text
    tiles = _monitor(applied.json(), 1)["tiles"]
    assert [t["tile"] for t in tiles] == ["video-2"] and all(t.get("alarm") is None for t in tiles)


async def test_applying_a_preset_that_no_longer_fits_changes_nothing(site: Site):
    """A preset whose camera was removed after saving is refused on apply, naming the camera; the wall stays."""
    await site.http.put("/api/v1/cameras/cam-gone", headers=site.auth("admin"),
                        json={"id": "cam-gone", "name": "x", "main_url": "http://127.0.0.1:1/x.ts"})
    name = f"stale-{site.wall}"
    await site.http.post("/api/v1/presets", json=_preset(name, site.wall, camera="cam-gone"),
                         headers=site.auth("operator"))
    await site.http.delete("/api/v1/cameras/cam-gone", headers=site.auth("admin"))
    before = await site.wall_state()
    response = await site.http.post(f"/api/v1/presets/{name}/apply", headers=site.auth("operator"))
    assert response.status_code == 404 and "cam-gone" in response.json()["error"]["message"]
    assert await site.wall_state() == before


async def test_viewer_and_operator_are_refused_with_the_role_needed(site: Site):
    """A viewer may not apply or save presets (REST and /ws); an operator may not set up schedules or rules."""
    name = f"roles-{site.wall}"
    await site.http.post("/api/v1/presets", json=_preset(name, site.wall), headers=site.auth("operator"))
    refused = await site.http.post(f"/api/v1/presets/{name}/apply", headers=site.auth("viewer"))
    assert refused.status_code == 403
    assert "operator or admin" in refused.json()["error"]["message"] and "viewer" in refused.json()["error"]["message"]
    saved = await site.http.put(f"/api/v1/presets/{name}", json=_preset(name, site.wall), headers=site.auth("viewer"))
    assert saved.status_code == 403
    viewer = WallClient(site.proc.ws, site.made["viewer"])
    await viewer.connect()
    reply = await viewer.request({"type": "apply_preset", "id": 9, "preset": name})
    assert isinstance(reply, Error) and reply.code == "forbidden" and "operator or admin" in reply.message
    await viewer.close()
    schedule = {"name": f"s-{site.wall}", "preset": name, "at": "07:30"}
    refused = await site.http.post("/api/v1/schedules", json=schedule, headers=site.auth("operator"))
    assert refused.status_code == 403 and "needs role admin" in refused.json()["error"]["message"]
    rule = {"name": f"r-{site.wall}", "apply_preset": name}
    refused = await site.http.post("/api/v1/alert-rules", json=rule, headers=site.auth("operator"))
    assert refused.status_code == 403 and "needs role admin" in refused.json()["error"]["message"]


async def test_schedule_and_rule_crud_and_a_used_preset_cannot_be_deleted(site: Site):
    """Admins create, list, edit and delete schedules and rules; a preset they use is protected."""
    name = f"used-{site.wall}"
    await site.http.post("/api/v1/presets", json=_preset(name, site.wall), headers=site.auth("operator"))
    schedule = {"name": f"s-{site.wall}", "preset": name, "at": "07:30", "days": ["mon", "fri"]}
    created = await site.http.post("/api/v1/schedules", json=schedule, headers=site.auth("admin"))
    assert created.status_code == 201 and created.json()["last_run_at"] is None
    bad = await site.http.post("/api/v1/schedules", json={**schedule, "name": "x", "at": "25:00"},
                               headers=site.auth("admin"))
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "at"
    rule = {"name": f"r-{site.wall}", "category": "traffic", "apply_preset": name}
    assert (await site.http.post("/api/v1/alert-rules", json=rule, headers=site.auth("admin"))).status_code == 201
    no_action = await site.http.put(f"/api/v1/alert-rules/r-{site.wall}", json={"name": f"r-{site.wall}"},
                                    headers=site.auth("admin"))
    assert no_action.status_code == 422 and "action" in no_action.json()["error"]["message"]
    in_use = await site.http.delete(f"/api/v1/presets/{name}", headers=site.auth("operator"))
    assert in_use.status_code == 409
    assert f"schedule 's-{site.wall}'" in in_use.json()["error"]["message"]
    assert f"alert rule 'r-{site.wall}'" in in_use.json()["error"]["message"]
    assert (await site.http.delete(f"/api/v1/schedules/s-{site.wall}", headers=site.auth("admin"))).status_code == 204
    assert (await site.http.delete(f"/api/v1/alert-rules/r-{site.wall}", headers=site.auth("admin"))).status_code == 204
    assert (await site.http.delete(f"/api/v1/presets/{name}", headers=site.auth("operator"))).status_code == 204


async def test_alert_rule_applies_a_preset_and_pops_the_alarm_with_no_console(site: Site):
    """A matching alert POSTed by a producer changes the wall (preset + alarm tile); ack restores the tile."""
    name = f"traffic-{site.wall}"
    preset = {"name": name, "title": "Giao thông", "wall": site.wall, "monitors": [
        {"index": 1, "layout": "cameras-3x3", "tiles": [
            {"tile": "video-1", "source": {"kind": "camera", "camera": "cam-a"}},
            {"tile": "video-9", "source": {"kind": "camera", "camera": "cam-b"}}]}]}
    assert (await site.http.post("/api/v1/presets", json=preset, headers=site.auth("operator"))).status_code == 201
    rule = {"name": f"rule-{site.wall}", "category": "traffic", "min_severity": "major",
            "area_contains": f"cao lộc {site.wall}", "apply_preset": name, "alarm_wall": site.wall}
    assert (await site.http.post("/api/v1/alert-rules", json=rule, headers=site.auth("admin"))).status_code == 201
    await site.http.put(f"/api/v1/walls/{site.wall}/monitors/1/layout", json={"layout": "cameras-2x2"},
                        headers=site.auth("operator"))
    wall_pc = WallClient(site.proc.ws, site.made["viewer"], wall=site.wall)
    await wall_pc.connect()
    minor = {"category": "traffic", "severity": "minor", "title": "Ùn nhẹ", "area": f"Cao Lộc {site.wall}",
             "camera": "cam-c"}
    await site.http.post("/api/v1/alerts", json=minor, headers=site.auth("producer"))
    assert _monitor(await site.wall_state(), 1)["layout"] == "cameras-2x2", "below min_severity: no action"
    alert = (await site.http.post("/api/v1/alerts", json={**minor, "severity": "critical", "title": "Tai nạn"},
                                  headers=site.auth("producer"))).json()
    delta = await wall_pc.wait_for_delta(
        lambda d: d.kind == "wall" and any(t.alarm == alert["id"] for m in d.wall.monitors for t in m.tiles))
    monitor = next(m for m in delta.wall.monitors if m.index == 1)
    assert monitor.layout == "cameras-3x3"
    tiles = {t.tile: t for t in monitor.tiles}
    assert tiles["video-9"].alarm == alert["id"] and tiles["video-9"].source.camera == "cam-c"  # type: ignore[union-attr]
    assert tiles["video-9"].before_alarm.camera == "cam-b"  # type: ignore[union-attr]
    acked = await site.http.post(f"/api/v1/alerts/{alert['id']}/ack", json={}, headers=site.auth("operator"))
    assert acked.status_code == 200
    restored = await wall_pc.wait_for_delta(
        lambda d: d.kind == "wall" and not any(t.alarm for m in d.wall.monitors for t in m.tiles))
    tile = next(t for m in restored.wall.monitors if m.index == 1 for t in m.tiles if t.tile == "video-9")
    assert tile.source.camera == "cam-b" and tile.alarm is None  # type: ignore[union-attr]
    audit = (await site.http.get("/api/v1/audit", headers=site.auth("admin"))).json()
    actors = {(e["actor"], e["action"]) for e in audit}
    assert {(f"rule:rule-{site.wall}", "preset.apply"), (f"rule:rule-{site.wall}", "wall.alarm")} <= actors
    await wall_pc.close()


async def test_a_server_without_demo_has_none_of_the_demos_automation(site: Site):
    """A production server's console sees no demo presets, schedule or rule (they act on demo cameras)."""
    console = WallClient(site.proc.ws, site.made["viewer"])
    await console.connect()
    snapshot = next(m for m in console.messages if m.type == "snapshot")
    assert not {"giao-ban", "giao-thong", "tong-quan"} & {p.name for p in snapshot.presets}  # type: ignore[union-attr]
    assert "giao-ban-sang" not in {s.name for s in snapshot.schedules}  # type: ignore[union-attr]
    assert "tai-nan-cao-loc" not in {r.name for r in snapshot.alert_rules}  # type: ignore[union-attr]
    await console.close()
