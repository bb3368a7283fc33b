"""Spans over REST on a live server: a bad span is refused naming its field, a good one keeps its monitors together."""

from __future__ import annotations

import httpx

from tests.support.server_process import ServerProcess

PAIR = [{"index": 0, "layout": "cameras-2x2"}, {"index": 1, "layout": "cameras-2x2"}]


def _put(server: ServerProcess, token: str, body: dict[str, object]) -> httpx.Response:
    return httpx.put(f"{server.http}/api/v1/walls/main", headers={"Authorization": f"Bearer {token}"}, json=body,
                     timeout=10)


def test_a_bad_span_is_refused_with_the_field_and_a_good_one_moves_as_one(
        live_server: tuple[ServerProcess, dict[str, str]]) -> None:
    """422 naming the span's field for a monitor outside the profile or a missing pitch; then a layout sent to
    monitor 1 of a 1×2 span shows on monitor 0 too."""
    server, tokens = live_server
    outside = _put(server, tokens["admin"], {"name": "main", "title": "Tường", "monitors": PAIR,
                                             "spans": [{"monitors": [[0, 5]]}]})
    assert outside.status_code == 422, outside.text
    error = outside.json()["error"]
    assert "spans.0.monitors: monitor 5 is not in the profile" in error["message"], error
    no_pitch = _put(server, tokens["admin"], {"name": "main", "title": "Tường", "monitors": PAIR,
                                              "spans": [{"monitors": [[0, 1]], "unit": "mm", "bezel": {"left": 2}}]})
    assert no_pitch.status_code == 422 and "pixel_pitch_mm" in no_pitch.json()["error"]["message"], no_pitch.text
    assert no_pitch.json()["error"]["field"].startswith("spans"), no_pitch.json()
    good = _put(server, tokens["admin"], {"name": "main", "title": "Tường", "monitors": PAIR,
                                          "spans": [{"monitors": [[0, 1]], "bezel": {"left": 10, "right": 10}}]})
    assert good.status_code == 200, good.text
    assert good.json()["spans"][0]["bezel"]["left"] == 10
    operator = {"Authorization": f"Bearer {tokens['operator']}"}
    httpx.put(f"{server.http}/api/v1/walls/main/monitors/1/layout", headers=operator, json={"layout": "cameras-3x3"},
              timeout=10).raise_for_status()
    state = httpx.get(f"{server.http}/api/v1/walls/main", headers=operator, timeout=10).json()
    assert [m["layout"] for m in state["monitors"]] == ["cameras-3x3", "cameras-3x3"]
