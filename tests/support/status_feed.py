"""The server's stream statuses (fps, size) for a wall model in a test or benchmark, without the app's feed.

A thread runs a real WebSocket client and queues each CameraStatusDelta; `apply_to(store)` (on the
GUI thread) applies what came. The decode budget judges frames against these fps.
"""

from __future__ import annotations

import asyncio
import queue
import threading

from tests.support.ws_client import WallClient
from wall_client.model.wall_model import WallModel
from wall_protocol.messages import CameraStatusDelta


class StatusFeed:
    def __init__(self, ws_url: str, token: str, wall: str) -> None:
        self._client = WallClient(ws_url, token, wall=wall)
        self._queue: queue.SimpleQueue[CameraStatusDelta] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._run()), name="status-feed", daemon=True)

    def start(self) -> StatusFeed:
        self._thread.start()
        return self

    async def _run(self) -> None:
        await self._client.connect()
        try:
            while not self._stop.is_set():
                seen = len(self._client.deltas)
                try:
                    await self._client.next(timeout=0.5)
                except TimeoutError:
                    continue
                for delta in self._client.deltas[seen:]:
                    if isinstance(delta, CameraStatusDelta):
                        self._queue.put(delta)
        finally:
            await self._client.close()

    def apply_to(self, store: WallModel) -> int:
        """Apply the statuses received so far; how many."""
        applied = 0
        while True:
            try:
                store.apply(self._queue.get_nowait())
            except queue.Empty:
                return applied
            applied += 1

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
