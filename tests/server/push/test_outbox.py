"""Coalescing and overflow of one client's outbox (unit tests: a recording sink stands in for the socket)."""

from __future__ import annotations

import asyncio
import json

from server.push.hub import Hub
from server.push.outbox import MAX_FRAME_CHARS, Outbox, share_of
from server.store.context import PublishedDelta


def _delta(seq: int, wall: str | None = None) -> PublishedDelta:
    text = json.dumps({"kind": "metric", "seq": seq, "point": {"series": "s", "ts": "2026-01-01T00:00:00Z",
                                                               "value": seq}})
    return PublishedDelta(seq, wall, text)


class Sink:
    def __init__(self, delay: float = 0.0) -> None:
        self.frames: list[tuple[float, list[int]]] = []
        self.delay = delay

    async def send(self, text: str) -> None:
        await asyncio.sleep(self.delay)
        body = json.loads(text)
        seqs = [d["seq"] for d in body.get("deltas", [])] if body.get("type") == "batch" else [-1]
        self.frames.append((asyncio.get_running_loop().time(), seqs))


async def test_idle_client_gets_a_delta_at_once():
    """After a quiet spell the first delta goes out immediately, not after the coalescing window."""
    sink = Sink()
    outbox = Outbox(sink.send, _no_resync, wall=None, coalesce_s=0.2, max_queue=100)
    task = asyncio.create_task(outbox.run())
    await asyncio.sleep(0.01)
    start = asyncio.get_running_loop().time()
    outbox.offer(_delta(1))
    await asyncio.sleep(0.05)
    task.cancel()
    assert sink.frames and sink.frames[0][1] == [1] and sink.frames[0][0] - start < 0.05


async def test_burst_is_coalesced_into_few_frames_in_order():
    """1000 deltas offered over 100 ms leave in a handful of frames, every seq once, in order."""
    sink = Sink()
    outbox = Outbox(sink.send, _no_resync, wall=None, coalesce_s=0.03, max_queue=10_000)
    task = asyncio.create_task(outbox.run())
    for seq in range(1, 1001):
        outbox.offer(_delta(seq))
        if seq % 100 == 0:
            await asyncio.sleep(0.01)
    await asyncio.sleep(0.1)
    task.cancel()
    sent = [s for _, seqs in sink.frames for s in seqs]
    assert sent == list(range(1, 1001))
    assert len(sink.frames) <= 8
    gaps = [b[0] - a[0] for a, b in zip(sink.frames, sink.frames[1:], strict=False)]
    assert all(g >= 0.025 for g in gaps), gaps


async def test_wall_filter():
    """A wall client takes deltas for all and for its wall, not for other walls; a console takes all."""
    deltas = [_delta(1), _delta(2, "main"), _delta(3, "side")]
    assert [d.seq for d in share_of("main", deltas)] == [1, 2]
    assert [d.seq for d in share_of(None, deltas)] == [1, 2, 3]


async def test_the_hub_gives_each_client_its_walls_share_of_a_commit():
    """One commit reaches a wall PC, a PC of another wall and a console, each with what concerns it, in order."""
    sinks = {name: Sink() for name in ("main", "side", "console")}
    boxes = {name: Outbox(sinks[name].send, _no_resync, wall=None if name == "console" else name, coalesce_s=0,
                          max_queue=10) for name in sinks}
    hub = Hub()
    for box in boxes.values():
        hub.attach(box)
    tasks = [asyncio.create_task(box.run()) for box in boxes.values()]
    hub.publish([_delta(1), _delta(2, "main"), _delta(3, "side"), _delta(4)])
    await asyncio.sleep(0.05)
    for task in tasks:
        task.cancel()
    got = {name: [s for _, seqs in sink.frames for s in seqs] for name, sink in sinks.items()}
    assert got == {"main": [1, 2, 4], "side": [1, 3, 4], "console": [1, 2, 3, 4]}
    assert hub.published == 4


async def test_a_commit_that_would_pass_the_bound_overflows_the_queue_whole():
    """A queue never holds more than its bound: the commit that would pass it turns into a resync."""
    resynced = asyncio.Event()

    async def resync() -> int:
        resynced.set()
        return 12

    outbox = Outbox(Sink().send, resync, wall=None, coalesce_s=0, max_queue=10)
    outbox.offer_many([_delta(seq) for seq in range(1, 9)])
    outbox.offer_many([_delta(seq) for seq in range(9, 13)])  # 8 + 4 > 10
    task = asyncio.create_task(outbox.run())
    await asyncio.wait_for(resynced.wait(), 1)
    task.cancel()
    assert outbox.resyncs == 1 and outbox.deltas_sent == 0


async def test_overflow_resyncs_and_skips_what_the_snapshot_covers():
    """A client that falls behind gets one snapshot, then only deltas newer than it."""
    sink = Sink(delay=0.05)  # a slow socket
    snapshots: list[int] = []
    current = {"seq": 0}

    async def resync() -> int:
        snapshots.append(current["seq"])
        await sink.send('{"type": "snapshot"}')
        return current["seq"]

    outbox = Outbox(sink.send, resync, wall=None, coalesce_s=0, max_queue=50)
    task = asyncio.create_task(outbox.run())
    for seq in range(1, 201):
        current["seq"] = seq
        outbox.offer(_delta(seq))
    await asyncio.sleep(0.3)
    for seq in range(201, 206):
        current["seq"] = seq
        outbox.offer(_delta(seq))
    await asyncio.sleep(0.3)
    task.cancel()
    assert outbox.resyncs == 1 and snapshots == [200]
    after_snapshot = [s for _, seqs in sink.frames[sink.frames.index(next(f for f in sink.frames if f[1] == [-1])):]
                      for s in seqs if s > 0]
    assert after_snapshot == [201, 202, 203, 204, 205]


async def test_a_backlog_leaves_in_bounded_frames_in_order():
    """5000 deltas queued behind a slow socket go out in frames of at most 64 KiB, every seq once, in order."""
    sink = Sink(delay=0.01)
    sizes: list[int] = []

    async def send(text: str) -> None:
        sizes.append(len(text))
        await sink.send(text)

    outbox = Outbox(send, _no_resync, wall=None, coalesce_s=0, max_queue=10_000)
    outbox.offer(_delta(1))
    task = asyncio.create_task(outbox.run())
    await asyncio.sleep(0)  # the sender is now inside the first (slow) send
    for seq in range(2, 5002):
        outbox.offer(_delta(seq))
    await outbox.send_now('{"type": "result", "id": 1}', deltas_first=True)  # a reply after what is queued
    await asyncio.sleep(0.3)
    task.cancel()
    sent = [s for _, seqs in sink.frames for s in seqs]
    assert sent[-1] == -1 and [s for s in sent if s >= 0] == list(range(1, 5002))
    assert len(sink.frames) > 5 and max(sizes) <= MAX_FRAME_CHARS + 100, sizes


async def _no_resync() -> int:
    raise AssertionError("no resync expected")
