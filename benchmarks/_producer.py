"""The producer process: one connection that ingests `rate` messages per second on a deadline schedule."""

from __future__ import annotations

import asyncio
import contextlib
import time
import traceback
from typing import Any

import orjson
from websockets.asyncio.client import ClientConnection, connect

from benchmarks._harness import CONNECT_TIMEOUT_S, START_TIMEOUT_S, Plan, ingest_message, wait_for_signal


async def _count_replies(ws: ClientConnection, replies: dict[str, Any]) -> None:
    """Read what the server says to the producer (it should say nothing after the welcome)."""
    with contextlib.suppress(Exception):
        async for text in ws:
            kind = orjson.loads(text).get("type", "?")
            replies[kind] = replies.get(kind, 0) + 1
            if kind == "error" and "first_error" not in replies:
                replies["first_error"] = text if isinstance(text, str) else text.decode()


async def _paced_send(ws: ClientConnection, plan: Plan, t0: float, stop_at: Any) -> tuple[int, float]:
    """Deadline schedule: message n is due at t0 + n/rate; every ~1 ms send whatever is due.

    Pacing against absolute deadlines keeps the average rate exact even when a sleep
    overshoots; the second value says how far (s) the producer itself ever fell behind.
    The orchestrator's stop signal (set early only after a failure) ends the schedule.
    """
    await asyncio.sleep(max(0.0, t0 - time.time()))
    give_up = t0 + plan.total / plan.rate + 30.0
    sent, late_max = 0, 0.0
    while sent < plan.total and time.time() < give_up and not 0.0 < stop_at.value <= time.time():
        due = min(plan.total, int((time.time() - t0) * plan.rate) + 1)
        while sent < due:
            t = time.time()
            late_max = max(late_max, t - (t0 + sent / plan.rate))
            await ws.send(ingest_message(sent, t, plan.alert_every))
            sent += 1
        await asyncio.sleep(0.001)
    return sent, late_max


async def _produce(plan: Plan, ready_q: Any, start_at: Any, stop_at: Any) -> dict[str, Any]:
    tls: dict[str, Any] = {"ssl": plan.ssl_context()} if plan.url.startswith("wss://") else {}
    async with connect(plan.url, compression=None, max_size=None, proxy=None,
                       open_timeout=CONNECT_TIMEOUT_S, ping_interval=None, **tls) as ws:
        await ws.send(plan.producer_hello)
        welcome = orjson.loads(await asyncio.wait_for(ws.recv(), CONNECT_TIMEOUT_S))
        if welcome.get("type") != "welcome":
            raise RuntimeError(f"producer was not welcomed: {welcome}")
        replies: dict[str, Any] = {}
        reader = asyncio.create_task(_count_replies(ws, replies))
        ready_q.put(("producer", 1))
        t0 = await wait_for_signal(start_at, START_TIMEOUT_S, abort=stop_at)
        sent, late_max = await _paced_send(ws, plan, t0, stop_at)
        await asyncio.sleep(0.5)  # a late error reply still gets counted
        reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reader
        return {"sent": sent, "late_max_ms": late_max * 1000.0, "replies": replies}


def producer(plan: Plan, ready_q: Any, result_q: Any, start_at: Any, stop_at: Any) -> None:
    """Process entry: connect, wait for the start time, send the schedule, report."""
    try:
        result_q.put(("producer", asyncio.run(_produce(plan, ready_q, start_at, stop_at))))
    except BaseException:
        ready_q.put(("error", traceback.format_exc()))
        result_q.put(("error", traceback.format_exc()))
