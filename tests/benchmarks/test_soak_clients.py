"""The soak's clients against the real server: a dropped client resumes and its check still finds nothing lost."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable, Iterator

import httpx
import pytest

from benchmarks._soak_check import LatencyHistogram
from benchmarks._soak_clients import Client, ClientPlan, _connect_all
from benchmarks._soak_load import iso
from benchmarks._soak_site import PASSWORD, WALL, Site, start_site

SERIES = "soak-m0"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("soak-clients")
    found = start_site(folder, folder, [SERIES], cameras=0, detecting=0, share_links=1)
    yield found
    found.stop()


async def _post(site: Site, http: httpx.AsyncClient, first: int, count: int) -> None:
    answer = await http.post(f"{site.server.http}/api/v1/metrics", json={"samples": [
        {"series": SERIES, "ts": iso(time.time() + i * 1e-6), "value": first + i} for i in range(count)]})
    assert answer.status_code == 201, answer.text


async def _until(condition: Callable[[], bool], timeout_s: float = 20.0) -> None:
    give_up = time.monotonic() + timeout_s
    while time.monotonic() < give_up:
        if condition():
            return
        await asyncio.sleep(0.05)


async def test_a_dropped_client_resumes_and_nothing_is_lost(site: Site) -> None:
    """Desktop, logged-in and share-link clients; one desktop and one web connection cut mid-stream: all 60 arrive."""
    plan = ClientPlan(http=site.server.http, viewer_token=site.tokens["viewer"], wall=WALL, streams=[SERIES],
                      desktop=2, web_logins=[(site.accounts[0], PASSWORD)], web_shares=site.share_codes[:1],
                      report_every_s=10)
    errors: Counter[str] = Counter()
    producer = {"Authorization": f"Bearer {site.tokens['producer']}"}
    async with httpx.AsyncClient(base_url=site.server.http, timeout=30) as http, httpx.AsyncClient(timeout=30, headers=producer) as post:
        clients: list[Client] = await _connect_all(plan, http, LatencyHistogram(), errors)
        assert len(clients) == 4 and all(c.alive for c in clients), errors
        await _post(site, post, 0, 20)
        for client in (clients[0], clients[-1]):
            assert client.ws is not None
            client.ws._fail(ConnectionError("cut by the test"))  # as a dropped TCP connection ends it
        await _post(site, post, 20, 20)  # while they are away
        await _until(lambda: all(c.alive for c in clients))
        await _post(site, post, 40, 20)
        await _until(lambda: all(c.check.last[SERIES] == 59 for c in clients))
        for client in clients:
            client.check.finish({SERIES: 59})
            client.close()
    counts = [c.check.counts() for c in clients]
    assert errors["desktop_reconnected"] == 1 and errors["web_reconnected"] == 1, errors
    assert all((c["lost"], c["duplicated"], c["out_of_order"]) == (0, 0, 0) for c in counts), counts
    assert all((c["delivered"], c["resyncs"]) == (60, 0) for c in counts), counts  # replayed, not re-snapshotted
