"""Bodies no client should send: each gets a clear 4xx that names the problem, and nothing is stored."""

from __future__ import annotations

import httpx

from tests.support.server_process import ServerProcess

SECTION = "Long input"


def _alert_count(server: ServerProcess, token: str) -> int:
    answer = httpx.get(f"{server.http}/api/v1/alerts", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    answer.raise_for_status()
    return len(answer.json())


def test_an_alert_body_of_invalid_utf8_is_refused(live_server: tuple[ServerProcess, dict[str, str]], reliability):
    """POST /api/v1/alerts with a body that is not UTF-8 (a lone 0xff byte inside a JSON string)."""
    server, tokens = live_server
    before = _alert_count(server, tokens["admin"])
    answer = httpx.post(
        f"{server.http}/api/v1/alerts",
        content=b'{"source": "soc", "title": "\xff\xfe"}',
        headers={"Authorization": f"Bearer {tokens['producer']}", "Content-Type": "application/json"},
        timeout=10,
    )
    reliability.figure("status", answer.status_code)
    assert answer.status_code == 400, answer.text
    error = answer.json()["error"]
    assert error["code"] == "bad_json", error
    assert error["message"].startswith("the body is not valid UTF-8 JSON (byte 0xff at offset 28"), error
    assert _alert_count(server, tokens["admin"]) == before
    reliability.happened(f"{answer.status_code} {error['code']}: “{error['message']}”; nothing stored")
