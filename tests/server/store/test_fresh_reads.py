"""FreshReads: callers share a read that begins after they asked, never one that began before."""

from __future__ import annotations

import asyncio

import pytest

from server.store.fresh_reads import FreshReads


class Source:
    """A value that callers change, and a read of it that takes `delay` seconds and counts its runs."""

    def __init__(self, delay: float = 0.05) -> None:
        self.value = 0
        self.delay = delay
        self.runs = 0

    async def read(self) -> int:
        self.runs += 1
        seen = self.value  # the state as the read begins
        await asyncio.sleep(self.delay)
        return seen


async def test_callers_before_a_read_begins_share_it():
    """Ten callers at once: one read, and each gets the state as of its call or newer."""
    source, reads = Source(), FreshReads[str, int]()
    source.value = 7
    results = await asyncio.gather(*(reads.read("main", source.read) for _ in range(10)))
    assert results == [7] * 10 and source.runs == 1


async def test_a_caller_during_a_read_gets_a_read_that_begins_after_it():
    """A change made while a read runs, then a caller: it gets the change, from a second read begun after the first."""
    source, reads = Source(), FreshReads[str, int]()
    first = asyncio.create_task(reads.read("main", source.read))
    await asyncio.sleep(0.01)  # the first read has begun, with value 0
    source.value = 1
    later = [asyncio.create_task(reads.read("main", source.read)) for _ in range(5)]
    assert await first == 0
    assert await asyncio.gather(*later) == [1] * 5
    assert source.runs == 2


async def test_keys_do_not_share_and_errors_reach_every_caller():
    """Reads of two walls run apart; a read that fails fails for each of its callers, and the next read runs."""
    source, reads = Source(), FreshReads[str, int]()

    async def broken() -> int:
        await asyncio.sleep(0.01)
        raise LookupError("wall 'side' does not exist")

    results = await asyncio.gather(reads.read("main", source.read), reads.read("side", broken),
                                   reads.read("side", broken), return_exceptions=True)
    assert results[0] == 0 and all(isinstance(r, LookupError) for r in results[1:])
    source.value = 3
    assert await reads.read("side", source.read) == 3


async def test_a_cancelled_caller_does_not_cancel_the_read_for_the_others():
    """One caller gives up (its client went away): the others still get the read."""
    source, reads = Source(), FreshReads[str, int]()
    leaving = asyncio.create_task(reads.read("main", source.read))
    staying = asyncio.create_task(reads.read("main", source.read))
    await asyncio.sleep(0.01)
    leaving.cancel()
    with pytest.raises(asyncio.CancelledError):
        await leaving
    assert await staying == 0 and source.runs == 1
