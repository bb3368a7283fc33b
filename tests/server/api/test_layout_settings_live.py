"""Typed tile settings on the live server: a layout is refused naming the tile and the field, and nothing is stored."""

from __future__ import annotations

import httpx
import pytest

from tests.support.server_process import ServerProcess


@pytest.fixture
def admin(live_server: tuple[ServerProcess, dict[str, str]]) -> httpx.Client:
    server, made = live_server
    with httpx.Client(base_url=server.http, timeout=10, headers={"Authorization": f"Bearer {made['admin']}"}) as client:
        yield client


def _layout(layout_id: str, *tiles: dict) -> dict:
    return {"id": layout_id, "name": "Thử cài đặt ô", "cols": len(tiles), "rows": 1,
            "tiles": [{"col": i, "row": 0, **tile} for i, tile in enumerate(tiles)]}


def _refused(client: httpx.Client, body: dict) -> dict:
    response = client.put(f"/api/v1/layouts/{body['id']}", json=body)
    assert response.status_code == 422, response.text
    assert client.get(f"/api/v1/layouts/{body['id']}").status_code == 404, "nothing was stored"
    return response.json()["error"]


def test_a_misspelt_setting_is_refused_naming_the_tile_and_the_field(admin):
    """`windw` for `window` and a bar count of 0 are refused; the message names the tile by its id."""
    error = _refused(admin, _layout("sai-ten", {"id": "clock", "kind": "clock"},
                                    {"id": "grdp-chart", "kind": "chart", "props": {"windw": "7d"}}))
    assert error["field"] == "tiles.1.props.windw"
    assert "tiles.1 (id 'grdp-chart').props.windw: Extra inputs are not permitted" in error["message"]
    error = _refused(admin, _layout("sai-so", {"id": "xep-hang", "kind": "ranking", "props": {"top": 0}}))
    assert "tiles.0 (id 'xep-hang').props.top: Input should be greater than or equal to 1" in error["message"]


def test_an_unknown_kind_is_named_with_the_kinds_there_are(admin):
    """A kind outside the list is refused with the list, as the document writes it."""
    error = _refused(admin, _layout("sai-loai", {"id": "o-1", "kind": "hologram"}))
    assert "tiles.0 (id 'o-1'): 'kind' 'hologram' is not one of 'video', 'chart'" in error["message"]


def test_an_unknown_camera_series_or_column_is_refused_with_the_closest_names(admin):
    """Names the server does not have are refused, each with the names it does have that are closest."""
    camera = {"id": "cam-huu-nghi-01", "name": "Cửa khẩu Hữu Nghị 1", "main_url": "rtsp://127.0.0.1:9/huu-nghi"}
    assert admin.put("/api/v1/cameras/cam-huu-nghi-01", json=camera).status_code == 200
    assert admin.put("/api/v1/metrics/series/grdp-growth", json={"name": "Tăng trưởng GRDP"}).status_code == 200
    table = {"key": "nhiem-vu-ubnd", "name": "Nhiệm vụ UBND giao", "columns": [
        {"key": "qua-han", "name": "Quá hạn", "higher_is_better": False}, {"key": "dung-han", "name": "Đúng hạn"}]}
    assert admin.put("/api/v1/tables/nhiem-vu-ubnd", json=table).status_code == 200

    error = _refused(admin, _layout("sai-camera", {"id": "cam", "kind": "video", "props": {"camera": "cam-huu-nghi-1"}}))
    assert error["message"] == ("layout 'sai-camera', tile 'cam', props.camera: no camera 'cam-huu-nghi-1'; "
                                "closest: cam-huu-nghi-01")
    assert error["field"] == "tiles.0.props.camera"
    error = _refused(admin, _layout("sai-chuoi", {"id": "kpi", "kind": "kpi", "props": {"series": "grdp"}},
                                    {"id": "chart", "kind": "chart", "props": {"series": ["grdp-growth", "gdrp"]}}))
    assert "tile 'kpi', props.series: no series 'grdp'; closest: grdp-growth" in error["message"]
    assert error["message"].endswith("(and 1 more)")
    error = _refused(admin, _layout("sai-cot", {"id": "xh", "kind": "ranking",
                                                "props": {"table": "nhiem-vu-ubnd", "column": "qua-hann"}}))
    assert "table 'nhiem-vu-ubnd' has no column 'qua-hann'; closest: qua-han" in error["message"]

    good = _layout("dung", {"id": "cam", "kind": "video", "props": {"camera": "cam-huu-nghi-01"}},
                   {"id": "kpi", "kind": "kpi", "props": {"series": "grdp-growth", "thresholds": {"warn": 7}}},
                   {"id": "xh", "kind": "ranking", "props": {"table": "nhiem-vu-ubnd", "column": "qua-han"}})
    saved = admin.put("/api/v1/layouts/dung", json=good)
    assert saved.status_code == 200, saved.text
    assert saved.json()["tiles"][1]["props"]["thresholds"] == {"warn": 7.0, "alarm": None}


def test_an_alert_tiles_area_must_be_one_a_camera_series_or_alert_names(admin, live_server):
    """An alert tile filtering by an area no camera, series or alert has is refused with the closest; a known one
    (in any letter case) is saved; a ticker speed out of bounds is refused naming the field."""
    _, made = live_server
    assert admin.put("/api/v1/cameras/ql4b-loc-binh", json={"id": "ql4b-loc-binh", "name": "QL4B Lộc Bình",
                                                             "area": "Lộc Bình", "main_url": "rtsp://127.0.0.1:9/a"},
                     ).status_code == 200
    alert = {"category": "traffic", "severity": "critical", "title": "Tai nạn", "area": "Cao Lộc"}
    assert admin.post("/api/v1/alerts", json=alert,
                      headers={"Authorization": f"Bearer {made['producer']}"}).status_code in (200, 201)
    error = _refused(admin, _layout("sai-dia-ban", {"id": "canh-bao", "kind": "alerts",
                                                    "props": {"areas": ["Cao Loc"]}}))
    assert error["message"] == ("layout 'sai-dia-ban', tile 'canh-bao', props.areas.0: no camera, series or alert "
                                "has the area 'Cao Loc'; closest: Cao Lộc")
    assert error["field"] == "tiles.0.props.areas.0"
    error = _refused(admin, _layout("sai-toc-do", {"id": "chu-chay", "kind": "alerts",
                                                   "props": {"mode": "ticker", "ticker_speed": 5000}}))
    assert "props.ticker_speed: Input should be less than or equal to 600" in error["message"]
    good = _layout("dia-ban", {"id": "chu-chay", "kind": "alerts", "props": {
        "mode": "ticker", "areas": ["cao lộc", "Lộc Bình"], "flash_s": 60, "min_severity": "major"}})
    saved = admin.put("/api/v1/layouts/dia-ban", json=good)
    assert saved.status_code == 200, saved.text
    assert saved.json()["tiles"][0]["props"]["areas"] == ["cao lộc", "Lộc Bình"]
