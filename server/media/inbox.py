"""What the pull threads report, handed to the event loop in batches.

Why batches: waking the event loop for every packet (25 a second per camera, through a pipe)
cost more than the work it woke it for — measured, a quarter of the relay's event-loop CPU went
to those context switches. A deque's append and popleft are atomic, so the pull threads take no
lock and wake no one; the loop drains the deque on a timer while any stream is pulled, which adds
at most one interval to the video's delay.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from typing import Any


class Inbox:
    def __init__(self, interval_s: float, active: Callable[[], bool]) -> None:
        self.interval_s = interval_s
        self._active = active
        self._calls: deque[tuple[Callable[..., None], tuple[Any, ...]]] = deque()
        self._task: asyncio.Task[None] | None = None

    def post(self, call: Callable[..., None], *args: Any) -> None:
        """Any thread: run `call(*args)` on the event loop at the next drain, in the order posted."""
        self._calls.append((call, args))

    def start(self) -> None:
        """On the loop: drain every interval until no stream is active any more."""
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run(), name="media inbox")

    def drain(self) -> None:
        while self._calls:
            call, args = self._calls.popleft()
            call(*args)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval_s)
            self.drain()
            if not self._active():
                self.drain()  # a stopped pull's last words (ignored by their channel, but not kept)
                return
