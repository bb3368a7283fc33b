"""Nothing is lost across a reconnect: resume replays what was missed, even after a SIGKILL."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import httpx

from tests.conftest import ROLES
from tests.support.server_process import ServerProcess, create_tokens
from tests.support.ws_client import WallClient
from wall_protocol.messages import Snapshot, Welcome


async def _post_alerts(http: httpx.AsyncClient, token: str, titles: list[str]) -> list[int]:
    ids = []
    for title in titles:
        response = await http.post("/api/v1/alerts", headers={"Authorization": f"Bearer {token}"},
                                   json={"category": "public_order", "severity": "minor", "title": title})
        response.raise_for_status()
        ids.append(response.json()["id"])
    return ids


def _alert_ids(client: WallClient) -> list[int]:
    return [d.alert.id for d in client.deltas if d.kind == "alert"]


async def test_resume_replays_exactly_the_missed_deltas(live_server):
    """A client that reconnects with its last seq gets the missed alerts once each, and no snapshot."""
    proc, made = live_server
    client = WallClient(proc.ws, made["viewer"], wall="main")
    await client.connect()
    async with httpx.AsyncClient(base_url=proc.http) as http:
        before = await _post_alerts(http, made["producer"], ["trước 1", "trước 2"])
        await client.wait_for_delta(lambda d: d.kind == "alert" and d.alert.id == before[-1])
        await client.close()
        missed = await _post_alerts(http, made["producer"], [f"trong lúc mất kết nối {i}" for i in range(5)])
    first_connection = len(client.messages)
    welcome = await client.connect(resume=True)
    assert isinstance(welcome, Welcome) and welcome.resumed
    await client.wait_for_delta(lambda d: d.kind == "alert" and d.alert.id == missed[-1])
    assert [i for i in _alert_ids(client) if i >= before[0]] == before + missed
    assert not any(isinstance(m, Snapshot) for m in client.messages[first_connection:])
    await client.close()


async def test_resume_from_unknown_future_gets_a_snapshot(live_server):
    """A client whose last seq is ahead of the server (database replaced) gets a fresh snapshot."""
    proc, made = live_server
    client = WallClient(proc.ws, made["viewer"])
    client.tracker.last_seq = 10**12
    welcome = await client.connect(resume=True, expect_snapshot=False)
    assert isinstance(welcome, Welcome) and not welcome.resumed
    assert isinstance(await client.next(), Snapshot)
    await client.close()


async def test_sigkill_and_restart_loses_and_duplicates_nothing(tmp_path: Path):
    """Kill -9 the server mid-stream, restart it on the same DB: the resumed client has every alert once."""
    db_url = f"sqlite:///{tmp_path / 'iocwall.db'}"
    made = create_tokens(db_url, ROLES)
    proc = ServerProcess(db_url=db_url, workdir=tmp_path).start()
    client = WallClient(proc.ws, made["viewer"], wall="main")
    await client.connect()
    acknowledged: list[int] = []
    try:
        async with httpx.AsyncClient(base_url=proc.http, timeout=5) as http:
            acknowledged += await _post_alerts(http, made["producer"], [f"đợt 1 - {i}" for i in range(20)])

            async def keep_posting() -> None:
                i = 0
                while True:
                    acknowledged.extend(await _post_alerts(http, made["producer"], [f"đang gửi - {i}"]))
                    i += 1

            writer = asyncio.create_task(keep_posting())
            await asyncio.sleep(0.3)
            proc.kill()
            with contextlib.suppress(httpx.HTTPError, OSError):  # the request in flight when the server died
                await asyncio.wait_for(writer, 5)
        assert not proc.alive()
        assert len(acknowledged) > 25, "the kill should land while alerts are streaming in"
        # The client notices the drop while reading whatever was still on its socket.
        try:
            while True:
                await client.next(timeout=5)
        except Exception:
            pass
        proc.start()
        async with httpx.AsyncClient(base_url=proc.http, timeout=5) as http:
            after_restart = await _post_alerts(http, made["producer"], [f"sau khởi động lại - {i}" for i in range(10)])
        acknowledged += after_restart
        welcome = await client.connect(resume=True)
        assert isinstance(welcome, Welcome) and welcome.resumed
        await client.wait_for_delta(lambda d: d.kind == "alert" and d.alert.id == after_restart[-1], timeout=10)
        received = _alert_ids(client)
        assert len(received) == len(set(received)), "an alert was delivered twice"
        assert set(acknowledged) <= set(received), "an acknowledged alert was lost"
        async with httpx.AsyncClient(base_url=proc.http, timeout=5) as http:
            stored = await http.get("/api/v1/alerts", params={"limit": 1000},
                                    headers={"Authorization": f"Bearer {made['viewer']}"})
        assert sorted(a["id"] for a in stored.json()) == sorted(received), "client and database disagree"
        await client.close()
    finally:
        proc.stop()
