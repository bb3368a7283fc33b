"""Reads shared by every caller that asked before the read began: each caller still gets a state at least as new
as its own request, and a burst of callers costs one or two reads.

Why: a resync storm. When 150 clients of the soak fell behind in the same second, each was sent a fresh snapshot,
and each snapshot read the open alerts, layouts and series again (py-spy: 40% of a core in the read threads, at
the moment the server was shortest of time). A read that began before a caller asked may miss what that caller
needs (a client's deltas were dropped when it fell behind; its snapshot must be newer than that), so a caller joins
the read that has not begun yet, or starts one that waits for the running read to end.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


class FreshReads(Generic[K, T]):
    """Per key, at most one read running and one waiting to begin, which every new caller joins."""

    def __init__(self) -> None:
        self._waiting: dict[K, asyncio.Future[T]] = {}
        self._running: dict[K, asyncio.Future[T]] = {}

    async def read(self, key: K, run: Callable[[], Awaitable[T]]) -> T:
        """`run()`'s result, from a run that begins after this call; `run` must not depend on the caller."""
        future = self._waiting.get(key)
        if future is None:
            future = self._waiting[key] = asyncio.get_running_loop().create_future()
            future.add_done_callback(_retrieve)
            asyncio.get_running_loop().create_task(self._begin(key, future, run))
        return await asyncio.shield(future)

    async def _begin(self, key: K, future: asyncio.Future[T], run: Callable[[], Awaitable[T]]) -> None:
        running = self._running.get(key)
        if running is not None:  # it began before these callers asked
            await asyncio.wait([running])
        del self._waiting[key]  # from now on a new caller needs a read that begins after it
        self._running[key] = future
        try:
            future.set_result(await run())
        except Exception as exc:  # every caller of this read gets the error
            future.set_exception(exc)
        finally:
            if self._running.get(key) is future:
                del self._running[key]


def _retrieve(future: asyncio.Future[Any]) -> None:
    """Its callers may all have gone (cancelled): an error no one awaits is not worth a warning at exit."""
    if not future.cancelled():
        future.exception()
