"""Tables over REST on the live server: define, ingest JSON and CSV, refusals, and the push to a WebSocket client."""

from __future__ import annotations

import httpx
import pytest

from tests.support.server_process import ServerProcess
from tests.support.ws_client import WallClient
from wall_protocol.messages import Snapshot

TABLE = {"key": "phan-anh", "name": "Phản ánh hiện trường", "row_label": "Huyện",
         "rows": ["Cao Lộc", "Hữu Lũng", "Lộc Bình"],
         "columns": [{"key": "moi", "name": "Mới"}, {"key": "da-xu-ly", "name": "Đã xử lý"},
                     {"key": "so-ngay-tb", "name": "Số ngày TB", "unit": "ngày", "kind": "number",
                      "higher_is_better": False}]}
URL = "/api/v1/tables/phan-anh"


@pytest.fixture
def api(live_server: tuple[ServerProcess, dict[str, str]]):
    server, made = live_server
    headers = {role: {"Authorization": f"Bearer {token}"} for role, token in made.items()}
    with httpx.Client(base_url=server.http, timeout=10) as client:
        assert client.put(URL, json=TABLE, headers=headers["admin"]).status_code == 200
        yield client, headers


def _count(client: httpx.Client, headers: dict[str, str]) -> int:
    return len(client.get(f"{URL}/snapshots", params={"limit": 1000}, headers=headers).json())


def test_only_admins_define_and_only_producers_ingest(api):
    """A producer cannot define a table; a viewer cannot ingest; both errors name the roles."""
    client, headers = api
    assert client.put(URL, json=TABLE, headers=headers["producer"]).status_code == 403
    refused = client.post(f"{URL}/snapshots", json={"ts": "2026-11-23T08:00:00+07:00", "rows": []},
                          headers=headers["viewer"])
    assert refused.status_code == 403 and "producer" in refused.json()["error"]["message"]


def test_csv_ingest_and_a_bad_cell_named_by_line_and_column(api):
    """A CSV with a ts parameter is stored; a cell with a decimal comma is refused naming line and column."""
    client, headers = api
    csv_headers = {**headers["producer"], "Content-Type": "text/csv"}
    text = "Huyện,moi,da-xu-ly,so-ngay-tb\nCao Lộc,3,40,2.5\nHữu Lũng,1,22,\n"
    created = client.post(f"{URL}/snapshots", content=text.encode(), headers=csv_headers,
                          params={"ts": "2026-11-23T08:00:00+07:00"})
    assert created.status_code == 201, created.text
    assert created.json()["ts"] == "2026-11-23T01:00:00Z"
    before = _count(client, headers["viewer"])
    bad = client.post(f"{URL}/snapshots", content=text.replace("2.5", "2,5").replace("2,5", '"2,5"').encode(),
                      headers=csv_headers, params={"ts": "2026-11-23T09:00:00+07:00"})
    assert bad.status_code == 422
    error = bad.json()["error"]
    assert "line 2, column 'so-ngay-tb'" in error["message"] and "'.'" in error["message"]
    assert error["field"] == "so-ngay-tb"
    assert _count(client, headers["viewer"]) == before


def test_bad_json_snapshots_are_refused_and_change_nothing(api):
    """Unknown row, unknown column, wrong type, duplicate rows, unknown table: 422 each, nothing stored."""
    client, headers = api
    before = _count(client, headers["viewer"])
    ts = "2026-11-23T10:00:00+07:00"
    cases = [
        ({"row": "Cao Loc", "values": {"moi": 1}}, "rows[0].row", "'Cao Lộc'"),
        ({"row": "Cao Lộc", "values": {"qua-han": 1}}, "rows[0].values.qua-han", "not in table"),
        ({"row": "Cao Lộc", "values": {"moi": "nhiều"}}, "rows.0.values.moi", "valid number"),
        ({"row": "Cao Lộc", "values": {"moi": True}}, "rows.0.values.moi", "valid number"),
        ({"row": "Cao Lộc", "values": {"moi": 1.5}}, "rows[0].values.moi", "whole number"),
    ]
    for row, field, words in cases:
        response = client.post(f"{URL}/snapshots", json={"ts": ts, "rows": [row]}, headers=headers["producer"])
        assert response.status_code == 422, response.text
        error = response.json()["error"]
        assert words in error["message"] and error["field"] == field, error
    twice = [{"row": "Cao Lộc", "values": {"moi": 1}}] * 2
    response = client.post(f"{URL}/snapshots", json={"ts": ts, "rows": twice}, headers=headers["producer"])
    assert response.status_code == 422 and "twice" in response.json()["error"]["message"]
    unknown = client.post("/api/v1/tables/khong-co/snapshots", json={"ts": ts, "rows": []},
                          headers=headers["producer"])
    assert unknown.status_code == 404 and "'phan-anh'" in unknown.json()["error"]["message"]
    assert _count(client, headers["viewer"]) == before


async def test_snapshot_delta_reaches_a_websocket_client_and_the_snapshot_carries_the_newest_two(live_server, api):
    """A posted snapshot arrives as a table_data delta; a new client's snapshot has the table and its newest two."""
    server, made = live_server
    client, headers = api
    wall = WallClient(server.ws, made["viewer"])
    await wall.connect()
    for hour, new in (("11", 4), ("12", 6)):
        body = {"table": "phan-anh", "ts": f"2026-11-23T{hour}:00:00+07:00",
                "rows": [{"row": "Lộc Bình", "values": {"moi": new}}]}
        assert client.post(f"{URL}/snapshots", json=body, headers=headers["producer"]).status_code == 201
    delta = await wall.wait_for_delta(lambda d: d.kind == "table_data" and d.snapshot.rows[0].values["moi"] == 6)
    assert delta.snapshot.table == "phan-anh"
    await wall.close()
    fresh = WallClient(server.ws, made["viewer"])
    await fresh.connect()
    snapshot = next(m for m in fresh.messages if isinstance(m, Snapshot))
    assert "phan-anh" in [t.key for t in snapshot.tables]
    mine = [s for s in snapshot.table_data if s.table == "phan-anh"]
    assert [s.rows[0].values["moi"] for s in mine] == [4, 6]
    await fresh.close()
    listed = client.get("/api/v1/tables", headers=headers["viewer"]).json()
    [entry] = [t for t in listed if t["table"]["key"] == "phan-anh"]
    assert [s["rows"][0]["values"]["moi"] for s in entry["latest"]] == [6, 4]
