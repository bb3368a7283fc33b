"""A soak client process: desktop-protocol clients and web clients on one asyncio loop, each checking its feed.

Desktop clients speak the wall protocol as a wall PC does: hello with a viewer token and the wall, the
snapshot, then batches. Web clients do over the wire what the leaders' view does in a browser
(web/src/auth.ts, connection.ts, main.ts, tiles/chart.ts): log in (POST /api/v1/session) or open a share
link (GET /share/CODE), read the session and the walls, open /ws with the session cookie and the page's
Origin, say hello without a token, ping every 20 s, and load the chart history now and then. Both use the
benchmarks' minimal RFC 6455 client (benchmarks/_wsclient.py): 200 clients at 2000 updates/s are 400 000
deltas a second to decode on a 2-core machine, and a heavier client would measure itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
import traceback
from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson

from benchmarks import _wsclient as wsclient
from benchmarks._soak_check import LatencyHistogram, StreamCheck

CONNECT_TIMEOUT_S = 60.0
PING_EVERY_S = 20.0
CHART_EVERY_S = 60.0
NOTES: list[str] = []
"""The first few failures of this process, word for word (the counts say how many; these say why)."""


@dataclass(frozen=True)
class ClientPlan:
    """What one client process needs (pickled into it)."""

    http: str
    viewer_token: str
    wall: str
    streams: list[str]
    desktop: int
    web_logins: list[tuple[str, str]]
    """(account, password) of each web client that logs in."""
    web_shares: list[str]
    """Share-link code of each web client that opens one."""
    report_every_s: float

    @property
    def ws(self) -> str:
        return self.http.replace("http", "ws", 1) + "/ws"


class HeaderConnection(wsclient.Connection):
    """The minimal client with extra handshake headers (a browser's Cookie and Origin)."""

    def __init__(self, path: str, host: str, on_message: wsclient.OnMessage, headers: dict[str, str]) -> None:
        super().__init__(path, host, on_message)
        extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items()).encode()
        self._request = self._request[:-2] + extra + b"\r\n"


class Client:
    """One subscribed client and its check. Dropped by the server, it reconnects as the wall client and the page
    do (a second later, `resume_from` its last seq), and its check goes on: what a resume or a fresh snapshot
    does not bring back is lost. `alive` is False while it is disconnected."""

    def __init__(self, kind: str, plan: ClientPlan, latency: LatencyHistogram, errors: Counter[str],
                 hello: dict[str, Any]) -> None:
        self.kind = kind
        self.plan = plan
        self.hello = hello
        self.headers: dict[str, str] = {}
        self.check = StreamCheck(plan.streams, latency)
        self.errors = errors
        self.ws: wsclient.Connection | None = None
        self.ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.alive = False
        self.stopping = False
        self.reconnecting: asyncio.Task[None] | None = None

    def on_message(self, payload: bytes, received: float) -> None:
        message = orjson.loads(payload)
        kind = message.get("type")
        if kind == "batch":
            self.check.batch(message, received)
        elif kind == "snapshot":
            self.check.snapshot(message)
            if not self.ready.done():
                self.ready.set_result(None)
        elif kind == "welcome":
            if message.get("resumed") and not self.ready.done():  # the missed deltas follow, no snapshot
                self.ready.set_result(None)
        elif kind == "error":
            self.errors[f"{self.kind}_error_{message.get('code')}"] += 1
            if not self.ready.done():
                self.ready.set_exception(RuntimeError(f"refused: {message}"))

    async def open(self) -> None:
        parts = urlsplit(self.plan.ws)
        assert parts.hostname is not None and parts.port is not None
        loop = asyncio.get_running_loop()
        self.ready = loop.create_future()
        _, connection = await asyncio.wait_for(loop.create_connection(
            lambda: HeaderConnection(parts.path, parts.netloc, self.on_message, self.headers),
            parts.hostname, parts.port), CONNECT_TIMEOUT_S)
        self.ws = connection
        await asyncio.wait_for(asyncio.shield(connection.opened), CONNECT_TIMEOUT_S)
        hello = dict(self.hello)
        if self.check.snapshots:
            hello["resume_from"] = self.check.last_seq
        connection.send_text(orjson.dumps(hello).decode())
        await asyncio.wait([self.ready, connection.closed], timeout=CONNECT_TIMEOUT_S,
                           return_when=asyncio.FIRST_COMPLETED)
        if not self.ready.done():
            connection.close()
            raise TimeoutError("no snapshot") if not connection.closed.done() else ConnectionError("closed")
        self.ready.result()
        self.alive = True
        connection.closed.add_done_callback(self._closed)

    def close(self) -> None:
        self.stopping = True
        if self.reconnecting is not None:
            self.reconnecting.cancel()
        if self.ws is not None:
            self.ws.close()

    def _closed(self, future: asyncio.Future[None]) -> None:
        if self.stopping or not self.alive:
            return
        self.alive = False
        self.errors[f"{self.kind}_dropped"] += 1
        if len(NOTES) < 5:
            NOTES.append(f"{self.kind} dropped: {future.exception()!r}"[:300])
        self.reconnecting = asyncio.ensure_future(self._reconnect())

    async def _reconnect(self) -> None:
        for attempt in range(30):
            await asyncio.sleep(min(5.0, 0.5 * 2 ** attempt))
            if self.stopping:
                return
            try:
                await self.open()
            except (OSError, TimeoutError, RuntimeError, ConnectionError) as exc:
                self.errors[f"{self.kind}_reconnect_failed_{type(exc).__name__}"] += 1
            else:
                self.errors[f"{self.kind}_reconnected"] += 1
                return


async def _web_session(http: httpx.AsyncClient, login: tuple[str, str] | None, share: str | None) -> str:
    """The page's first steps: a session cookie (login or share link), then /api/v1/session and the walls."""
    if login is not None:
        answer = await http.post("/api/v1/session", json={"user": login[0], "password": login[1]})
    else:
        answer = await http.get(f"/share/{share}", follow_redirects=False)
    if answer.status_code not in (200, 201, 303):
        raise RuntimeError(f"web login answered {answer.status_code}: {answer.text[:200]}")
    cookie = "; ".join(f"{k}={v}" for k, v in answer.cookies.items())
    # A share link's page is its wall's view; a person who logged in first picks a wall (web/src/main.ts).
    for path in ("/api/v1/session", "/api/v1/walls") if login is not None else ("/api/v1/session",):
        (await http.get(path, headers={"Cookie": cookie})).raise_for_status()
    return cookie


async def _connect_all(plan: ClientPlan, http: httpx.AsyncClient, latency: LatencyHistogram,
                       errors: Counter[str]) -> list[Client]:

    async def desktop() -> Client:
        client = Client("desktop", plan, latency, errors,
                        {"type": "hello", "token": plan.viewer_token, "client": "soak", "wall": plan.wall})
        await client.open()
        return client

    async def web(login: tuple[str, str] | None, share: str | None) -> Client:
        client = Client("web", plan, latency, errors, {"type": "hello", "client": "web", "wall": plan.wall})
        client.headers = {"Cookie": await _web_session(http, login, share), "Origin": plan.http}
        await client.open()
        return client

    makers = [desktop() for _ in range(plan.desktop)]
    makers += [web(login, None) for login in plan.web_logins] + [web(None, code) for code in plan.web_shares]
    found = await asyncio.gather(*makers, return_exceptions=True)
    clients = [c for c in found if isinstance(c, Client)]
    for failure in (f for f in found if not isinstance(f, Client)):
        errors[f"connect_failed_{type(failure).__name__}"] += 1
        if len(NOTES) < 5:
            NOTES.append(f"connect failed: {failure!r}"[:300])
    return clients


async def _page_chores(plan: ClientPlan, http: httpx.AsyncClient, clients: list[Client],
                       errors: Counter[str]) -> None:
    """What the open pages keep doing: a ping every 20 s, the chart history every minute (spread out)."""
    web = [c for c in clients if c.kind == "web"]
    if not web:
        return
    due = {id(c): (time.monotonic() + random.uniform(0, PING_EVERY_S),
                   time.monotonic() + random.uniform(0, CHART_EVERY_S)) for c in web}
    while True:
        await asyncio.sleep(0.5)
        now = time.monotonic()
        for client in web:
            ping_at, chart_at = due[id(client)]
            if not client.alive or client.ws is None:
                continue
            if now >= ping_at:
                client.ws.send_text('{"type":"ping"}')
                ping_at = now + PING_EVERY_S
            if now >= chart_at:
                chart_at = now + CHART_EVERY_S
                since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 3600))
                try:
                    answer = await http.get(f"/api/v1/metrics/series/{plan.streams[0]}/samples",
                                            params={"since": since, "max_points": 300},
                                            headers={"Cookie": client.headers["Cookie"]})
                    if answer.status_code != 200:
                        errors[f"web_rest_{answer.status_code}"] += 1
                except httpx.HTTPError as exc:
                    errors[f"web_rest_{type(exc).__name__}"] += 1
            due[id(client)] = (ping_at, chart_at)


async def _run(index: int, plan: ClientPlan, ready_q: Any, progress_q: Any, control_q: Any) -> dict[str, Any]:
    latency = LatencyHistogram()
    errors: Counter[str] = Counter()
    async with httpx.AsyncClient(base_url=plan.http, timeout=30,
                                 limits=httpx.Limits(max_connections=20)) as http:
        clients = await _connect_all(plan, http, latency, errors)
        ready_q.put(("clients", index, len(clients)))
        chores = asyncio.create_task(_page_chores(plan, http, clients, errors))
        acknowledged, deadline = await _report_until_final(clients, latency, errors, progress_q, control_q, plan)
        while time.time() < deadline:
            if all(_caught_up(c, acknowledged) for c in clients if c.alive):
                break
            await asyncio.sleep(0.1)
        chores.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await chores
    totals: Counter[str] = Counter()
    for client in clients:
        if client.alive:
            client.check.finish(acknowledged)
            totals.update(client.check.counts())
        else:
            errors[f"{client.kind}_ended_disconnected"] += 1
        client.close()
    return {"index": index, "clients": len(clients), "connected_at_end": sum(c.alive for c in clients),
            "counts": dict(totals), "errors": dict(errors), "latency": latency.take(), "notes": NOTES}


def _caught_up(client: Client, acknowledged: dict[str, int]) -> bool:
    return all(client.check.last.get(s, -1) >= n for s, n in acknowledged.items())


async def _report_until_final(clients: list[Client], latency: LatencyHistogram, errors: Counter[str],
                              progress_q: Any, control_q: Any, plan: ClientPlan) -> tuple[dict[str, int], float]:
    """Progress every `report_every_s` until the orchestrator sends the producer's final counters."""
    reported = 0
    next_report = time.monotonic() + plan.report_every_s
    while True:
        with contextlib.suppress(Exception):
            message = control_q.get_nowait()
            if message[0] == "final":
                return message[1], message[2]
        if time.monotonic() >= next_report:
            next_report += plan.report_every_s
            delivered = sum(c.check.delivered for c in clients)
            progress_q.put(("progress", delivered - reported, latency.take(), dict(errors)))
            reported = delivered
        await asyncio.sleep(0.2)


def client_worker(index: int, plan: ClientPlan, ready_q: Any, progress_q: Any, control_q: Any, result_q: Any) -> None:
    """Process entry: connect, check until told the final counters, report."""
    try:
        result_q.put(("result", asyncio.run(_run(index, plan, ready_q, progress_q, control_q))))
    except BaseException:
        ready_q.put(("error", index, traceback.format_exc()))
        result_q.put(("error", traceback.format_exc()))
