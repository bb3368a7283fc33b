"""The still cache: at most one decode per stream and interval, one refresh in flight shared by all requests, and
never a still older than its interval (plus a recheck) while the stream has a newer keyframe."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime, timedelta

import pytest

from server.media.channel import Keyframe
from server.media.still import RECHECK_S, Still, StillCache
from tests.support.clock import ManualClock
from wall_protocol.errors import ErrorCode, ProtocolError

KEY = ("phai-ve", "sub")
TAKEN = datetime(2026, 12, 6, 11, 0, tzinfo=UTC)
"""The wall clock's time when the ManualClock reads START."""
START = 100.0


class Camera:
    """Hands out keyframes (a new serial when told the picture changed) and counts what the cache asks of it."""

    def __init__(self, delay_s: float = 0.0) -> None:
        self.delay_s = delay_s
        self.serial = 1
        self.taken_at = TAKEN
        """When the keyframe with `serial` reached the server."""
        self.fetches = 0
        self.decoded: list[int] = []
        self.decode_threads: set[str] = set()

    async def fetch(self) -> Keyframe:
        self.fetches += 1
        await asyncio.sleep(self.delay_s)
        return Keyframe(b"chunk %d" % self.serial, self.taken_at, self.serial)

    def decode(self, keyframe: Keyframe) -> Still:
        self.decoded.append(keyframe.serial)
        self.decode_threads.add(threading.current_thread().name)
        return Still(b"jpeg of " + keyframe.data, keyframe.taken_at, f'"{keyframe.serial}"')


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


def _wall(clock: ManualClock) -> datetime:
    return TAKEN + timedelta(seconds=clock.now - START)


def _cache(camera: Camera, clock: ManualClock, interval_s: float = 2.0) -> StillCache:
    return StillCache(interval_s, camera.decode, clock=clock, wall_clock=lambda: _wall(clock))


async def test_concurrent_requests_share_one_fetch_and_one_decode(clock: ManualClock):
    """Twenty requests at once: one fetch, one decode, the same still for all, decoded off the event loop."""
    camera = Camera(delay_s=0.05)
    cache = _cache(camera, clock)
    stills = await asyncio.gather(*(cache.get(KEY, camera.fetch) for _ in range(20)))
    assert camera.fetches == 1 and camera.decoded == [1] and cache.decodes == 1
    assert len({id(still) for still in stills}) == 1 and stills[0].jpeg == b"jpeg of chunk 1"
    assert threading.current_thread().name not in camera.decode_threads
    cache.close()


async def test_within_the_interval_the_cached_still_after_it_a_new_decode(clock: ManualClock):
    """Inside the interval nothing is fetched; after it, a new keyframe is decoded."""
    camera = Camera()
    cache = _cache(camera, clock)
    first = await cache.get(KEY, camera.fetch)
    camera.serial = 2
    clock.now += 1.9
    assert await cache.get(KEY, camera.fetch) is first and camera.fetches == 1
    clock.now += 0.2
    second = await cache.get(KEY, camera.fetch)
    assert second.jpeg == b"jpeg of chunk 2" and camera.decoded == [1, 2]
    cache.close()


async def test_a_keyframe_already_decoded_is_not_decoded_again(clock: ManualClock):
    """A GOP longer than the interval: after the interval the same keyframe comes back, and is not decoded."""
    camera = Camera()
    cache = _cache(camera, clock)
    first = await cache.get(KEY, camera.fetch)
    clock.now += 5
    assert await cache.get(KEY, camera.fetch) is first
    assert camera.fetches == 2 and camera.decoded == [1]
    clock.now += RECHECK_S - 0.1  # the keyframe is old: the stream is looked at again, but not before a recheck
    assert await cache.get(KEY, camera.fetch) is first and camera.fetches == 2
    clock.now += 0.2
    assert await cache.get(KEY, camera.fetch) is first and camera.fetches == 3 and camera.decoded == [1]
    cache.close()


async def test_a_still_is_never_served_much_older_than_the_interval(clock: ManualClock):
    """A 2 s GOP and a refresh just before its next keyframe: that keyframe is decoded within RECHECK_S of its
    arrival, not an interval after the refresh (a wall's saving tile would show a still 4 s old, and more)."""
    camera = Camera()
    cache = _cache(camera, clock)
    clock.now += 1.9
    first = await cache.get(KEY, camera.fetch)  # the keyframe that arrived at START, 1.9 s old
    clock.now += 0.1
    camera.serial, camera.taken_at = 2, _wall(clock)  # the next keyframe arrives
    clock.now += 0.3
    assert await cache.get(KEY, camera.fetch) is first  # 2.3 s old: within RECHECK_S of its refresh
    clock.now += 0.15  # past it: the new keyframe
    second = await cache.get(KEY, camera.fetch)
    assert second.jpeg == b"jpeg of chunk 2"
    assert (_wall(clock) - second.taken_at).total_seconds() <= RECHECK_S
    clock.now += 1.4  # the new keyframe is served until it is 2 s old
    assert await cache.get(KEY, camera.fetch) is second and camera.fetches == 2
    cache.close()


async def test_a_failure_is_shared_and_not_cached(clock: ManualClock):
    """A camera that sends nothing: the waiting requests share the error, and the next request tries again."""
    camera = Camera()

    async def silent() -> Keyframe:
        camera.fetches += 1
        await asyncio.sleep(0.02)
        raise ProtocolError(ErrorCode.UNAVAILABLE, "camera 'phai-ve' (sub stream) sent no picture within 3 s")

    cache = _cache(camera, clock)
    outcomes = await asyncio.gather(*(cache.get(KEY, silent) for _ in range(5)), return_exceptions=True)
    assert camera.fetches == 1 and all(isinstance(o, ProtocolError) for o in outcomes)
    assert (await cache.get(KEY, camera.fetch)).jpeg == b"jpeg of chunk 1" and camera.fetches == 2
    cache.close()


async def test_a_request_that_leaves_does_not_cancel_the_others_refresh(clock: ManualClock):
    """The first requester gives up mid-refresh; those who came after it still get the still."""
    camera = Camera(delay_s=0.05)
    cache = _cache(camera, clock)
    leaving = asyncio.ensure_future(cache.get(KEY, camera.fetch))
    staying = asyncio.ensure_future(cache.get(KEY, camera.fetch))
    await asyncio.sleep(0.01)
    leaving.cancel()
    assert (await staying).jpeg == b"jpeg of chunk 1" and camera.fetches == 1
    cache.close()


async def test_streams_are_cached_apart_and_a_changed_camera_is_forgotten(clock: ManualClock):
    """Each camera stream has its own still; forgetting a camera makes its next still a fresh one."""
    camera = Camera()
    cache = _cache(camera, clock)
    await cache.get(KEY, camera.fetch)
    await cache.get(("phai-ve", "main"), camera.fetch)
    await cache.get(("huu-nghi", "sub"), camera.fetch)
    assert camera.fetches == 3
    cache.forget("phai-ve")
    await cache.get(KEY, camera.fetch)
    await cache.get(("huu-nghi", "sub"), camera.fetch)
    assert camera.fetches == 4
    cache.close()
