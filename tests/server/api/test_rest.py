"""REST face of the live server: auth, roles, validation, CRUD, audit."""

from __future__ import annotations

import httpx
import pytest

from tests.support.server_process import ServerProcess


@pytest.fixture
def api(live_server: tuple[ServerProcess, dict[str, str]]) -> tuple[httpx.Client, dict[str, dict[str, str]]]:
    server, made = live_server
    headers = {role: {"Authorization": f"Bearer {token}"} for role, token in made.items()}
    with httpx.Client(base_url=server.http, timeout=10) as client:
        yield client, headers


def test_healthz_needs_no_token(api):
    """/healthz answers without a token and reports the version and sequence number."""
    client, _ = api
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and isinstance(body["seq"], int)


def test_every_api_call_needs_a_valid_token(api):
    """No token or a wrong one gets 401 with a message; /metrics needs a token too."""
    client, headers = api
    for path in ("/api/v1/alerts", "/api/v1/cameras", "/metrics"):
        response = client.get(path)
        assert response.status_code == 401, path
        assert "Bearer" in response.json()["error"]["message"]
    bad = client.get("/api/v1/alerts", headers={"Authorization": "Bearer iocw_not-a-token"})
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "unauthenticated"
    metrics = client.get("/metrics", headers=headers["viewer"])
    assert metrics.status_code == 200 and "iocwall_deltas_published" in metrics.text


def test_openapi_document_lists_the_api_to_admins_only(api):
    """The OpenAPI document describes the ingest and control routes, for an admin token only."""
    client, headers = api
    assert client.get("/openapi.json").status_code == 401
    assert client.get("/docs").status_code == 401
    assert client.get("/openapi.json", headers=headers["operator"]).status_code == 403
    assert client.get("/docs", headers=headers["admin"]).status_code == 200
    paths = client.get("/openapi.json", headers=headers["admin"]).json()["paths"]
    assert {"/api/v1/alerts", "/api/v1/metrics", "/api/v1/walls/{name}/monitors/{monitor}/tiles/{tile}"} <= set(paths)


def test_producer_posts_alert_and_viewer_reads_it(api):
    """An alert POSTed by a producer is stored with id and state new, and listed for viewers."""
    client, headers = api
    body = {"category": "traffic", "severity": "major", "title": "Ùn tắc tại Phai Vệ", "area": "Thành phố Lạng Sơn"}
    created = client.post("/api/v1/alerts", json=body, headers=headers["producer"])
    assert created.status_code == 201
    alert = created.json()
    assert alert["state"] == "new" and alert["title"] == body["title"] and alert["created_at"].endswith("Z")
    listed = client.get("/api/v1/alerts", params={"state": "new"}, headers=headers["viewer"]).json()
    assert alert["id"] in [a["id"] for a in listed]


def test_wrong_role_gets_403_naming_the_roles(api):
    """A viewer cannot ingest; the error says which role is needed and which it has."""
    client, headers = api
    response = client.post("/api/v1/alerts", json={"category": "cyber", "severity": "info", "title": "x"},
                           headers=headers["viewer"])
    assert response.status_code == 403
    message = response.json()["error"]["message"]
    assert "producer" in message and "viewer" in message


def test_invalid_body_names_the_field_and_stores_nothing(api):
    """A bad alert gets 422 naming the field, and no alert is created."""
    client, headers = api
    before = len(client.get("/api/v1/alerts", params={"limit": 1000}, headers=headers["admin"]).json())
    response = client.post("/api/v1/alerts", json={"category": "weather", "severity": "major", "title": "x"},
                           headers=headers["producer"])
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "category" and "traffic" in error["message"]
    after = len(client.get("/api/v1/alerts", params={"limit": 1000}, headers=headers["admin"]).json())
    assert after == before


def test_oversized_body_is_refused_with_413(api):
    """A body over the limit is refused before it is read, with the size and the limit."""
    client, headers = api
    response = client.post("/api/v1/metrics", content=b"x" * (5 * 1024 * 1024),
                           headers={**headers["producer"], "content-type": "application/json"})
    assert response.status_code == 413
    assert "limit" in response.json()["error"]["message"]


def test_oversized_chunked_body_is_refused_with_413(api):
    """A body sent in chunks, with no length up front, is cut off at the limit too."""
    client, headers = api

    def chunks():
        for _ in range(80):
            yield b"x" * 65536

    response = client.post("/api/v1/metrics", content=chunks(),
                           headers={**headers["producer"], "content-type": "application/json"})
    assert response.status_code == 413 and "limit" in response.json()["error"]["message"]


def test_metric_batch_updates_latest_and_history(api):
    """Samples POSTed in a batch become the series' latest value and its history, in time order."""
    client, headers = api
    samples = [{"series": "rest-test", "ts": f"2026-01-0{d}T00:00:00+07:00", "value": d * 1.5} for d in (3, 1, 2)]
    response = client.post("/api/v1/metrics", json={"samples": samples}, headers=headers["producer"])
    assert response.status_code == 201 and response.json() == {"accepted": 3}
    series = {s["series"]["key"]: s for s in client.get("/api/v1/metrics/series", headers=headers["viewer"]).json()}
    assert series["rest-test"]["latest"]["value"] == 4.5
    history = client.get("/api/v1/metrics/series/rest-test/samples",
                         params={"since": "2025-12-31T00:00:00Z", "until": "2026-01-05T00:00:00Z"},
                         headers=headers["viewer"]).json()
    assert [h["value"] for h in history] == [1.5, 3.0, 4.5]
    assert history[0]["ts"] == "2025-12-31T17:00:00Z"  # +07:00 normalised to UTC


def test_naive_timestamp_is_refused(api):
    """A sample without a timezone is refused: the error names the field and says why."""
    client, headers = api
    response = client.post("/api/v1/metrics", json={"samples": [{"series": "x", "ts": "2026-01-01T00:00:00",
                                                                  "value": 1}]}, headers=headers["producer"])
    assert response.status_code == 422
    assert "samples.0.ts" in response.json()["error"]["message"] and "timezone" in response.json()["error"]["message"]


def test_camera_crud_is_admin_only_and_hides_urls(api):
    """Admins add and remove cameras; viewers see them without stream URLs, admins with passwords masked."""
    client, headers = api
    spec = {"id": "rest-cam", "name": "Cổng UBND tỉnh", "area": "Thành phố Lạng Sơn",
            "main_url": "rtsp://admin:secret@127.0.0.1:8554/ubnd", "tags": ["public_order"]}
    assert client.post("/api/v1/cameras", json=spec, headers=headers["operator"]).status_code == 403
    assert client.post("/api/v1/cameras", json=spec, headers=headers["admin"]).status_code == 201
    assert client.post("/api/v1/cameras", json=spec, headers=headers["admin"]).status_code == 409
    seen = {c["id"]: c for c in client.get("/api/v1/cameras", headers=headers["viewer"]).json()}
    assert "rest-cam" in seen and "secret" not in str(seen["rest-cam"])
    config = client.get("/api/v1/cameras/rest-cam/config", headers=headers["admin"]).json()
    assert config["main_url"] == "rtsp://admin:***@127.0.0.1:8554/ubnd"
    bad = client.put("/api/v1/cameras/rest-cam", json={**spec, "main_url": "ftp://x"}, headers=headers["admin"])
    assert bad.status_code == 422 and "main_url" in bad.json()["error"]["message"]
    assert client.delete("/api/v1/cameras/rest-cam", headers=headers["admin"]).status_code == 204
    assert client.get("/api/v1/cameras/rest-cam/config", headers=headers["admin"]).status_code == 404


def test_layouts_are_validated_and_in_use_layouts_cannot_be_deleted(api):
    """Overlapping tiles are refused with both tile ids; a layout shown on a wall cannot be deleted."""
    client, headers = api
    overlapping = {"id": "bad", "name": "Bad", "cols": 2, "rows": 1, "tiles": [
        {"id": "a", "kind": "video", "col": 0, "row": 0, "col_span": 2},
        {"id": "b", "kind": "clock", "col": 1, "row": 0}]}
    response = client.post("/api/v1/layouts", json=overlapping, headers=headers["admin"])
    assert response.status_code == 422 and "'a'" in response.json()["error"]["message"]
    in_use = client.delete("/api/v1/layouts/ioc-overview", headers=headers["admin"])
    assert in_use.status_code == 409 and "main" in in_use.json()["error"]["message"]


def test_operator_drives_a_wall_over_rest_and_it_is_audited(api):
    """Setting a layout and a tile changes the wall state; the audit log names the operator."""
    client, headers = api
    client.post("/api/v1/cameras", json={"id": "audit-cam", "name": "Cam", "main_url": "http://127.0.0.1:1/x.ts"},
                headers=headers["admin"])
    layout = client.put("/api/v1/walls/main/monitors/1/layout", json={"layout": "cameras-2x2"},
                        headers=headers["operator"])
    assert layout.status_code == 200
    tile = client.put("/api/v1/walls/main/monitors/1/tiles/video-4",
                      json={"source": {"kind": "camera", "camera": "audit-cam"}}, headers=headers["operator"])
    assert tile.status_code == 200
    monitor = next(m for m in tile.json()["monitors"] if m["index"] == 1)
    assert monitor["layout"] == "cameras-2x2" and monitor["tiles"][0]["source"]["camera"] == "audit-cam"
    missing = client.put("/api/v1/walls/main/monitors/1/tiles/video-9",
                         json={"source": {"kind": "camera", "camera": "audit-cam"}}, headers=headers["operator"])
    assert missing.status_code == 404 and "video-9" in missing.json()["error"]["message"]
    audit = client.get("/api/v1/audit", headers=headers["admin"]).json()
    actions = [(e["actor"], e["action"], e["target"]) for e in audit]
    assert ("operator", "wall.set_tile", "wall:main/1/video-4") in actions
    assert ("operator", "wall.set_layout", "wall:main/1") in actions


def test_alert_lifecycle_records_who_and_when(api):
    """Ack then resolve records the operator and times; acknowledging twice is a conflict."""
    client, headers = api
    alert = client.post("/api/v1/alerts", json={"category": "cyber", "severity": "critical", "title": "Dò quét"},
                        headers=headers["producer"]).json()
    acked = client.post(f"/api/v1/alerts/{alert['id']}/ack", json={"comment": "đã tiếp nhận"},
                        headers=headers["operator"]).json()
    assert acked["state"] == "acknowledged" and acked["acknowledged_by"] == "operator"
    again = client.post(f"/api/v1/alerts/{alert['id']}/ack", json={}, headers=headers["operator"])
    assert again.status_code == 409
    resolved = client.post(f"/api/v1/alerts/{alert['id']}/resolve", json={"comment": "xong"},
                           headers=headers["operator"]).json()
    assert resolved["state"] == "resolved" and resolved["resolved_at"] >= resolved["acknowledged_at"]
    assert "đã tiếp nhận" in resolved["comment"] and "xong" in resolved["comment"]
    viewer = client.post(f"/api/v1/alerts/{alert['id']}/resolve", json={}, headers=headers["viewer"])
    assert viewer.status_code == 403


def test_tokens_over_rest(api):
    """Admins create a token (shown once), it works at once, and revoking it locks it out."""
    client, headers = api
    created = client.post("/api/v1/tokens", json={"name": "rest-made", "role": "viewer"}, headers=headers["admin"])
    assert created.status_code == 201
    token = created.json()["token"]
    assert client.get("/api/v1/walls", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    listed = client.get("/api/v1/tokens", headers=headers["admin"]).json()
    assert "rest-made" in [t["name"] for t in listed] and token not in str(listed)
    assert client.delete("/api/v1/tokens/rest-made", headers=headers["admin"]).status_code == 204
    assert client.get("/api/v1/walls", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert client.post("/api/v1/tokens", json={"name": "x", "role": "viewer"}, headers=headers["operator"]).status_code == 403
