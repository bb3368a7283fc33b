"""PostgreSQL stopped and started under load: 503 with Retry-After meanwhile, nothing half-written, no server restart."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.support.own_postgres import OwnPostgres, own_postgres
from tests.support.reliability_table import seconds
from tests.support.server_process import ServerProcess, create_tokens
from tests.support.ws_client import WallClient
from wall_protocol.common import Role
from wall_protocol.messages import AlertDelta, MetricDelta

SECTION = "Faults"
SERIES = "pg-restart-load"
BATCH = 20
OUTAGE_S = 3.0
RECOVERY_LIMIT_S = 5.0
"""Ingest must work again this soon after PostgreSQL takes connections again."""
T0 = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass
class Answer:
    key: str
    status: int | None
    sent: float
    answered: float
    retry_after: str | None = None
    message: str = ""


@dataclass
class Load:
    """What the producers sent and were told; the phase windows they ran in."""

    alerts: list[Answer] = field(default_factory=list)
    batches: list[Answer] = field(default_factory=list)
    outages: list[tuple[float, float]] = field(default_factory=list)
    """(stopped, starting): from pg_ctl stop returning to pg_ctl start being called."""
    back: list[float] = field(default_factory=list)
    """When each pg_ctl start returned (PostgreSQL takes connections)."""


@pytest.fixture
def pg_server(tmp_path: Path) -> Iterator[tuple[ServerProcess, dict[str, str], OwnPostgres]]:
    """A real server whose database is a PostgreSQL cluster of this test's own, which the test may stop."""
    with own_postgres() as cluster:
        made = create_tokens(cluster.url, {"producer": Role.PRODUCER, "viewer": Role.VIEWER, "admin": Role.ADMIN})
        server = ServerProcess(db_url=cluster.url, workdir=tmp_path).start()
        try:
            yield server, made, cluster
        finally:
            server.stop()


async def _produce(http: httpx.AsyncClient, load: Load, token: str, stop: asyncio.Event) -> None:
    producer = {"Authorization": f"Bearer {token}"}

    async def alerts() -> None:
        for n in itertools.count():
            if stop.is_set():
                return
            key = f"pg-{n}"
            body = {"category": "cyber", "severity": "minor", "title": f"Tải {n}", "source": "pg-test", "external_id": key}
            load.alerts.append(await _post(http, "/api/v1/alerts", body, producer, key))
            await asyncio.sleep(0.01)

    async def batches() -> None:
        for n in itertools.count():
            if stop.is_set():
                return
            samples = [{"series": SERIES, "ts": (T0 + timedelta(seconds=n * BATCH + i)).isoformat(), "value": n}
                       for i in range(BATCH)]
            load.batches.append(await _post(http, "/api/v1/metrics", {"samples": samples}, producer, str(n)))
            await asyncio.sleep(0.01)

    await asyncio.gather(alerts(), batches())


async def _post(http: httpx.AsyncClient, path: str, body: object, headers: dict[str, str], key: str) -> Answer:
    sent = time.monotonic()
    try:
        answer = await http.post(path, json=body, headers=headers)
    except httpx.HTTPError:
        return Answer(key, None, sent, time.monotonic())
    message = ""
    if answer.status_code >= 400:
        try:
            message = answer.json()["error"]["message"]
        except (ValueError, KeyError, TypeError):
            message = answer.text[:200]  # not the error shape: the assertions below name it
    return Answer(key, answer.status_code, sent, time.monotonic(), answer.headers.get("Retry-After"), message)


def _stored(url: str) -> tuple[list[str], list[int]]:
    """External ids of the stored alerts (with repeats, if any) and the stored samples' values (one per sample)."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as connection:
        alerts = [r[0] for r in connection.execute(text("SELECT external_id FROM alerts WHERE source = 'pg-test'"))]
        values = [int(r[0]) for r in connection.execute(text("SELECT value FROM metric_samples WHERE series = :s"),
                                                         {"s": SERIES})]
    engine.dispose()
    return alerts, values


def _within(answer: Answer, window: tuple[float, float]) -> bool:
    return window[0] <= answer.sent and answer.answered <= window[1]


async def test_postgres_restarted_under_load(pg_server, reliability):
    """Producers post alerts and 20-sample batches non-stop, a WS client watches; PostgreSQL is stopped (-m fast, then -m immediate), down 3 s, started."""
    server, made, cluster = pg_server
    pid = server.process.pid if server.process else None
    load, stop = Load(), asyncio.Event()
    watcher = WallClient(server.ws, made["viewer"])
    await watcher.connect()
    health_down: list[dict[str, object]] = []
    reads_down: list[httpx.Response] = []
    async with httpx.AsyncClient(base_url=server.http, timeout=15) as http:
        producing = asyncio.create_task(_produce(http, load, made["producer"], stop))
        reading = asyncio.create_task(_read_forever(watcher))
        try:
            await asyncio.sleep(seconds(1.5, 5))
            for mode in ("fast", "immediate"):
                await asyncio.to_thread(cluster.stop, mode)
                stopped = time.monotonic()
                await asyncio.sleep(OUTAGE_S / 2)
                health_down.append((await http.get("/healthz")).json())
                reads_down.append(await http.get("/api/v1/alerts", headers={"Authorization": f"Bearer {made['admin']}"}))
                await asyncio.sleep(OUTAGE_S / 2)
                load.outages.append((stopped, time.monotonic()))
                await asyncio.to_thread(cluster.start)
                load.back.append(time.monotonic())
                await asyncio.sleep(seconds(2.5, 10))
        finally:
            stop.set()
            await asyncio.wait_for(producing, 30)
        health_after = (await http.get("/healthz")).json()
        await asyncio.sleep(0.5)  # the last deltas reach the watcher
        reading.cancel()

    answered = load.alerts + load.batches
    during = [a for a in answered if any(_within(a, w) for w in load.outages)]
    assert during, "no request was sent while PostgreSQL was down"
    wrong = [a for a in during if a.status != 503 or not a.retry_after or "database cannot be reached" not in a.message]
    assert not wrong, f"{len(wrong)} requests during the outage were not 503 + Retry-After + a reason: {wrong[:3]}"
    unexpected = [a for a in answered if a.status not in (200, 201, 503)]
    assert not unexpected, f"answers other than 2xx/503: {unexpected[:5]}"
    for health in health_down:
        assert health["status"] == "degraded" and health["database"] == {"reachable": False}, health
        assert "database cannot be reached" in str(health["reason"])
    assert all(r.status_code == 503 and r.headers.get("Retry-After") for r in reads_down), "a read while it is down"
    assert health_after["status"] == "ok" and health_after["database"] == {"reachable": True}, health_after

    recoveries = []
    for back in load.back:
        first_ok = [min((a.answered for a in kind if a.sent >= back and a.status in (200, 201)), default=None)
                    for kind in (load.alerts, load.batches)]
        assert None not in first_ok, "ingest did not work again after PostgreSQL came back"
        recoveries.append(max(t for t in first_ok if t is not None) - back)
    assert max(recoveries) < RECOVERY_LIMIT_S, f"recovery took {recoveries} s"

    stored_alerts, stored_values = await asyncio.to_thread(_stored, cluster.url)
    acked_alerts = {a.key for a in load.alerts if a.status in (200, 201)}
    refused_alerts = {a.key for a in load.alerts if a.status == 503}
    duplicated = len(stored_alerts) - len(set(stored_alerts))
    lost = len(acked_alerts - set(stored_alerts))
    refused_stored = len(refused_alerts & set(stored_alerts))
    per_batch = {int(key): stored_values.count(int(key)) for key in {str(v) for v in stored_values}}
    acked_batches = {int(a.key) for a in load.batches if a.status == 201}
    refused_batches = {int(a.key) for a in load.batches if a.status == 503}
    partial = [n for n, count in per_batch.items() if count != BATCH]
    lost += len(acked_batches - set(per_batch))
    refused_stored += len(refused_batches & set(per_batch))
    no_answer = [a for a in answered if a.status is None]

    deltas_seen = {d.alert.external_id for d in watcher.deltas if isinstance(d, AlertDelta)}
    last_alert = max((a for a in load.alerts if a.status == 201), key=lambda a: a.sent)
    metric_values_seen = {int(d.point.value) for d in watcher.deltas if isinstance(d, MetricDelta)}
    last_batch = max(acked_batches)

    reliability.figure("requests", len(answered))
    reliability.figure("requests during outages", len(during))
    reliability.figure("503", sum(a.status == 503 for a in answered))
    reliability.figure("recovery s (max)", round(max(recoveries), 2))
    reliability.figure("lost", lost)
    reliability.figure("duplicated", duplicated)
    reliability.figure("refused but stored", refused_stored)
    reliability.figure("half-written batches", len(partial))
    reliability.figure("commits in doubt", sum("in doubt" in line for line in server.output))
    assert lost == 0 and duplicated == 0 and refused_stored == 0 and not partial and not no_answer, (
        lost, duplicated, refused_stored, partial, no_answer)
    assert last_alert.key in deltas_seen and last_batch in metric_values_seen, "the WS client missed new data"
    assert server.alive() and server.process is not None and server.process.pid == pid, "the server was restarted"
    reliability.happened(
        f"{len(during)} requests during two 3 s outages all got 503 + Retry-After ('database cannot be reached'), "
        f"/healthz said degraded, reads got 503 too; ingest worked again {max(recoveries):.2f} s after PostgreSQL was back, the WS client "
        f"got the new data, same server process; {len(acked_alerts)} alerts and {len(acked_batches)} batches "
        "acknowledged: 0 lost, 0 duplicated, 0 refused-but-stored, 0 half-written batches")


async def _read_forever(client: WallClient) -> None:
    while True:
        await client.next(timeout=3600)
