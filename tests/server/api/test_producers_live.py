"""Producers are isolated: the server's own sources are refused, de-duplication is each producer's own."""

from __future__ import annotations

import httpx

from tests.support.server_process import ServerProcess, create_tokens
from wall_protocol.common import Role


def _alert(source: str, external_id: str, title: str) -> dict[str, str]:
    return {"category": "cyber", "severity": "major", "title": title, "source": source, "external_id": external_id}


def test_the_servers_own_sources_are_refused(live_server: tuple[ServerProcess, dict[str, str]]):
    """detection, forecast, rule and system are the server's: 422 naming `source`, nothing stored."""
    server, tokens = live_server
    for role in ("producer", "admin"):
        headers = {"Authorization": f"Bearer {tokens[role]}"}
        for source in ("detection", "forecast", "rule", "System"):
            answer = httpx.post(f"{server.http}/api/v1/alerts", json=_alert(source, "event-1", "giả mạo"),
                                headers=headers)
            assert answer.status_code == 422 and answer.json()["error"]["field"] == "source", answer.text
    listed = httpx.get(f"{server.http}/api/v1/alerts", headers={"Authorization": f"Bearer {tokens['admin']}"})
    assert all(a["title"] != "giả mạo" for a in listed.json())


def test_a_producer_cannot_send_the_servers_text_refs(live_server: tuple[ServerProcess, dict[str, str]]):
    """title_text/body_text would dress a producer's alert as the server's: 422 naming them, nothing stored."""
    server, tokens = live_server
    headers = {"Authorization": f"Bearer {tokens['producer']}"}
    faked = {**_alert("soc", "fake-1", "giả mạo"), "title_text": {"key": "system.disk_full", "params": {}}}
    answer = httpx.post(f"{server.http}/api/v1/alerts", json=faked, headers=headers)
    assert answer.status_code == 422 and "title_text is written by the server only" in answer.text, answer.text
    listed = httpx.get(f"{server.http}/api/v1/alerts", headers={"Authorization": f"Bearer {tokens['admin']}"})
    assert all(a["external_id"] != "fake-1" for a in listed.json())
    posted = httpx.post(f"{server.http}/api/v1/alerts", json=_alert("soc", "real-1", "thật"), headers=headers)
    assert posted.status_code == 201 and posted.json()["title_text"] is None and posted.json()["body_text"] is None


def test_two_producers_never_merge_and_a_repeat_learns_only_id_and_state(live_server: tuple[ServerProcess,
                                                                                            dict[str, str]]):
    """Same source and external_id from two producers: two alerts; a repeat answers 200 with id and state only."""
    server, tokens = live_server
    other = create_tokens(server.db_url, {"soc-2": Role.PRODUCER})["soc-2"]
    first = httpx.post(f"{server.http}/api/v1/alerts", json=_alert("soc", "x-1", "của SOC 1"),
                       headers={"Authorization": f"Bearer {tokens['producer']}"})
    second = httpx.post(f"{server.http}/api/v1/alerts", json=_alert("soc", "x-1", "của SOC 2"),
                        headers={"Authorization": f"Bearer {other}"})
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] != second.json()["id"] and second.json()["title"] == "của SOC 2"
    repeat = httpx.post(f"{server.http}/api/v1/alerts", json=_alert("soc", "x-1", "khác"),
                        headers={"Authorization": f"Bearer {other}"})
    assert repeat.status_code == 200
    assert repeat.json() == {"id": second.json()["id"], "state": "new", "repeated": True}
