"""The /ws session against the live server: snapshot, deltas, commands, roles and bad input."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import websockets
from websockets.asyncio.client import connect

from tests.support.server_process import ServerProcess
from tests.support.ws_client import WallClient
from wall_protocol.messages import Error, Pong, Result, Snapshot, Welcome


@pytest.fixture
def server(live_server: tuple[ServerProcess, dict[str, str]]) -> tuple[ServerProcess, dict[str, str]]:
    return live_server


async def test_hello_gets_welcome_and_snapshot_of_its_wall(server):
    """A wall client gets a welcome naming its role, then a snapshot holding only its wall."""
    proc, made = server
    client = WallClient(proc.ws, made["viewer"], wall="main")
    welcome = await client.connect(expect_snapshot=False)
    assert isinstance(welcome, Welcome) and welcome.role.value == "viewer" and not welcome.resumed
    snapshot = await client.next()
    assert isinstance(snapshot, Snapshot)
    assert [w.name for w in snapshot.walls] == ["main"]
    assert {lay.id for lay in snapshot.layouts} >= {"ioc-overview", "cameras-3x3"}
    await client.close()


async def test_posted_alert_arrives_as_delta(server):
    """An alert POSTed over REST reaches a connected client as an alert delta, quickly."""
    proc, made = server
    client = WallClient(proc.ws, made["viewer"])
    await client.connect()
    async with httpx.AsyncClient(base_url=proc.http) as http:
        response = await http.post("/api/v1/alerts", headers={"Authorization": f"Bearer {made['producer']}"},
                                   json={"category": "border", "severity": "minor", "title": "Xe chờ Hữu Nghị"})
    alert_id = response.json()["id"]
    delta = await client.wait_for_delta(lambda d: d.kind == "alert" and d.alert.id == alert_id, timeout=3)
    assert delta.alert.title == "Xe chờ Hữu Nghị"
    await client.close()


async def test_command_reaches_every_client_of_that_wall_only(server):
    """set_tile from an operator: a result, the wall delta on another PC of that wall, none elsewhere."""
    proc, made = server
    async with httpx.AsyncClient(base_url=proc.http) as http:
        admin = {"Authorization": f"Bearer {made['admin']}"}
        await http.put("/api/v1/cameras/ws-cam", headers=admin,
                       json={"id": "ws-cam", "name": "Chợ Đông Kinh", "main_url": "http://127.0.0.1:1/a.ts"})
        await http.put("/api/v1/walls/side", headers=admin, json={
            "name": "side", "title": "Tường phụ", "monitors": [{"index": 0, "layout": "cameras-2x2"}]})
    console = WallClient(proc.ws, made["operator"])
    wall_pc = WallClient(proc.ws, made["viewer"], wall="main")
    other_wall = WallClient(proc.ws, made["viewer"], wall="side")
    for c in (console, wall_pc, other_wall):
        await c.connect()
    monitor_layout = next(w for w in (await _snapshot(console)).walls if w.name == "main").monitors[0].layout
    assert monitor_layout == "ioc-overview"
    reply = await console.request({"type": "set_tile", "id": "r1", "wall": "main", "monitor": 0, "tile": "video-1",
                                   "source": {"kind": "camera", "camera": "ws-cam"}})
    assert isinstance(reply, Result) and reply.data == {"wall": "main"}
    # The console already has the new state when the result arrives.
    assert any(d.kind == "wall" and _tile_camera(d.wall, 0, "video-1") == "ws-cam" for d in console.deltas)
    seen = await wall_pc.wait_for_delta(lambda d: d.kind == "wall", timeout=3)
    assert _tile_camera(seen.wall, 0, "video-1") == "ws-cam"
    marker = await _post_alert(proc, made, "marker after set_tile")
    await other_wall.wait_for_delta(lambda d: d.kind == "alert" and d.alert.id == marker, timeout=3)
    assert not any(d.kind == "wall" and d.wall.name == "main" for d in other_wall.deltas)
    for c in (console, wall_pc, other_wall):
        await c.close()


async def _snapshot(client: WallClient) -> Snapshot:
    return next(m for m in client.messages if isinstance(m, Snapshot))


def _tile_camera(wall, monitor: int, tile: str) -> str | None:
    for m in wall.monitors:
        if m.index == monitor:
            for t in m.tiles:
                if t.tile == tile and t.source is not None:
                    return t.source.camera
    return None


async def _post_alert(proc: ServerProcess, made: dict[str, str], title: str) -> int:
    async with httpx.AsyncClient(base_url=proc.http) as http:
        response = await http.post("/api/v1/alerts", headers={"Authorization": f"Bearer {made['producer']}"},
                                   json={"category": "system", "severity": "info", "title": title})
    return int(response.json()["id"])


async def test_viewer_command_is_refused_and_connection_goes_on(server):
    """A viewer's set_layout gets a forbidden error naming the roles; the same connection still works."""
    proc, made = server
    client = WallClient(proc.ws, made["viewer"])
    await client.connect()
    reply = await client.request({"type": "set_layout", "id": 7, "wall": "main", "monitor": 0, "layout": "cameras-4x4"})
    assert isinstance(reply, Error) and reply.code == "forbidden"
    assert "operator or admin" in reply.message and "viewer" in reply.message
    await client.send({"type": "ping", "id": 8})
    pong = await client.wait_for(lambda m: isinstance(m, Pong))
    assert pong.id == 8
    await client.close()


@pytest.mark.parametrize(
    ("frame", "code", "words"),
    [
        ("{not json", "bad_json", "not valid JSON"),
        ("[1, 2]", "invalid", "JSON object"),
        ('{"type": "format_disk"}', "unknown_type", "format_disk"),
        ('{"type": "set_tile", "id": 3, "wall": "main", "monitor": 99, "tile": "video-1"}', "invalid", "monitor"),
        ('{"type": "ack_alert", "id": 4, "alert": 999999}', "not_found", "999999"),
        ('{"type": "hello", "token": "x"}', "invalid", "only once"),
    ],
)
async def test_bad_messages_get_errors_and_the_connection_survives(server, frame, code, words):
    """Each malformed, unknown or impossible message gets an error naming the problem; then a ping works."""
    proc, made = server
    client = WallClient(proc.ws, made["operator"])
    await client.connect()
    await client.send(frame)
    error = await client.wait_for(lambda m: isinstance(m, Error))
    assert error.code == code and words in error.message
    await client.send({"type": "ping", "id": "after"})
    assert (await client.wait_for(lambda m: isinstance(m, Pong))).id == "after"
    await client.close()


async def test_oversized_message_gets_error_then_frame_limit_closes_only_that_client(server):
    """Over the message limit: an error and the connection lives; over the frame limit: that socket closes alone."""
    proc, made = server
    client = WallClient(proc.ws, made["operator"])
    bystander = WallClient(proc.ws, made["viewer"])
    await client.connect()
    await bystander.connect()
    big = json.dumps({"type": "ping", "id": "x" * (300 * 1024)})
    await client.send(big)
    error = await client.wait_for(lambda m: isinstance(m, Error))
    assert error.code == "too_large" and "262144" in error.message
    await client.send({"type": "ping", "id": 1})
    await client.wait_for(lambda m: isinstance(m, Pong))
    with pytest.raises(websockets.ConnectionClosed) as closed:
        await client.send("x" * (5 * 1024 * 1024))
        await client.wait_for(lambda m: False, timeout=5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009
    assert "exceeds limit" in closed.value.rcvd.reason
    marker = await _post_alert(proc, made, "after the oversized frame")
    await bystander.wait_for_delta(lambda d: d.kind == "alert" and d.alert.id == marker, timeout=3)
    await bystander.close()


async def test_wrong_token_is_refused_with_reason_and_close_code(server):
    """A wrong token gets an 'unauthenticated' error and close code 4401."""
    proc, _ = server
    async with connect(proc.ws) as ws:
        await ws.send(json.dumps({"type": "hello", "token": "iocw_wrong"}))
        error = json.loads(await asyncio.wait_for(ws.recv(), 5))
        assert error["code"] == "unauthenticated"
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 5)
    assert closed.value.rcvd.code == 4401


async def test_first_message_must_be_hello(server):
    """Anything before hello is refused: a client must authenticate first."""
    proc, _ = server
    async with connect(proc.ws) as ws:
        await ws.send(json.dumps({"type": "ping"}))
        error = json.loads(await asyncio.wait_for(ws.recv(), 5))
    assert error["code"] == "unauthenticated" and "hello" in error["message"]


async def test_unknown_wall_is_refused_listing_the_walls(server):
    """A wall PC configured for a wall that does not exist is told so, with the walls that do."""
    proc, made = server
    async with connect(proc.ws) as ws:
        await ws.send(json.dumps({"type": "hello", "token": made["viewer"], "wall": "no-such-wall"}))
        messages = [json.loads(await asyncio.wait_for(ws.recv(), 5)) for _ in range(2)]
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 5)
    error = messages[-1]
    assert error["code"] == "not_found" and "no-such-wall" in error["message"] and "main" in error["message"]
    assert closed.value.rcvd.code == 4404


async def test_producer_ingests_over_ws_with_and_without_reply(server):
    """Ingest with an id gets a result with the alert ids; without an id nothing comes back but data flows."""
    proc, made = server
    viewer = WallClient(proc.ws, made["viewer"])
    await viewer.connect()
    producer = WallClient(proc.ws, made["producer"])
    welcome = await producer.connect(expect_snapshot=False)
    assert welcome.role.value == "producer"
    reply = await producer.request({"type": "ingest", "id": "i1", "alerts": [
        {"category": "health", "severity": "major", "title": "Quá tải khoa nội", "source": "y-te",
         "external_id": "yt-1"}]})
    assert isinstance(reply, Result) and len(reply.data["alerts"]) == 1
    again = await producer.request({"type": "ingest", "id": "i2", "alerts": [
        {"category": "health", "severity": "major", "title": "Quá tải khoa nội", "source": "y-te",
         "external_id": "yt-1"}]})
    assert again.data["alerts"] == reply.data["alerts"], "same source+external_id must not create a duplicate"
    await producer.send({"type": "ingest", "metrics": [{"series": "ws-ingest", "ts": "2026-03-01T00:00:00Z",
                                                         "value": 42}]})
    delta = await viewer.wait_for_delta(lambda d: d.kind == "metric" and d.point.series == "ws-ingest")
    assert delta.point.value == 42
    alert_deltas = [d for d in viewer.deltas if d.kind == "alert" and d.alert.external_id == "yt-1"]
    assert len(alert_deltas) == 1
    await producer.send({"type": "set_layout", "id": "p", "wall": "main", "monitor": 0, "layout": "cameras-2x2"})
    refused = await producer.wait_for(lambda m: isinstance(m, Error))
    assert refused.code == "forbidden"
    for c in (viewer, producer):
        await c.close()


@pytest.mark.parametrize(("item", "words"), [
    ({"alerts": [{"category": "kpi", "severity": "minor", "title": "giả", "source": "forecast"}]}, "server's own"),
    ({"metrics": [{"series": "ws-future", "ts": "2100-01-01T00:00:00Z", "value": 1}]}, "ahead of the server's clock"),
])
async def test_an_ingest_refused_before_it_is_queued_gets_an_error_and_the_connection_goes_on(server, item, words):
    """An ingest refused before its commit is queued (a server's source, a time far ahead) is answered with an
    error; the connection stays open (it used to be dropped: found by tests/reliability/test_ws_fuzz.py)."""
    proc, made = server
    producer = WallClient(proc.ws, made["producer"])
    await producer.connect(expect_snapshot=False)
    refused = await producer.request({"type": "ingest", "id": "r1", **item})
    assert isinstance(refused, Error) and refused.code == "invalid" and words in refused.message
    await producer.send({"type": "ping", "id": "still"})
    assert isinstance(await producer.wait_for(lambda m: isinstance(m, Pong)), Pong)
    await producer.close()
