"""Odd input gets a 4xx that names what is wrong, never a 5xx, and the server keeps serving."""

from __future__ import annotations

import asyncio
import json

import httpx
from websockets.asyncio.client import connect

from tests.support.server_process import ServerProcess

HUGE = "123456789012345678901234567890"


def test_ids_past_any_row_are_simply_not_found(live_server: tuple[ServerProcess, dict[str, str]]):
    """A 30-digit id in a path is 404; in a query it is 422 naming the parameter."""
    server, tokens = live_server
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    with httpx.Client(base_url=server.http, headers=admin, timeout=10) as http:
        for path in (f"/api/v1/events/{HUGE}", f"/api/v1/events/{HUGE}/snapshot.jpg", f"/api/v1/alerts/{HUGE}"):
            assert http.get(path).status_code == 404, path
        for path in (f"/api/v1/alerts/{HUGE}/ack", f"/api/v1/alerts/{HUGE}/resolve"):
            assert http.post(path, json={}).status_code == 404, path
        for path, name in ((f"/api/v1/alerts?after_id={HUGE}", "after_id"),
                           (f"/api/v1/events?before_id={HUGE}", "before_id")):
            answer = http.get(path)
            assert answer.status_code == 422 and name in answer.json()["error"]["message"], path
        assert http.get("/healthz").status_code == 200


def test_odd_signed_urls_are_401(live_server: tuple[ServerProcess, dict[str, str]]):
    """A signature with non-ASCII characters, a huge token id or expiry: 401 or 422, never 500."""
    server, _ = live_server
    for query in ("exp=1&tok=1&sig=%C3%A9%C3%A9", f"exp=1&tok={HUGE}&sig=abc", f"exp={HUGE}&tok=1&sig=abc",
                  "exp=99999999999&tok=1&sig=" + "A" * 24):
        answer = httpx.get(f"{server.http}/media/khong-co/main.ts?{query}", timeout=10)
        assert answer.status_code in (401, 422), (query, answer.status_code, answer.text)


def test_a_huge_resume_point_is_refused_by_name(live_server: tuple[ServerProcess, dict[str, str]]):
    """hello with resume_from past 2^63 gets `invalid` naming resume_from, not an internal error."""
    server, tokens = live_server

    async def hello() -> dict[str, object]:
        async with connect(server.ws, open_timeout=10) as ws:
            await ws.send(json.dumps({"type": "hello", "token": tokens["viewer"], "resume_from": int(HUGE)}))
            answer: dict[str, object] = json.loads(await asyncio.wait_for(ws.recv(), 5))
            return answer

    answer = asyncio.run(hello())
    assert answer["type"] == "error" and "resume_from" in str(answer["message"])


def test_a_method_no_route_has_is_405_naming_what_every_route_of_the_path_allows(
    live_server: tuple[ServerProcess, dict[str, str]],
):
    """TRACE /api/v1/alerts (GET and POST are two routes): 405, Allow 'GET, POST', in the error envelope."""
    server, tokens = live_server
    answer = httpx.request("TRACE", f"{server.http}/api/v1/alerts",
                           headers={"Authorization": f"Bearer {tokens['admin']}"}, timeout=10)
    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET, POST"
    assert answer.json()["error"]["message"] == "TRACE is not allowed here; allowed: GET, POST"


def test_a_timestamp_given_as_a_number_is_refused(live_server: tuple[ServerProcess, dict[str, str]]):
    """occurred_at = 0 and ?since=0.5: 422 naming the field, not an alert of 1970."""
    server, tokens = live_server
    with httpx.Client(base_url=server.http, timeout=10) as http:
        posted = http.post("/api/v1/alerts", headers={"Authorization": f"Bearer {tokens['producer']}"},
                           json={"source": "soc", "title": "t", "category": "kpi", "severity": "info",
                                 "occurred_at": 0})
        assert posted.status_code == 422 and posted.json()["error"]["field"] == "occurred_at", posted.text
        listed = http.get("/api/v1/alerts", params={"since": "0.5"},
                          headers={"Authorization": f"Bearer {tokens['admin']}"})
        assert listed.status_code == 422 and "since" in listed.text, listed.text
