"""A client process: `count` subscribed clients on one asyncio loop, tallying what they receive.

Clients live in several such processes because one Python process decoding 50 000 frames/s
would itself become the bottleneck and show up as server latency.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import traceback
from array import array
from dataclasses import dataclass, field
from typing import Any

import orjson

from benchmarks import _wsclient as wsclient
from benchmarks._harness import ALERT_PREFIX, CONNECT_TIMEOUT_S, START_TIMEOUT_S, Plan, epoch, wait_for_signal


@dataclass
class ClientTally:
    """What the clients of one process saw; merged by the orchestrator."""

    delivered: int = 0
    duplicates: int = 0
    out_of_order: int = 0
    outside_window: int = 0
    other_frames: dict[str, int] = field(default_factory=dict)
    ready: int = 0
    failures: list[str] = field(default_factory=list)
    latencies_ms: array[float] = field(default_factory=lambda: array("d"))
    counters: array[int] = field(default_factory=lambda: array("q"))
    """Producer counter of each latency sample, which dates it (for the per-second timeline)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "delivered": self.delivered, "duplicates": self.duplicates, "out_of_order": self.out_of_order,
            "outside_window": self.outside_window, "other_frames": self.other_frames, "ready": self.ready,
            "failures": self.failures[:5], "latencies_ms": self.latencies_ms,
            "counters": self.counters,
        }


class Receiver:
    """One client's bookkeeping: unique deliveries inside the measured window, and their latency."""

    def __init__(self, plan: Plan, tally: ClientTally) -> None:
        self.tally = tally
        self.lo = plan.first_measured
        self.hi = plan.total
        self.by_seq = plan.key_by == "seq"
        self.seen: set[int] = set()
        self.last_key = -1

    def frame(self, text: str | bytes, received: float) -> None:
        obj = orjson.loads(text)
        kind = obj.get("type")
        if kind == "batch":
            for delta in obj["deltas"]:
                delta_kind = delta["kind"]
                if delta_kind == "metric":
                    point = delta["point"]
                    self._one(delta["seq"], int(point["value"]), point["ts"], received)
                elif delta_kind == "alert":
                    alert = delta["alert"]
                    self._one(delta["seq"], int(alert["title"][len(ALERT_PREFIX):]), alert["occurred_at"], received)
        elif kind == "ingest":  # the baseline relays the producer's message untouched
            if "metrics" in obj:
                point = obj["metrics"][0]
                n, ts = int(point["value"]), point["ts"]
            else:
                alert = obj["alerts"][0]
                n, ts = int(alert["title"][len(ALERT_PREFIX):]), alert["occurred_at"]
            self._one(n, n, ts, received)
        else:
            self.tally.other_frames[str(kind)] = self.tally.other_frames.get(str(kind), 0) + 1

    def _one(self, key: int, n: int, ts: str, received: float) -> None:
        if not self.by_seq:
            key = n
        if key in self.seen:
            self.tally.duplicates += 1
            return
        self.seen.add(key)
        if key < self.last_key:
            self.tally.out_of_order += 1
        self.last_key = key
        if not self.lo <= n < self.hi:
            self.tally.outside_window += 1
            return
        self.tally.delivered += 1
        self.tally.latencies_ms.append((received - epoch(ts)) * 1000.0)
        self.tally.counters.append(n)


async def _subscribe(plan: Plan, receiver: Receiver) -> wsclient.Connection:
    """Connect and say hello; return once the server has sent `plan.ready_type`."""
    ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def until_ready(text: bytes, received: float) -> None:
        message = orjson.loads(text)
        if message.get("type") == plan.ready_type and not ready.done():
            ready.set_result(None)
            ws.on_message = receiver.frame
        elif message.get("type") == "error" and not ready.done():
            ready.set_exception(RuntimeError(f"server refused the client: {message}"))

    ws = await wsclient.connect(plan.url, until_ready, CONNECT_TIMEOUT_S, plan.ssl_context())
    try:
        ws.send_text(plan.client_hello)
        await asyncio.wait([ready, ws.closed], timeout=CONNECT_TIMEOUT_S, return_when=asyncio.FIRST_COMPLETED)
        if not ready.done():
            if ws.closed.done():
                ws.closed.result()  # raises why the connection ended
            raise TimeoutError(f"not subscribed within {CONNECT_TIMEOUT_S:g} s")
        ready.result()
    except BaseException:
        ws.close()
        raise
    return ws


async def _client(plan: Plan, tally: ClientTally, subscribed: asyncio.Queue[bool]) -> None:
    """Subscribe, say so on `subscribed` (True or False), then tally frames until cancelled."""
    try:
        ws = await _subscribe(plan, Receiver(plan, tally))
    except BaseException:
        subscribed.put_nowait(False)
        raise
    tally.ready += 1
    subscribed.put_nowait(True)
    try:
        await ws.closed
    finally:
        ws.close()


async def _run_clients(plan: Plan, count: int, ready_q: Any, stop_at: Any) -> ClientTally:
    tally = ClientTally()
    subscribed: asyncio.Queue[bool] = asyncio.Queue()
    tasks = [asyncio.create_task(_client(plan, tally, subscribed)) for _ in range(count)]
    try:
        async with asyncio.timeout(CONNECT_TIMEOUT_S + 5):
            for _ in range(count):
                await subscribed.get()
        ready_q.put(("clients", tally.ready))
        stop = await wait_for_signal(stop_at, START_TIMEOUT_S + plan.warmup_s + plan.seconds)
        await asyncio.wait(tasks, timeout=max(0.0, stop - time.time()))
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
            if not task.cancelled() and task.exception() is not None:
                tally.failures.append(repr(task.exception()))
    return tally


def client_worker(plan: Plan, count: int, ready_q: Any, result_q: Any, stop_at: Any) -> None:
    """Process entry: run `count` clients until the orchestrator's stop time, then report."""
    try:
        tally = asyncio.run(_run_clients(plan, count, ready_q, stop_at))
        result_q.put(("clients", tally.as_dict()))
    except BaseException:
        ready_q.put(("error", traceback.format_exc()))
        result_q.put(("error", traceback.format_exc()))
