"""The client feed against the live server: snapshot, deltas, reconnect with resume, refusal."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROLES
from tests.support.server_process import ServerProcess, create_tokens
from wall_client.net.backoff import Backoff
from wall_client.net.feed import Feed, FeedEvents, FeedRefused
from wall_protocol.messages import Delta, ServerMessage, Snapshot


def test_backoff_grows_to_its_cap_and_resets():
    """Delays double up to the cap (within jitter) and start over after a reset."""
    backoff = Backoff(initial_s=0.1, factor=2, max_s=0.5, jitter=0.1)
    delays = [backoff.next_delay() for _ in range(5)]
    for got, want in zip(delays, [0.1, 0.2, 0.4, 0.5, 0.5], strict=True):
        assert want * 0.9 <= got <= want * 1.1
    backoff.reset()
    assert backoff.next_delay() <= 0.11


async def test_feed_survives_a_server_restart_without_loss(tmp_path: Path):
    """The feed reconnects by itself after the server dies and resumes: every alert once, in order."""
    db_url = f"sqlite:///{tmp_path / 'feed.db'}"
    made = create_tokens(db_url, ROLES)
    server = ServerProcess(db_url=db_url, workdir=tmp_path).start()
    received: list[int] = []
    snapshots: list[int] = []
    states: list[bool] = []

    async def on_message(message: ServerMessage, deltas: list[Delta]) -> None:
        if isinstance(message, Snapshot):
            snapshots.append(message.seq)
        received.extend(d.alert.id for d in deltas if d.kind == "alert")

    async def on_connection(up: bool, _detail: str) -> None:
        states.append(up)

    async def post(n: int) -> list[int]:
        async with httpx.AsyncClient(base_url=server.http) as http:
            ids = []
            for i in range(n):
                r = await http.post("/api/v1/alerts", headers={"Authorization": f"Bearer {made['producer']}"},
                                    json={"category": "traffic", "severity": "minor", "title": f"feed {i}"})
                ids.append(r.json()["id"])
            return ids

    feed = Feed(server.ws, made["viewer"], FeedEvents(on_message, on_connection), wall="main",
                backoff=Backoff(initial_s=0.05, max_s=0.2))
    task = asyncio.create_task(feed.follow())
    try:
        await _until(lambda: snapshots)
        sent = await post(5)
        await _until(lambda: len(received) == 5)
        server.kill()
        await _until(lambda: states.count(False) >= 1)
        server.start()
        sent += await post(5)  # committed before the feed is back
        await _until(lambda: len(received) >= 10, timeout=10)
        sent += await post(3)
        await _until(lambda: len(received) >= 13)
        assert received == sent
        assert len(snapshots) == 1, "the reconnect must resume, not start over"
        assert states.count(True) == 2
    finally:
        task.cancel()
        server.stop()


async def test_feed_gives_up_on_a_bad_token(live_server):
    """A wrong token is final: the feed raises FeedRefused instead of retrying for ever."""
    proc, _ = live_server

    async def ignore(*_args: object) -> None:
        return None

    with pytest.raises(FeedRefused, match="unknown or revoked"):
        await asyncio.wait_for(Feed(proc.ws, "iocw_wrong", FeedEvents(ignore), backoff=Backoff(initial_s=0.01)).follow(),
                               10)


async def _until(condition, timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("condition not met in time")
        await asyncio.sleep(0.02)
