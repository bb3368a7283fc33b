"""The soak's load process: the producer's REST posters and the relay's video viewers.

Producer: one poster per stream (benchmarks/_soak_check.py says why one): a metric series gets its samples
in POST /api/v1/metrics batches every 100 ms, an alert stream one POST /api/v1/alerts per alert, each paced
against absolute deadlines so that the average rate holds when a request is slow. A refused request (503
while the database is busy, 429) is retried after its Retry-After; only answered (2xx) counters count as
acknowledged, and alerts carry an external_id so that a retried post can never make a second alert.
Viewers: HTTP readers of the relay's MPEG-TS URLs (as VLC in a wall tile reads them), counting bytes and
reconnecting a second after a stream ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import traceback
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

BATCH_EVERY_S = 0.1
MAX_BATCH = 5000
REQUEST_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class LoadPlan:
    http: str
    producer_token: str
    viewer_token: str
    metric_streams: dict[str, float]
    """Series key -> samples per second."""
    alert_streams: dict[str, float]
    """Alert stream -> alerts per second."""
    seconds: float
    cameras: list[str]
    viewers_per_camera: int


def iso(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Poster:
    """One stream's sequential poster; `acknowledged` is its last counter the server answered 2xx."""

    def __init__(self, http: httpx.AsyncClient, stream: str, rate: float, errors: Counter[str]) -> None:
        self.http = http
        self.stream = stream
        self.rate = rate
        self.errors = errors
        self.sent = 0
        self.acknowledged = -1
        self.behind_max_s = 0.0
        self.give_up_at = float("inf")
        self._last_ts = 0.0

    def _stamp(self) -> float:
        """Now, but strictly after the previous sample's time: a series keeps one sample per timestamp."""
        self._last_ts = max(time.time(), self._last_ts + 1e-6)
        return self._last_ts

    async def run(self, t0: float, seconds: float) -> None:
        """Post what is due until the load's end: a server that answers slowly gets fewer updates, not a longer
        run (`sent` against the rate says so)."""
        total = int(self.rate * seconds)
        self.give_up_at = t0 + seconds + REQUEST_TIMEOUT_S
        while self.sent < total and time.time() < t0 + seconds:
            now = time.time()
            due = min(total, int((now - t0) * self.rate) + 1)
            if due > self.sent:
                self.behind_max_s = max(self.behind_max_s, now - (t0 + self.sent / self.rate))
                await self._post_until_answered(due)
            await asyncio.sleep(max(0.0, min(BATCH_EVERY_S, t0 + self.sent / self.rate - time.time()))
                                if self.alert else BATCH_EVERY_S)

    @property
    def alert(self) -> bool:
        return self.stream.startswith("soak-a")

    async def _post_until_answered(self, due: int) -> None:
        if self.alert:
            path = "/api/v1/alerts"
            body: dict[str, Any] = {"category": "traffic", "severity": "minor", "title": f"{self.stream} {self.sent}",
                                    "source": "soak", "external_id": f"{self.stream}-{self.sent}",
                                    "occurred_at": iso(self._stamp())}
            count = 1
        else:
            count = min(due - self.sent, MAX_BATCH)
            body = {"samples": [{"series": self.stream, "ts": iso(self._stamp()), "value": self.sent + i}
                                for i in range(count)]}
        for _ in range(20):
            if time.time() > self.give_up_at:  # the load is over: what was not answered is not acknowledged
                return
            try:
                answer = await self.http.post(path if self.alert else "/api/v1/metrics", json=body)
            except httpx.HTTPError as exc:
                self.errors[f"ingest_{type(exc).__name__}"] += 1
                await asyncio.sleep(1.0)
                continue
            if answer.status_code < 300:
                self.sent += count
                self.acknowledged = self.sent - 1
                return
            self.errors[f"ingest_http_{answer.status_code}"] += 1
            await asyncio.sleep(min(5.0, float(answer.headers.get("retry-after", "1") or 1)))
        raise RuntimeError(f"{self.stream}: 20 refusals in a row for counter {self.sent}")


async def _view(http: httpx.AsyncClient, camera: str, stop_at: Any, got: Counter[str], errors: Counter[str]) -> None:
    """Read the camera's relayed stream for as long as the soak lasts, reconnecting after a second."""
    while not 0.0 < stop_at.value <= time.time():
        try:
            async with http.stream("GET", f"/media/{camera}/main.ts") as answer:
                if answer.status_code != 200:
                    errors[f"video_http_{answer.status_code}"] += 1
                else:
                    async for chunk in answer.aiter_raw():
                        got[camera] += len(chunk)
                        if 0.0 < stop_at.value <= time.time():
                            return
                    errors["video_stream_ended"] += 1
        except httpx.HTTPError as exc:
            errors[f"video_{type(exc).__name__}"] += 1
        await asyncio.sleep(1.0)


async def _run(plan: LoadPlan, ready_q: Any, result_q: Any, start_at: Any, stop_at: Any) -> dict[str, Any]:
    errors: Counter[str] = Counter()
    video_bytes: Counter[str] = Counter()
    timeout = httpx.Timeout(REQUEST_TIMEOUT_S, read=REQUEST_TIMEOUT_S)
    async with httpx.AsyncClient(base_url=plan.http, timeout=timeout,
                                 headers={"Authorization": f"Bearer {plan.producer_token}"}) as producer, \
            httpx.AsyncClient(base_url=plan.http, timeout=timeout, limits=httpx.Limits(max_connections=200),
                              headers={"Authorization": f"Bearer {plan.viewer_token}"}) as viewer:
        viewers = [asyncio.create_task(_view(viewer, camera, stop_at, video_bytes, errors))
                   for camera in plan.cameras for _ in range(plan.viewers_per_camera)]
        ready_q.put(("load", 0, 1))
        while start_at.value <= 0.0:
            if stop_at.value > 0.0:
                raise RuntimeError("stopped before the start")
            await asyncio.sleep(0.02)
        t0 = start_at.value
        posters = [Poster(producer, s, r, errors) for s, r in {**plan.metric_streams, **plan.alert_streams}.items()]
        runs = [asyncio.create_task(p.run(t0, plan.seconds)) for p in posters]
        done = await asyncio.gather(*runs, return_exceptions=True)
        for failure in (d for d in done if isinstance(d, BaseException)):
            errors[f"producer_gave_up_{type(failure).__name__}"] += 1
        result_q.put(("producer", {
            "acknowledged": {p.stream: p.acknowledged for p in posters},
            "sent": sum(p.sent for p in posters), "behind_max_s": max(p.behind_max_s for p in posters),
            "seconds": time.time() - t0}))
        while True:  # the viewers read on until the clients have drained
            if 0.0 < stop_at.value <= time.time():
                break
            await asyncio.sleep(0.1)
        for task in viewers:
            task.cancel()
        for task in viewers:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
    return {"errors": dict(errors), "video_bytes": dict(video_bytes)}


def load_worker(plan: LoadPlan, ready_q: Any, result_q: Any, start_at: Any, stop_at: Any) -> None:
    """Process entry: viewers from the start, the producer from `start_at` for `plan.seconds`, then report."""
    try:
        result_q.put(("load", asyncio.run(_run(plan, ready_q, result_q, start_at, stop_at))))
    except BaseException:
        ready_q.put(("error", -1, traceback.format_exc()))
        result_q.put(("error", traceback.format_exc()))
